"""The connector's services: administrators, tenants, connections and their mappings, values."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from precontract.credentials import Credentials, generate_credentials
from precontract.errors import ConfigurationError, InvalidEnterpriseNumber
from precontract.fields import FieldKey, FieldMapping, IncompatibleField, ValueType
from precontract_ats.ats import get_plugin
from precontract_ats.crypto import SecretBox
from precontract_ats.services import admins, connections, tenants
from precontract_ats.services.values import dump_values, load_values
from precontract_ats.store.database import Database
from precontract_ats.store.models import Connection, Tenant

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


# ---------------------------------------------------------------------------------- administrators


def test_a_wrong_password_is_refused_and_five_lock_the_name(database: Database) -> None:
    with database.session() as session:
        admins.create_admin(session, "roos", "a long enough password")
    with database.session() as session:
        assert admins.authenticate(
            session, "roos", "a long enough password", address="a", now=NOW
        ).ok
    for attempt in range(5):
        with database.session() as session:
            result = admins.authenticate(
                session, "roos", f"guess {attempt}", address=f"ip{attempt}", now=NOW
            )
            assert not result.ok
    with database.session() as session:
        # Even the right password is refused while the name is locked...
        locked = admins.authenticate(
            session, "roos", "a long enough password", address="b", now=NOW
        )
        assert not locked.ok
        assert locked.locked_until == NOW + admins.LOCK
    with database.session() as session:
        # ...and accepted again once the lock ended.
        later = NOW + admins.LOCK + dt.timedelta(seconds=1)
        assert admins.authenticate(
            session, "roos", "a long enough password", address="b", now=later
        ).ok


def test_one_address_guessing_many_names_is_locked(database: Database) -> None:
    for attempt in range(admins.ADDRESS_LIMIT):
        with database.session() as session:
            admins.authenticate(session, f"name{attempt}", "guess", address="10.0.0.9", now=NOW)
    with database.session() as session:
        admins.create_admin(session, "roos", "a long enough password")
        result = admins.authenticate(
            session, "roos", "a long enough password", address="10.0.0.9", now=NOW
        )
    assert not result.ok
    assert result.locked_until is not None


def test_a_short_password_is_refused(database: Database) -> None:
    with pytest.raises(admins.PasswordTooWeak), database.session() as session:
        admins.create_admin(session, "roos", "short")
    with database.session() as session:
        assert admins.authenticate(session, "roos", "short", address="a", now=NOW).user is None


def test_passwords_are_stored_hashed_with_a_salt(database: Database) -> None:
    with database.session() as session:
        one = admins.create_admin(session, "one", "the same password!")
        two = admins.create_admin(session, "two", "the same password!")
        assert "the same password" not in one.password_hash
        assert one.password_hash != two.password_hash


# ---------------------------------------------------------------------------------- tenants


def test_a_bad_enterprise_number_creates_nothing(database: Database) -> None:
    with pytest.raises(InvalidEnterpriseNumber), database.session() as session:
        tenants.create_tenant(session, name="Roos", requester="0403019262")
    with database.session() as session:
        assert session.scalars(sa.select(Tenant)).all() == []


def test_a_key_of_another_certificate_is_refused_and_nothing_is_saved(database: Database) -> None:
    box = SecretBox.generate()
    key, _ = generate_credentials("Roos BV")
    _, other_cert = generate_credentials("Someone else")
    with database.session() as session:
        tenant = tenants.create_tenant(session, name="Roos", requester="0403019261")
        with pytest.raises(ConfigurationError):
            tenants.save_credentials(
                session,
                box,
                tenant,
                client_id="self_service_chaman_1_a",
                private_key=key,
                certificate=other_cert,
            )
        assert tenant.private_key_enc is None
        assert tenant.client_id is None


def test_a_pkcs12_bundle_needs_its_password(database: Database) -> None:
    box = SecretBox.generate()
    key_pem, cert_pem = generate_credentials("Roos BV")
    creds = Credentials.from_pem(key_pem, cert_pem)
    bundle = pkcs12.serialize_key_and_certificates(
        b"roos", creds.private_key, creds.certificate, None, BestAvailableEncryption(b"s3cret-pass")
    )
    with database.session() as session:
        tenant = tenants.create_tenant(session, name="Roos", requester="0403019261")
        with pytest.raises(ConfigurationError):
            tenants.save_credentials(
                session,
                box,
                tenant,
                client_id="self_service_chaman_1_a",
                pkcs12=bundle,
                password="wrong",
            )
        assert not tenant.has_credentials
        tenants.save_credentials(
            session,
            box,
            tenant,
            client_id="self_service_chaman_1_a",
            pkcs12=bundle,
            password="s3cret-pass",
        )
        assert tenant.credential_kind == "pkcs12"
        assert b"s3cret-pass" not in (tenant.key_password_enc or b"")
        assert tenants.tenant_settings(tenant, box).credentials.subject == "CN=Roos BV"


def test_an_employer_is_listed_once_and_must_be_valid(database: Database) -> None:
    with database.session() as session:
        tenant = tenants.create_tenant(session, name="Bureau", requester="0123456749")
        tenants.add_employer(session, tenant, "0403.019.261", "Roos")
        with pytest.raises(ConfigurationError, match="already"):
            tenants.add_employer(session, tenant, "BE0403019261", "Roos again")
        with pytest.raises(InvalidEnterpriseNumber):
            tenants.add_employer(session, tenant, "0403019262", "Typo")
        assert sorted(e.enterprise_number for e in tenant.employers) == ["0123456749", "0403019261"]


# ---------------------------------------------------------------------------------- connections


def _tenant(session: sa.orm.Session) -> Tenant:
    return tenants.create_tenant(session, name="Roos", requester="0403019261")


RECRUITEE_SETTINGS = {"company_id": "77001", "codename": "precontract"}
RECRUITEE_SECRETS = {"api_token": "personal-token-123", "partner_secret": "partner-secret-456"}


def _recruitee(
    session: sa.orm.Session, box: SecretBox, **changes: Any
) -> tuple[Connection, str | None]:
    """A Recruitee connection of a new tenant; ``changes`` replace what the form would hold."""
    form: dict[str, Any] = {
        "kind": "recruitee",
        "name": "Recruitee",
        "settings": RECRUITEE_SETTINGS,
        "secret_values": RECRUITEE_SECRETS,
        **changes,
    }
    return connections.create_connection(session, box, _tenant(session), **form)


def test_a_connection_keeps_its_secrets_encrypted_and_finds_itself_by_its_key(
    database: Database,
) -> None:
    box = SecretBox.generate()
    with database.session() as session:
        connection, key = _recruitee(session, box)
        assert key is not None
        assert len(key) >= 40
        assert connections.find_by_inbound_key(session, "recruitee", key) is connection
        assert connections.find_by_inbound_key(session, "recruitee", key + "x") is None
        assert connections.find_by_inbound_key(session, "teamtailor", key) is None
        assert connections.find_by_inbound_key(session, "recruitee", None) is None
    with database.engine.connect() as raw:
        row = raw.execute(
            sa.text("SELECT secrets_enc, inbound_key_hash, settings FROM connections")
        ).one()
    assert b"personal-token-123" not in row[0]
    assert b"partner-secret-456" not in row[0]
    assert key not in row[1]
    assert "personal-token-123" not in json.dumps(row[2])


def test_a_blank_secret_keeps_the_stored_one(database: Database) -> None:
    box = SecretBox.generate()
    with database.session() as session:
        connection, _ = _recruitee(session, box)
        connections.update_connection(
            session,
            box,
            connection,
            name="Recruitee BXL",
            settings=RECRUITEE_SETTINGS,
            secret_values={"api_token": "", "partner_secret": "new-secret"},
            employer_id=None,
            language="fr",
        )
        config = connections.connection_config(box, connection)
    assert config.secret("api_token") == "personal-token-123"
    assert config.secret("partner_secret") == "new-secret"
    assert config.language == "fr"
    assert config.name == "Recruitee BXL"


def test_a_missing_required_setting_is_named(database: Database) -> None:
    box = SecretBox.generate()
    with database.session() as session:
        with pytest.raises(ConfigurationError, match="company_id"):
            _recruitee(session, box, settings={"codename": "x"})
        with pytest.raises(ConfigurationError, match="unknown ATS"):
            _recruitee(session, box, kind="workday", settings={}, secret_values={})


def test_teamtailor_is_found_by_the_provider_key_teamtailor_issued(database: Database) -> None:
    box = SecretBox.generate()
    with database.session() as session:
        connection, key = connections.create_connection(
            session,
            box,
            _tenant(session),
            kind="teamtailor",
            name="Teamtailor",
            settings={},
            secret_values={"provider_key": "tt-provider-key", "partner_key": "p", "api_key": "a"},
        )
        assert key is None  # Teamtailor makes the key, not us
        assert (
            connections.find_by_inbound_key(session, "teamtailor", "tt-provider-key") is connection
        )
        connection.enabled = False
        assert connections.find_by_inbound_key(session, "teamtailor", "tt-provider-key") is None


def test_a_new_connection_names_its_fields_in_its_language(database: Database) -> None:
    box = SecretBox.generate()
    with database.session() as session:
        recruitee, _ = _recruitee(session, box, language="nl")
        mapping = connections.mapping_of(recruitee)
    assert mapping.fields[FieldKey.FLEXI_ELIGIBLE].name == "Komt in aanmerking voor flexi-job"
    assert mapping.fields[FieldKey.STUDENT_HOURS_REMAINING].type is ValueType.INT


@pytest.mark.parametrize(
    ("kind", "key", "expected"),
    [
        ("recruitee", FieldKey.FLEXI_CONSULTABLE_UNTIL, ValueType.DATE),
        ("recruitee", FieldKey.CHECKED_AT, ValueType.TEXT),  # Recruitee has no date-and-time
        ("teamtailor", FieldKey.FLEXI_ELIGIBLE, ValueType.BOOL),
        ("teamtailor", FieldKey.CHECKED_AT, ValueType.TEXT),
        ("bullhorn", FieldKey.FLEXI_ELIGIBLE, ValueType.TEXT),  # Bullhorn has no yes/no fields
        ("bullhorn", FieldKey.FLEXI_CONSULTABLE_UNTIL, ValueType.DATETIME),  # nor date-only ones
    ],
)
def test_each_default_mapping_uses_field_types_its_ats_has(
    kind: str, key: FieldKey, expected: ValueType
) -> None:
    plugin = get_plugin(kind)
    mapping = FieldMapping(plugin.default_mapping("fr"))
    plugin.check_mapping(mapping)  # an administrator can save it as it is
    assert mapping.fields[key].type is expected


@pytest.mark.parametrize(
    ("kind", "names", "types", "problem"),
    [
        (
            "bullhorn",
            {"flexi_consultable_until": "customDate14"},
            {"flexi_consultable_until": "datetime"},
            "customDate",
        ),
        (
            "bullhorn",
            {"flexi_consultable_until": "customText3"},
            {"flexi_consultable_until": "datetime"},
            "customDate",
        ),
        (
            "bullhorn",
            {"flexi_eligible": "customText1", "mandate_status": "customText1"},
            {},
            "both mapped",
        ),
        (
            "recruitee",
            {"student_hours_remaining": "Hours"},
            {"student_hours_remaining": "date"},
            "cannot be stored",
        ),
        (
            "recruitee",
            {"checked_at": "Checked"},
            {"checked_at": "datetime"},
            "has no datetime fields",
        ),
    ],
)
def test_a_mapping_the_ats_cannot_hold_is_refused_and_the_old_one_kept(
    database: Database, kind: str, names: dict[str, str], types: dict[str, str], problem: str
) -> None:
    box = SecretBox.generate()
    settings = {
        "bullhorn": (
            {"corporation_id": "1", "client_id": "c", "username": "u"},
            {"client_secret": "s", "password": "p"},
        ),
        "recruitee": (RECRUITEE_SETTINGS, RECRUITEE_SECRETS),
    }[kind]
    with database.session() as session:
        connection, _ = connections.create_connection(
            session,
            box,
            _tenant(session),
            kind=kind,
            name="X",
            settings=settings[0],
            secret_values=settings[1],
        )
        before = dict(connection.field_mapping)
        with pytest.raises(IncompatibleField, match=problem):
            connections.save_mapping(session, connection, names, types)
        assert session.get(Connection, connection.id).field_mapping == before  # type: ignore[union-attr]


def test_a_valid_bullhorn_mapping_is_saved(database: Database) -> None:
    box = SecretBox.generate()
    with database.session() as session:
        connection, _ = connections.create_connection(
            session,
            box,
            _tenant(session),
            kind="bullhorn",
            name="B",
            settings={"corporation_id": "1", "client_id": "c", "username": "u"},
            secret_values={"client_secret": "s", "password": "p"},
        )
        mapping = connections.save_mapping(
            session,
            connection,
            {
                "flexi_eligible": "customText5",
                "flexi_consultable_until": "customDate2",
                "student_hours_remaining": "customInt4",
                "student_year": "",
            },
            {
                "flexi_eligible": "text",
                "flexi_consultable_until": "datetime",
                "student_hours_remaining": "int",
            },
        )
    assert {k.value: h.name for k, h in mapping.fields.items()} == {
        "flexi_eligible": "customText5",
        "flexi_consultable_until": "customDate2",
        "student_hours_remaining": "customInt4",
    }


# ---------------------------------------------------------------------------------- values


_VALUES = st.fixed_dictionaries(
    {},
    optional={
        FieldKey.FLEXI_ELIGIBLE: st.booleans(),
        FieldKey.FLEXI_CONSULTABLE_UNTIL: st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
        FieldKey.STUDENT_HOURS_REMAINING: st.integers(0, 650),
        FieldKey.STUDENT_AS_OF: st.datetimes(
            dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
        ).map(lambda d: d.replace(microsecond=0)),
        FieldKey.MANDATE_STATUS: st.sampled_from(["active", "pending", "expired"]),
        FieldKey.REQUEST_URL: st.none() | st.text(min_size=1, max_size=30),
    },
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(_VALUES)
def test_stored_values_read_back_the_same(values: dict[FieldKey, object]) -> None:
    stored = json.loads(json.dumps(dump_values(values)))
    assert load_values(stored) == values
