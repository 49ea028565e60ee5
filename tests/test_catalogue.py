"""Every user-facing text exists in Dutch, French and English, with the same placeholders."""

from __future__ import annotations

import importlib
import pkgutil
import string

import precontract
from precontract import i18n


def _load_all_modules() -> None:
    # Texts are registered by the modules that use them: import them all first.
    for info in pkgutil.walk_packages(precontract.__path__, "precontract."):
        if info.name.endswith(("pytest_plugin", "__main__")):
            continue
        importlib.import_module(info.name)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_is_translated_with_the_same_placeholders() -> None:
    _load_all_modules()
    catalogue = i18n._CATALOGUE
    assert catalogue, "the catalogue is empty"
    for key, texts in catalogue.items():
        assert set(texts) >= {"nl", "fr", "en"}, f"{key} misses a language: {sorted(texts)}"
        expected = _placeholders(texts["en"])
        for lang in ("nl", "fr"):
            assert texts[lang].strip(), f"{key} is empty in {lang}"
            assert _placeholders(texts[lang]) == expected, f"{key}: placeholders differ in {lang}"


def test_unknown_language_falls_back_to_english_and_unknown_key_is_visible() -> None:
    assert i18n.translate("outcome.refused", "de") == i18n.translate("outcome.refused", "en")
    assert i18n.translate("no.such.key", "nl") == "no.such.key"
    assert i18n.translate("outcome.refused", "nl-BE,nl;q=0.9") == (
        "De sollicitant heeft de toegangsaanvraag geweigerd."
    )
