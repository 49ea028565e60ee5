"""How the command shows things: outcomes, field tables, QR codes, and their ``--json`` forms.

Text output is for people (translated, dates the Belgian way, the NISS masked); ``--json`` output
is for scripts (stable English keys, ISO 8601 dates, the NISS masked unless asked otherwise).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import click
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from precontract.api.profile import (
    AccessRequest,
    AccessRequestStatus,
    DataType,
    Mandate,
    MandateStatus,
)
from precontract.cli.catalogue import t
from precontract.errors import InvalidInput
from precontract.fields import FieldKey, MandateStatusValue, values_from_outcome
from precontract.i18n import Language, translate
from precontract.outcome import CheckOutcome, OutcomeKind
from precontract.timeutil import BRUSSELS

__all__ = [
    "day",
    "echo_json",
    "fields_table",
    "json_value",
    "mandate_json",
    "moment",
    "outcome_json",
    "outcome_panel",
    "qr_text",
    "request_json",
    "status_text",
    "value_text",
]

_STYLE_OF_KIND = {
    OutcomeKind.RESULT: "green",
    OutcomeKind.NEEDS_APPROVAL: "yellow",
    OutcomeKind.PENDING: "yellow",
    OutcomeKind.CONFIRM_APPROVER: "yellow",
}


# The API's statuses in the words of the host's status field (the JSON keeps the API's codes).
_STATUS_LABELS = {
    "PENDING": MandateStatusValue.PENDING,
    "APPROVED": MandateStatusValue.ACTIVE,
    "ACTIVE": MandateStatusValue.ACTIVE,
    "REFUSED": MandateStatusValue.REFUSED,
    "EXPIRED": MandateStatusValue.EXPIRED,
    "CANCELLED": MandateStatusValue.CANCELLED,
    "REVOKED": MandateStatusValue.REVOKED,
}


def status_text(status: AccessRequestStatus | MandateStatus, lang: Language | str) -> str:
    """An access request's or a mandate's status as a recruiter reads it (a new one as is)."""
    label = _STATUS_LABELS.get(status.value)
    return label.label(lang) if label is not None else status.value


def day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


# A day as this command shows it (15/01/2027, also with dots or dashes) or in ISO 8601.
_DAY_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d")


def parse_day(text: str, option: str) -> dt.date:
    """A day typed as shown (``15/01/2027``) or in ISO (``2027-01-15``); else an input error."""
    value = text.strip()
    for form in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(value, form).date()
        except ValueError:
            continue
    raise InvalidInput(
        f"{option}: {text!r} is not a date", key="cli.bad_date", option=option, value=text
    )


def moment(value: dt.datetime) -> str:
    return value.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M")


def value_text(key: FieldKey, value: Any, lang: Language | str) -> str:
    """One logical value as a person reads it."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return translate("value.yes" if value else "value.no", lang)
    if isinstance(value, dt.datetime):
        return moment(value)
    if isinstance(value, dt.date):
        return day(value)
    if key is FieldKey.MANDATE_STATUS:
        return MandateStatusValue(value).label(lang)
    return str(value)


def json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def fields_table(
    values: Mapping[FieldKey, Any],
    lang: Language | str,
    *,
    title: str | None = None,
    keys: tuple[FieldKey, ...] | None = None,
) -> Table:
    """The values as the applicant's file shows them: what, and its value (``--json`` gives the
    keys a script reads)."""
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column(t("cli.field", lang))
    # Ids and dates are read or copied whole: never broken across lines.
    table.add_column(t("cli.value", lang), no_wrap=True)
    for key in keys or tuple(FieldKey):
        value = values.get(key)
        style = "dim" if value is None else ""
        table.add_row(key.label(lang), Text(value_text(key, value, lang), style=style))
    return table


def qr_text(url: str) -> Text:
    """The QR code for a terminal: light modules drawn white on black, whatever the theme."""
    from precontract.qr import qr_terminal  # qrcode: only when a code is drawn

    return Text(qr_terminal(url), style="bright_white on black", no_wrap=True, overflow="ignore")


def outcome_panel(outcome: CheckOutcome, lang: Language | str) -> Panel:
    """The outcome in a few lines: its message, the link, the warnings."""
    lines: list[Text] = [Text(outcome.message(lang), style="bold")]
    if outcome.approval_url and outcome.approval_expires_at:
        lines.append(Text(t("cli.approval_link", lang, url=outcome.approval_url)))
        lines.append(
            Text(t("cli.approve_before", lang, moment=moment(outcome.approval_expires_at)))
        )
    for warning in outcome.warnings:
        lines.append(Text(f"⚠ {warning.message(lang)}", style="yellow"))
    approver = outcome.approver
    if approver is not None:
        # Who approved, and how it compares: a mismatch stands out.
        for line in approver.lines(lang):
            lines.append(Text(line, style="bold red" if approver.is_mismatch else ""))
        lines.append(Text(t("cli.accept_hint", lang), style="dim"))
    status = MandateStatusValue(values_from_outcome(outcome)[FieldKey.MANDATE_STATUS])
    style = _STYLE_OF_KIND.get(outcome.kind, "red")
    if approver is not None and approver.is_mismatch:
        style = "red"
    return Panel(Group(*lines), title=status.label(lang), title_align="left", border_style=style)


def outcome_json(outcome: CheckOutcome, lang: Language | str) -> dict[str, Any]:
    """The outcome for scripts: what happened, what to store, and the fields with their dates."""
    state = outcome.state
    values = values_from_outcome(outcome)
    ssin = outcome.ssin
    return {
        "outcome": outcome.kind.value,
        "final": outcome.kind.is_final,
        "message": outcome.message(lang),
        "applicantReference": outcome.applicant_reference,
        "employer": outcome.employer.compact,
        "ssin": ssin.masked if ssin is not None else None,
        "checkedAt": outcome.checked_at.isoformat(),
        "requestId": outcome.request_id,
        "mandateId": outcome.mandate_id,
        "approvalUrl": outcome.approval_url,
        "approvalExpiresAt": json_value(outcome.approval_expires_at),
        "state": {"requestId": state.request_id, "mandateId": state.mandate_id},
        "fields": {key.value: json_value(value) for key, value in values.items()},
        "warnings": [{"code": w.code, "message": w.message(lang)} for w in outcome.warnings],
        "approver": outcome.approver.to_dict() if outcome.approver is not None else None,
    }


def request_json(request: AccessRequest) -> dict[str, Any]:
    return {
        "requestId": request.request_id,
        "status": request.status.value,
        "approvalUrl": request.approval_url,
        "expiresAt": json_value(request.expires_at),
        "requester": request.requester.enterprise_number.compact,
        "employer": request.employer.enterprise_number.compact,
        "dataTypes": [d.value for d in request.data_types],
        "ssin": request.ssin.masked if request.ssin is not None else None,
        "mandateId": request.mandate_id,
        "approvedAt": json_value(request.approved_at),
    }


def mandate_json(mandate: Mandate, *, show_ssin: bool = False) -> dict[str, Any]:
    return {
        "mandateId": mandate.mandate_id,
        "ssin": mandate.ssin.compact if show_ssin else mandate.ssin.masked,
        "status": mandate.status.value,
        "employer": mandate.employer.enterprise_number.compact,
        "requester": mandate.requester.enterprise_number.compact,
        "grantedAt": json_value(mandate.granted_at),
        "dataTypes": {d.type.value: json_value(d.valid_until) for d in mandate.data_types},
    }


_MANDATE_COLUMNS = (
    "cli.mandate",
    "cli.niss",
    "cli.status",
    "cli.granted_at",
    "cli.flexi_until",
    "cli.student_until",
)


def _mandate_row(m: Mandate, lang: Language | str, show_ssin: bool) -> tuple[str, ...]:
    flexi = m.valid_until(DataType.FLEXI_JOB_ELIGIBILITY)
    student = m.valid_until(DataType.STUDENT_HOURS)
    return (
        m.mandate_id,
        m.ssin.formatted if show_ssin else m.ssin.masked,
        status_text(m.status, lang),
        moment(m.granted_at),
        day(flexi) if flexi else "—",
        day(student) if student else "—",
    )


def mandates_table(
    mandates: list[Mandate],
    lang: Language | str,
    *,
    title: str,
    show_ssin: bool = False,
    width: int | None = None,
) -> Table:
    """One row per mandate; when the terminal is too narrow for that without breaking an id or
    an NISS (``width``), one small block per mandate instead."""
    rows = [_mandate_row(m, lang, show_ssin) for m in mandates]
    table = Table(title=title, title_justify="left")
    for index, key in enumerate(_MANDATE_COLUMNS):
        # Every value stays whole (only the headers may wrap).
        widest = max((len(row[index]) for row in rows), default=0)
        table.add_column(t(key, lang), no_wrap=True, min_width=widest)
    for row in rows:
        table.add_row(*row)
    # The table's own measure: Measurement.get would clamp it to the console's width.
    console = Console(width=max(width or 80, 1000))
    if width is None or table.__rich_measure__(console, console.options).minimum <= width:
        return table
    blocks = Table(title=title, title_justify="left", show_header=False, show_lines=True)
    blocks.add_column(no_wrap=True)
    for row in rows:
        block = Table.grid(padding=(0, 1))
        block.add_column(style="dim", no_wrap=True)
        block.add_column(no_wrap=True)
        for key, value in zip(_MANDATE_COLUMNS, row, strict=True):
            block.add_row(t(key, lang), value)
        blocks.add_row(block)
    return blocks


def print_outcome(
    console: Console,
    outcome: CheckOutcome,
    lang: Language | str,
    *,
    keys: tuple[FieldKey, ...] | None = None,
) -> None:
    """The outcome panel and, for a result, the fields table."""
    console.print(outcome_panel(outcome, lang))
    if outcome.kind is OutcomeKind.RESULT:
        values = values_from_outcome(outcome)
        console.print(fields_table(values, lang, title=t("cli.fields_title", lang), keys=keys))
