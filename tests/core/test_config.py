"""Settings: defaults per environment, loading with precedence, and clear refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from precontract.config import Environment, RetryPolicy, Settings
from precontract.credentials import generate_credentials
from precontract.errors import ConfigurationError
from precontract.identifiers import EnterpriseNumber

from .support import KeyPair

REQUESTER = "0123456749"
EMPLOYER = "0403019261"


def _write_pair(tmp_path: Path, pair: KeyPair) -> tuple[Path, Path]:
    key = tmp_path / "key.pem"
    cert = tmp_path / "cert.pem"
    key.write_bytes(pair.key_pem)
    cert.write_bytes(pair.cert_pem)
    return key, cert


def _memory(pair: KeyPair, **extra: Any) -> dict[str, Any]:
    return {
        "client_id": "self_service_chaman_1_test",
        "private_key_pem": pair.key_pem,
        "certificate_pem": pair.cert_pem,
        "requester": REQUESTER,
        **extra,
    }


# ---------------------------------------------------------------------------- environments


def test_published_urls_are_the_defaults_of_acceptance_and_production(keypair: KeyPair) -> None:
    acpt = Settings(**_memory(keypair, environment="acceptance"))
    assert acpt.token_url == "https://services-acpt.socialsecurity.be/REST/oauth/v5/token"
    assert acpt.api_url == "https://services-acpt.socialsecurity.be/REST"
    prod = Settings(**_memory(keypair, environment="production"))
    assert prod.token_url == "https://services.socialsecurity.be/REST/oauth/v5/token"
    assert prod.api_url == "https://services.socialsecurity.be/REST"


def test_sandbox_urls_follow_sandbox_url_and_can_be_overridden(keypair: KeyPair) -> None:
    s = Settings(**_memory(keypair, sandbox_url="http://127.0.0.1:9999/"))
    assert s.environment is Environment.SANDBOX
    assert s.token_url == "http://127.0.0.1:9999/REST/oauth/v5/token"
    assert s.api_url == "http://127.0.0.1:9999/REST"
    s = Settings(**_memory(keypair, api_url="http://localhost:1/custom/"))
    assert s.api_url == "http://localhost:1/custom"
    assert s.token_url == "http://127.0.0.1:8765/REST/oauth/v5/token"


def test_outside_the_sandbox_urls_must_be_https(keypair: KeyPair) -> None:
    with pytest.raises(ConfigurationError, match="token_url must use https") as info:
        Settings(**_memory(keypair, environment="production", token_url="http://x/t"))
    assert info.value.setting == "token_url"


def test_employer_defaults_to_the_requester_and_numbers_are_normalised(keypair: KeyPair) -> None:
    s = Settings(**_memory(keypair, requester="BE 0123.456.749"))
    assert s.requester == EnterpriseNumber.parse(REQUESTER)
    assert s.employer == s.requester
    s = Settings(**_memory(keypair, employer="403019261"))
    assert s.employer.compact == EMPLOYER


def test_bad_values_raise_one_configuration_error_naming_each_setting(keypair: KeyPair) -> None:
    with pytest.raises(ConfigurationError) as info:
        Settings(
            **_memory(
                keypair,
                requester="0123456789",
                employer="12",
                environment="staging",
                connect_timeout=0,
                client_idd="typo",
            )
        )
    text = str(info.value)
    assert info.value.setting == "environment"
    assert "requester: the enterprise number 0123456789 has wrong check digits" in text
    assert "employer: an enterprise number has 10 digits" in text
    assert "environment: Input should be 'sandbox', 'acceptance' or 'production'" in text
    assert "connect_timeout: Input should be greater than 0" in text
    assert "client_idd is not a known setting" in text
    assert info.value.user_message("nl").startswith("De verbinding met de sociale zekerheid")


def test_missing_client_id_and_requester_say_where_to_find_them(keypair: KeyPair) -> None:
    with pytest.raises(ConfigurationError) as info:
        Settings(private_key_pem=keypair.key_pem, certificate_pem=keypair.cert_pem)  # type: ignore[call-arg]
    assert "client ID that Chaman shows" in str(info.value)
    assert "requester is missing: the enterprise number" in str(info.value)
    with pytest.raises(ConfigurationError, match="client ID holds spaces"):
        Settings(**_memory(keypair, client_id="self service"))


# ---------------------------------------------------------------------------- key material


def test_pem_files_and_in_memory_pem_give_the_same_credentials(
    tmp_path: Path, keypair: KeyPair
) -> None:
    key, cert = _write_pair(tmp_path, keypair)
    from_files = Settings(
        client_id="c", private_key_file=key, certificate_file=cert, requester=REQUESTER
    )
    in_memory = Settings(**_memory(keypair))
    assert from_files.credentials.thumbprint_s256 == in_memory.credentials.thumbprint_s256


def test_no_key_at_all_names_the_settings_to_set() -> None:
    with pytest.raises(ConfigurationError, match="no private key: set private_key_file") as info:
        Settings(client_id="c", requester=REQUESTER)
    assert info.value.setting == "private_key_file"


def test_missing_files_are_named(tmp_path: Path, keypair: KeyPair) -> None:
    key, _ = _write_pair(tmp_path, keypair)
    with pytest.raises(ConfigurationError, match=r"certificate_file: .*nope.pem does not exist"):
        Settings(
            client_id="c",
            private_key_file=key,
            certificate_file=tmp_path / "nope.pem",
            requester=REQUESTER,
        )
    with pytest.raises(ConfigurationError, match="is a directory"):
        Settings(client_id="c", private_key_file=tmp_path, requester=REQUESTER)


def test_key_and_certificate_that_do_not_belong_together(
    keypair: KeyPair, other_keypair: KeyPair
) -> None:
    with pytest.raises(ConfigurationError, match="does not belong to the certificate") as info:
        Settings(**_memory(keypair, certificate_pem=other_keypair.cert_pem))
    assert "private_key_pem" in str(info.value)
    assert "certificate_pem" in str(info.value)


def test_expired_certificate_is_refused_at_load_time(tmp_path: Path) -> None:
    key, cert = generate_credentials(
        "old", days=10, not_before=dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    )
    key_file, cert_file = tmp_path / "k.pem", tmp_path / "c.pem"
    key_file.write_bytes(key)
    cert_file.write_bytes(cert)
    with pytest.raises(ConfigurationError, match=r"expired on .*renew it") as info:
        Settings.load(env={}, client_id="c", private_key_file=key_file,
                      certificate_file=cert_file, requester=REQUESTER)  # fmt: skip
    assert info.value.setting == "certificate_file"


def test_encrypted_pem_with_password_and_the_password_stays_secret(
    tmp_path: Path, keypair: KeyPair
) -> None:
    key = serialization.load_pem_private_key(keypair.key_pem, None)
    assert isinstance(key, rsa.RSAPrivateKey)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.BestAvailableEncryption(b"pw-1234-secret"),
    )
    key_file = tmp_path / "enc.pem"
    key_file.write_bytes(encrypted)
    cert_file = tmp_path / "cert.pem"
    cert_file.write_bytes(keypair.cert_pem)
    s = Settings(
        client_id="c",
        private_key_file=key_file,
        certificate_file=cert_file,
        key_password="pw-1234-secret",
        requester=REQUESTER,
    )
    assert s.credentials.subject == "CN=precontract tests"
    for text in (repr(s), str(s), str(s.describe()), s.model_dump_json()):
        assert "pw-1234-secret" not in text

    with pytest.raises(ConfigurationError) as info:
        Settings(
            client_id="c",
            private_key_file=key_file,
            certificate_file=cert_file,
            key_password="pw-1234-wrong",
            requester=REQUESTER,
        )
    assert info.value.setting == "key_password"
    assert "pw-1234-wrong" not in str(info.value)


def test_pkcs12_file_and_in_memory_bundle(tmp_path: Path, keypair: KeyPair) -> None:
    key = serialization.load_pem_private_key(keypair.key_pem, None)
    assert isinstance(key, rsa.RSAPrivateKey)
    cert = x509.load_pem_x509_certificate(keypair.cert_pem)
    bundle = pkcs12.serialize_key_and_certificates(
        b"org", key, cert, None, serialization.BestAvailableEncryption(b"p12")
    )
    p12 = tmp_path / "org.p12"
    p12.write_bytes(bundle)
    from_file = Settings(
        client_id="c",
        pkcs12_file=p12,
        key_password="p12",
        requester=REQUESTER,
    )
    from_memory = Settings(
        client_id="c",
        pkcs12_data=bundle,
        key_password="p12",
        requester=REQUESTER,
    )
    assert from_file.credentials.thumbprint_s256 == from_memory.credentials.thumbprint_s256
    assert from_file.describe()["pkcs12_file"] == str(p12)
    assert from_memory.describe()["pkcs12_data"] == "(set, hidden)"

    with pytest.raises(ConfigurationError, match="set key_password"):
        Settings(client_id="c", pkcs12_file=p12, requester=REQUESTER)
    with pytest.raises(ConfigurationError, match="not both"):
        Settings(
            client_id="c",
            pkcs12_file=p12,
            private_key_pem=keypair.key_pem,
            key_password="p12",
            requester=REQUESTER,
        )


def test_repr_and_errors_never_show_the_private_key(
    keypair: KeyPair, other_keypair: KeyPair
) -> None:
    s = Settings(**_memory(keypair))
    body = keypair.key_pem.decode().splitlines()[2]
    assert body not in repr(s)
    assert body not in str(s.describe())
    with pytest.raises(ConfigurationError) as info:
        Settings(**_memory(keypair, certificate_pem=other_keypair.cert_pem, requester="x"))
    assert body not in str(info.value)


def test_describe_lists_every_setting_with_secrets_hidden(keypair: KeyPair) -> None:
    shown = Settings(**_memory(keypair, scope="scope:a")).describe()
    assert shown["private_key_pem"] == "(set, hidden)"
    assert shown["key_password"] == "(not set)"
    assert shown["requester"] == "0123.456.749"
    assert shown["scope"] == "scope:a"
    assert shown["certificate_subject"] == "CN=precontract tests"
    assert shown["retry.max_retries"] == "3"
    assert shown["token_url"].endswith("/REST/oauth/v5/token")


# ---------------------------------------------------------------------------- loading


def test_load_precedence_arguments_over_environment_over_file(
    tmp_path: Path, keypair: KeyPair
) -> None:
    _write_pair(tmp_path, keypair)
    config = tmp_path / "precontract.toml"
    config.write_text(
        "\n".join(
            [
                'environment = "acceptance"',
                'client_id = "from-file"',
                'private_key_file = "key.pem"',  # relative to the file
                'certificate_file = "cert.pem"',
                f'requester = "{REQUESTER}"',
                'scope = "file-scope"',
                "read_timeout = 12",
                "[retry]",
                "max_retries = 5",
                "backoff_factor = 0.25",
            ]
        )
    )
    env = {
        "PRECONTRACT_CLIENT_ID": "from-env",
        "PRECONTRACT_SCOPE": "env-scope",
        "PRECONTRACT_RETRY_MAX_RETRIES": "1",
        "PRECONTRACT_EMPLOYER": EMPLOYER,
        "PRECONTRACT_READ_TIMEOUT": "",  # empty counts as unset
        "PRECONTRACT_SOMETHING_ELSE": "ignored",
    }
    s = Settings.load(config, env=env, scope="arg-scope", employer=None)
    assert s.environment is Environment.ACCEPTANCE  # file
    assert s.client_id == "from-env"  # env beats file
    assert s.scope == "arg-scope"  # argument beats env
    assert s.employer.compact == EMPLOYER  # env (the None argument counts as not given)
    assert s.read_timeout == 12  # file, the empty variable does not count
    assert s.retry == RetryPolicy(max_retries=1, backoff_factor=0.25)  # merged field by field
    assert s.private_key_file == tmp_path / "key.pem"
    assert s.sources["client_id"] == "environment PRECONTRACT_CLIENT_ID"
    assert s.sources["scope"] == "argument"
    assert s.sources["environment"] == f"file {config}"
    assert s.sources["retry.max_retries"] == "environment PRECONTRACT_RETRY_MAX_RETRIES"
    assert s.sources["connect_timeout"] == "default"


def test_load_reads_the_file_named_by_precontract_config(tmp_path: Path, keypair: KeyPair) -> None:
    _write_pair(tmp_path, keypair)
    config = tmp_path / "c.toml"
    config.write_text(
        f'client_id = "cfg"\nrequester = "{REQUESTER}"\n'
        'private_key_file = "key.pem"\ncertificate_file = "cert.pem"\n'
    )
    s = Settings.load(env={"PRECONTRACT_CONFIG": str(config)})
    assert s.client_id == "cfg"


def test_load_from_environment_only_with_pem_text_in_variables(keypair: KeyPair) -> None:
    env = {
        "PRECONTRACT_ENVIRONMENT": "production",
        "PRECONTRACT_CLIENT_ID": "self_service_chaman_42_abc",
        "PRECONTRACT_PRIVATE_KEY_PEM": keypair.key_pem.decode(),
        "PRECONTRACT_CERTIFICATE_PEM": keypair.cert_pem.decode(),
        "PRECONTRACT_REQUESTER": REQUESTER,
        "PRECONTRACT_CONNECT_TIMEOUT": "2.5",
    }
    s = Settings.load(env=env)
    assert s.environment is Environment.PRODUCTION
    assert s.token_url == "https://services.socialsecurity.be/REST/oauth/v5/token"
    assert s.timeout == (2.5, 30.0)
    # Equal halves go out as one number (what hosts such as Odoo's test runner understand).
    same = Settings.load(env={**env, "PRECONTRACT_READ_TIMEOUT": "2.5"})
    assert same.timeout == 2.5


def test_load_refuses_unknown_keys_bad_toml_and_missing_files(tmp_path: Path) -> None:
    bad_key = tmp_path / "typo.toml"
    bad_key.write_text('clientid = "x"\n')
    with pytest.raises(ConfigurationError, match="clientid is not a known setting"):
        Settings.load(bad_key, env={})
    broken = tmp_path / "broken.toml"
    broken.write_text("client_id = \n")
    with pytest.raises(ConfigurationError, match="is not valid TOML") as info:
        Settings.load(broken, env={})
    assert info.value.setting == "config"
    with pytest.raises(ConfigurationError, match="does not exist"):
        Settings.load(tmp_path / "absent.toml", env={})


def test_environment_variable_with_a_bad_value_is_named(keypair: KeyPair) -> None:
    with pytest.raises(
        ConfigurationError, match=r"retry\.max_retries: Input should be a valid integer"
    ):
        Settings.load(env={"PRECONTRACT_RETRY_MAX_RETRIES": "many"}, **_memory(keypair))


def test_retry_backoff_doubles_with_jitter_and_is_capped() -> None:
    policy = RetryPolicy(backoff_factor=1.0, backoff_max=5.0)
    assert [policy.backoff(n, lambda: 0.0) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 2.5]
    assert [policy.backoff(n, lambda: 1.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]


# ---------------------------------------------------------------------------- in the user's words

# Internal names a user of the connector or of the Python API never typed.
_INTERNAL = ("pkcs12_data", "private_key_pem", "certificate_pem", "client_id", "requester")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            "De verbinding met de sociale zekerheid is niet juist ingesteld: geef het "
            "PKCS#12-bestand dat u opgeladen hebt of de privésleutel die u opgeladen hebt, niet "
            "allebei",
        ),
        (
            "fr",
            "La connexion à la sécurité sociale n'est pas correctement configurée : donnez le "
            "fichier PKCS#12 que vous avez chargé ou la clé privée que vous avez chargée, pas les "
            "deux",
        ),
        (
            "de",
            "Die Verbindung zur sozialen Sicherheit ist nicht richtig eingerichtet: nur eines von "
            "beiden angeben: die PKCS#12-Datei, die Sie hochgeladen haben oder der private "
            "Schlüssel, den Sie hochgeladen haben",
        ),
        (
            "en",
            "The connection to social security is not configured correctly: give the PKCS#12 file "
            "you uploaded or the private key you uploaded, not both",
        ),
    ],
)
def test_two_kinds_of_credentials_are_refused_in_the_users_words(
    keypair: KeyPair, lang: str, expected: str
) -> None:
    with pytest.raises(ConfigurationError) as info:
        Settings(**_memory(keypair, pkcs12_data=b"bundle"))
    assert info.value.user_message(lang) == expected
    assert "pkcs12_data" in str(info.value)  # the developer's message keeps the setting's name


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", ["de client-ID ontbreekt", "het ondernemingsnummer (KBO) van de organisatie"]),
        ("fr", ["l'identifiant client (client ID) manque", "le numéro d'entreprise (BCE)"]),
        ("de", ["die Client-ID fehlt", "die Unternehmensnummer (ZDU) der Organisation"]),
    ],
)
def test_missing_settings_are_said_in_the_users_language(
    keypair: KeyPair, lang: str, words: list[str]
) -> None:
    with pytest.raises(ConfigurationError) as info:
        Settings(private_key_pem=keypair.key_pem, certificate_pem=keypair.cert_pem)  # type: ignore[call-arg]
    said = info.value.user_message(lang)
    for word in words:
        assert word in said
    assert " is missing" not in said
    assert not [name for name in _INTERNAL if f" {name} " in f" {said} "]


@pytest.mark.parametrize(
    ("lang", "pieces"),
    [
        (
            "nl",
            [
                "de omgeving moet een van deze zijn: 'sandbox', 'acceptance', 'production'",
                "het ondernemingsnummer van de organisatie met de REST-account: Dit "
                "ondernemingsnummer (KBO) is niet geldig",
                "de wachttijd voor de verbinding (connect_timeout) moet groter zijn dan 0",
                "de client-ID bevat spaties: kopieer ze opnieuw uit Chaman",
                "client_idd is geen bekende instelling",
            ],
        ),
        (
            "fr",
            [
                "l'environnement doit être l'une de ces valeurs : 'sandbox', 'acceptance', "
                "'production'",
                "Ce numéro d'entreprise (BCE) n'est pas valide",
                "le délai de connexion (connect_timeout) doit être supérieur à 0",
                "l'identifiant client (client ID) contient des espaces",
                "client_idd n'est pas un paramètre connu",
            ],
        ),
        (
            "de",
            [
                "die Umgebung muss einer dieser Werte sein: 'sandbox', 'acceptance', 'production'",
                "Diese Unternehmensnummer (ZDU) ist ungültig",
                "die Wartezeit für die Verbindung (connect_timeout) muss größer als 0 sein",
                "die Client-ID enthält Leerzeichen",
                "client_idd ist keine bekannte Einstellung",
            ],
        ),
    ],
)
def test_every_refused_value_is_said_in_the_users_language(
    keypair: KeyPair, lang: str, pieces: list[str]
) -> None:
    with pytest.raises(ConfigurationError) as info:
        Settings(
            **_memory(
                keypair,
                requester="0123456789",
                environment="staging",
                connect_timeout=0,
                client_id="self service",
                client_idd="typo",
            )
        )
    said = info.value.user_message(lang)
    for piece in pieces:
        assert piece in said
    for english in ("Input should", "is not a known setting", "holds spaces", "wrong check"):
        assert english not in said
