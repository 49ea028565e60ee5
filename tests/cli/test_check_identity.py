"""`precontract check` on a request bound to no NISS (issue 10): exit 12 with who approved, the
data only with --accept-approver or the NISS; a second check answers the pending request; the
audit names the operating-system user. Against the sandbox over HTTP."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from precontract.audit import JsonLinesAuditSink
from precontract.sandbox import personas

from .conftest import Invoke, run_json

EMMA = personas.STUDENT_FEW_HOURS
LUCAS = personas.STUDENT_FULL
EMMA_KNOWN = ["--reference", "cand-7", "--name", "Emma Claes", "--birth-date", "2004-09-23"]


def audit_of(env: dict[str, str]) -> JsonLinesAuditSink:
    return JsonLinesAuditSink(Path(env["PRECONTRACT_AUDIT_LOG"]))


def test_emma_approved_by_lucas_exits_12_shows_who_and_the_mismatch_and_no_data(
    invoke: Invoke, env: dict[str, str], sandbox: Any
) -> None:
    first = run_json(invoke, ["check", *EMMA_KNOWN], env, 10)
    request_id = first["requestId"]
    sandbox.approve(request_id, LUCAS.ssin.compact)

    text = invoke(["check", *EMMA_KNOWN, "--request-id", request_id], env)
    assert text.exit_code == 12, text.output
    out = text.output
    assert "Approved by someone — confirm" in out
    assert "Approved by Lucas Janssens (NISS 05.03.18-***.**, born 18/03/2005)." in out
    assert "Name: does NOT match." in out
    assert "Birth date: does NOT match." in out
    assert "Warning: the person who approved does not seem to be this applicant" in out
    assert "--accept-approver" in out
    assert LUCAS.ssin.compact not in out
    assert LUCAS.ssin.formatted not in out
    assert "650" not in out  # Lucas's hours are not read, let alone shown

    as_json = run_json(invoke, ["check", *EMMA_KNOWN, "--request-id", request_id], env, 12)
    assert as_json["outcome"] == "confirm_approver"
    assert as_json["ssin"] is None
    assert as_json["approver"] == {
        "ssin": "05.03.18-***.**",
        "birthDate": "2005-03-18",
        "name": "Lucas Janssens",
        "nameMatch": "mismatch",
        "birthDateMatch": "mismatch",
        "match": "mismatch",
    }
    assert as_json["fields"]["student_hours_remaining"] is None
    assert as_json["fields"]["mandate_status"] == "confirm_approver"
    assert [e.action.value for e in audit_of(env).read()] == ["access_request.created"]


def test_accept_approver_prints_the_data_and_the_audit_names_the_os_user(
    invoke: Invoke, env: dict[str, str], sandbox: Any
) -> None:
    first = run_json(invoke, ["check", *EMMA_KNOWN], env, 10)
    sandbox.approve(first["requestId"], EMMA.ssin.compact)
    args = ["check", *EMMA_KNOWN, "--request-id", first["requestId"], "--accept-approver"]
    accepted = run_json(invoke, args, env, 0)
    assert accepted["outcome"] == "result"
    assert accepted["fields"]["student_hours_remaining"] == 38
    events = audit_of(env).read()
    assert [e.action.value for e in events] == [
        "access_request.created",
        "approver.accepted",
        "consultation",
    ]
    user = getpass.getuser()
    assert all(e.actor == user for e in events)
    assert events[1].result == "match"
    assert events[2].request_id == first["requestId"]
    assert events[2].mandate_id == accepted["mandateId"]


def test_the_niss_given_uses_only_that_citizens_approval(
    invoke: Invoke, env: dict[str, str], sandbox: Any
) -> None:
    first = run_json(invoke, ["check", "--reference", "cand-9"], env, 10)
    sandbox.approve(first["requestId"], EMMA.ssin.compact)
    args = ["check", EMMA.ssin.formatted, "--request-id", first["requestId"]]
    assert run_json(invoke, args, env, 0)["fields"]["student_hours_remaining"] == 38
    # Another citizen's NISS is not served by Emma's approval: a request bound to it instead.
    other = run_json(
        invoke, ["check", LUCAS.ssin.formatted, "--request-id", first["requestId"]], env, 10
    )
    assert other["outcome"] == "needs_approval"
    assert other["fields"]["student_hours_remaining"] is None


def test_a_second_check_answers_the_pending_request_instead_of_a_new_one(
    invoke: Invoke, env: dict[str, str], sandbox: Any
) -> None:
    by_niss = run_json(invoke, ["check", EMMA.ssin.formatted], env, 10)
    again = run_json(invoke, ["check", EMMA.ssin.formatted], env, 10)
    assert again["outcome"] == "pending"
    assert again["requestId"] == by_niss["requestId"]
    assert again["approvalUrl"] == by_niss["approvalUrl"]
    text = invoke(["check", EMMA.ssin.formatted], env)
    assert text.exit_code == 10
    assert by_niss["approvalUrl"] in text.output  # the link, and the QR code above it
    assert "▀" in text.output or "▄" in text.output

    by_reference = run_json(invoke, ["check", "--reference", "cand-11"], env, 10)
    again = run_json(invoke, ["check", "--reference", "cand-11"], env, 10)
    assert again["requestId"] == by_reference["requestId"]
    # The default reference is everyone's: never used to look a request up.
    one = run_json(invoke, ["check"], env, 10)
    two = run_json(invoke, ["check"], env, 10)
    assert one["requestId"] != two["requestId"]
    created = [e for e in audit_of(env).read() if e.action.value == "access_request.created"]
    assert len(created) == 4
