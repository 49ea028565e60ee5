"""The Odoo addon's journey behind the core's plugin protocol, against the sandbox over HTTP.

The addon's models are thin: the button and the scheduled actions build the host package's
:class:`CheckSession` over ``env["hr.applicant"]`` and call it. Here the same session runs over
:class:`~tests.odoo.odoo_fakes.FakeApplicants`, an in-memory stand-in for ``env["hr.applicant"]`` that keeps
the ORM's value rules (naive UTC datetimes, ``False`` for empty, all-or-nothing writes,
savepoints); the calls to the social security APIs are real HTTP calls to the sandbox.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
import requests
import zxingcpp
from PIL import Image

from precontract.audit import AuditAction
from precontract.client import PrecontractClient
from precontract.config import Settings
from precontract.errors import InvalidSsin
from precontract.fields import FieldKey
from precontract.http import RequestsTransport
from precontract.i18n import translate
from precontract.identifiers import EnterpriseNumber
from precontract.outcome import OutcomeKind
from precontract.sandbox import personas
from precontract.timeutil import BRUSSELS, end_of_day
from tests.odoo.odoo_fakes import FakeApplicants

EMPLOYER = EnterpriseNumber.parse("0403019261")


class CountingTransport(RequestsTransport):
    """The default transport, noting every request that goes out."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def send(self, request: requests.PreparedRequest, *, timeout: tuple[float, float]) -> Any:
        self.sent.append(f"{request.method} {request.url}")
        return super().send(request, timeout=timeout)


@pytest.fixture
def transport() -> Iterator[CountingTransport]:
    counting = CountingTransport()
    yield counting
    counting.close()


@pytest.fixture
def session(
    host: ModuleType,
    sandbox_settings: Settings,
    applicants: FakeApplicants,
    transport: CountingTransport,
) -> Iterator[Any]:
    """The session the button builds (tests/conftest.py registers a fresh client in the sandbox)."""
    client = PrecontractClient(sandbox_settings, transport=transport)
    with host.CheckSession(sandbox_settings, applicants, client=client) as checks:
        yield checks


def decode_qr(png_base64: str) -> str:
    image = Image.open(io.BytesIO(base64.b64decode(png_base64)))
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1
    return str(codes[0].text)


def new_applicant(applicants: FakeApplicants, name: str = "Maria Peeters", **values: Any) -> str:
    email = name.lower().replace(" ", ".") + "@example.com"
    return applicants.create(partner_name=name, email_from=email, **values)


def ask_and_approve(session: Any, sandbox: Any, reference: str, ssin: Any) -> None:
    # The request is bound to the applicant's NISS, so their approval is theirs (issue 10): an
    # unbound one would wait for an officer to accept the approver.
    session.adapter._applicants.browse(int(reference)).write({"precontract_ssin": str(ssin)})
    outcome = session.check(reference, employer=EMPLOYER)
    assert outcome.kind is OutcomeKind.NEEDS_APPROVAL
    sandbox.approve(outcome.request_id, str(ssin))


def test_button_gives_the_wizard_a_qr_code_of_the_link(
    host: ModuleType, session: Any, applicants: FakeApplicants
) -> None:
    reference = new_applicant(applicants, precontract_lang="nl_BE")

    outcome = session.check(reference, employer=EMPLOYER, actor="Roos")
    wizard = host.wizard_values(outcome, "nl")

    assert wizard["state"] == "needs_approval"
    assert wizard["message"] == translate("outcome.needs_approval", "nl")
    url = applicants.get(reference, "precontract_request_url")
    assert url
    assert wizard["approval_url"] == url
    assert decode_qr(wizard["qr_code"]) == url
    assert Image.open(io.BytesIO(base64.b64decode(wizard["qr_code"]))).width >= 250
    # Valid until the end of the day (Brussels), stored as Odoo stores moments: naive UTC.
    expires = applicants.get(reference, "precontract_request_expires_at")
    assert wizard["approval_expires_at"] == expires
    assert expires.tzinfo is None
    assert expires.replace(tzinfo=dt.UTC) == end_of_day(outcome.checked_at)
    assert applicants.get(reference, "precontract_mandate_status") == "needs_approval"
    # The link opens the (sandbox's) citizen portal.
    assert requests.get(url, timeout=10).status_code == 200
    # The access request is in the audit trail, for this applicant, by this user.
    [event] = session.audit.drain()
    assert event.action is AuditAction.ACCESS_REQUEST_CREATED
    assert (event.applicant_reference, event.actor) == (reference, "Roos")


def test_approval_writes_every_result_field_in_one_write(
    host: ModuleType, session: Any, sandbox: Any, applicants: FakeApplicants
) -> None:
    persona = personas.STUDENT_AND_FLEXI
    reference = new_applicant(applicants)
    ask_and_approve(session, sandbox, reference, persona.ssin)
    writes_before = len(applicants.writes_to(reference))

    outcome = session.check(reference, employer=EMPLOYER)

    assert outcome.kind is OutcomeKind.RESULT
    [write] = applicants.writes_to(reference)[writes_before:]
    assert set(write) == set(host.RESULT_FIELDS)
    data = outcome.data
    assert data is not None
    assert data.flexi_job is not None
    assert data.student_at_work is not None
    assert write["precontract_mandate_status"] == "active"
    assert write["precontract_flexi_eligible"] == ("yes" if data.flexi_job.eligible else "no")
    assert write["precontract_flexi_consultable_until"] == data.flexi_job.consultable_until
    assert write["precontract_student_hours_remaining"] == data.student_at_work.remaining_hours
    assert write["precontract_student_year"] == data.student_at_work.year
    assert write["precontract_student_consultable_until"] == data.student_at_work.consultable_until
    assert write["precontract_request_url"] is False  # the link served its purpose
    assert write["precontract_mandate_id"] == outcome.mandate_id
    consultations = [e for e in session.audit.drain() if e.action is AuditAction.CONSULTATION]
    assert [e.ssin for e in consultations] == [persona.ssin.masked]
    assert str(persona.ssin.compact) not in repr(consultations)


def test_expiry_clears_what_may_no_longer_be_consulted(
    host: ModuleType, session: Any, sandbox: Any, applicants: FakeApplicants
) -> None:
    reference = new_applicant(applicants)
    ask_and_approve(session, sandbox, reference, personas.STUDENT_AND_FLEXI.ssin)
    outcome = session.check(reference, employer=EMPLOYER)
    assert outcome.data is not None
    assert outcome.data.flexi_job is not None
    assert outcome.data.student_at_work is not None
    flexi_until = outcome.data.flexi_job.consultable_until
    student_until = outcome.data.student_at_work.consultable_until
    assert flexi_until < student_until

    def day_after(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 5), BRUSSELS)

    on_last_day = dt.datetime.combine(flexi_until, dt.time(20, 0), BRUSSELS)
    assert host.expire_all(session.adapter, [reference], on_last_day).failures == {}
    assert applicants.get(reference, "precontract_flexi_eligible") in ("yes", "no")

    host.expire_all(session.adapter, [reference], day_after(flexi_until))
    assert applicants.get(reference, "precontract_flexi_eligible") is False
    assert applicants.get(reference, "precontract_flexi_consultable_until") is False
    assert applicants.get(reference, "precontract_student_hours_remaining") > 0
    assert applicants.get(reference, "precontract_mandate_status") == "active"

    host.expire_all(session.adapter, [reference], day_after(student_until))
    values = host.from_odoo(applicants.browse(int(reference)).read(list(host.RESULT_FIELDS))[0])
    assert all(
        values[key] is None for key in (FieldKey.STUDENT_HOURS_REMAINING, FieldKey.STUDENT_YEAR)
    )
    assert values[FieldKey.MANDATE_STATUS] == "expired"


def test_refusal_is_said_plainly_and_a_new_request_gets_a_new_link(
    host: ModuleType, session: Any, sandbox: Any, applicants: FakeApplicants
) -> None:
    reference = new_applicant(applicants)
    first = session.check(reference, employer=EMPLOYER)
    sandbox.refuse(first.request_id, str(personas.FLEXI_WORKER.ssin))

    refused = session.check(reference, employer=EMPLOYER)
    wizard = host.wizard_values(refused, "fr")

    assert refused.kind is OutcomeKind.REFUSED
    assert wizard["state"] == "refused"
    assert wizard["message"] == translate("outcome.refused", "fr")
    assert wizard["qr_code"] is False
    assert applicants.get(reference, "precontract_mandate_status") == "refused"
    assert applicants.get(reference, "precontract_request_id") is False

    again = session.check(reference, employer=EMPLOYER, new_request=True)
    assert again.kind is OutcomeKind.NEEDS_APPROVAL
    assert again.approval_url != first.approval_url
    assert decode_qr(host.wizard_values(again, "fr")["qr_code"]) == again.approval_url


def test_follow_up_action_fills_approved_requests_and_survives_a_failing_record(
    host: ModuleType, session: Any, sandbox: Any, applicants: FakeApplicants
) -> None:
    approved = new_applicant(applicants, "Maria Peeters")
    waiting = new_applicant(applicants, "Tom Janssens")
    broken = new_applicant(applicants, "Léa Dubois")
    ask_and_approve(session, sandbox, approved, personas.STUDENT_AND_FLEXI.ssin)
    assert session.check(waiting, employer=EMPLOYER).kind is OutcomeKind.NEEDS_APPROVAL
    ask_and_approve(session, sandbox, broken, personas.PENSIONER.ssin)
    session.audit.drain()
    applicants.fail_on = {int(broken)}
    audit: dict[str, list[Any]] = {}

    report = host.follow_pending(
        session,
        [approved, broken, waiting],
        employer_of=lambda _reference: EMPLOYER,
        batch_size=2,
        isolate=applicants.savepoint,
        after_each=lambda reference: audit.setdefault(reference, session.audit.drain()),
    )

    assert report.results == {approved: "result", waiting: "pending"}
    assert list(report.failures) == [broken]
    assert applicants.get(approved, "precontract_mandate_status") == "active"
    assert applicants.get(approved, "precontract_flexi_eligible") in ("yes", "no")
    assert applicants.get(waiting, "precontract_mandate_status") == "pending"
    # The failing record is left as it was: nothing half written...
    assert applicants.get(broken, "precontract_mandate_status") == "needs_approval"
    assert applicants.get(broken, "precontract_flexi_eligible") is False
    # ...but its consultation happened, and is in the audit trail all the same.
    assert [e.action for e in audit[broken]] == [AuditAction.CONSULTATION]
    assert [e.action for e in audit[approved]] == [AuditAction.CONSULTATION]
    assert audit[waiting] == []


def test_invalid_niss_is_refused_before_any_call_and_nothing_is_written(
    session: Any, applicants: FakeApplicants, transport: CountingTransport
) -> None:
    reference = new_applicant(applicants, precontract_ssin="85073003329")

    with pytest.raises(InvalidSsin) as caught:
        session.check(reference, employer=EMPLOYER)

    assert transport.sent == []
    assert applicants.writes == []
    assert "85073003329" not in str(caught.value)
    assert caught.value.user_message("nl") == translate("error.invalid_ssin", "nl")
