"""A gate shared by every thread of one client: when the server says "too many requests", all of
them wait for its ``Retry-After``, and from then on they send at the rate it let through.

Without it, 32 workers each learn about the limit on their own: 32 refused calls per window
instead of one, and each retries on its own schedule. :class:`SharedPause` holds one deadline;
:meth:`SharedPause.hold` pushes it out (never in), :meth:`SharedPause.wait` sleeps until it.

Waiting out each 429 alone is stop-and-go: every worker sends at once when the pause ends, the
limit is used up early in its window, and the rest of the window (rounded up to whole seconds by
``Retry-After``) goes unused. So a refusal also teaches the gate the server's rate: the calls it
let through in the second before refusing one. From then on :meth:`SharedPause.admit` spaces the
calls of all threads evenly (one token bucket, no bursts) a little below that rate, and raises
the rate slowly while nothing is refused, so a limit estimated too low is found again.

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

import collections
import threading
import time
from collections.abc import Callable

__all__ = ["SharedPause"]

LOOKBACK = 1.0
"""Seconds before a refused call in which the calls let through tell the server's rate."""
MARGIN = 0.95
"""The share of the learnt rate the gate sends at: just below it, so a window rarely overflows."""
MIN_SPAN = 0.2
"""Seconds of open gate a refused call needs behind it to teach a rate."""
GROWTH = 0.005
"""How much the rate grows per second without a refusal (0.5 %: doubling takes ~140 s)."""


class SharedPause:
    """One deadline before which no thread sends, and a learnt rate at which they then send.

    ``clock``/``sleep`` are injectable for tests.
    """

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
        self._refusals = 0
        self._rate: float | None = None  # calls per second; None until the first refusal
        self._grown_at = 0.0
        self._next = 0.0  # the next free sending slot while pacing
        self._accepted: collections.deque[float] = collections.deque()

    @property
    def holds(self) -> int:
        """How many times a pause was asked for (a benchmark reports it)."""
        return self._holds

    @property
    def refusals(self) -> int:
        """How many refused calls (429) taught the gate the rate."""
        return self._refusals

    @property
    def rate(self) -> float | None:
        """The calls per second the gate lets out (None: no limit learnt yet)."""
        with self._lock:
            return self._rate

    def hold(self, seconds: float) -> None:
        """Nobody sends for ``seconds`` from now (a later deadline already set is kept)."""
        with self._lock:
            self._hold(seconds)

    def _hold(self, seconds: float) -> None:
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

    # ----------------------------------------------------------------------------- pacing

    def admit(self) -> float:
        """Wait for the deadline and, once a rate is learnt, for this call's turn; answers the
        moment the call goes out (give it back to :meth:`accepted` or :meth:`refused`)."""
        for _ in range(10):  # a deadline pushed out meanwhile: look again (a few times)
            with self._lock:
                now = self._clock()
                slot = max(now, self._until)
                if self._rate is not None:
                    self._grow(now)
                    slot = max(slot, self._next)
                    self._next = slot + 1 / self._rate
            if slot > now:
                self._sleep(slot - now)
            with self._lock:
                if self._until <= slot:
                    return slot
        return self._clock()

    def accepted(self, sent: float) -> None:
        """A call sent at ``sent`` (from :meth:`admit`) was let through (any answer but 429)."""
        with self._lock:
            self._accepted.append(sent)
            self._forget(sent)

    def refused(self, sent: float, retry_after: float | None) -> None:
        """A call sent at ``sent`` was refused with 429: hold everyone for ``retry_after`` (when
        the server said) and pace from now on a little below what the server let through."""
        with self._lock:
            self._refusals += 1
            open_since = self._until
            if retry_after is not None:
                self._hold(retry_after)
            if sent < open_since:
                return  # sent before another refusal's pause began: it tells nothing new
            # The rate over the time the gate was open before this call: at most LOOKBACK.
            start = max(sent - LOOKBACK, open_since)
            if sent - start < MIN_SPAN:
                return  # refused right after a pause: too few calls to tell a rate
            let_through = sum(1 for moment in self._accepted if start < moment <= sent)
            if let_through == 0:
                return  # refused from the first call: nothing tells the rate
            self._rate = let_through / (sent - start) * MARGIN
            self._grown_at = self._clock()

    def _grow(self, now: float) -> None:
        assert self._rate is not None
        elapsed = now - max(self._grown_at, self._until)
        if elapsed >= 1.0:
            self._rate *= (1 + GROWTH) ** elapsed
            self._grown_at = now

    def _forget(self, now: float) -> None:
        while self._accepted and self._accepted[0] <= now - 2 * LOOKBACK:
            self._accepted.popleft()
