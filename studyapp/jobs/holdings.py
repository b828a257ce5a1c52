"""What a worker holds: the ``requires`` of jobs it can meet (e.g. ``"key:7"``, the profiles
whose API keys it can pay with; issue 20).

The engine does not know what a holding is: the registry's ``holdings`` callable says (the
product's handlers register it). The dispatcher passes the answer to every claim, so jobs
needing something else are left for a worker that has it; and the answer is written on the
worker's row whenever it changes, so a job can say it waits for a worker with bob's key. Keys
come and go (a keyring entry, a shared sealed key), so the answer is asked again every few
seconds rather than once at start.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence

from studyapp.db.database import Database
from studyapp.jobs import store

HOLDINGS_TTL = 5.0  # how long what the worker holds is trusted before it is asked again


class Holdings:
    def __init__(
        self,
        db: Database,
        source: Callable[[Database], Sequence[str] | None] | None,
        worker_id: Callable[[], str | None],
    ) -> None:
        """``source``: the registry's ``holdings`` (None: this worker takes any job).
        ``worker_id``: the lease's current worker id (None before it registers)."""
        self.db = db
        self._source = source
        self._worker_id = worker_id
        self._lock = threading.Lock()
        self._held: tuple[str, ...] | None = None
        self._asked_at: float | None = None
        self._advertised: tuple[str, ...] | None = None
        self._advertised_by: str | None = None

    def current(self, *, refresh: bool = False) -> tuple[str, ...] | None:
        """What this worker holds now (sorted), None when it takes any job."""
        if self._source is None:
            return None
        with self._lock:
            now = time.monotonic()
            if refresh or self._asked_at is None or now - self._asked_at > HOLDINGS_TTL:
                found = self._source(self.db)
                self._held = tuple(sorted(found)) if found is not None else None
                self._asked_at = now
            worker = self._worker_id()
            if worker is not None and (
                worker != self._advertised_by or self._held != self._advertised
            ):
                store.advertise(self.db, worker, self._held)
                self._advertised, self._advertised_by = self._held, worker
            return self._held
