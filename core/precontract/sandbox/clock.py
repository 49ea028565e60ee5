"""The sandbox's clock: real time plus an offset that tests and demos move.

Moving the clock is how a test makes an access request run past its end of day or a mandate
run out, without waiting. Time keeps flowing after a move.
"""

from __future__ import annotations

import datetime as dt
import threading

__all__ = ["EARLIEST", "LATEST", "SandboxClock"]


# Moments the date arithmetic (end of day, + 3 months, quarters) can always handle.
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)


def _checked(offset: dt.timedelta) -> dt.timedelta:
    try:
        moment: dt.datetime | None = dt.datetime.now(dt.UTC) + offset
    except OverflowError:
        moment = None
    if moment is None or not EARLIEST <= moment < LATEST:
        raise ValueError(
            f"the sandbox clock stays between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}"
        )
    return offset


class SandboxClock:
    def __init__(self, offset: dt.timedelta = dt.timedelta(0)) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        """The sandbox's current moment, aware, in UTC."""
        with self._lock:
            return dt.datetime.now(dt.UTC) + self._offset

    def set(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("give the moment with its time zone")
        offset = _checked(moment - dt.datetime.now(dt.UTC))
        with self._lock:
            self._offset = offset
        return self.now()

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        with self._lock:
            try:
                self._offset = _checked(self._offset + delta)
            except OverflowError:
                raise ValueError("the sandbox clock cannot move that far") from None
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = dt.timedelta(0)

    @property
    def offset(self) -> dt.timedelta:
        with self._lock:
            return self._offset
