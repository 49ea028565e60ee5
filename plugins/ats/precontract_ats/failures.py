"""A failure kept to be shown later, said in the language of whoever reads it.

A write-back's last error, a check's last failure and a failed check's message are read on pages
in Dutch, French, German or English, days after the failure, by people who chose their own
language. So the store keeps what to say, not a sentence: the error's text key and parameters
(:class:`precontract.i18n.Text`, as JSON in the row's text column), and :func:`said` says it when
the page is drawn. What the ATS itself answered may be among the parameters (masked, shortened),
quoted as the ATS wrote it. The English developer message goes to the log only.

>>> from precontract_ats.ats.http import AtsError
>>> kept = stored(AtsError("Teamtailor: PATCH … answered 422", ats="Teamtailor", status=422,
...                        body='{"errors": [{"detail": "is invalid"}]}'))
>>> said(kept, "nl")
'Teamtailor aanvaardde niet wat de connector stuurde (fout 422). Het antwoord van Teamtailor: «{"errors": [{"detail": "is invalid"}]}»'
>>> said("an older row's English", "fr")
"an older row's English"
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from precontract.errors import PrecontractError
from precontract.i18n import Text
from precontract.masking import mask_ssins

__all__ = ["failure_text", "notes_error", "said", "stored"]

# The text columns holding a failure (``String(1000)``).
_LIMIT = 1000


def failure_text(error: BaseException | Text) -> Text:
    """What to tell the reader about ``error``: its own text, or "an unexpected error" with the
    exception's name and message as the quoted detail (a bug: the operator reports it)."""
    if isinstance(error, Text):
        return error
    if isinstance(error, PrecontractError):
        return error.text()
    detail = mask_ssins(f"{type(error).__name__}: {error}")[:300]
    return Text("connector.unexpected_failure", {"detail": detail})


def _shortened(text: Text, room: int) -> Text:
    params = {
        name: value[:room] + "…" if isinstance(value, str) and len(value) > room else value
        for name, value in text.params.items()
    }
    return Text(text.key, params, text.default)


def stored(error: BaseException | Text) -> str:
    """The failure as kept in a text column (JSON of its :class:`Text`, at most 1000 characters:
    long parameters, such as what the ATS answered, are shortened to fit)."""
    text = failure_text(error)
    for room in (400, 200, 80, 0):
        kept = json.dumps(text.to_json(), ensure_ascii=False)
        if len(kept) <= _LIMIT:
            return kept
        text = _shortened(text, room)
    return json.dumps(Text(text.key).to_json(), ensure_ascii=False)[:_LIMIT]


def notes_error(error: BaseException | Text) -> dict[str, Any]:
    """The failure as kept in a check's ``notes`` (its :class:`Text` as JSON)."""
    return failure_text(error).to_json()


def said(kept: str | Mapping[str, Any] | None, lang: str) -> str:
    """A kept failure in ``lang``. A row written before failures were kept so (plain text, or
    one text per language) is shown as it was written."""
    if not kept:
        return ""
    value: Any = kept
    if isinstance(kept, str):
        try:
            value = json.loads(kept)
        except ValueError:
            return kept
    if isinstance(value, Mapping):
        text = Text.from_json(value)
        if text is not None:
            return text.render(lang)
        old = value.get(lang) or value.get("en")
        if isinstance(old, str):
            return old
    return kept if isinstance(kept, str) else ""
