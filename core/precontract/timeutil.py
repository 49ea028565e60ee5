"""Time in Brussels: the social security's day boundaries are Europe/Brussels days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

__all__ = ["BRUSSELS", "Clock", "brussels_today", "end_of_day", "system_clock", "to_brussels"]

BRUSSELS = ZoneInfo("Europe/Brussels")

Clock = Callable[[], dt.datetime]
"""A function answering the current moment as an aware datetime (tests pass a fixed one)."""


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_brussels(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give a timezone-aware moment")
    return moment.astimezone(BRUSSELS)


def brussels_today(moment: dt.datetime) -> dt.date:
    """The calendar day in Brussels at ``moment``."""
    return to_brussels(moment).date()


def end_of_day(moment: dt.datetime) -> dt.datetime:
    """23:59:59 of the Brussels day of ``moment`` (an access request's last moment)."""
    day = brussels_today(moment)
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=BRUSSELS)
