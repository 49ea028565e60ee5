"""The addon's Odoo-free host logic: Odoo's value conventions, the adapter, the settings, the
batches and the expiry run, with the in-memory ``hr.applicant`` stand-in (see conftest.py).

No call goes out in this file; the journey against the sandbox is in test_odoo_journey.py.
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from hypothesis import given
from hypothesis import strategies as st

from precontract.client import CheckStatus, ConnectionCheck, ConnectionReport
from precontract.credentials import generate_credentials
from precontract.errors import ConfigurationError, InvalidSsin
from precontract.fields import FieldKey, MandateStatusValue
from precontract.timeutil import BRUSSELS
from tests.odoo import odoo_addon_source as src
from tests.odoo.odoo_fakes import FakeApplicants, WriteRefused

KEY, CERT = generate_credentials("odoo-host-tests")
NOON = dt.datetime(2026, 11, 28, 12, 0, tzinfo=BRUSSELS)


# ---------------------------------------------------------------------------- Odoo's values

moments = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
).map(lambda m: m.replace(microsecond=0))
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1))
STRATEGIES: dict[FieldKey, st.SearchStrategy[Any]] = {
    FieldKey.FLEXI_ELIGIBLE: st.booleans(),
    FieldKey.FLEXI_PERIOD_START: days,
    FieldKey.FLEXI_PERIOD_END: days,
    FieldKey.FLEXI_CONSULTABLE_UNTIL: days,
    FieldKey.STUDENT_HOURS_REMAINING: st.integers(0, 650),
    FieldKey.STUDENT_YEAR: st.integers(2000, 2100),
    FieldKey.STUDENT_AS_OF: moments,
    FieldKey.STUDENT_CONSULTABLE_UNTIL: days,
    FieldKey.MANDATE_STATUS: st.sampled_from([s.value for s in MandateStatusValue]),
    FieldKey.REQUEST_URL: st.just("http://127.0.0.1:1/portal/requests/r-1"),
    FieldKey.REQUEST_EXPIRES_AT: moments,
    FieldKey.CHECKED_AT: moments,
    FieldKey.REQUEST_ID: st.text("abcdef0123456789-", min_size=1, max_size=36),
    FieldKey.MANDATE_ID: st.text("abcdef0123456789-", min_size=1, max_size=36),
}
logical_values = st.fixed_dictionaries(
    {key: st.none() | strategy for key, strategy in STRATEGIES.items()}
).filter(
    # An empty Odoo integer reads as 0, so the hours are told apart from "no value" by their year:
    # the API always gives both or neither.
    lambda v: (v[FieldKey.STUDENT_HOURS_REMAINING] is None) == (v[FieldKey.STUDENT_YEAR] is None)
)


@given(values=logical_values)
def test_values_survive_a_trip_through_odoo_fields(
    host: ModuleType, values: dict[Any, Any]
) -> None:
    store = FakeApplicants()
    reference = store.create()
    store.browse(int(reference)).write(host.to_odoo(values))  # the ORM's rules hold
    read = store.browse(int(reference)).read(list(host.RESULT_FIELDS))[0]
    assert host.from_odoo(read) == values


def test_odoo_conventions_for_a_result(host: ModuleType) -> None:
    written = host.to_odoo(
        {
            FieldKey.FLEXI_ELIGIBLE: False,
            FieldKey.STUDENT_AS_OF: NOON,
            FieldKey.STUDENT_YEAR: None,
            FieldKey.MANDATE_STATUS: "active",
        }
    )
    assert written == {
        "precontract_flexi_eligible": "no",  # "no", not an empty field
        "precontract_student_as_of": dt.datetime(2026, 11, 28, 11, 0),  # naive UTC
        "precontract_student_year": False,
        "precontract_mandate_status": "active",
    }


def test_empty_odoo_fields_read_as_no_value(host: ModuleType, applicants: FakeApplicants) -> None:
    reference = applicants.create()
    read = applicants.browse(int(reference)).read(list(host.RESULT_FIELDS))[0]
    assert set(host.from_odoo(read).values()) == {None}
    # A student who used up their hours keeps their 0.
    applicants.browse(int(reference)).write(
        {"precontract_student_year": 2026, "precontract_student_hours_remaining": 0}
    )
    read = applicants.browse(int(reference)).read(list(host.RESULT_FIELDS))[0]
    assert host.from_odoo(read)[FieldKey.STUDENT_HOURS_REMAINING] == 0


# ---------------------------------------------------------------------------- the adapter


def test_adapter_reads_the_applicant_in_their_language(
    host: ModuleType, applicants: FakeApplicants
) -> None:
    reference = applicants.create(
        partner_name="Léa Dubois",
        email_from="lea@example.com",
        precontract_lang="fr_BE",
        precontract_ssin="85073003328",
    )
    applicant = host.OdooApplicantAdapter(applicants).read_applicant(reference)
    assert (applicant.name, applicant.email, applicant.language) == (
        "Léa Dubois",
        "lea@example.com",
        "fr",
    )
    assert applicant.ssin is not None
    assert applicant.ssin.masked == "85.07.30-***.**"


def test_adapter_refuses_a_stored_invalid_niss(
    host: ModuleType, applicants: FakeApplicants
) -> None:
    # The addon refuses it on create/write; one written around the ORM (SQL) is refused here.
    reference = applicants.create(partner_name="Typo", precontract_ssin="85073003329")
    with pytest.raises(InvalidSsin):
        host.OdooApplicantAdapter(applicants).read_applicant(reference)


def test_adapter_says_when_the_applicant_is_gone(
    host: ModuleType, applicants: FakeApplicants
) -> None:
    with pytest.raises(LookupError):
        host.OdooApplicantAdapter(applicants).read_state("404")


# ---------------------------------------------------------------------------- settings


def _stored(host: ModuleType, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "environment": "sandbox",
        "sandbox_url": "http://127.0.0.1:9",
        "client_id": "self_service_chaman_1_odoo",
        "requester": "0123.456.749",
        "employer": "0403019261",
        "private_key": KEY,
        "key_filename": "key.pem",
        "certificate": CERT,
    }
    values.update(changes)
    return host.StoredConfiguration(**values)


def test_stored_configuration_becomes_checked_settings(host: ModuleType) -> None:
    settings = host.build_settings(_stored(host))
    assert settings.token_url == "http://127.0.0.1:9/REST/oauth/v5/token"
    assert settings.requester.compact == "0123456749"
    assert settings.employer.compact == "0403019261"
    assert "PRIVATE" not in repr(_stored(host))
    # One number, as Odoo passes timeouts: Odoo's test runner refuses a (connect, read) pair.
    assert settings.timeout == 30.0


def _pkcs12(key_pem: bytes, cert_pem: bytes, password: bytes) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        b"odoo",
        serialization.load_pem_private_key(key_pem, password=None),  # type: ignore[arg-type]
        x509.load_pem_x509_certificate(cert_pem),
        None,
        serialization.BestAvailableEncryption(password),
    )


def test_a_pkcs12_upload_is_recognised_by_its_name(host: ModuleType) -> None:
    bundle = _pkcs12(KEY, CERT, b"s3cret")
    stored = _stored(
        host,
        private_key=bundle,
        key_filename="ACCOUNT.P12",
        certificate=None,
        key_password="s3cret",
    )
    assert host.build_settings(stored).credentials.subject == "CN=odoo-host-tests"


@pytest.mark.parametrize(
    ("changes", "setting"),
    [
        ({"client_id": " "}, "client_id"),
        ({"requester": None}, "requester"),
        ({"requester": "0123456789"}, "requester"),
        ({"private_key": None}, "private_key_pem"),
        ({"certificate": generate_credentials("other")[1]}, None),
        ({"environment": "staging"}, "environment"),
    ],
)
def test_configuration_problems_name_a_field_of_the_settings_screen(
    host: ModuleType, changes: dict[str, Any], setting: str | None
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        host.build_settings(_stored(host, **changes))
    if setting is not None:
        assert caught.value.setting == setting
    field = host.SETTING_FIELDS[caught.value.setting]
    assert field in src.models()["res.config.settings"].fields


def test_an_upload_is_checked_before_it_is_stored(host: ModuleType) -> None:
    upload = host.StoredConfiguration(private_key=KEY, key_filename="key.pem", certificate=CERT)
    assert host.load_credentials(upload).subject == "CN=odoo-host-tests"

    other = generate_credentials("other")[1]
    with pytest.raises(ConfigurationError) as mismatch:
        host.load_credentials(host.StoredConfiguration(private_key=KEY, certificate=other))
    assert host.SETTING_FIELDS[mismatch.value.setting] == "precontract_private_key_upload"

    # An expired certificate is named in the field the administrator uploaded it in.
    old_key, old_cert = generate_credentials("expired", days=1, not_before=dt.datetime(2020, 1, 1))
    with pytest.raises(ConfigurationError) as expired:
        host.load_credentials(host.StoredConfiguration(private_key=old_key, certificate=old_cert))
    assert host.SETTING_FIELDS[expired.value.setting] == "precontract_certificate_upload"
    bundle = _pkcs12(old_key, old_cert, b"s3cret")
    upload = host.StoredConfiguration(
        private_key=bundle, key_filename="account.pfx", key_password="s3cret"
    )
    with pytest.raises(ConfigurationError) as expired_bundle:
        host.load_credentials(upload)
    assert host.SETTING_FIELDS[expired_bundle.value.setting] == "precontract_private_key_upload"


def test_connection_report_becomes_one_notification(host: ModuleType) -> None:
    report = ConnectionReport(
        environment="acceptance",
        client_id="self_service_chaman_1_odoo",
        checks=(
            ConnectionCheck(
                "certificate",
                CheckStatus.WARNING,
                "connection.certificate_expiring",
                {"subject": "CN=x", "until": "01/12/2026"},
            ),
            ConnectionCheck(
                "token", CheckStatus.OK, "connection.token_ok", {"client_id": "self_service_x"}
            ),
        ),
    )
    message, kind = host.report_text(report, "nl")
    assert kind == "warning"
    assert "De verbinding met de sociale zekerheid werkt" in message
    assert "\n" not in message
    failed = ConnectionReport(
        "acceptance", "c", (ConnectionCheck("token", CheckStatus.FAILED, "x"),)
    )
    assert host.report_text(failed, "en")[1] == "danger"


# ---------------------------------------------------------------------------- batches


def test_a_batch_survives_one_failing_record(host: ModuleType, applicants: FakeApplicants) -> None:
    references = [applicants.create(partner_name=f"A{i}") for i in range(5)]
    applicants.fail_on = {int(references[2])}
    seen: list[str] = []
    progress: list[tuple[int, int]] = []

    def action(reference: str) -> str:
        applicants.browse(int(reference)).write({"precontract_request_id": f"r-{reference}"})
        return "done"

    report = host.run_in_batches(
        references,
        action,
        batch_size=2,
        isolate=applicants.savepoint,
        after_each=seen.append,
        after_batch=lambda in_batch, remaining: progress.append((in_batch, remaining)),
    )
    assert list(report.failures) == [references[2]]
    assert "WriteRefused" in report.failures[references[2]]
    assert set(report.results) == set(references) - {references[2]}
    assert seen == references  # the audit hook ran for every record, the failed one included
    assert progress == [(2, 3), (2, 1), (1, 0)]
    assert applicants.get(references[2], "precontract_request_id") is False
    assert applicants.get(references[4], "precontract_request_id") == f"r-{references[4]}"


def test_a_failure_inside_the_savepoint_leaves_nothing_half_written(
    host: ModuleType, applicants: FakeApplicants
) -> None:
    reference = applicants.create()

    def half(reference: str) -> None:
        applicants.browse(int(reference)).write({"precontract_request_id": "r-1"})
        raise WriteRefused("the second write failed")

    report = host.run_in_batches([reference], half, isolate=applicants.savepoint)
    assert list(report.failures) == [reference]
    assert applicants.get(reference, "precontract_request_id") is False


def test_failure_messages_are_masked(host: ModuleType) -> None:
    def boom(reference: str) -> None:
        raise ValueError("NISS 85073003328 refused")

    report = host.run_in_batches(["1"], boom)
    assert "85073003328" not in report.failures["1"]
    assert "85.07.30-***.**" in report.failures["1"]


# ---------------------------------------------------------------------------- expiry (no call)


def test_expiry_run_clears_ended_windows_and_leaves_the_rest(
    host: ModuleType, applicants: FakeApplicants
) -> None:
    granted = applicants.create(
        precontract_mandate_status="active",
        precontract_flexi_eligible="yes",
        precontract_flexi_period_start=dt.date(2026, 10, 1),
        precontract_flexi_period_end=dt.date(2026, 12, 31),
        precontract_flexi_consultable_until=dt.date(2026, 12, 28),
        precontract_student_year=2026,
        precontract_student_hours_remaining=412,
        precontract_student_as_of=dt.datetime(2026, 11, 28, 9, 32),
        precontract_student_consultable_until=dt.date(2027, 2, 28),
    )
    waiting = applicants.create(
        precontract_mandate_status="needs_approval",
        precontract_request_url="http://127.0.0.1:1/portal/requests/r-2",
        precontract_request_expires_at=dt.datetime(2026, 11, 28, 22, 59, 59),
    )
    after_flexi = dt.datetime(2026, 12, 29, 0, 30, tzinfo=BRUSSELS)
    adapter = host.OdooApplicantAdapter(applicants)
    report = host.expire_all(adapter, [granted, waiting], after_flexi, isolate=applicants.savepoint)

    assert report.failures == {}
    assert applicants.get(granted, "precontract_flexi_eligible") is False
    assert applicants.get(granted, "precontract_flexi_consultable_until") is False
    assert applicants.get(granted, "precontract_student_hours_remaining") == 412
    assert applicants.get(granted, "precontract_mandate_status") == "active"
    assert applicants.get(waiting, "precontract_request_url") is False
    assert applicants.get(waiting, "precontract_mandate_status") == "expired"

    # Once the student window ends too, nothing is left and the access counts as expired.
    host.expire_all(adapter, [granted], dt.datetime(2027, 3, 1, 8, 0, tzinfo=BRUSSELS))
    assert applicants.get(granted, "precontract_student_hours_remaining") == 0
    assert applicants.get(granted, "precontract_student_year") == 0
    assert applicants.get(granted, "precontract_mandate_status") == "expired"
    # Clearing is one write per applicant and run, and a second run changes nothing.
    count = len(applicants.writes)
    host.expire_all(adapter, [granted, waiting], dt.datetime(2027, 3, 2, tzinfo=BRUSSELS))
    assert len(applicants.writes) == count
