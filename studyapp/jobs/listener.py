"""LISTEN on ``studyapp_jobs`` in a background thread, reconnecting when the connection drops.

Used by idle workers (wake the moment a job is submitted) and by the window (refresh jobs that
another process finished). The callback runs on the listener thread: keep it tiny (set an event,
emit a Qt signal).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable
from studyapp.jobs.backoff import Backoff

log = logging.getLogger(__name__)

CHANNEL = "studyapp_jobs"


class JobListener:
    def __init__(
        self,
        db: Database,
        callback: Callable[[dict[str, Any]], None],
        *,
        on_connection_change: Callable[[bool], None] | None = None,
        reconnect_delay: float = 0.1,
        max_reconnect_delay: float = 2.0,
    ) -> None:
        self.db = db
        self.callback = callback
        self.on_connection_change = on_connection_change
        self.backoff = Backoff(reconnect_delay, max_reconnect_delay)
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="job-listener", daemon=True)

    def start(self) -> JobListener:
        self._thread.start()
        return self

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """True once LISTEN is in place (tests and benchmarks wait for it)."""
        return self._ready.wait(timeout)

    def stop(self, timeout: float = 1.0) -> None:
        """Ask the thread to end; it notices within 0.2 s (a daemon: never holds up an exit)."""
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        connected = False
        while not self._stop.is_set():
            try:
                with self.db.connect(autocommit=True) as conn, self.db.boundary():
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._ready.set()
                    connected = True
                    self._connection_changed(True)
                    self.backoff.reset()
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.2, stop_after=64):
                            self._deliver(note.payload)
            except (DatabaseUnavailable, OSError) as exc:
                self._ready.clear()
                if connected or self.backoff.failures == 0:
                    self._connection_changed(False)
                connected = False
                delay = self.backoff.next_delay()
                log.log(
                    logging.INFO if self.backoff.failures == 1 else logging.DEBUG,
                    "job listener lost its connection (%s); retrying",
                    exc,
                )
                self._stop.wait(delay)

    def _deliver(self, payload: str) -> None:
        try:
            event = json.loads(payload)
        except ValueError:
            log.warning("ignoring malformed job notification %r", payload[:100])
            return
        try:
            self.callback(event)
        except Exception:  # a listener callback bug must not kill the thread
            log.exception("job listener callback failed")

    def _connection_changed(self, connected: bool) -> None:
        if self.on_connection_change is not None:
            try:
                self.on_connection_change(connected)
            except Exception:
                log.exception("job listener connection callback failed")
