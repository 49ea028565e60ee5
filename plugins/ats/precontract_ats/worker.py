"""The follow-up worker: a loop of rounds (:mod:`.rounds`) — clear expired values, follow the
pending checks whose turn it is, deliver the write-backs that are due — every few seconds and as
soon as the web app (in the same process) queues something new.

Run as many workers as you like on one PostgreSQL (``precontract connector worker`` on each
machine, ``serve --no-worker`` for web processes without one): each item is claimed by one of
them at a time. On SQLite one worker runs at a time; another one started waits until the first
one's lease is free.
"""

from __future__ import annotations

import logging
import threading

from precontract_ats.engine import Connector

__all__ = ["Worker"]

logger = logging.getLogger(__name__)


class Worker:
    """Runs :meth:`Connector.run_once` in a loop (in a background thread or in the foreground)."""

    def __init__(self, connector: Connector, *, interval: float | None = None) -> None:
        self.connector = connector
        self.interval = interval if interval is not None else connector.settings.worker_interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._waiting_said = False

    def run_forever(self) -> None:
        while not self._stop.is_set():
            busy = False
            try:
                counts = self.connector.run_once()
                if counts.get("waiting"):
                    if not self._waiting_said:
                        logger.info("another worker holds this SQLite database; waiting")
                        self._waiting_said = True
                else:
                    self._waiting_said = False
                    busy = any(counts.values())
                    if busy:
                        logger.info("worker round: %s", counts)
            except Exception:  # a bad round must not end the loop; the next one retries
                logger.exception("worker round failed")
            if busy:
                continue  # more may be due already: no nap between busy rounds
            # Woken early when the web app queues a write-back or starts a check.
            self.connector.wake.wait(self.interval)
            self.connector.wake.clear()

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self.run_forever, name="precontract-worker", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self.connector.wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
