"""``precontract recheck APPLICANTS.csv``: every applicant's answer made good for their planned
start, many at a time (:mod:`precontract.bulk`), with a progress bar and a results file."""

from __future__ import annotations

import datetime as dt
import getpass
import logging
from collections import Counter
from pathlib import Path
from typing import Any

import click

from precontract.bulk import BulkItem, BulkProgress, BulkResult, BulkRunner
from precontract.cli import render
from precontract.cli.app import Failure, Runtime, cli, pass_runtime
from precontract.cli.applicants import ApplicantRow, RowProblems, read_applicants
from precontract.cli.catalogue import t
from precontract.cli.exit_codes import ExitCode, for_error
from precontract.cli.results import write_results
from precontract.client import PrecontractClient
from precontract.eligibility import EligibilityChecker
from precontract.gate import SharedPause
from precontract.i18n import Language
from precontract.identifiers import EnterpriseNumber
from precontract.journal import Journal, journal_key
from precontract.outcome import Applicant, OutcomeKind
from precontract.recheck import RecheckAction

__all__ = ["recheck"]

_SHOWN_PROBLEMS = 50
_WAITING = {OutcomeKind.NEEDS_APPROVAL.value, OutcomeKind.PENDING.value}
_NO_ACCESS = {
    OutcomeKind.REFUSED.value,
    OutcomeKind.EXPIRED.value,
    OutcomeKind.CANCELLED.value,
    OutcomeKind.REVOKED.value,
}


def _items(rows: list[ApplicantRow], lang: Language) -> list[BulkItem]:
    return [
        BulkItem(
            Applicant(
                reference=row.reference,
                name=row.name,
                email=row.email,
                language=lang,
                ssin=row.ssin,
            ),
            row.planned_start,
            row.employer,
        )
        for row in rows
    ]


@cli.command()
@click.argument("applicants", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--employer", help="Enterprise number for rows without one (default: configured).")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Results file, .csv or .json (default: APPLICANTS.results.csv next to the file).",
)
@click.option(
    "--journal",
    "journal_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Journal of answers, to resume and to skip fresh ones (default: APPLICANTS.journal.jsonl).",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 100),
    default=16,
    show_default=True,
    help="Checks at once.",
)
@click.option(
    "--hours-max-age",
    type=click.FloatRange(min=0),
    default=24.0,
    show_default=True,
    help="Hours after which stored student hours are read again.",
)
@click.option("--dry-run", is_flag=True, help="List what would be done; send and write nothing.")
@click.option("--no-progress", is_flag=True, help="No progress bar (logs, CI).")
@pass_runtime
def recheck(
    runtime: Runtime,
    applicants: Path,
    employer: str | None,
    output: Path | None,
    journal_path: Path | None,
    concurrency: int,
    hours_max_age: float,
    dry_run: bool,
    no_progress: bool,
) -> None:
    """Re-check every applicant of APPLICANTS.csv before their planned start.

    Columns: NISS, reference, planned start, name, e-mail (and optionally employer). An answer
    that still holds is kept; otherwise it is read again under the active mandate, or the
    applicant gets a new access request (the results file has the link to e-mail them).
    Interrupted, the same command goes on where it stopped. Exit code 0 when every start is
    covered (or cannot be checked yet), 10 when applicants must still approve, 11 when some
    refused or their access ended, 12 when someone must confirm who approved, 4/5 when some
    checks failed.
    """
    lang = runtime.lang
    try:
        rows = read_applicants(applicants)
    except RowProblems as problems:
        _report_problems(runtime, problems)
    employer_number = EnterpriseNumber.parse(employer) if employer else None
    settings = runtime.settings()
    items = [
        BulkItem(i.applicant, i.planned_start, i.employer or employer_number)
        for i in _items(rows, lang)
    ]
    journal = Journal(journal_path or applicants.with_suffix(".journal.jsonl"))
    output = output or applicants.with_suffix(".results.csv")
    line_of = {
        (item.applicant.reference, item.employer): row.line
        for row, item in zip(rows, items, strict=True)
    }

    with PrecontractClient(settings) as client:
        checker = EligibilityChecker.from_client(client, audit=runtime.audit_sink(settings))
        runner = BulkRunner.from_client(
            client,
            checker=checker,
            concurrency=concurrency,
            journal=journal,
            hours_max_age=dt.timedelta(hours=hours_max_age),
            actor=_actor(),
        )
        if dry_run:
            _dry_run(runtime, runner, items, line_of)
            return
        results: list[BulkResult] = []
        interrupted = False
        _quiet_retries()  # a 429 pauses every worker: the bar counts the pauses, not one line each
        try:
            with _Bar(runtime, len(items), runner.pause, enabled=not no_progress) as bar:
                for result in runner.run(items, on_progress=bar.update):
                    results.append(result)
        except KeyboardInterrupt:
            interrupted = True
            # The checks under way when it stopped were let finish and journaled: report them.
            reported = {_key(r) for r in results}
            results += [r for r in runner.recorded(items) if _key(r) not in reported]
        now = checker.clock()
    write_results(output, results, line_of, lang, now)
    counts = Counter(r.status for r in results)
    runtime.console.print(
        t(
            "cli.recheck.summary",
            lang,
            done=len(results),
            total=len(items),
            counts=", ".join(f"{render_status(s, lang)} {n}" for s, n in sorted(counts.items())),
            path=output,
        ),
        soft_wrap=True,
    )
    if interrupted:
        raise Failure(
            t("cli.recheck.interrupted", lang, done=len(results), total=len(items)),
            ExitCode.INTERRUPTED,
        )
    click.get_current_context().exit(_exit_code(results))


def _key(result: BulkResult) -> str:
    return journal_key(result.employer, result.item.applicant.reference)


def _actor() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in containers without a passwd entry
        return None


def _quiet_retries() -> None:
    from precontract.cli.app import _RetryNotices

    for handler in logging.getLogger("precontract").handlers:
        if isinstance(handler, _RetryNotices):
            handler.quiet = True


def render_status(status: str, lang: Language) -> str:
    return t(f"cli.recheck.status.{status}", lang)


def _report_problems(runtime: Runtime, problems: RowProblems) -> None:
    lang = runtime.lang
    lines = [p.message(lang) for p in problems.problems[:_SHOWN_PROBLEMS]]
    hidden = len(problems.problems) - len(lines)
    if hidden > 0:
        lines.append(t("cli.recheck.more_problems", lang, count=hidden))
    click.echo("\n".join(lines), err=True)
    raise Failure(t("cli.recheck.bad_rows", lang, count=len(problems.problems)), ExitCode.USAGE)


def _exit_code(results: list[BulkResult]) -> int:
    errors = [r.error for r in results if r.error is not None]
    if errors:
        return for_error(errors[0])
    statuses = {r.status for r in results}
    if statuses & _NO_ACCESS:
        return ExitCode.NO_ACCESS
    if OutcomeKind.CONFIRM_APPROVER.value in statuses:
        return ExitCode.CONFIRM_APPROVER
    if statuses & _WAITING:
        return ExitCode.WAITING
    return ExitCode.OK


def _dry_run(
    runtime: Runtime,
    runner: BulkRunner,
    items: list[BulkItem],
    line_of: dict[tuple[str, EnterpriseNumber | None], int],
) -> None:
    from rich.table import Table

    lang = runtime.lang
    table = Table(title=t("cli.recheck.plan_title", lang, count=len(items)), title_justify="left")
    for label in ("line", "reference", "niss", "planned_start", "action", "message"):
        table.add_column(t(f"cli.recheck.col.{label}", lang), overflow="fold")
    counts: Counter[str] = Counter()
    for item, decision in runner.plan(items):
        counts[decision.action.value] += 1
        table.add_row(
            str(line_of.get((item.applicant.reference, item.employer), "")),
            item.applicant.reference,
            item.applicant.ssin.masked if item.applicant.ssin else "",
            render.day(item.planned_start),
            t(f"cli.recheck.action.{decision.action.value}", lang),
            decision.message(lang),
        )
    runtime.console.print(table)
    runtime.console.print(
        t(
            "cli.recheck.plan_summary",
            lang,
            counts=", ".join(
                f"{t(f'cli.recheck.action.{a.value}', lang)} {counts[a.value]}"
                for a in RecheckAction
                if counts[a.value]
            ),
        )
    )


class _Bar:
    """A rich progress bar on stderr (plain when stderr is no terminal)."""

    def __init__(self, runtime: Runtime, total: int, pause: SharedPause, *, enabled: bool) -> None:
        self.pause = pause
        self.lang = runtime.lang
        self.enabled = enabled
        self.total = total
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _Bar:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[counts]}", style="dim"),
            console=Console(stderr=True),
            transient=False,
        )
        self._progress.start()
        self._task = self._progress.add_task(
            t("cli.recheck.progress", self.lang), total=self.total, counts=""
        )
        return self

    def update(self, progress: BulkProgress) -> None:
        if self._progress is None:
            return
        counts = " ".join(
            f"{render_status(s, self.lang)} {n}" for s, n in sorted(progress.by_status.items())
        )
        if self.pause.holds:
            counts += " " + t("cli.recheck.paused", self.lang, count=self.pause.holds)
        self._progress.update(self._task, completed=progress.done, counts=counts)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
