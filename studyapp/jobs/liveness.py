"""Worker liveness: a ``workers`` row plus a session-level advisory lock held for the process's life.

PostgreSQL releases a session advisory lock the moment the holding connection dies, which it does
when the process is killed (even ``kill -9``) or its machine vanishes (TCP keepalive). So "the lock
of worker W is free" means "W is dead", and its jobs can be rescued within seconds instead of
waiting for the 5-minute heartbeat backstop.

One exception: when the *server* restarts, every lock is free at once although every worker is
fine and about to reconnect. A worker not seen since the server started is therefore given
``RESTART_GRACE`` from the server's start to register again before anyone rescues its jobs
(otherwise the first worker back would take every other worker's jobs and pay for their LLM
calls a second time). A lease is never repaired in place: after a lost connection the runner
opens a NEW lease (new id, new lock) and moves its jobs over (``store.adopt``).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import uuid
from datetime import timedelta

import psycopg

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable
from studyapp.jobs import store
from studyapp.jobs.clock import Clock

log = logging.getLogger(__name__)

RESTART_GRACE = timedelta(seconds=20)


class WorkerLease:
    """Registers this process as a worker and holds its advisory lock until :meth:`close`.
    Raises :class:`DatabaseUnavailable` when it cannot register."""

    def __init__(self, db: Database, *, kind: str = "worker") -> None:
        self.db = db
        self.kind = kind
        self.id = f"{kind}-{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.lock_key = secrets.randbits(62)
        self._lock = threading.Lock()
        # Keepalives make the server notice a vanished machine within a minute or so, which
        # releases our lock; a killed process's socket closes at once.
        conn = db.connect(
            autocommit=True,
            keepalives=1,
            keepalives_idle=20,
            keepalives_interval=5,
            keepalives_count=3,
        )
        try:
            with db.boundary():
                store.register_lease(
                    conn, self.id, socket.gethostname()[:255], os.getpid(), self.lock_key
                )
        except BaseException:
            conn.close()
            raise
        self._conn: psycopg.Connection | None = conn

    @property
    def conn(self) -> psycopg.Connection:
        """The lease's own connection (autocommit): the maintenance thread's heartbeats use it."""
        if self._conn is None:
            raise DatabaseUnavailable("The worker's database connection is closed.")
        return self._conn

    def alive(self) -> bool:
        """Is our connection (and so our lock) still there? After a server restart it is not."""
        with self._lock:
            if self._conn is None or self._conn.closed:
                return False
            try:
                self._conn.execute("SELECT 1")
                return True
            except psycopg.Error:
                return False

    def find_dead_workers(self) -> list[str]:
        """Workers whose advisory lock is free: their processes are gone (except those given
        time to come back after a server restart)."""
        with self._lock, self.db.boundary():
            return store.dead_workers(self.conn, self.id, RESTART_GRACE)

    def rescue_dead(self, clock: Clock | None = None) -> list[int]:
        """Reset the jobs of every dead worker; returns the job ids."""
        rescued: list[int] = []
        for worker_id in self.find_dead_workers():
            ids = store.rescue_worker(self.db, worker_id, clock)
            if ids:
                log.warning("worker %s is gone; rescued jobs %s", worker_id, ids)
            rescued.extend(ids)
        return rescued

    def close(self, *, unregister: bool = True) -> None:
        """Unregister (unless the connection is known dead) and release the lock."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if unregister and not conn.closed:
                store.close_lease(conn, self.id, self.lock_key)
        except psycopg.Error:
            log.info("worker %s: connection already gone at close", self.id)
        finally:
            conn.close()
