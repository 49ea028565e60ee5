"""The bulk journal: resume an unfinished run, start a new one from the last answers, keep no
NISS in clear and no value past its consultation window, survive a line cut short."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from precontract.fields import FieldKey
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.journal import Journal, JournalEntry, journal_key

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
EMPLOYER = EnterpriseNumber.parse("0403019261")
SSIN = Ssin.parse("85073003328")


def entry(journal: Journal, reference: str, until: dt.date) -> JournalEntry:
    return JournalEntry(
        run=journal.run_id,
        key=journal_key(EMPLOYER, reference),
        ssin_digest=journal.digest(SSIN),
        planned_start=dt.date(2026, 12, 14),
        status="result",
        values={
            FieldKey.MANDATE_STATUS: "active",
            FieldKey.FLEXI_ELIGIBLE: True,
            FieldKey.FLEXI_PERIOD_START: dt.date(2026, 10, 1),
            FieldKey.FLEXI_PERIOD_END: dt.date(2026, 12, 31),
            FieldKey.FLEXI_CONSULTABLE_UNTIL: until,
        },
        at=NOW,
    )


def test_an_unfinished_run_is_resumed_and_a_finished_one_starts_anew(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    first = Journal(path)
    first.load()
    first.begin(NOW)
    first.record(entry(first, "a", dt.date(2026, 12, 28)))

    again = Journal(path)
    again.load()
    again.begin(NOW)
    assert again.run_id == first.run_id
    assert list(again.resumed) == [journal_key(EMPLOYER, "a")]
    assert again.digest(SSIN) == first.digest(SSIN)  # the same salt
    again.finish()

    third = Journal(path)
    third.load()
    third.begin(NOW)
    assert third.run_id != first.run_id
    assert third.resumed == {}
    stored = third.latest[journal_key(EMPLOYER, "a")]
    assert stored.values[FieldKey.FLEXI_ELIGIBLE] is True
    assert stored.values[FieldKey.FLEXI_CONSULTABLE_UNTIL] == dt.date(2026, 12, 28)


def test_a_new_run_clears_values_past_their_window_and_no_niss_is_written(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    journal = Journal(path)
    journal.load()
    journal.begin(NOW)
    journal.record(entry(journal, "old", dt.date(2026, 12, 2)))
    journal.record(entry(journal, "fresh", dt.date(2026, 12, 28)))
    journal.finish()

    later = Journal(path)
    later.load()
    later.begin(NOW + dt.timedelta(days=5))  # the 6th: the first window ended on the 2nd
    text = path.read_text(encoding="utf-8")
    assert SSIN.compact not in text
    assert SSIN.formatted not in text
    results = [json.loads(line) for line in text.splitlines() if '"type":"result"' in line]
    assert len(results) == 2  # one line per applicant after the rewrite
    by_key = {line["key"]: line["values"] for line in results}
    assert by_key[journal_key(EMPLOYER, "old")]["flexi_eligible"] is None
    assert by_key[journal_key(EMPLOYER, "fresh")]["flexi_eligible"] is True
    assert path.stat().st_mode & 0o077 == 0  # owner only


def test_a_line_cut_short_by_an_interruption_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    journal = Journal(path)
    journal.load()
    journal.begin(NOW)
    journal.record(entry(journal, "a", dt.date(2026, 12, 28)))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"type":"result","run":"x","key":"0403019261|b","val')
    again = Journal(path)
    again.load()
    assert list(again.resumed) == [journal_key(EMPLOYER, "a")]
