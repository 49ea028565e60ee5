"""The sandbox's clock: real time plus an offset that tests and demos move.

Moving the clock is how a test makes an access request run past its end of day or a mandate
run out, without waiting. Time keeps flowing after a move.
"""

from __future__ import annotations

import datetime as dt
import threading

__all__ = ["SandboxClock"]


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
        with self._lock:
            self._offset = moment - dt.datetime.now(dt.UTC)
        return self.now()

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        with self._lock:
            self._offset += delta
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = dt.timedelta(0)

    @property
    def offset(self) -> dt.timedelta:
        with self._lock:
            return self._offset
