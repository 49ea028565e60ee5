"""Teamtailor's partner result: its attributes for each report (also the webhook reply's
``partner_result_attributes``) and the ``PUT`` to the event's update-url (tt-partner-docs
partners/partner_results/_update.md.erb and _index.md.erb: ``details`` an object at most two
levels deep, ``actions`` ``{buttonText, endpoint}``, ``attachments`` ``{url, description}``)."""

from __future__ import annotations

from typing import Any

from precontract.i18n import translate
from precontract_ats.ats.base import Attachment, CheckRef, ConnectionConfig, Report, ReportKind
from precontract_ats.ats.http import AtsHttp
from precontract_ats.ats.verify import InboundRefused

__all__ = [
    "JSONAPI",
    "PARTNER_API_VERSION",
    "RECHECK_ENDPOINT",
    "check_update_url",
    "details_object",
    "put_result",
    "result_attributes",
]

JSONAPI = "application/vnd.api+json"
#: Teamtailor/tt-partner-docs config.rb: the partner API's version.
PARTNER_API_VERSION = "20180828"
RECHECK_ENDPOINT = "recheck"

_RESULT_STATUS = {
    ReportKind.LINK: "sent",
    ReportKind.NEEDS_NISS: "sent",
    ReportKind.COMPLETED: "completed",
    ReportKind.FAILED: "failed",
    ReportKind.CANCELED: "failed",
}


def details_object(label: str, text: str) -> dict[str, Any]:
    """The partner result's ``details``: an object (never a string), one level deep."""
    return {label: text} if text else {}


def result_attributes(config: ConnectionConfig, report: Report) -> dict[str, Any]:
    """The partner result's attributes for ``report`` (also the webhook reply's
    ``partner_result_attributes``)."""
    lang = config.language
    if report.kind is ReportKind.CLEARED:
        return {
            "summary": translate("ats.teamtailor.result.cleared", lang),
            "details": {},
            "attachments": [],
        }
    attributes: dict[str, Any] = {"status": _RESULT_STATUS[report.kind]}
    if report.page_url:
        attributes["url"] = report.page_url
    if report.kind is ReportKind.NEEDS_NISS:
        attributes["summary"] = translate("ats.teamtailor.result.needs_niss", lang)
    elif report.summary:
        attributes["summary"] = report.summary
    if report.kind is ReportKind.COMPLETED:
        attributes["details"] = details_object(
            translate("ats.teamtailor.result.details", lang), report.score
        )
    if report.kind in (ReportKind.COMPLETED, ReportKind.FAILED):
        attributes["actions"] = [
            {
                "buttonText": translate("ats.teamtailor.result.check_again", lang),
                "endpoint": RECHECK_ENDPOINT,
            }
        ]
    attachments = list(report.attachments)
    if report.kind is ReportKind.COMPLETED and not attachments and report.page_url:
        # The recruiter page serves the consultation's PDF proof while its values may be
        # shown; the attachment goes with the rest when the window ends (CLEARED).
        attachments.append(
            Attachment(
                f"{report.page_url}/proof.pdf?lang={lang}",
                translate("ats.teamtailor.result.proof", lang),
            )
        )
    if attachments:
        attributes["attachments"] = [
            {"url": a.url, "description": a.description} for a in attachments
        ]
    return attributes


def put_result(http: AtsHttp, config: ConnectionConfig, check: CheckRef, report: Report) -> None:
    """``PUT`` the partner result at the event's update-url with the partner key
    (partners/partner_results/_update.md.erb)."""
    url = str(check.context.get("update_url") or "")
    result_id = str(check.context.get("partner_result_id") or "")
    if not url or not result_id:
        return
    check_update_url(url, config)
    http.request(
        "PUT",
        url,
        headers={
            "Authorization": f"Bearer {config.secret('partner_key')}",
            "X-Api-Version": config.setting("partner_api_version", PARTNER_API_VERSION),
            "Content-Type": JSONAPI,
            "Accept": JSONAPI,
        },
        json={
            "data": {
                "id": result_id,
                "type": "partner-results",
                "attributes": result_attributes(config, report),
            }
        },
    )


def check_update_url(url: str, config: ConnectionConfig) -> None:
    """The partner key is only ever sent to the configured Teamtailor API."""
    base = config.setting("api_url", "https://api.teamtailor.com").rstrip("/") + "/"
    if not url.startswith(base):
        raise InboundRefused("forbidden", "the update-url is not on the configured Teamtailor API")
