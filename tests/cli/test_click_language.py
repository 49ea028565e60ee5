"""Click's own usage errors in the command's language (issue 15, point 3): the missing argument,
the unknown option, the invalid value and the usage line, in nl/fr/de with ``--lang`` or
``$PRECONTRACT_LANG``; with ``--json`` still one JSON object; ``--help`` stays English."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.cli.conftest import Invoke

MISSING = {
    "nl": (
        "Gebruik: cli status [OPTIONS] REQUEST_ID\n"
        "Typ 'cli status --help' voor hulp.\n\n"
        "Fout: Ontbrekend argument 'REQUEST_ID'.\n"
    ),
    "fr": (
        "Utilisation : cli status [OPTIONS] REQUEST_ID\n"
        "Tapez 'cli status --help' pour de l'aide.\n\n"
        "Erreur : Argument manquant 'REQUEST_ID'.\n"
    ),
    "de": (
        "Aufruf: cli status [OPTIONS] REQUEST_ID\n"
        "Hilfe mit 'cli status --help'.\n\n"
        "Fehler: Fehlendes Argument 'REQUEST_ID'.\n"
    ),
    "en": (
        "Usage: cli status [OPTIONS] REQUEST_ID\n"
        "Try 'cli status --help' for help.\n\n"
        "Error: Missing argument 'REQUEST_ID'.\n"
    ),
}

NO_SUCH_OPTION = {
    "nl": "Fout: Onbekende optie '--bogus'.",
    "fr": "Erreur : Option inconnue : '--bogus'.",
    "de": "Fehler: Unbekannte Option '--bogus'.",
    "en": "Error: No such option '--bogus'.",
}

INVALID_VALUE = {
    "nl": "Fout: Ongeldige waarde voor '--environment': 'bad' is niet een van "
    "'sandbox', 'acceptance', 'production'.",
    "fr": "Erreur : Valeur non valable pour '--environment' : 'bad' ne fait pas partie de "
    "'sandbox', 'acceptance', 'production'.",
    "de": "Fehler: Ungültiger Wert für '--environment': 'bad' ist keiner der Werte "
    "'sandbox', 'acceptance', 'production'.",
    "en": "Error: Invalid value for '--environment': 'bad' is not one of "
    "'sandbox', 'acceptance', 'production'.",
}

MISSING_FILE = {
    "nl": "Fout: Ongeldige waarde voor 'APPLICANTS': Bestand 'nowhere.csv' bestaat niet.",
    "fr": "Erreur : Valeur non valable pour 'APPLICANTS' : Fichier 'nowhere.csv' introuvable.",
    "de": "Fehler: Ungültiger Wert für 'APPLICANTS': Datei 'nowhere.csv' existiert nicht.",
    "en": "Error: Invalid value for 'APPLICANTS': File 'nowhere.csv' does not exist.",
}

JSON_NO_SUCH_OPTION = {
    "nl": "Onbekende optie '--bogus'.",
    "fr": "Option inconnue : '--bogus'.",
    "de": "Unbekannte Option '--bogus'.",
}

LANGS = ["nl", "fr", "de", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_missing_argument_and_the_usage_line_read_in_the_chosen_language(
    invoke: Invoke, base_env: dict[str, str], lang: str
) -> None:
    result = invoke(["status", "--lang", lang], base_env)
    assert result.exit_code == 2
    assert result.stderr == MISSING[lang]
    assert result.stdout == ""


@pytest.mark.parametrize("lang", LANGS)
def test_an_unknown_option_reads_in_the_language_of_the_environment(
    invoke: Invoke, base_env: dict[str, str], lang: str
) -> None:
    result = invoke(["status", "abc", "--bogus"], {**base_env, "PRECONTRACT_LANG": lang})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == NO_SUCH_OPTION[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_an_invalid_value_reads_in_the_chosen_language(
    invoke: Invoke, base_env: dict[str, str], lang: str
) -> None:
    result = invoke([f"--lang={lang}", "--environment", "bad", "status", "abc"], base_env)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == INVALID_VALUE[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_a_missing_file_names_its_kind_in_the_chosen_language(
    invoke: Invoke, base_env: dict[str, str], lang: str, tmp_path: Path
) -> None:
    result = invoke(["recheck", "nowhere.csv", "--lang", lang], base_env)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == MISSING_FILE[lang]


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_with_json_a_usage_error_is_one_json_object_in_the_chosen_language(
    invoke: Invoke, base_env: dict[str, str], lang: str
) -> None:
    result = invoke(["check", "--json", "--bogus", "--lang", lang], base_env)
    assert result.exit_code == 2
    assert result.stdout == ""
    document = json.loads(result.stderr)
    assert document["error"] == "invalid_input"
    assert document["exitCode"] == 2
    assert document["message"] == JSON_NO_SUCH_OPTION[lang]


def test_help_stays_english_like_the_commands_help_texts(
    invoke: Invoke, base_env: dict[str, str]
) -> None:
    result = invoke(["status", "--help", "--lang", "nl"], base_env)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: cli status")
    assert "Show this message and exit." in result.stdout


def test_another_click_program_in_the_same_process_keeps_its_english(
    invoke: Invoke, base_env: dict[str, str]
) -> None:
    assert invoke(["status", "--lang", "de"], base_env).exit_code == 2

    @click.command()
    @click.argument("name")
    @click.option("--path", type=click.Path(exists=True))
    def other(name: str, path: str | None) -> None:
        """Not ours."""

    result = CliRunner().invoke(other, ["--path", "nowhere"])
    assert result.exit_code == 2
    assert "Usage: other [OPTIONS] NAME" in result.stderr
    assert "Error: Invalid value for '--path': Path 'nowhere' does not exist." in result.stderr
