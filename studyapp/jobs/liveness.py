"""Worker liveness: a ``workers`` row plus a session-level advisory lock held for the process's life.

PostgreSQL releases a session advisory lock the moment the holding connection dies, which it does
when the process is killed (even ``kill -9``) or its machine vanishes (TCP keepalive). So "the lock
of worker W is free" means "W is dead", and its jobs can be rescued within seconds instead of
waiting for the 5-minute heartbeat backstop.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import uuid

import psycopg

from studyapp.db.database import Database
from studyapp.jobs import store
from studyapp.jobs.clock import Clock

log = logging.getLogger(__name__)


class WorkerLease:
    """Registers this process as a worker and holds its advisory lock until :meth:`close`."""

    def __init__(self, db: Database, *, kind: str = "worker") -> None:
        self.db = db
        self.id = f"{kind}-{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.lock_key = secrets.randbits(62)
        self._lock = threading.Lock()
        self._conn: psycopg.Connection | None = None
        self._open()

    def _open(self) -> None:
        # Keepalives make the server notice a vanished machine within a minute or so, which
        # releases our lock; a killed process's socket closes at once.
        conn = self.db.connect(
            autocommit=True,
            keepalives=1,
            keepalives_idle=20,
            keepalives_interval=5,
            keepalives_count=3,
        )
        conn.execute("SELECT pg_advisory_lock(%s)", (self.lock_key,))
        conn.execute(
            "INSERT INTO workers (id, host, pid, lock_key) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (id) DO UPDATE SET last_seen = now()",
            (self.id, socket.gethostname()[:255], os.getpid(), self.lock_key),
        )
        self._conn = conn

    def alive(self) -> bool:
        """Is our lock still held? After a database restart it is not: re-register."""
        with self._lock:
            try:
                assert self._conn is not None
                self._conn.execute("SELECT 1")
                return True
            except (psycopg.Error, AssertionError):
                return False

    def ensure(self) -> bool:
        """Re-open the lease after a lost connection. True when it had to (jobs may be gone)."""
        if self.alive():
            return False
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            self._open()
            return True

    def find_dead_workers(self) -> list[str]:
        """Workers whose advisory lock is free: their processes are gone."""
        dead: list[str] = []
        with self._lock:
            assert self._conn is not None
            rows = self._conn.execute(
                "SELECT id, lock_key FROM workers WHERE id <> %s", (self.id,)
            ).fetchall()
            for worker_id, key in rows:
                got = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()
                if got and got[0]:
                    self._conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
                    dead.append(worker_id)
        return dead

    def rescue_dead(self, clock: Clock | None = None) -> list[int]:
        """Reset the jobs of every dead worker; returns the job ids."""
        rescued: list[int] = []
        for worker_id in self.find_dead_workers():
            ids = store.rescue_worker(self.db, worker_id, clock)
            if ids:
                log.warning("worker %s is gone; rescued jobs %s", worker_id, ids)
            rescued.extend(ids)
        return rescued

    def close(self) -> None:
        with self._lock:
            if self._conn is None:
                return
            try:
                self._conn.execute("DELETE FROM workers WHERE id = %s", (self.id,))
                self._conn.execute("SELECT pg_advisory_unlock(%s)", (self.lock_key,))
            except psycopg.Error:
                log.info("worker %s: connection already gone at close", self.id)
            finally:
                self._conn.close()
                self._conn = None
