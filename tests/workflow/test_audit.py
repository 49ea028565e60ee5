"""The audit trail: JSON lines on disk, NISS masked, readable back; errors are ours."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest

from precontract.audit import (
    AuditAction,
    AuditError,
    AuditEvent,
    AuditSink,
    JsonLinesAuditSink,
    MemoryAuditSink,
    default_audit_path,
)
from precontract.errors import PrecontractError
from precontract.identifiers import Ssin
from precontract.sandbox import SandboxServer

SSIN = Ssin.parse("85.07.30-033.28")


def _event(**overrides: object) -> AuditEvent:
    values: dict[str, object] = {
        "action": AuditAction.CONSULTATION,
        "requester": "0123456749",
        "employer": "0403019261",
        "result": "data",
        "actor": "roos@example.test",
        "applicant_reference": "applicant-42",
        "ssin": SSIN,
        "mandate_id": "m-1",
        "data_types": ("FLEXI_JOB_ELIGIBILITY",),
        "at": dt.datetime(2026, 11, 28, 9, 31, tzinfo=dt.UTC),
    }
    values.update(overrides)
    return AuditEvent(**values)  # type: ignore[arg-type]


def test_the_ssin_is_stored_masked_whatever_form_it_comes_in() -> None:
    for given in (SSIN, "85073003328", "85.07.30-033.28"):
        assert _event(ssin=given).ssin == "85.07.30-***.**"
    # ... and an NISS slipped into free text is masked too.
    event = _event(detail="refused for 85073003328", applicant_reference="85073003328")
    assert "85073003328" not in json.dumps(event.to_dict())


def test_json_lines_sink_appends_one_line_per_event(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "audit.jsonl"
    sink = JsonLinesAuditSink(path)
    assert isinstance(sink, AuditSink)
    sink.record(_event())
    sink.record(
        _event(action=AuditAction.ACCESS_REQUEST_CREATED, result="PENDING", request_id="r-9")
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["action"] == "consultation"
    assert first["ssin"] == "85.07.30-***.**"
    assert first["employer"] == "0403019261"
    assert first["actor"] == "roos@example.test"
    assert first["at"] == "2026-11-28T09:31:00+00:00"
    assert "85073003328" not in path.read_text(encoding="utf-8")
    events = sink.read()
    assert [e.action for e in events] == [
        AuditAction.CONSULTATION,
        AuditAction.ACCESS_REQUEST_CREATED,
    ]
    assert events[0] == _event(ssin="85.07.30-***.**")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    JsonLinesAuditSink(path).record(_event())
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0


def test_an_unwritable_log_raises_our_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    sink = JsonLinesAuditSink(blocker / "audit.jsonl")
    with pytest.raises(AuditError) as info:
        sink.record(_event())
    assert isinstance(info.value, PrecontractError)
    assert "audit" in info.value.user_message("nl").lower()


def test_memory_sink_keeps_events_in_order() -> None:
    sink = MemoryAuditSink()
    sink.record(_event(result="first"))
    sink.record(_event(result="second"))
    assert [e.result for e in sink.events] == ["first", "second"]
    assert len(sink) == 2


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        _event(at=dt.datetime(2026, 1, 1, 12, 0))


def test_default_path_is_in_the_users_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    path = default_audit_path()
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert path == tmp_path / "precontract" / "audit.jsonl"
    assert path.name == "audit.jsonl"


def test_the_audit_log_setting_decides_where_the_checker_writes(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    from precontract.client import PrecontractClient
    from precontract.eligibility import EligibilityChecker
    from precontract.outcome import Applicant
    from precontract.testing import sandbox_settings

    log = tmp_path / "trail" / "audit.jsonl"
    settings = sandbox_settings(sandbox, audit_log=log)
    assert settings.describe()["audit_log"] == str(log)
    with PrecontractClient(settings) as client:
        checker = EligibilityChecker.from_client(client)
        checker.check(Applicant(reference="7", ssin=Ssin.parse("85.07.30-033.28")))
    lines = log.read_text().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["ssin"] == "85.07.30-***.**"
    assert "85073003328" not in lines[0]
