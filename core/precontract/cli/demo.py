"""``precontract demo``: the whole journey against the embedded sandbox, told as a product tour.

Nothing is configured and nothing leaves the machine: the sandbox runs on 127.0.0.1, the demo's
key and certificate are made in memory, and the QR codes and the audit trail go to a folder the
tour names at the end.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table

from precontract.api.profile import AccessRequestStatus
from precontract.audit import JsonLinesAuditSink, action_label, data_types_label, result_label
from precontract.cli import render
from precontract.cli.addresses import ANY_ADDRESS, can_listen, is_loopback, link_host
from precontract.cli.app import Failure, Runtime, cli, pass_runtime
from precontract.cli.catalogue import t
from precontract.cli.exit_codes import ExitCode
from precontract.client import PrecontractClient
from precontract.eligibility import EligibilityChecker
from precontract.errors import InvalidSsin
from precontract.fields import FLEXI_KEYS, STUDENT_KEYS, FieldKey, expire, values_from_outcome
from precontract.i18n import LANGUAGES, Language, normalise_language
from precontract.identifiers import Ssin
from precontract.outcome import Applicant, CheckOutcome, OutcomeKind
from precontract.testing import sandbox_settings

__all__ = ["demo"]

# The fields a recruiter looks at first; the ids follow in the JSON of `precontract check`.
_SHOWN_KEYS = (
    *FLEXI_KEYS,
    *STUDENT_KEYS,
    FieldKey.MANDATE_STATUS,
    FieldKey.CHECKED_AT,
)
_STEPS_BEFORE_APPLICANTS = 3
_STEPS_AFTER_APPLICANTS = 4


@dataclass(frozen=True)
class _Persona:
    """One applicant of the tour: who, how the sandbox knows them, when they would start."""

    key: str
    name: str
    ssin: Ssin
    planned_start: dt.date | None = None


def _personas(now: dt.datetime) -> list[_Persona]:
    from precontract.sandbox import personas

    # The flexi-jobber would start next quarter: the tour shows the quarter warning.
    next_quarter = _next_quarter(now.date())
    chosen = [
        (personas.FLEXI_WORKER, next_quarter),
        (personas.STUDENT_FEW_HOURS, None),
        (personas.STUDENT_AND_FLEXI, None),
    ]
    return [_Persona(p.key, p.name, p.ssin, start) for p, start in chosen]


def _next_quarter(day: dt.date) -> dt.date:
    month = ((day.month - 1) // 3 + 1) * 3 + 1
    return dt.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


def _mistyped(ssin: Ssin) -> str:
    """``ssin`` with a typo in its last digit: the check digits no longer match."""
    digits = ssin.compact
    return digits[:-1] + str((int(digits[-1]) + 1) % 10)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "applicant"


class _Tour:
    def __init__(
        self,
        console: Console,
        lang: Language,
        output_dir: Path,
        *,
        interactive: bool,
        wait_seconds: float,
        host: str = "127.0.0.1",
        public_host: str | None = None,
    ) -> None:
        self.host = host
        self.public_host = public_host or host
        self.console = console
        self.lang = lang
        self.output_dir = output_dir
        self.interactive = interactive
        self.wait_seconds = wait_seconds
        self.step = 0
        self.total = 0

    # ------------------------------------------------------------------------------ narration

    def say(self, key: str, **params: Any) -> None:
        self.console.print(t(key, self.lang, **params), soft_wrap=True)

    def heading(self, key: str, **params: Any) -> None:
        self.step += 1
        title = t(key, self.lang, **params)
        self.console.print()
        self.console.print(
            Rule(
                t("demo.step", self.lang, n=self.step, total=self.total, title=title), align="left"
            )
        )

    # ------------------------------------------------------------------------------ the tour

    def run(self) -> None:
        from precontract.sandbox import SandboxServer

        self.console.print(
            Panel(t("demo.intro", self.lang), title=t("demo.title", self.lang), title_align="left")
        )
        with self.console.status(t("demo.step.sandbox", self.lang) + " …"):
            sandbox = SandboxServer(host=self.host, public_host=self.public_host).start()
        with sandbox:
            people = _personas(sandbox.now())
            self.total = _STEPS_BEFORE_APPLICANTS + len(people) + _STEPS_AFTER_APPLICANTS
            self.heading("demo.step.sandbox")
            self.say("demo.sandbox_started", url=sandbox.url)
            if self.interactive and is_loopback(self.public_host):
                self.say("demo.phone_hint")
            elif self.interactive:
                self.say("demo.phone_ready", url=sandbox.url)

            self.heading("demo.step.account")
            with self.console.status(t("demo.step.account", self.lang) + " …"):
                settings = sandbox_settings(sandbox, client_name="precontract demo")
            self.say("demo.account", client_id=settings.client_id)
            self.say(
                "demo.account_parties",
                requester=settings.requester.formatted,
                employer=settings.employer.formatted,
            )
            audit_path = self.output_dir / "audit.jsonl"
            audit = JsonLinesAuditSink(audit_path)
            with PrecontractClient(settings, clock=sandbox.now) as client:
                self.heading("demo.step.connection")
                self.console.print(client.test_connection().summary(self.lang), soft_wrap=True)

                checker = EligibilityChecker.from_client(client, audit=audit, clock=sandbox.now)
                results: dict[str, CheckOutcome] = {}
                for person in people:
                    results[person.name] = self.applicant(checker, client, sandbox, person)

                first = people[0]
                self.revoke(checker, sandbox, first, results.get(first.name))
                self.invalid_niss(first)
                self.time_passes(sandbox, people[-1], results.get(people[-1].name))
            self.show_audit(audit)
        self.console.print()
        self.say("demo.files", path=self.output_dir)
        for file in sorted(self.output_dir.iterdir()):
            if file.is_file():
                self.console.print(f"  {file.name}", highlight=False)
        self.say("demo.done")

    def applicant(
        self, checker: EligibilityChecker, client: PrecontractClient, sandbox: Any, person: _Persona
    ) -> CheckOutcome:
        self.heading("demo.step.applicant", name=person.name)
        self.say(
            "demo.persona",
            name=person.name,
            niss=person.ssin.masked,
            description=t(f"demo.persona.{person.key}", self.lang),
        )
        applicant = Applicant(reference=_slug(person.name), name=person.name, ssin=person.ssin)
        self.say("demo.press")
        if person.planned_start is not None:
            self.say("demo.planned_start", date=render.day(person.planned_start))
        outcome = checker.check(applicant, planned_start=person.planned_start, actor="demo")
        self.console.print(render.outcome_panel(outcome, self.lang))
        if outcome.kind is not OutcomeKind.NEEDS_APPROVAL or not outcome.approval_url:
            self.save_proof(outcome, person, sandbox)
            return outcome

        self.say("demo.show_qr", name=person.name)
        self.console.print(render.qr_text(outcome.approval_url))
        png = self.output_dir / f"qr-{_slug(person.name)}.png"
        png.write_bytes(outcome.qr_png())
        self.say("cli.qr_saved", path=png)

        if self.interactive:
            if not self.wait_for_approval(client, outcome, person):
                return outcome
        else:
            self.say("demo.approving", name=person.name)
            sandbox.approve(outcome.request_id, str(person.ssin))

        self.say("demo.check_again")
        result = checker.check(
            applicant, state=outcome.state, planned_start=person.planned_start, actor="demo"
        )
        render.print_outcome(self.console, result, self.lang, keys=_SHOWN_KEYS)
        self.save_proof(result, person, sandbox)
        return result

    def save_proof(self, outcome: CheckOutcome, person: _Persona, sandbox: Any) -> None:
        """The PDF proof of a consultation that read data, as a host attaches it (docs/proof.md)."""
        if outcome.kind is not OutcomeKind.RESULT:
            return
        from precontract.proof import render_proof

        pdf = self.output_dir / f"proof-{_slug(person.name)}.pdf"
        pdf.write_bytes(render_proof(outcome, lang=self.lang, clock=sandbox.now))
        self.say("cli.proof_saved", path=pdf)

    def wait_for_approval(
        self, client: PrecontractClient, outcome: CheckOutcome, person: _Persona
    ) -> bool:
        deadline = time.monotonic() + self.wait_seconds
        self.say("demo.waiting", name=person.name)
        with self.console.status(f"{person.name} …"):
            while time.monotonic() < deadline:
                status = client.mandates.get_access_request(outcome.request_id or "").status
                if status is not AccessRequestStatus.PENDING:
                    return status is AccessRequestStatus.APPROVED
                time.sleep(1.0)
        self.say("demo.timeout", name=person.name)
        return False

    def revoke(
        self,
        checker: EligibilityChecker,
        sandbox: Any,
        person: _Persona,
        result: CheckOutcome | None,
    ) -> None:
        self.heading("demo.step.revoke")
        if result is None or result.kind is not OutcomeKind.RESULT or not result.mandate_id:
            return
        self.say("demo.revoking", name=person.name)
        sandbox.revoke(result.mandate_id)
        applicant = Applicant(reference=_slug(person.name), name=person.name, ssin=person.ssin)
        revoked = checker.check(applicant, state=result.state, actor="demo")
        self.console.print(render.outcome_panel(revoked, self.lang))
        status = values_from_outcome(revoked)[FieldKey.MANDATE_STATUS]
        self.say(
            "demo.cleared", status=render.value_text(FieldKey.MANDATE_STATUS, status, self.lang)
        )

    def invalid_niss(self, person: _Persona) -> None:
        self.heading("demo.step.invalid")
        self.say("demo.invalid", name=person.name, niss=person.ssin.masked)
        try:
            Ssin.parse(_mistyped(person.ssin))
        except InvalidSsin as error:
            self.console.print(f"  ✘ {error.user_message(self.lang)}", style="red")

    def time_passes(self, sandbox: Any, person: _Persona, result: CheckOutcome | None) -> None:
        days = 32
        self.heading("demo.step.expiry")
        if result is None or result.kind is not OutcomeKind.RESULT:
            return
        stored = values_from_outcome(result)
        sandbox.advance(dt.timedelta(days=days))
        self.say("demo.expiry", days=days, name=person.name)
        after = expire(stored, sandbox.now())
        cleared = [k.label(self.lang) for k in (*FLEXI_KEYS, *STUDENT_KEYS) if k in after.cleared]
        kept = [
            k.label(self.lang)
            for k in (*FLEXI_KEYS, *STUDENT_KEYS)
            if after.values.get(k) is not None
        ]
        nothing = t("demo.nothing", self.lang)
        self.say(
            "demo.expiry_result",
            cleared=", ".join(cleared) or nothing,
            kept=", ".join(kept) or nothing,
        )
        self.console.print(
            render.fields_table(after.values, self.lang, keys=(*FLEXI_KEYS, *STUDENT_KEYS))
        )

    def show_audit(self, audit: JsonLinesAuditSink) -> None:
        self.heading("demo.step.audit")
        events = audit.read()
        self.say("demo.audit", count=len(events), path=audit.path)
        table = Table()
        for key in ("cli.when", "cli.action", "cli.niss", "cli.result"):
            table.add_column(t(key, self.lang), no_wrap=key in ("cli.when", "cli.niss"))
        for event in events:
            action = action_label(event.action.value, self.lang)
            if event.data_types:
                action += f" ({data_types_label(event.data_types, self.lang)})"
            table.add_row(
                render.moment(event.at),
                action,
                event.ssin or "—",
                result_label(event.result, self.lang),
            )
        self.console.print(table)


@cli.command()
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="Language of the tour (default: the global --lang).",
)
@click.option(
    "--interactive",
    is_flag=True,
    help="Wait for you to approve each request in a browser instead of approving automatically.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the QR codes and the audit trail go (default: a new temporary folder).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address the demo's sandbox listens on: 0.0.0.0 (or this computer's address) lets a "
    "phone on the same network open the approval link and scan the QR code.",
)
@click.option(
    "--wait",
    "wait_seconds",
    type=click.FloatRange(min=1),
    default=300,
    show_default=True,
    help="With --interactive: seconds to wait for each approval.",
)
@pass_runtime
def demo(
    runtime: Runtime,
    lang: str | None,
    interactive: bool,
    output_dir: Path | None,
    host: str,
    wait_seconds: float,
) -> None:
    """A guided tour: the sandbox, a REST account, three applicants from QR code to answer, a
    revoked mandate, a mistyped NISS, expiry, and the audit trail."""
    try:
        import precontract.sandbox  # noqa: F401
    except ImportError as exc:
        raise Failure(t("cli.sandbox_missing", runtime.lang), ExitCode.CONFIGURATION) from exc
    language = normalise_language(lang) if lang else runtime.lang
    if host != ANY_ADDRESS and not can_listen(host):
        raise Failure(t("cli.host_unknown", language, host=host), ExitCode.USAGE, lang=language)
    public_host = link_host(host)
    if public_host is None:
        raise Failure(t("demo.no_network", language), ExitCode.USAGE, lang=language)
    folder = output_dir or Path(tempfile.mkdtemp(prefix="precontract-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    tour = _Tour(
        runtime.console,
        language,
        folder,
        interactive=interactive,
        wait_seconds=wait_seconds,
        host=host,
        public_host=public_host,
    )
    tour.run()
