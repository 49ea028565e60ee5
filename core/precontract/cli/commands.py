"""The everyday commands: check, request, status, cancel, mandates, test-connection, config,
sandbox. Each works against whichever environment the configuration names."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from precontract.api.profile import AccessRequest, AccessRequestStatus, DataType, MandateStatus
from precontract.audit import AuditAction, AuditEvent, AuditSink
from precontract.cli import render
from precontract.cli.app import Failure, Runtime, cli, pass_runtime
from precontract.cli.catalogue import t
from precontract.cli.exit_codes import ExitCode, for_error, for_outcome
from precontract.client import PrecontractClient
from precontract.config import Settings
from precontract.eligibility import EligibilityChecker
from precontract.errors import InvalidInput
from precontract.identifiers import EnterpriseNumber, Ssin
from precontract.outcome import Applicant, CheckOutcome, CheckState, OutcomeKind

__all__ = ["check", "config", "mandates", "request", "status", "test_connection"]

_DATA_TYPES = {"flexi": DataType.FLEXI_JOB_ELIGIBILITY, "student": DataType.STUDENT_HOURS}

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
employer_option = click.option(
    "--employer", help="Enterprise number of the employer (default: the configured one)."
)


def _actor() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in containers without a passwd entry
        return None


@contextmanager
def _client(runtime: Runtime) -> Iterator[tuple[Settings, PrecontractClient]]:
    settings = runtime.settings()
    with PrecontractClient(settings) as client:
        yield settings, client


def _save_qr(
    runtime: Runtime, url: str, png: Path | None, svg: Path | None, *, as_json: bool
) -> None:
    # With --json, stdout holds the JSON document only: say where the files went on stderr.
    console = Console(stderr=True, highlight=False) if as_json else runtime.console
    from precontract import qr as qr_codes  # qrcode and its image code: only when drawing one

    if png is not None:
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes(qr_codes.qr_png(url))
        console.print(t("cli.qr_saved", runtime.lang, path=png), soft_wrap=True)
    if svg is not None:
        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_text(qr_codes.qr_svg(url), encoding="utf-8")
        console.print(t("cli.qr_saved", runtime.lang, path=svg), soft_wrap=True)


def _save_proof(runtime: Runtime, outcome: CheckOutcome, path: Path, *, as_json: bool) -> None:
    """Write the consultation's PDF proof (docs/proof.md); say so on stderr under --json."""
    console = Console(stderr=True, highlight=False) if as_json else runtime.console
    if outcome.kind is not OutcomeKind.RESULT:
        console.print(t("cli.no_proof", runtime.lang), style="dim")
        return
    from precontract.proof import render_proof  # fpdf2 is loaded only for a proof

    pdf = render_proof(outcome, lang=runtime.lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    console.print(t("cli.proof_saved", runtime.lang, path=path), soft_wrap=True)


def _show_request(
    runtime: Runtime, request: AccessRequest, *, draw_qr: bool, name: str | None = None
) -> None:
    lang = runtime.lang
    console = runtime.console
    if draw_qr:
        console.print(render.qr_text(request.approval_url))
        console.print(t("cli.qr_caption", lang, name=name or request.request_id), style="dim")
    console.print(t("cli.approval_link", lang, url=request.approval_url), soft_wrap=True)
    console.print(t("cli.approve_before", lang, moment=render.moment(request.expires_at)))


qr_options = [
    click.option(
        "--qr-png", type=click.Path(dir_okay=False, path_type=Path), help="Save the QR code as PNG."
    ),
    click.option(
        "--qr-svg", type=click.Path(dir_okay=False, path_type=Path), help="Save the QR code as SVG."
    ),
    click.option("--no-qr", is_flag=True, help="Do not draw the QR code in the terminal."),
]


def _with_qr_options(function: Any) -> Any:
    for option in reversed(qr_options):
        function = option(function)
    return function


# --------------------------------------------------------------------------------- check


@cli.command()
@click.argument("niss", required=False)
@click.option(
    "--reference",
    help="Your own id of the applicant (audit trail; a second check with it answers the request "
    "still pending for them). Default: cli.",
)
@click.option(
    "--birth-date",
    metavar="DATE",
    help="The applicant's birth date (23/09/2004 or 2004-09-23), compared with who approves.",
)
@click.option(
    "--accept-approver",
    is_flag=True,
    help="Accept whoever approved the request (bound to no NISS) as the applicant: bind their "
    "NISS and read the data. Recorded in the audit trail.",
)
@employer_option
@click.option("--request-id", help="The request id an earlier check gave (to resume).")
@click.option("--mandate-id", help="The mandate id an earlier check gave (to resume).")
@click.option(
    "--planned-start",
    metavar="DATE",
    help="Planned first working day (15/01/2027 or 2027-01-15): warns when the answer does not "
    "cover it.",
)
@click.option(
    "--new-request", is_flag=True, help="Start a new access request (cancels a pending one)."
)
@click.option(
    "--name",
    default="",
    help="The applicant's name as your records have it (proof; compared with who approves).",
)
@click.option(
    "--proof",
    "proof_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Save the PDF proof of the consultation here (when the data was read).",
)
@_with_qr_options
@json_option
@pass_runtime
def check(
    runtime: Runtime,
    niss: str | None,
    reference: str | None,
    birth_date: str | None,
    accept_approver: bool,
    employer: str | None,
    request_id: str | None,
    mandate_id: str | None,
    planned_start: str | None,
    new_request: bool,
    name: str,
    proof_file: Path | None,
    qr_png: Path | None,
    qr_svg: Path | None,
    no_qr: bool,
    as_json: bool,
) -> None:
    """Check an applicant: the data if a mandate is active, else an access request (QR code).

    NISS is the applicant's national register or BIS number (optional: without it, anyone can
    approve the request, and the check then says who did and waits for --accept-approver).
    Exit code 0 with the data, 10 while waiting for the applicant, 11 when a new request is
    needed, 12 when someone approved and you must confirm who.
    """
    ssin = Ssin.parse(niss) if niss else None
    employer_number = EnterpriseNumber.parse(employer) if employer else None
    start = render.parse_day(planned_start, "--planned-start") if planned_start else None
    born = render.parse_day(birth_date, "--birth-date") if birth_date else None
    applicant = Applicant(
        reference=reference or "cli", name=name.strip(), ssin=ssin, birth_date=born
    )
    with _client(runtime) as (settings, client):
        checker = EligibilityChecker.from_client(client, audit=runtime.audit_sink(settings))
        outcome = checker.check(
            applicant,
            employer=employer_number,
            state=CheckState(request_id=request_id, mandate_id=mandate_id, ssin=ssin),
            planned_start=start,
            new_request=new_request,
            actor=_actor(),
            accept_approver=accept_approver,
            # The default reference is every applicant's: only look up by one that was given.
            reuse_pending=ssin is not None or reference is not None,
        )
    if outcome.approval_url:
        _save_qr(runtime, outcome.approval_url, qr_png, qr_svg, as_json=as_json)
    if proof_file is not None:
        _save_proof(runtime, outcome, proof_file, as_json=as_json)
    if as_json:
        render.echo_json(render.outcome_json(outcome, runtime.lang))
    else:
        if outcome.approval_url and not no_qr:
            runtime.console.print(render.qr_text(outcome.approval_url))
        render.print_outcome(runtime.console, outcome, runtime.lang)
        state = outcome.state
        resume = " ".join(
            f"--{name} {value}"
            for name, value in (("request-id", state.request_id), ("mandate-id", state.mandate_id))
            if value
        )
        if resume:
            runtime.console.print(t("cli.store_state", runtime.lang, state=resume), style="dim")
    click.get_current_context().exit(for_outcome(outcome.kind))


# --------------------------------------------------------------------------------- requests


def _record(
    sink: AuditSink,
    action: AuditAction,
    settings: Settings,
    request: AccessRequest,
    *,
    ssin: Ssin | None,
    result: str,
) -> None:
    sink.record(
        AuditEvent(
            action=action,
            actor=_actor(),
            requester=settings.requester.compact,
            employer=request.employer.enterprise_number.compact,
            applicant_reference="cli",
            ssin=str(ssin) if ssin is not None else None,
            request_id=request.request_id,
            result=result,
            data_types=tuple(d.value for d in request.data_types),
        )
    )


@cli.command()
@click.argument("niss", required=False)
@employer_option
@click.option(
    "--data-type",
    "data_types",
    type=click.Choice(sorted(_DATA_TYPES)),
    multiple=True,
    help="Ask for this data type only (repeatable; default: both).",
)
@_with_qr_options
@json_option
@pass_runtime
def request(
    runtime: Runtime,
    niss: str | None,
    employer: str | None,
    data_types: tuple[str, ...],
    qr_png: Path | None,
    qr_svg: Path | None,
    no_qr: bool,
    as_json: bool,
) -> None:
    """Create an access request and show its link and QR code (the applicant approves it today)."""
    ssin = Ssin.parse(niss) if niss else None
    employer_number = EnterpriseNumber.parse(employer) if employer else None
    with _client(runtime) as (settings, client):
        created = client.mandates.create_access_request(
            requester=settings.requester,
            employer=employer_number or settings.employer,
            ssin=ssin,
            data_types=[_DATA_TYPES[d] for d in data_types] or None,
        )
        _record(
            runtime.audit_sink(settings),
            AuditAction.ACCESS_REQUEST_CREATED,
            settings,
            created,
            ssin=ssin,
            result=created.status.value,
        )
    _save_qr(runtime, created.approval_url, qr_png, qr_svg, as_json=as_json)
    if as_json:
        render.echo_json(render.request_json(created))
        return
    runtime.console.print(
        t(
            "cli.request_created",
            runtime.lang,
            request_id=created.request_id,
            expires=render.moment(created.expires_at),
        )
    )
    _show_request(runtime, created, draw_qr=not no_qr)


def _request_id(value: str) -> str:
    """The id as given, refused before any call when it is empty."""
    if not value.strip():
        raise InvalidInput("the request id is empty", key="error.empty_id")
    return value.strip()


_EXIT_OF_STATUS = {
    AccessRequestStatus.APPROVED: ExitCode.OK,
    AccessRequestStatus.PENDING: ExitCode.WAITING,
    AccessRequestStatus.UNKNOWN: ExitCode.WAITING,
}


@cli.command()
@click.argument("request_id")
@json_option
@pass_runtime
def status(runtime: Runtime, request_id: str, as_json: bool) -> None:
    """Show where an access request stands.

    Exit code 0 approved, 10 pending, 11 refused, expired or cancelled.
    """
    request_id = _request_id(request_id)
    with _client(runtime) as (_, client):
        current = client.mandates.get_access_request(request_id)
    if as_json:
        render.echo_json(render.request_json(current))
    else:
        lang = runtime.lang
        table = Table(show_header=False, box=None)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_row(t("cli.request", lang), current.request_id)
        table.add_row(t("cli.status", lang), render.status_text(current.status, lang))
        table.add_row(t("cli.employer", lang), current.employer.enterprise_number.formatted)
        if current.ssin is not None:
            table.add_row(t("cli.niss", lang), current.ssin.masked)
        if current.mandate_id:
            table.add_row(t("cli.mandate", lang), current.mandate_id)
        runtime.console.print(table)
        if current.status is AccessRequestStatus.APPROVED:
            runtime.console.print(t("cli.request_approved", lang, mandate_id=current.mandate_id))
        elif current.status in (AccessRequestStatus.PENDING, AccessRequestStatus.UNKNOWN):
            _show_request(runtime, current, draw_qr=False)
        else:
            runtime.console.print(t(f"outcome.{current.status.value.lower()}", lang))
    click.get_current_context().exit(_EXIT_OF_STATUS.get(current.status, ExitCode.NO_ACCESS))


@cli.command()
@click.argument("request_id")
@json_option
@pass_runtime
def cancel(runtime: Runtime, request_id: str, as_json: bool) -> None:
    """Cancel a pending access request: its link and QR code stop working.

    Exit code 5 when the request is no longer pending (approved, refused, expired, cancelled).
    """
    request_id = _request_id(request_id)
    with _client(runtime) as (settings, client):
        before = client.mandates.get_access_request(request_id)
        if before.status is not AccessRequestStatus.PENDING:
            raise Failure(
                t(
                    "cli.not_pending",
                    runtime.lang,
                    request_id=request_id,
                    status=render.status_text(before.status, runtime.lang),
                ),
                ExitCode.API_REFUSED,
            )
        client.mandates.cancel_access_request(request_id)
        current = client.mandates.get_access_request(request_id)
        _record(
            runtime.audit_sink(settings),
            AuditAction.ACCESS_REQUEST_CANCELLED,
            settings,
            current,
            ssin=current.ssin,
            result="cancelled",
        )
    if as_json:
        render.echo_json(render.request_json(current))
    else:
        runtime.console.print(t("cli.request_cancelled", runtime.lang, request_id=request_id))


# --------------------------------------------------------------------------------- mandates

_STATUSES = {
    "active": MandateStatus.ACTIVE,
    "revoked": MandateStatus.REVOKED,
    "expired": MandateStatus.EXPIRED,
}


@cli.command()
@employer_option
@click.option("--niss", help="Only this applicant's mandates.")
@click.option(
    "--status",
    "status_name",
    type=click.Choice([*_STATUSES, "all"]),
    default="active",
    show_default=True,
)
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many.")
@click.option("--show-niss", is_flag=True, help="Show full NISS numbers (masked by default).")
@json_option
@pass_runtime
def mandates(
    runtime: Runtime,
    employer: str | None,
    niss: str | None,
    status_name: str,
    limit: int | None,
    show_niss: bool,
    as_json: bool,
) -> None:
    """List the mandates applicants granted for an employer (only the citizen can revoke one)."""
    ssin = Ssin.parse(niss) if niss else None
    employer_number = EnterpriseNumber.parse(employer) if employer else None
    with _client(runtime) as (settings, client):
        company = employer_number or settings.employer
        found = []
        for mandate in client.mandates.iter_mandates(
            employer=company, status=_STATUSES.get(status_name), ssin=ssin
        ):
            found.append(mandate)
            if limit is not None and len(found) >= limit:
                break
    if as_json:
        render.echo_json([render.mandate_json(m, show_ssin=show_niss) for m in found])
        return
    lang = runtime.lang
    if not found:
        runtime.console.print(t("cli.no_mandates", lang, employer=company.formatted))
        return
    title = t("cli.mandates_title", lang, employer=company.formatted)
    runtime.console.print(
        render.mandates_table(
            found, lang, title=title, show_ssin=show_niss, width=runtime.console.width
        )
    )


# --------------------------------------------------------------------------------- connection


@cli.command("test-connection")
@json_option
@pass_runtime
def test_connection(runtime: Runtime, as_json: bool) -> None:
    """Check the certificate, the sign-in and the permissions, as an administrator's button would.

    Exit code 0 when everything works, 4 when a server could not be reached, 5 when one refused.
    """
    with _client(runtime) as (_, client):
        report = client.test_connection()
    lang = runtime.lang
    if as_json:
        render.echo_json(
            {
                "ok": report.ok,
                "environment": report.environment,
                "clientId": report.client_id,
                "checks": [
                    {"name": c.name, "status": c.status.value, "message": c.message(lang)}
                    for c in report.checks
                ],
            }
        )
    else:
        runtime.console.print(report.summary(lang), soft_wrap=True)
    if not report.ok:
        failed = [c for c in report.checks if not c.ok]
        error = next((c.error for c in failed if c.error is not None), None)
        code = for_error(error) if error is not None else ExitCode.API_REFUSED
        click.get_current_context().exit(code)


# --------------------------------------------------------------------------------- config


@cli.group()
def config() -> None:
    """Inspect the configuration."""


@config.command("show")
@json_option
@pass_runtime
def config_show(runtime: Runtime, as_json: bool) -> None:
    """Show every setting and where it came from (secrets hidden)."""
    settings = runtime.settings()
    shown = settings.describe()
    sources = settings.sources
    if as_json:
        render.echo_json(
            {name: {"value": value, "source": sources.get(name)} for name, value in shown.items()}
        )
        return
    lang = runtime.lang
    table = Table(
        title=t("cli.config_title", lang, environment=settings.environment.value),
        title_justify="left",
    )
    table.add_column(t("cli.setting", lang), no_wrap=True)
    table.add_column(t("cli.value", lang), overflow="fold")
    table.add_column(t("cli.source", lang), style="dim")
    for name, value in shown.items():
        table.add_row(name, value, sources.get(name, ""))
    runtime.console.print(table)
