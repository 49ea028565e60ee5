"""Re-check many applicants before their planned starts, a bounded number at a time.

::

    from precontract.bulk import BulkItem, BulkRunner
    from precontract.journal import Journal

    with PrecontractClient(settings) as client:
        runner = BulkRunner.from_client(client, concurrency=16, journal=Journal("recheck.jsonl"))
        for result in runner.run(items, on_progress=print):
            print(result.item.applicant.reference, result.status, result.message("nl"))

For each applicant the re-check rule (:func:`precontract.recheck.decide`) reads the answer the
journal stored and decides: keep it, wait for a later quarter, read a pending request's status,
read the data again under the active mandate, or look for a mandate and send a new request.
Only the last three call the social security.

- At most ``concurrency`` checks run at once, each one call at a time, all over one client: one
  connection pool and one token (:class:`~precontract.auth.TokenProvider` renews it once for
  every thread).
- A 429 holds every worker for its ``Retry-After`` (:class:`~precontract.gate.SharedPause`),
  and from then on the workers send, all together, just below the rate the server let through
  (raised slowly while nothing is refused) instead of stopping and starting again; the check
  that was refused runs again afterwards (a refused call was not applied), so no applicant is
  lost to a busy server.
- Results come as they are done (an iterator), progress through a callback after each one.
- Every finished applicant is written to the journal by the worker that finished it, before the
  next starts; interrupted (Ctrl+C, a crash), the next run with the same journal gives those
  answers back without a call and goes on with the rest.
- An applicant whose stored answer still holds for the same start is not consulted again, and an
  access request still pending is read, never doubled.
"""

from __future__ import annotations

import concurrent.futures as futures
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from precontract.errors import ConfigurationError, PrecontractError, TooManyRequests
from precontract.fields import FieldKey, values_from_outcome
from precontract.gate import SharedPause
from precontract.i18n import Language, translate
from precontract.identifiers import EnterpriseNumber
from precontract.journal import Journal, JournalEntry, journal_key
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind
from precontract.recheck import DEFAULT_HOURS_MAX_AGE, Recheck, RecheckAction, decide
from precontract.timeutil import BRUSSELS

if TYPE_CHECKING:
    from precontract.client import PrecontractClient
    from precontract.eligibility import EligibilityChecker

__all__ = ["BulkItem", "BulkProgress", "BulkResult", "BulkRunner", "act_on_recheck"]

DEFAULT_CONCURRENCY = 16
MAX_CONCURRENCY = 100  # the connection pool's bound (Settings.pool_size)
_RATE_RETRIES = 50  # a check refused with 429 this often in a row is given up (an error row)


@dataclass(frozen=True, slots=True)
class BulkItem:
    """One applicant and the planned first working day (``employer``: else the default)."""

    applicant: Applicant
    planned_start: dt.date
    employer: EnterpriseNumber | None = None


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What the run did for one applicant.

    ``status`` is ``keep`` / ``later`` (nothing called), an outcome kind (``result``,
    ``needs_approval``, ``pending``, ``refused``, ``expired``, ``cancelled``, ``revoked``) or
    ``error``; ``values`` are the logical field values to store (the kept ones, or the new
    answer's); ``resumed`` is True for an answer the journal gave back from an interrupted run.
    """

    item: BulkItem
    employer: EnterpriseNumber
    decision: Recheck
    values: dict[FieldKey, Any]
    status: str
    outcome: CheckOutcome | None = None
    error: PrecontractError | None = None
    resumed: bool = False

    @property
    def called(self) -> bool:
        return self.outcome is not None or self.error is not None

    def message(self, lang: Language | str = "en") -> str:
        """What to tell the recruiter about this applicant, in nl/fr/en."""
        if self.error is not None:
            return self.error.user_message(lang)
        if self.status in (RecheckAction.KEEP.value, RecheckAction.LATER.value):
            return self.decision.message(lang)
        url = self.values.get(FieldKey.REQUEST_URL)
        expires = self.values.get(FieldKey.REQUEST_EXPIRES_AT)
        if url and isinstance(expires, dt.datetime):
            applicant = self.item.applicant
            key = "bulk.send_link" if applicant.email else "bulk.send_link_no_email"
            return translate(
                key,
                lang,
                name=applicant.name or applicant.reference,
                email=applicant.email or "",
                url=url,
                expires=expires.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M"),
            )
        text = translate(f"outcome.{self.status}", lang)
        if self.outcome is not None and self.outcome.warnings:
            text += " " + " ".join(w.message(lang) for w in self.outcome.warnings)
        return text


@dataclass(frozen=True, slots=True)
class BulkProgress:
    """Counts after each result; ``called`` + ``kept`` + ``resumed`` = ``done``."""

    total: int
    done: int = 0
    called: int = 0
    kept: int = 0
    resumed: int = 0
    errors: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    def after(self, result: BulkResult) -> BulkProgress:
        by_status = dict(self.by_status)
        by_status[result.status] = by_status.get(result.status, 0) + 1
        return replace(
            self,
            done=self.done + 1,
            called=self.called + (result.called and not result.resumed),
            kept=self.kept + (not result.called and not result.resumed),
            resumed=self.resumed + result.resumed,
            errors=self.errors + (result.error is not None),
            by_status=by_status,
        )


class BulkRunner:
    """Runs re-checks over one :class:`~precontract.eligibility.EligibilityChecker`."""

    def __init__(
        self,
        checker: EligibilityChecker,
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        journal: Journal | None = None,
        pause: SharedPause | None = None,
        hours_max_age: dt.timedelta = DEFAULT_HOURS_MAX_AGE,
        actor: str | None = None,
    ) -> None:
        if not 1 <= concurrency <= MAX_CONCURRENCY:
            raise ValueError(f"concurrency is from 1 to {MAX_CONCURRENCY}, not {concurrency}")
        self.checker = checker
        self.concurrency = concurrency
        self.journal = journal
        self.pause = pause or SharedPause()
        self.hours_max_age = hours_max_age
        self.actor = actor

    @classmethod
    def from_client(
        cls,
        client: PrecontractClient,
        *,
        checker: EligibilityChecker | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        **options: Any,
    ) -> BulkRunner:
        """A runner over ``client`` (its pause shared by all workers, its pool grown to fit)."""
        from precontract.eligibility import EligibilityChecker
        from precontract.http import RequestsTransport

        if client.http.pause is None:
            client.http.pause = SharedPause()
        transport = client.http.transport
        if isinstance(transport, RequestsTransport):
            transport.ensure_pool_size(concurrency)
        return cls(
            checker or EligibilityChecker.from_client(client),
            concurrency=concurrency,
            pause=client.http.pause,
            **options,
        )

    # ----------------------------------------------------------------------------- planning

    def plan(self, items: Iterable[BulkItem]) -> Iterator[tuple[BulkItem, Recheck]]:
        """What :meth:`run` would do for each applicant, without a call or a write."""
        if self.journal is not None:
            self.journal.load()
        now = self.checker.clock()
        for item in items:
            employer = self._employer(item)
            resumed = self._resumed(item, employer)
            if resumed is not None:
                yield (
                    item,
                    decide(
                        resumed.values, item.planned_start, now, hours_max_age=self.hours_max_age
                    ),
                )
                continue
            yield item, self._decide(item, employer, now)

    # ----------------------------------------------------------------------------- running

    def run(
        self,
        items: Iterable[BulkItem],
        *,
        on_progress: Callable[[BulkProgress], None] | None = None,
    ) -> Iterator[BulkResult]:
        """Re-check every item; results come as they are done (not in input order)."""
        todo = list(items)
        employers = [self._employer(item) for item in todo]  # refuse bad input before any call
        keys = [journal_key(e, i.applicant.reference) for e, i in zip(employers, todo, strict=True)]
        if len(set(keys)) != len(keys):
            raise ValueError("an applicant reference appears twice for the same employer")
        now = self.checker.clock()
        if self.journal is not None:
            self.journal.load()
            self.journal.begin(now)
        progress = BulkProgress(total=len(todo))
        if on_progress is not None:
            on_progress(progress)

        def done(result: BulkResult) -> BulkResult:
            nonlocal progress
            progress = progress.after(result)
            if on_progress is not None:
                on_progress(progress)
            return result

        window = self.concurrency * 2  # enough queued that no worker waits for the next one
        pool = futures.ThreadPoolExecutor(self.concurrency, thread_name_prefix="precontract-bulk")
        running: set[futures.Future[BulkResult]] = set()
        try:
            for item, employer in zip(todo, employers, strict=True):
                resumed = self._resumed(item, employer)
                if resumed is not None:
                    yield done(self._replay(item, employer, resumed, now))
                    continue
                decision = self._decide(item, employer, now)
                if not decision.action.calls:
                    yield done(self._keep(item, employer, decision))
                    continue
                running.add(pool.submit(self._work, item, employer, decision))
                while len(running) >= window:
                    finished, running = futures.wait(running, return_when=futures.FIRST_COMPLETED)
                    for future in finished:
                        yield done(future.result())
            while running:
                finished, running = futures.wait(running, return_when=futures.FIRST_COMPLETED)
                for future in finished:
                    yield done(future.result())
        finally:
            # Interrupted: start nothing new, let the checks under way finish and be journaled.
            pool.shutdown(wait=True, cancel_futures=True)
        if self.journal is not None:
            self.journal.finish()

    def recorded(self, items: Iterable[BulkItem]) -> list[BulkResult]:
        """The answers the current run journaled for ``items``, as results (``resumed``).

        After an interruption, :meth:`run` has stopped yielding, but the checks under way let
        finish were journaled: a report built from these misses none of them.
        """
        if self.journal is None:
            return []
        self.journal.load()
        now = self.checker.clock()
        found = []
        for item in items:
            employer = self._employer(item)
            entry = self._resumed(item, employer)
            if entry is not None:
                found.append(self._replay(item, employer, entry, now))
        return found

    # ----------------------------------------------------------------------------- one item

    def _employer(self, item: BulkItem) -> EnterpriseNumber:
        employer = item.employer or self.checker.default_employer
        if employer is None:
            raise ConfigurationError(
                "no employer enterprise number: give one per applicant or set a default",
                setting="employer",
                key="config.employer_missing",
                setting_="employer",
            )
        return employer

    def _stored(self, item: BulkItem, employer: EnterpriseNumber) -> JournalEntry | None:
        if self.journal is None:
            return None
        entry = self.journal.latest.get(journal_key(employer, item.applicant.reference))
        if entry is None or entry.ssin_digest != self.journal.digest(item.applicant.ssin):
            return None  # never stored, or the NISS of this reference changed
        return entry

    def _resumed(self, item: BulkItem, employer: EnterpriseNumber) -> JournalEntry | None:
        if self.journal is None:
            return None
        entry = self.journal.resumed.get(journal_key(employer, item.applicant.reference))
        if (
            entry is None
            or entry.planned_start != item.planned_start
            or entry.ssin_digest != self.journal.digest(item.applicant.ssin)
        ):
            return None
        return entry

    def _decide(self, item: BulkItem, employer: EnterpriseNumber, now: dt.datetime) -> Recheck:
        entry = self._stored(item, employer)
        stored = entry.values if entry is not None else {}
        return decide(stored, item.planned_start, now, hours_max_age=self.hours_max_age)

    def _keep(self, item: BulkItem, employer: EnterpriseNumber, decision: Recheck) -> BulkResult:
        entry = self._stored(item, employer)
        values = dict(entry.values) if entry is not None else {}
        result = BulkResult(item, employer, decision, values, decision.action.value)
        self._record(result)
        return result

    def _replay(
        self, item: BulkItem, employer: EnterpriseNumber, entry: JournalEntry, now: dt.datetime
    ) -> BulkResult:
        decision = decide(entry.values, item.planned_start, now, hours_max_age=self.hours_max_age)
        return BulkResult(item, employer, decision, dict(entry.values), entry.status, resumed=True)

    def _work(self, item: BulkItem, employer: EnterpriseNumber, decision: Recheck) -> BulkResult:
        refused = 0
        while True:
            try:
                outcome = self._act(item, employer, decision)
                break
            except TooManyRequests as exc:
                # Not applied by the server: hold everyone, then run this check again.
                refused += 1
                if refused > _RATE_RETRIES:
                    return self._failed(item, employer, decision, exc)
                self.pause.hold(exc.retry_after if exc.retry_after is not None else 1.0)
                while self.pause.wait():
                    pass
            except PrecontractError as exc:
                return self._failed(item, employer, decision, exc)
        result = BulkResult(
            item,
            employer,
            decision,
            values_from_outcome(outcome),
            outcome.kind.value,
            outcome=outcome,
        )
        self._record(result)
        return result

    def _failed(
        self, item: BulkItem, employer: EnterpriseNumber, decision: Recheck, error: PrecontractError
    ) -> BulkResult:
        # Not journaled: the next run tries again, from what was stored before.
        entry = self._stored(item, employer)
        values = dict(entry.values) if entry is not None else {}
        return BulkResult(item, employer, decision, values, "error", error=error)

    def _act(self, item: BulkItem, employer: EnterpriseNumber, decision: Recheck) -> CheckOutcome:
        return act_on_recheck(
            self.checker,
            item.applicant,
            decision,
            employer=employer,
            actor=self.actor,
        )

    def _record(self, result: BulkResult) -> None:
        if self.journal is None:
            return
        self.journal.record(
            JournalEntry(
                run=self.journal.run_id,
                key=journal_key(result.employer, result.item.applicant.reference),
                ssin_digest=self.journal.digest(result.item.applicant.ssin),
                planned_start=result.item.planned_start,
                status=result.status,
                values=result.values,
                at=self.checker.clock(),
            )
        )


def act_on_recheck(
    checker: EligibilityChecker,
    applicant: Applicant,
    decision: Recheck,
    *,
    employer: EnterpriseNumber | None = None,
    actor: str | None = None,
) -> CheckOutcome:
    """Do what ``decision`` (a calling one: ``POLL``, ``READ``, ``REQUEST``) says, for one applicant.

    ``POLL`` reads the pending request (and asks again when it ended without an answer), ``READ``
    reads the data under the active mandate (and looks for another, or asks, when it ended),
    ``REQUEST`` looks for a mandate by NISS and, without one, sends a new access request. The
    bulk runner and the hosts' own re-checks (Odoo's server action) act through this one function.
    """
    if not decision.action.calls:
        raise ValueError(f"nothing to call for a {decision.action.value!r} decision")
    ssin = applicant.ssin

    def check(state: CheckState) -> CheckOutcome:
        return checker.check(
            applicant,
            employer=employer,
            state=state,
            planned_start=decision.planned_start,
            actor=actor,
        )

    if decision.action is RecheckAction.POLL:
        outcome = check(CheckState(request_id=decision.request_id, ssin=ssin))
        if outcome.kind in (OutcomeKind.EXPIRED, OutcomeKind.CANCELLED):
            outcome = check(CheckState(ssin=ssin))  # over without an answer: ask again
        return outcome
    if decision.action is RecheckAction.READ:
        outcome = check(CheckState(mandate_id=decision.mandate_id, ssin=ssin))
        if outcome.kind in (OutcomeKind.REVOKED, OutcomeKind.EXPIRED):
            outcome = check(CheckState(ssin=ssin))  # the mandate ended: another, or ask
        return outcome
    return check(CheckState(ssin=ssin))
