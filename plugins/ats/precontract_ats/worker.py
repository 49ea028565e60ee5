"""The follow-up worker: a loop that polls pending checks, delivers write-backs and clears expired
values (:meth:`~precontract_ats.engine.Connector.run_once`), every few seconds and as soon as the
web app queues something new.

Run one worker per database: inside ``precontract connector serve`` (the default) or on its own
with ``precontract connector worker`` (``--once`` for a single round, e.g. from cron).
"""

from __future__ import annotations

import logging
import threading

from precontract_ats.engine import Connector

__all__ = ["Worker"]

logger = logging.getLogger(__name__)


class Worker:
    """Runs :meth:`Connector.run_once` in a background thread until stopped."""

    def __init__(self, connector: Connector, *, interval: float | None = None) -> None:
        self.connector = connector
        self.interval = interval if interval is not None else connector.settings.worker_interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_forever(self) -> None:
        while not self._stop.is_set():
            try:
                counts = self.connector.run_once()
                if any(counts.values()):
                    logger.info("worker round: %s", counts)
            except Exception:  # a bad round must not end the loop; the next one retries
                logger.exception("worker round failed")
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
