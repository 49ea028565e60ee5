"""User-facing text in Dutch, French, German and English, from gettext catalogues.

Code, logs and exception ``str()`` are English; what a recruiter, an administrator or an
applicant reads is looked up by key: ``translate("outcome.pending", "nl")``. Each component keeps
its texts in a gettext catalogue (``locale/<domain>.pot``, one ``<lang>/LC_MESSAGES/<domain>.po``
per language), where a text's key is its ``msgctxt``, its English the ``msgid`` and the
translation the ``msgstr``; ``make i18n`` compiles each into a ``.mo`` keyed by that key, which
the standard library's :mod:`gettext` reads here. A component names its catalogue with
:func:`add_catalogue`. A missing language falls back to English, a missing key to the key itself (so a gap
is visible, never a crash). ``precontract.catalogues`` maintains the files (``make i18n``).

>>> translate("outcome.pending", "nl")
'Wacht op goedkeuring door de sollicitant.'
>>> normalise_language("fr_BE")
'fr'
>>> normalise_language("de-BE,de;q=0.9")
'de'
>>> normalise_language("es")
'en'
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "LANGUAGES",
    "Language",
    "Text",
    "add_catalogue",
    "keys",
    "normalise_language",
    "translate",
]

Language = Literal["nl", "fr", "en", "de"]
LANGUAGES: tuple[Language, ...] = ("nl", "fr", "en", "de")

# Catalogues added by the components: (folder holding <lang>/LC_MESSAGES/, gettext domain).
_SOURCES: list[tuple[Path, str]] = []
# language -> the compiled catalogues (keyed by the texts' keys), opened on first use.
_LOADED: dict[str, list[gettext.NullTranslations]] = {}
_LOCK = threading.Lock()


def add_catalogue(locale_dir: Path | str, domain: str) -> None:
    """Make the catalogue ``domain`` in ``locale_dir`` (``<lang>/LC_MESSAGES/<domain>.mo``)
    part of every lookup."""
    source = (Path(locale_dir), domain)
    with _LOCK:
        if source not in _SOURCES:
            _SOURCES.append(source)
            _LOADED.clear()


def _opened(lang: str) -> list[gettext.NullTranslations]:
    found = _LOADED.get(lang)
    if found is None:
        with _LOCK:
            found = [
                gettext.translation(domain, localedir=locale_dir, languages=[lang], fallback=True)
                for locale_dir, domain in _SOURCES
            ]
            _LOADED[lang] = found
    return found


def _lookup(key: str, lang: str) -> str | None:
    for translations in _opened(lang):
        text = translations.gettext(key)
        if text != key:
            return text
    return None


def keys(prefix: str = "") -> list[str]:
    """The keys of every catalogue's English texts that start with ``prefix``."""
    found: set[str] = set()
    for translations in _opened("en"):
        # A compiled catalogue's entries, keyed by the texts' keys (the stdlib keeps them there).
        catalog: dict[Any, str] = getattr(translations, "_catalog", {})
        found.update(k for k in catalog if isinstance(k, str) and k and k.startswith(prefix))
    return sorted(found)


def normalise_language(value: str | None) -> Language:
    """Map ``nl_BE``, ``fr-BE``, ``DE``, an Accept-Language value… to nl/fr/de/en (default en)."""
    if value:
        for part in value.replace("_", "-").split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return "en"


def translate(key: str, lang: str | None = "en", /, **params: Any) -> str:
    """The text ``key`` in ``lang``, with ``{placeholders}`` filled from ``params``."""
    code = normalise_language(lang)
    text = _lookup(key, code) or _lookup(key, "en")
    if text is None:
        return key
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


@dataclass(frozen=True)
class Text:
    """A text to be said later, in the reader's language: its key and its parameters.

    What is stored to be shown later (a failed write-back's error, a check's last failure) is a
    ``Text``, not a sentence in one language: :meth:`to_json` for the database,
    :meth:`from_json` back, :meth:`render` when a page is drawn. A parameter is a plain value, a
    ``Text`` (said in the same language) or a list of them (joined with "; "); ``default`` is
    said when no catalogue has ``key`` (a setting without a label is named as it is written).

    >>> Text("error.configuration", {"detail": Text("setting.config")}).render("nl")
    'De verbinding met de sociale zekerheid is niet juist ingesteld: het configuratiebestand'
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    default: str | None = None

    def render(self, lang: str | None = "en") -> str:
        values = {name: _rendered(value, lang) for name, value in self.params.items()}
        text = translate(self.key, lang, **values)
        if text == self.key and self.default is not None:
            return self.default
        return text

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "params": {name: _dumped(value) for name, value in self.params.items()},
        }
        if self.default is not None:
            data["default"] = self.default
        return data

    @classmethod
    def from_json(cls, data: Any) -> Text | None:
        """The text :meth:`to_json` made (None for anything else, e.g. an older plain string)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("key"), str):
            return None
        params = data.get("params")
        return cls(
            data["key"],
            {str(k): _loaded(v) for k, v in params.items()} if isinstance(params, Mapping) else {},
            data.get("default") if isinstance(data.get("default"), str) else None,
        )


def _rendered(value: Any, lang: str | None) -> Any:
    if isinstance(value, Text):
        return value.render(lang)
    if isinstance(value, (list, tuple)) and all(isinstance(v, Text) for v in value):
        return "; ".join(v.render(lang) for v in value)
    return value


def _dumped(value: Any) -> Any:
    if isinstance(value, Text):
        return value.to_json()
    if isinstance(value, (list, tuple)) and all(isinstance(v, Text) for v in value):
        return [v.to_json() for v in value]
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def _loaded(value: Any) -> Any:
    if isinstance(value, Mapping):
        return Text.from_json(value) or ""
    if isinstance(value, list):
        return [t for t in (Text.from_json(v) for v in value) if t is not None]
    return value


# The core's own texts (errors, outcomes, fields, audit words, the PDF proof).
add_catalogue(Path(__file__).resolve().parent / "locale", "precontract")
