"""Every user-facing text exists in every language with the same placeholders; the gettext
catalogues are complete, compiled and in step; every key the code asks for exists."""

from __future__ import annotations

import contextlib
import importlib
import io
import pkgutil
import re
import string
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

import precontract
from precontract import i18n

babel_extract = pytest.importorskip("babel.messages.extract", reason="Babel (dev extra) missing")
catalogues = pytest.importorskip("precontract.catalogues")

ROOT = Path(__file__).resolve().parents[1]


def _load_all_modules() -> None:
    # Texts are registered by the modules that use them: import them all first.
    packages = [precontract]
    with contextlib.suppress(ImportError):
        import precontract_ats

        packages.append(precontract_ats)
    for package in packages:
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.endswith(("pytest_plugin", "__main__")):
                continue
            importlib.import_module(info.name)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_is_translated_with_the_same_placeholders() -> None:
    _load_all_modules()
    texts_by_key = catalogues.texts()
    assert texts_by_key, "the catalogue is empty"
    for key, texts in texts_by_key.items():
        assert set(texts) >= set(i18n.LANGUAGES), f"{key} misses a language: {sorted(texts)}"
        expected = _placeholders(texts["en"])
        for lang, text in texts.items():
            assert text.strip(), f"{key} is empty in {lang}"
            assert _placeholders(text) == expected, f"{key}: placeholders differ in {lang}"


@pytest.mark.parametrize(
    "component",
    [c for c in catalogues.COMPONENTS if c.template_path().exists()],
    ids=lambda c: c.name,
)
def test_each_catalogue_is_complete_in_every_language_and_compiled(component: Any) -> None:
    # German included: a catalogue lists every text in nl, fr, en and de, none fuzzy, with the
    # English placeholders, and its committed .mo files say the same as its .po files.
    assert catalogues.check([component]) == []


def test_translators_notes_mark_the_belgian_words() -> None:
    notes = catalogues.notes_for(["Dit rijksregisternummer (INSZ) is niet geldig"])
    assert any("INSZ" in note and "NISS" in note and "ENSS" in note for note in notes)
    assert any("KBO" in n and "BCE" in n for n in catalogues.notes_for(["numéro BCE"]))
    assert any("gsm" in n for n in catalogues.notes_for(["scant hem met de gsm"]))
    assert catalogues.notes_for(["Nothing Belgian here"]) == []


_KEY = re.compile(r"^[a-z][a-z_]*(\.[A-Za-z0-9_]+)+$")


def _known(message: str, known: set[str]) -> bool:
    if message in known or f"proof.{message}" in known:
        return True
    # Babel joins the strings of `t("a" if x else "b")`: each part must be known.
    return any(
        message[:cut] in known and _known(message[cut:], known) for cut in range(1, len(message))
    )


def test_every_key_the_code_asks_for_exists() -> None:
    _load_all_modules()
    known = set(catalogues.texts())
    asked: list[tuple[str, int, str]] = []
    for folder in (ROOT / "core" / "precontract", ROOT / "plugins" / "ats" / "precontract_ats"):
        with contextlib.redirect_stderr(io.StringIO()):  # Babel's notes on f-strings
            found = list(
                babel_extract.extract_from_dir(
                    folder,
                    method_map=[("**.py", "python")],
                    keywords={"translate": None, "t": None, "say": None, "heading": None},
                )
            )
        for filename, line, message, _, _ in found:
            text = message if isinstance(message, str) else message[0]
            if text and _KEY.match(text):
                asked.append((filename, line, text))
    assert len(asked) > 100, "the extraction found almost nothing"
    missing = [item for item in asked if not _known(item[2], known)]
    assert missing == []


def test_unknown_language_falls_back_to_english_and_unknown_key_is_visible() -> None:
    assert i18n.translate("outcome.refused", "es") == i18n.translate("outcome.refused", "en")
    assert i18n.translate("no.such.key", "nl") == "no.such.key"
    assert i18n.translate("outcome.refused", "nl-BE,nl;q=0.9") == (
        "De sollicitant heeft de toegangsaanvraag geweigerd."
    )


def test_german_is_spoken_where_a_catalogue_has_it() -> None:
    assert i18n.translate("outcome.result", "de") == (
        "Die vorvertraglichen Daten des Bewerbers wurden abgerufen."
    )
    assert i18n.translate("error.invalid_ssin", "de-BE") == (
        "Diese Nationalregisternummer (ENSS) ist ungültig: bitte prüfen Sie sie."
    )


def test_the_portal_catalogue_has_each_test_citizen_as_the_sandbox_describes_them() -> None:
    from precontract.sandbox import personas

    for persona in personas.PERSONAS:
        assert i18n.translate(f"portal.persona.{persona.key}", "en") == persona.description
        assert i18n.translate(f"portal.persona.{persona.key}", "de") != persona.description


# Each language's Belgian words (docs/translations.md): German-speaking Belgium says ENSS and ZDU,
# Dutch INSZ and KBO, French NISS and BCE; a text using another language's abbreviation is wrong.
_OTHER_LANGUAGES_WORDS = {
    "nl": re.compile(r"\b(NISS|ENSS|BCE|ZDU)\b"),
    "fr": re.compile(r"\b(INSZ|ENSS|KBO|ZDU|téléphone)\b"),
    "de": re.compile(r"\b(NISS|INSZ|KBO|BCE)\b"),
}


def test_each_language_uses_its_own_belgian_words() -> None:
    wrong = [
        f"{lang} {key}: {texts[lang]}"
        for key, texts in catalogues.texts().items()
        for lang, pattern in _OTHER_LANGUAGES_WORDS.items()
        if lang in texts and pattern.search(texts[lang])
    ]
    assert wrong == []
    texts = catalogues.texts()
    assert texts["error.invalid_ssin"]["de"].startswith("Diese Nationalregisternummer (ENSS)")
    assert "GSM" in texts["demo.show_qr"]["fr"]
    assert "gsm" in texts["demo.show_qr"]["nl"]
    assert "Handy" in texts["demo.show_qr"]["de"]


def test_every_belgian_word_carries_its_translators_note() -> None:
    for component in catalogues.COMPONENTS:
        with component.template_path().open("rb") as stream:
            template = read_po(stream)
        for message in template:
            if not message.id or not message.context:
                continue
            wanted = catalogues.notes_for([str(message.id)])
            notes = " ".join(message.auto_comments)
            for note in wanted:
                assert note.split(":")[1][:40].strip() in notes, (
                    f"{component.name} {message.context}: no translators' note (run make i18n)"
                )


# French typography: a space before ":", ";", "?" and "!" ("Lien d'approbation :"); an address
# ("https://"), a time ("10:30") or a placeholder's own text is not a sentence's colon.
_FRENCH_TIGHT = re.compile(r"(?<![\s:/])[:;?!](?=\s|$)")


def test_french_puts_a_space_before_its_colons_and_question_marks() -> None:
    tight = [
        f"{key}: {texts['fr']}"
        for key, texts in catalogues.texts().items()
        if "fr" in texts and _FRENCH_TIGHT.search(texts["fr"])
    ]
    assert tight == []
