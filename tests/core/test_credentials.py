"""Keys and certificates: every form an organisation may hold them in, and every way they go wrong."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import pickle

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from precontract.credentials import Credentials, generate_credentials
from precontract.errors import ConfigurationError

from .support import KeyPair


def _key(pem: bytes) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem, None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def _cert(pem: bytes) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem)


def test_generated_pair_is_a_self_signed_rsa_certificate_valid_now(keypair: KeyPair) -> None:
    creds = Credentials.from_pem(keypair.key_pem, keypair.cert_pem)
    assert creds.subject == "CN=precontract tests"
    assert creds.key_size == 2048
    now = dt.datetime.now(dt.UTC)
    assert creds.not_valid_before <= now < creds.not_valid_after
    assert creds.not_valid_after - creds.not_valid_before == dt.timedelta(days=365)
    creds.check_validity()  # does not raise


def test_thumbprint_is_base64url_sha256_of_the_der_certificate(keypair: KeyPair) -> None:
    creds = Credentials.from_pem(keypair.key_pem, keypair.cert_pem)
    der = _cert(keypair.cert_pem).public_bytes(serialization.Encoding.DER)
    expected = base64.urlsafe_b64encode(hashlib.sha256(der).digest()).decode().rstrip("=")
    assert creds.thumbprint_s256 == expected
    assert "=" not in creds.thumbprint_s256
    assert "+" not in creds.thumbprint_s256


def test_the_private_key_never_shows_in_repr_str_or_pickle(keypair: KeyPair) -> None:
    creds = Credentials.from_pem(keypair.key_pem, keypair.cert_pem)
    body = keypair.key_pem.decode().splitlines()[1]
    for text in (repr(creds), str(creds)):
        assert "PRIVATE" not in text
        assert body not in text
        assert "CN=precontract tests" in text
    with pytest.raises(TypeError, match="private key"):
        pickle.dumps(creds)


def test_key_of_another_certificate_is_refused(keypair: KeyPair, other_keypair: KeyPair) -> None:
    with pytest.raises(ConfigurationError) as info:
        Credentials.from_pem(keypair.key_pem, other_keypair.cert_pem)
    assert info.value.setting == "private_key_file"
    assert "does not belong to the certificate" in str(info.value)
    assert "CN=someone else" in str(info.value)


def test_expired_and_future_certificates_are_refused_with_their_dates() -> None:
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    key, cert = generate_credentials("old", days=30, not_before=long_ago)
    creds = Credentials.from_pem(key, cert)
    with pytest.raises(ConfigurationError, match=r"expired on 2020-01-31 00:00 UTC"):
        creds.check_validity()

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    key, cert = generate_credentials("future", not_before=later)
    with pytest.raises(ConfigurationError, match=r"not valid before .*clock"):
        Credentials.from_pem(key, cert).check_validity()


def test_expires_within_warns_before_the_end(keypair: KeyPair) -> None:
    creds = Credentials.from_pem(keypair.key_pem, keypair.cert_pem)
    assert creds.expires_within(dt.timedelta(days=400))
    assert not creds.expires_within(dt.timedelta(days=30))


def test_encrypted_pem_needs_the_right_password(keypair: KeyPair) -> None:
    encrypted = _key(keypair.key_pem).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"correct horse"),
    )
    creds = Credentials.from_pem(encrypted, keypair.cert_pem, password=b"correct horse")
    assert creds.subject == "CN=precontract tests"

    with pytest.raises(ConfigurationError, match="is encrypted: set key_password") as info:
        Credentials.from_pem(encrypted, keypair.cert_pem)
    assert info.value.setting == "key_password"

    with pytest.raises(ConfigurationError, match="does not decrypt") as info:
        Credentials.from_pem(encrypted, keypair.cert_pem, password=b"wrong")
    assert info.value.setting == "key_password"
    assert "wrong" not in str(info.value)
    assert "correct horse" not in str(info.value)


def test_a_password_for_a_plain_key_is_harmless(keypair: KeyPair) -> None:
    creds = Credentials.from_pem(keypair.key_pem, keypair.cert_pem, password=b"unused")
    assert creds.subject == "CN=precontract tests"


def test_der_certificate_and_combined_pem_files(keypair: KeyPair) -> None:
    der = _cert(keypair.cert_pem).public_bytes(serialization.Encoding.DER)
    assert Credentials.from_pem(keypair.key_pem, der).subject == "CN=precontract tests"
    # One file holding the key and the certificate: no separate certificate needed.
    combined = keypair.key_pem + keypair.cert_pem
    assert Credentials.from_pem(combined, None).subject == "CN=precontract tests"


def test_certificate_chain_picks_the_certificate_of_the_key(
    keypair: KeyPair, other_keypair: KeyPair
) -> None:
    chain = other_keypair.cert_pem + keypair.cert_pem
    assert Credentials.from_pem(keypair.key_pem, chain).subject == "CN=precontract tests"


def test_pkcs12_with_and_without_password(keypair: KeyPair) -> None:
    key, cert = _key(keypair.key_pem), _cert(keypair.cert_pem)
    protected = pkcs12.serialize_key_and_certificates(
        b"org", key, cert, None, serialization.BestAvailableEncryption(b"p12-pass")
    )
    creds = Credentials.from_pkcs12(protected, password=b"p12-pass")
    assert (
        creds.thumbprint_s256
        == Credentials.from_pem(keypair.key_pem, keypair.cert_pem).thumbprint_s256
    )

    with pytest.raises(ConfigurationError, match="set key_password"):
        Credentials.from_pkcs12(protected)
    with pytest.raises(ConfigurationError, match="key_password is wrong"):
        Credentials.from_pkcs12(protected, password=b"nope")

    open_bundle = pkcs12.serialize_key_and_certificates(
        b"org", key, cert, None, serialization.NoEncryption()
    )
    assert Credentials.from_pkcs12(open_bundle).subject == "CN=precontract tests"

    cert_only = pkcs12.serialize_key_and_certificates(
        b"org", None, cert, None, serialization.NoEncryption()
    )
    with pytest.raises(ConfigurationError, match="holds no private key"):
        Credentials.from_pkcs12(cert_only)


def test_garbage_and_wrong_kinds_of_keys_are_refused(keypair: KeyPair) -> None:
    with pytest.raises(ConfigurationError, match="not a private key"):
        Credentials.from_pem(keypair.cert_pem, keypair.cert_pem)
    with pytest.raises(ConfigurationError, match="not a certificate"):
        Credentials.from_pem(keypair.key_pem, b"hello")
    with pytest.raises(ConfigurationError, match="is missing"):
        Credentials.from_pem(b"  ", keypair.cert_pem)

    ec_key = ec.generate_private_key(ec.SECP256R1())
    ec_pem = ec_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(ConfigurationError, match="not an RSA key"):
        Credentials.from_pem(ec_pem, keypair.cert_pem)

    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - refused on purpose
    weak_pem = weak.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(ConfigurationError, match="1024 bits"):
        Credentials.from_pem(weak_pem, keypair.cert_pem)


def test_generated_certificate_is_signed_by_its_own_key(keypair: KeyPair) -> None:
    cert = _cert(keypair.cert_pem)
    public = _key(keypair.key_pem).public_key()
    from cryptography.hazmat.primitives.asymmetric import padding

    assert cert.signature_hash_algorithm is not None
    public.verify(
        cert.signature,
        cert.tbs_certificate_bytes,
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
