"""A check's result in a sentence or two, for the ATS's report and the e-mail link (nl/fr/en).

>>> import datetime as dt
>>> from precontract.fields import FieldKey
>>> values = {FieldKey.MANDATE_STATUS: "active", FieldKey.FLEXI_ELIGIBLE: True,
...           FieldKey.FLEXI_PERIOD_START: dt.date(2026, 10, 1),
...           FieldKey.FLEXI_PERIOD_END: dt.date(2026, 12, 31),
...           FieldKey.FLEXI_CONSULTABLE_UNTIL: dt.date(2026, 12, 28)}
>>> summary(values, "en")
'Flexi-job: eligible from 01/10/2026 to 31/12/2026 (consultable until 28/12/2026).'
>>> score(values, "nl")
'Flexi: ja'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from precontract.fields import FieldKey, MandateStatusValue
from precontract.i18n import Language, translate
from precontract.timeutil import BRUSSELS

__all__ = ["day", "moment", "score", "summary", "time_of_day"]


def day(value: Any) -> str:
    """A date the Belgian way: 28/12/2026."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(BRUSSELS).date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def moment(value: Any) -> str:
    """A moment in Brussels time: 28/11/2026 10:32."""
    if isinstance(value, dt.datetime):
        return value.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M")
    return day(value)


def time_of_day(value: dt.datetime) -> str:
    """The time of a moment in Brussels: 10:32 (for a wait of less than a day)."""
    return value.astimezone(BRUSSELS).strftime("%H:%M")


def summary(values: Mapping[FieldKey, Any], lang: Language | str) -> str:
    """The data part of a result (or the status's sentence when there is no data)."""
    parts: list[str] = []
    eligible = values.get(FieldKey.FLEXI_ELIGIBLE)
    if eligible is True:
        parts.append(
            translate(
                "summary.flexi_yes",
                lang,
                start=day(values.get(FieldKey.FLEXI_PERIOD_START)),
                end=day(values.get(FieldKey.FLEXI_PERIOD_END)),
                until=day(values.get(FieldKey.FLEXI_CONSULTABLE_UNTIL)),
            )
        )
    elif eligible is False:
        parts.append(
            translate(
                "summary.flexi_no", lang, until=day(values.get(FieldKey.FLEXI_CONSULTABLE_UNTIL))
            )
        )
    hours = values.get(FieldKey.STUDENT_HOURS_REMAINING)
    if hours is not None:
        parts.append(
            translate(
                "summary.student",
                lang,
                hours=hours,
                year=values.get(FieldKey.STUDENT_YEAR) or "",
                as_of=moment(values.get(FieldKey.STUDENT_AS_OF)),
                until=day(values.get(FieldKey.STUDENT_CONSULTABLE_UNTIL)),
            )
        )
    if parts:
        return " ".join(parts)
    status = values.get(FieldKey.MANDATE_STATUS)
    if status == MandateStatusValue.ACTIVE.value:
        return translate("summary.nothing", lang)
    if status:
        return translate(f"outcome.{status}", lang)
    return ""


def score(values: Mapping[FieldKey, Any], lang: Language | str) -> str:
    """A few words for an ATS's short "score" field."""
    parts: list[str] = []
    eligible = values.get(FieldKey.FLEXI_ELIGIBLE)
    if eligible is not None:
        parts.append(
            translate(
                "score.flexi",
                lang,
                value=translate("value.yes" if eligible else "value.no", lang).lower(),
            )
        )
    hours = values.get(FieldKey.STUDENT_HOURS_REMAINING)
    if hours is not None:
        parts.append(translate("score.student", lang, hours=hours))
    return " · ".join(parts)
