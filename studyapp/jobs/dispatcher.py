"""The dispatcher (River's producer): claims jobs for the worker pool's free threads.

One loop, on the caller's thread: claim as many jobs as there are idle threads in one statement
on its own connection; for job types that proved cheap (they run in milliseconds) claim up to
``PREFETCH_PER_THREAD`` per thread ahead, so threads never wait for a round trip (LLM jobs are
never claimed ahead: in flight ≈ threads). Idle, it sleeps until a notification, a held job
changing stage, or the next retry's ``run_after``.

It needs of the pool its slots and a place to put jobs, of the lease service the worker id and
whether the lease is alive, and of the completer its backlog.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

import psycopg

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable
from studyapp.jobs import store
from studyapp.jobs.backoff import Backoff
from studyapp.jobs.clock import Clock
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.holdings import Holdings
from studyapp.jobs.pool import WorkerPool
from studyapp.jobs.store.sql import db_now

log = logging.getLogger(__name__)

IDLE_POLL = 2.0
FRESH_FOR = store.FRESH_FOR.total_seconds()  # a new worker leaves rescued jobs to older ones
PREFETCH_PER_THREAD = 16  # how far ahead cheap jobs are claimed (in jobs per worker thread)
PREFETCH_MIN = 64  # and at least this far: one thread on a deep queue claims big batches too


class Claimant(Protocol):
    """The lease service, as the dispatcher sees it."""

    ok: threading.Event

    def acting(self) -> AbstractContextManager[str]: ...

    def database_trouble(self, exc: DatabaseUnavailable) -> None: ...


class Dispatcher:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        pool: WorkerPool,
        claimant: Claimant,
        *,
        backlog: Callable[[], int],
        stopping: threading.Event,
        wake: threading.Event,
        holdings: Holdings,
    ) -> None:
        self.db = db
        self.clock = clock
        self.pool = pool
        self.claimant = claimant
        self._backlog = backlog
        self._stopping = stopping
        self._wake = wake
        self.holdings = holdings
        self._conn: psycopg.Connection | None = None
        self._started_at = time.monotonic()

    def started(self) -> None:
        self._started_at = time.monotonic()

    def _fresh(self) -> bool:
        return time.monotonic() - self._started_at < FRESH_FOR

    def on_notification(self, event: dict[str, Any]) -> None:
        if event.get("status") in ("pending", "completed", "failed", "cancelled"):
            self._wake.set()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- claiming --------------------------------------------------------------------------

    def claim(self, limit: int | None = None) -> list[JobInfo]:
        """The synchronous API: claim for free slots (at most ``limit``) on a pooled
        connection and hold them; the caller runs each."""
        if self._stopping.is_set():
            return []
        free = self.pool.free_slots()
        wanted = free if limit is None else min(limit, free)
        if wanted <= 0:
            return []
        holds = self.holdings.current()
        with self.claimant.acting() as worker_id:
            jobs = store.claim(
                self.db, worker_id, wanted, self.clock, fresh=self._fresh(), holds=holds
            )
        self.pool.hold(jobs)
        return jobs

    def claim_batch(self) -> int:
        """One dispatch round: claim for idle threads (any type), else ahead for cheap types.
        Returns how many jobs were claimed."""
        free = self.pool.free_slots()
        types: list[str] | None = None
        if free > 0:
            want = free
        else:
            types = self.pool.cheap_types()
            ahead = max(PREFETCH_PER_THREAD * self.pool.threads, PREFETCH_MIN)
            queued = self.pool.queued_count()
            # Claim ahead in big steps (each claim is a commit, an fsync): only once the queue
            # has run down to half, then back up to full.
            if not types or queued > ahead // 2 or self._backlog() > 2 * ahead:
                return 0
            want = ahead - queued
        if self._conn is None or self._conn.closed:
            self._conn = self.db.connect(autocommit=True)
        holds = self.holdings.current()
        with self.claimant.acting() as worker_id:
            jobs = store.claim(
                self.db,
                worker_id,
                want,
                self.clock,
                conn=self._conn,
                types=types,
                fresh=self._fresh(),
                holds=holds,
            )
        for running in self.pool.hold(jobs):
            self.pool.enqueue(running)
        return len(jobs)

    # -- the loop --------------------------------------------------------------------------

    def wait_seconds(self, summary: store.QueueSummary) -> float | None:
        """How long an idle loop may sleep: None when no job is pending at all."""
        if summary.runnable:
            return 0.0
        if summary.next_at is None:
            return None
        now = self.clock.now()
        if now is None:
            with self.db.session() as session:
                now = db_now(session)
        return max((summary.next_at - now).total_seconds(), 0.0)

    def run(self, *, until_idle: bool = False) -> None:
        """Dispatch until the stop (or, with ``until_idle``, until nothing is pending, waiting
        for a retry, processing, held or being committed). Never returns because of a
        transient database error."""
        backoff = Backoff()
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                if not self.claimant.ok.is_set():
                    self._wake.wait(0.25)
                    continue
                claimed = self.claim_batch()
                backoff.reset()
                if claimed:
                    continue
                if self.pool.free_slots() == 0:
                    self._wake.wait(IDLE_POLL)
                    continue
                # What we hold is read BEFORE the queue: a job let go of after that read had
                # its new state (a retry, pending again) committed before the query, so the
                # query sees it. Read after, a retry committed in between looked idle.
                held_before = self.pool.busy()
                summary = store.pending_summary(self.db, self.clock)
                wait = self.wait_seconds(summary)
            except DatabaseUnavailable as exc:
                self.close()
                self.claimant.database_trouble(exc)
                self._wake.wait(backoff.next_delay())
                continue
            if (
                until_idle
                and wait is None
                and summary.processing == 0
                and not held_before
                and not self.pool.busy()
            ):
                return  # nothing pending, waiting for a retry, processing, held or completing
            timeout = IDLE_POLL if wait is None else min(max(wait, 0.005), IDLE_POLL)
            self._wake.wait(timeout)
