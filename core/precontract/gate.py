"""A pause shared by every thread of one client: when the server says "too many requests", all
of them wait for its ``Retry-After``, not only the thread that was told.

Without it, 32 workers each learn about the limit on their own: 32 refused calls per window
instead of one, and each retries on its own schedule. :class:`SharedPause` holds one deadline;
:meth:`SharedPause.hold` pushes it out (never in), :meth:`SharedPause.wait` sleeps until it.

>>> slept = []
>>> moments = iter([100.0, 100.0, 100.5, 103.0])
>>> pause = SharedPause(clock=lambda: next(moments), sleep=slept.append)
>>> pause.hold(2.0)          # at 100.0: everyone waits until 102.0
>>> pause.wait(), slept      # at 100.0: 2 s to go
(True, [2.0])
>>> pause.wait(), slept      # at 100.5, after someone else's sleep was cut short: 1.5 s more
(True, [2.0, 1.5])
>>> pause.wait()             # at 103.0: open
False
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["SharedPause"]


class SharedPause:
    """One deadline before which no thread sends; ``clock``/``sleep`` are injectable for tests."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._until = 0.0
        self._holds = 0

    @property
    def holds(self) -> int:
        """How many times a pause was asked for (a benchmark reports it)."""
        return self._holds

    def hold(self, seconds: float) -> None:
        """Nobody sends for ``seconds`` from now (a later deadline already set is kept)."""
        with self._lock:
            self._holds += 1
            self._until = max(self._until, self._clock() + max(seconds, 0.0))

    def wait(self) -> bool:
        """Sleep until the deadline; True when it had to wait."""
        with self._lock:
            remaining = self._until - self._clock()
        if remaining <= 0:
            return False
        self._sleep(remaining)
        return True
