"""Who acted, as the audit trail stores it and as a reader says it.

The audit stores a short machine form (it is English, grep-able, the same in every language);
pages and proofs say it in the reader's language:

- ``recruitee:<company id>``, ``teamtailor:<recruiter's e-mail or connection>``,
  ``bullhorn:user <UserID>`` — the person who pressed the ATS's button (as far as the ATS says);
- ``recruiter-page:<one of those>`` — someone acting on the recruiter page (accepting or
  rejecting the approver, typing the NISS, sending the request without it). The page has no
  sign-in of its own: whoever acts holds the link the ATS showed the presser.

Anything else (an administrator's user name, the CLI's operating-system user) is shown as it is.
"""

from __future__ import annotations

import re

from precontract.i18n import Language, translate

__all__ = ["RECRUITER_PAGE", "actor_words", "recruiter_page_actor"]

RECRUITER_PAGE = "recruiter-page:"
_LEGACY_PAGE = re.compile(r"^recruiter page(?: \((?P<presser>.*)\))?$")


def recruiter_page_actor(presser: str | None) -> str:
    """The actor of an action on the recruiter page of a check ``presser`` started."""
    return RECRUITER_PAGE + (presser or "")


def _presser_words(actor: str, lang: Language) -> str:
    kind, _, who = actor.partition(":")
    if kind == "recruitee" and who:
        return translate("audit.actor.recruitee", lang, company=who)
    if kind == "teamtailor" and who:
        return translate("audit.actor.teamtailor", lang, who=who)
    if kind == "bullhorn":
        user = who.removeprefix("user ").strip()
        return (
            translate("audit.actor.bullhorn_user", lang, user=user)
            if user
            else translate("audit.actor.bullhorn", lang)
        )
    return actor


def actor_words(actor: str | None, lang: Language) -> str:
    """``actor`` as the reader says it (see the module's text); "—" when nobody is named."""
    if not actor:
        return "—"
    presser: str | None = None
    if actor.startswith(RECRUITER_PAGE):
        presser = actor.removeprefix(RECRUITER_PAGE)
    elif (legacy := _LEGACY_PAGE.match(actor)) is not None:  # stored before the words existed
        presser = legacy.group("presser") or ""
    if presser is None:
        return _presser_words(actor, lang)
    if not presser:
        return translate("audit.actor.recruiter_page", lang)
    return translate("audit.actor.recruiter_page_of", lang, presser=_presser_words(presser, lang))
