"""The pages Bullhorn shows in its tab: the candidate's check button, or why it is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi.responses import HTMLResponse

from precontract.i18n import Language
from precontract.outcome import Applicant
from precontract_ats.ats.base import ConnectionConfig
from precontract_ats.store.models import Check
from precontract_ats.web.security import EMBEDDABLE_HEADERS
from precontract_ats.web.templating import Pages

if TYPE_CHECKING:
    from precontract_ats.ats.port import ConnectorPort

__all__ = ["BullhornPages"]


class BullhornPages:
    def __init__(self, connector: ConnectorPort) -> None:
        self.pages = Pages(dev_mode=connector.settings.dev_mode)

    def tab(
        self,
        config: ConnectionConfig,
        applicant: Applicant,
        latest: Check | None,
        token: str,
        lang: Language,
    ) -> str:
        return self.pages.render_text(
            "bullhorn_tab.html",
            lang,
            config=config,
            applicant=applicant,
            latest=latest,
            token=token,
        )

    def refused(
        self, lang: Language, status: int, *, expired: bool = False, message: str = ""
    ) -> HTMLResponse:
        """Why the tab or its button is refused: ``message`` (in ``lang``) when the recruiter
        can fix it, else a sentence that says nothing of the candidate."""
        html = self.pages.render_text(
            "bullhorn_refused.html", lang, expired=expired, message=message
        )
        return HTMLResponse(html, status_code=status, headers=EMBEDDABLE_HEADERS)
