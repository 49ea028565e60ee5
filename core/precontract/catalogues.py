"""The gettext catalogues of what users read, for maintainers and translators (``make i18n``).

Each component keeps one template and one catalogue per language::

    <package>/locale/<domain>.pot
    <package>/locale/<lang>/LC_MESSAGES/<domain>.po   (and the compiled .mo next to it)

An entry's ``msgctxt`` is the key the code asks for (``outcome.pending``), its ``msgid`` the
English text, its ``msgstr`` the translation; ``#.`` comments carry the translators' notes
(Belgian usage: gsm, INSZ/NISS, KBO/BCE). Babel (a development dependency) reads, merges and compiles them; the packages read the
compiled ``.mo`` with the standard library's :mod:`gettext`, keyed by the ``msgctxt``:

- ``python -m precontract.catalogues update``: the template's entries get the Belgian-usage
  notes their texts call for, and the ``.po`` files follow their template (new texts added
  untranslated, changed ones marked fuzzy, removed ones dropped);
- ``python -m precontract.catalogues compile``: the ``.mo`` files the packages read;
- ``python -m precontract.catalogues check``: every text translated in every language with the
  same ``{placeholders}``, no fuzzy entry, every ``.mo`` up to date (also a test).

The ``.mo`` files are committed: an editable install (``make demo``, ``make test``) reads the
package's files from the source tree, where a build step would not put them, and a wheel or sdist
then carries them as package data like any other file. The check keeps them in step with the
``.po`` files.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
import string
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from precontract.i18n import LANGUAGES

__all__ = [
    "COMPONENTS",
    "Component",
    "check",
    "compile_catalogues",
    "notes_for",
    "refresh_notes",
    "texts",
    "update",
    "write_catalogue",
]

_ROOT = Path(__file__).resolve().parent
_FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Component:
    """One component's catalogue: its gettext domain and the folder holding it."""

    name: str
    domain: str
    locale_dir: Path
    title: str

    def template_path(self) -> Path:
        return self.locale_dir / f"{self.domain}.pot"

    def po_path(self, lang: str) -> Path:
        return self.locale_dir / lang / "LC_MESSAGES" / f"{self.domain}.po"

    def mo_path(self, lang: str) -> Path:
        return self.po_path(lang).with_suffix(".mo")


def _connector_locale() -> Path:
    spec = importlib.util.find_spec("precontract_ats")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations))) / "locale"
    return _ROOT.parent.parent / "plugins" / "ats" / "precontract_ats" / "locale"


COMPONENTS: tuple[Component, ...] = (
    Component("core", "precontract", _ROOT / "locale", "precontract (core)"),
    Component("cli", "precontract_cli", _ROOT / "cli" / "locale", "precontract command"),
    Component(
        "portal", "precontract_portal", _ROOT / "sandbox" / "locale", "precontract sandbox portal"
    ),
    Component("connector", "precontract_connector", _connector_locale(), "precontract connector"),
)

# Translators' notes, added to every entry whose text uses the word (any language).
_NOTES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(NISS|INSZ|ENSS|rijksregisternummer|Nationalregisternummer|national register)\b",
            re.IGNORECASE,
        ),
        "Belgian usage: the national register number is 'rijksregisternummer (INSZ)' in Dutch, "
        "'numéro de registre national (NISS)' in French, 'Nationalregisternummer (ENSS)' in "
        "German (ENSS: Erkennungsnummer der Sozialen Sicherheit, as German-speaking Belgium "
        "says it), 'national register number (NISS)' in English. Keep your language's "
        "abbreviation.",
    ),
    (
        re.compile(r"\b(KBO|BCE|ZDU|enterprise number|ondernemingsnummer|Unternehmensnummer)\b"),
        "Belgian usage: the enterprise number (ondernemingsnummer, numéro d'entreprise, "
        "Unternehmensnummer) is KBO in Dutch, BCE in French, ZDU in German; English says "
        "KBO/BCE.",
    ),
    (
        re.compile(r"\b(gsm|phone|Handy|téléphone)\b", re.IGNORECASE),
        "Belgian usage: Belgians say 'gsm' for a mobile phone in Dutch and 'GSM' in French; in "
        "German write 'Handy' (GSM is understood too), in English 'phone'.",
    ),
    (
        re.compile(r"\b(RSZ|ONSS|NSSO|LSS)\b"),
        "Belgian usage: the National Social Security Office is RSZ in Dutch, ONSS in French, "
        "LSS in German, NSSO in English.",
    ),
)


def refresh_notes(components: Iterable[Component] = COMPONENTS) -> None:
    """Every template entry gets the Belgian-usage notes its texts (in any language) call for;
    ``make i18n`` then carries them to the ``.po`` files."""
    for component in components:
        template = _read_po(component.template_path(), None)
        translated = texts([component])
        for message in template:
            if not message.id or not message.context:
                continue
            own = _OLD_NOTE.sub("", " ".join(message.auto_comments)).strip()
            said = [str(message.id), *translated.get(str(message.context), {}).values()]
            message.auto_comments = ([own] if own else []) + notes_for(said)
        _write(template, component.template_path(), ignore_obsolete=True)


# A Belgian-usage note as written before (a .po wraps it over several comment lines).
_OLD_NOTE = re.compile(
    r"Belgian usage:.*?(abbreviation\.|says KBO/BCE\.|in English 'phone'\.|NSSO in English\.)",
    re.DOTALL,
)


def notes_for(texts: Iterable[str]) -> list[str]:
    """The translators' notes for an entry whose texts are ``texts``."""
    joined = "\n".join(texts)
    return [note for pattern, note in _NOTES if pattern.search(joined)]


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return {"<unbalanced braces>"}


def _catalog(component: Component, lang: str | None) -> Catalog:
    return Catalog(
        locale=lang,
        domain=component.domain,
        project=component.title,
        version="0.1.0",
        copyright_holder="precontract",
        msgid_bugs_address="",
        fuzzy=False,
    )


def _write(catalog: Catalog, path: Path, **options: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, **options)
    # No creation date: the files change only when a text does.
    text = re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', b"", buffer.getvalue())
    path.write_bytes(text)


def write_catalogue(
    component: Component,
    entries: Mapping[str, Mapping[str, str]],
    *,
    extra_notes: Mapping[str, list[str]] | None = None,
) -> None:
    """Write the template and every language's ``.po`` of ``component`` from ``entries``
    (key -> language -> text), then compile them."""
    template = _catalog(component, None)
    for key, texts in entries.items():
        notes = notes_for(texts.values()) + list((extra_notes or {}).get(key, []))
        template.add(texts["en"], context=key, auto_comments=notes)
    _write(template, component.template_path(), ignore_obsolete=True)
    for lang in LANGUAGES:
        catalog = _catalog(component, lang)
        for key, texts in entries.items():
            notes = notes_for(texts.values()) + list((extra_notes or {}).get(key, []))
            catalog.add(texts["en"], string=texts.get(lang, ""), context=key, auto_comments=notes)
        _write(catalog, component.po_path(lang), ignore_obsolete=True)
    compile_catalogues([component])


def _read_po(path: Path, lang: str | None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=lang)


def update(components: Iterable[Component] = COMPONENTS) -> None:
    """Each ``.po`` follows its template: new entries untranslated, changed ones fuzzy."""
    for component in components:
        template = _read_po(component.template_path(), None)
        for lang in LANGUAGES:
            path = component.po_path(lang)
            catalog = _read_po(path, lang) if path.exists() else _catalog(component, lang)
            catalog.update(template, no_fuzzy_matching=True)
            _write(catalog, path, ignore_obsolete=True)


def _runtime(catalog: Catalog, lang: str) -> Catalog:
    """The catalogue :mod:`precontract.i18n` reads: keyed by ``msgctxt`` (the code's key), the
    translation as text (the English for ``en``); untranslated and fuzzy entries left out, so
    the lookup falls back to English."""
    # A fixed date: the .mo changes only when a text does (no merge conflicts over a timestamp).
    keyed = Catalog(
        locale=lang,
        domain=catalog.domain,
        fuzzy=False,
        creation_date=_FIXED_DATE,
        revision_date=_FIXED_DATE,
    )
    for message in catalog:
        if not message.id or not message.context or message.fuzzy:
            continue
        text = message.string if isinstance(message.string, str) else ""
        if not text and lang == "en":
            text = str(message.id)
        if text:
            keyed.add(message.context, string=text)
    return keyed


def _compiled(catalog: Catalog, lang: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, _runtime(catalog, lang), use_fuzzy=False)
    return buffer.getvalue()


def compile_catalogues(components: Iterable[Component] = COMPONENTS) -> None:
    for component in components:
        for lang in LANGUAGES:
            data = _compiled(_read_po(component.po_path(lang), lang), lang)
            mo = component.mo_path(lang)
            if not mo.exists() or mo.read_bytes() != data:
                mo.write_bytes(data)


def texts(components: Iterable[Component] = COMPONENTS) -> dict[str, dict[str, str]]:
    """Every catalogued text: key -> language -> text (from the ``.po`` files)."""
    found: dict[str, dict[str, str]] = {}
    for component in components:
        for lang in LANGUAGES:
            path = component.po_path(lang)
            if not path.exists():
                continue
            for message in _read_po(path, lang):
                if message.id and message.context and isinstance(message.string, str):
                    text = message.string or (str(message.id) if lang == "en" else "")
                    if text:
                        found.setdefault(message.context, {})[lang] = text
    return found


def _entries(catalog: Catalog) -> dict[str, Message]:
    return {m.context: m for m in catalog if m.id and m.context}


def check(components: Iterable[Component] = COMPONENTS) -> list[str]:
    """What is wrong with the catalogues, one line per problem (nothing: all is well)."""
    problems: list[str] = []
    for component in components:
        if not component.template_path().exists():
            problems.append(f"{component.name}: no template {component.template_path()}")
            continue
        template = _entries(_read_po(component.template_path(), None))
        for lang in LANGUAGES:
            where = f"{component.name}/{lang}"
            path = component.po_path(lang)
            if not path.exists():
                problems.append(f"{where}: no catalogue {path}")
                continue
            catalog = _read_po(path, lang)
            entries = _entries(catalog)
            for key, message in template.items():
                found = entries.get(key)
                if found is None or not found.string:
                    problems.append(f"{where}: {key} is not translated")
                    continue
                if found.fuzzy:
                    problems.append(f"{where}: {key} is fuzzy (check it, then drop the flag)")
                if found.id != message.id:
                    problems.append(f"{where}: {key} translates an older English text")
                text = found.string if isinstance(found.string, str) else ""
                if _placeholders(text) != _placeholders(str(message.id)):
                    problems.append(f"{where}: {key}: placeholders differ from the English")
            for key in entries.keys() - template.keys():
                problems.append(f"{where}: {key} is not in the template")
            problems += _stale_mo(component, lang, catalog)
    return problems


def _stale_mo(component: Component, lang: str, catalog: Catalog) -> list[str]:
    mo = component.mo_path(lang)
    if not mo.exists():
        return [f"{component.name}/{lang}: {mo.name} is missing (make i18n)"]
    with mo.open("rb") as stream:
        compiled = {m.id: m.string for m in read_mo(stream) if m.id}
    wanted = {m.id: m.string for m in _runtime(catalog, lang) if m.id}
    if compiled != wanted:
        return [f"{component.name}/{lang}: {mo.name} is out of date (make i18n)"]
    return []


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    action = args[0] if args else "check"
    if action == "update":
        refresh_notes()
        update()
        return 0  # the .mo files are compiled next (make i18n), then checked
    if action == "compile":
        compile_catalogues()
    elif action != "check":
        print("usage: python -m precontract.catalogues [update|compile|check]", file=sys.stderr)
        return 2
    problems = check()
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
