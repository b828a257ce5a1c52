"""The runner: the job engine's parts put together, behind the API the front ends use.

The same code runs in the headless ``studyapp worker``, the CLI's ``--wait`` and the window
(``gui/job_pool.py`` puts the dispatcher loop on its own QThreadPool). The parts, as River has
them, each with a narrow interface and none holding the runner:

- :class:`~studyapp.jobs.dispatcher.Dispatcher` (producer): claims for free threads, and
  ahead for cheap job types, on :meth:`Runner.run`'s thread;
- :class:`~studyapp.jobs.pool.WorkerPool` (executor): threads that run handlers; a held job's
  stage is a :class:`~studyapp.jobs.execution.Stage`;
- :class:`~studyapp.jobs.completer.Completer`: commits outcomes in groups;
- :class:`~studyapp.jobs.lease.LeaseService` (rescuer and liveness): the worker's lease,
  heartbeats, rescues, re-registration after a lost connection;
- a LISTEN thread (:class:`~studyapp.jobs.listener.JobListener`) wakes the dispatcher.

All threads are daemons (nothing of the runner keeps a quitting process alive). Database
outages are never fatal: every part backs off and retries; results wait in memory. Only a
permanent error (a refused login, a dropped database) stops the runner: :attr:`Runner.fatal`.

:meth:`claim` and :meth:`execute` remain as a synchronous API (tests, the CLI's ``--wait``):
claim, then run and commit on the calling thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable
from studyapp.jobs import store
from studyapp.jobs.backoff import Backoff
from studyapp.jobs.clock import Clock, DatabaseClock
from studyapp.jobs.completer import CommitSide, Completer, settle
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.dispatcher import Dispatcher
from studyapp.jobs.holdings import Holdings
from studyapp.jobs.lease import HEARTBEAT_INTERVAL, RESCUE_INTERVAL, LeaseService
from studyapp.jobs.listener import JobListener
from studyapp.jobs.liveness import WorkerLease
from studyapp.jobs.pool import WorkerPool
from studyapp.jobs.registry import HandlerRegistry

log = logging.getLogger(__name__)


class Runner:
    def __init__(
        self,
        db: Database,
        registry: HandlerRegistry,
        *,
        threads: int = 4,
        clock: Clock | None = None,
        heartbeat_interval: float = HEARTBEAT_INTERVAL,
        rescue_interval: float = RESCUE_INTERVAL,
        stale_after: timedelta = store.STALE_AFTER,
        kind: str = "worker",
    ) -> None:
        if threads < 1:
            raise ValueError("a runner needs at least one thread")
        self.db = db
        self.registry = registry
        self.threads = threads
        self.clock = clock or DatabaseClock()
        self.kind = kind
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self.leases = LeaseService(
            db,
            self.clock,
            kind=kind,
            wake=self._wake.set,
            stopping=self._stopping,
            heartbeat_interval=heartbeat_interval,
            rescue_interval=rescue_interval,
            stale_after=stale_after,
            on_fatal=self.request_stop,
        )
        self._side = CommitSide(
            db, registry, self.clock, self.leases.acting, self.leases.database_trouble
        )
        self._completer = Completer(self._side)
        self.pool = WorkerPool(
            db,
            registry,
            self._completer,
            self.leases,
            threads=threads,
            kind=kind,
            stopping=self._stopping,
            wake=self._wake.set,
        )
        self.leases.watch(self.pool)
        self.dispatcher = Dispatcher(
            db,
            self.clock,
            self.pool,
            self.leases,
            backlog=self._completer.backlog,
            stopping=self._stopping,
            wake=self._wake,
            holdings=Holdings(
                db,
                registry.holdings,
                lambda: self.leases.lease.id if self.leases.lease is not None else None,
            ),
        )
        self._listener: JobListener | None = None
        self._started_threads = False

    # -- what the front ends read ------------------------------------------------------------

    @property
    def lease(self) -> WorkerLease | None:
        return self.leases.lease

    @property
    def worker_id(self) -> str:
        return self.leases.worker_id

    @property
    def fatal(self) -> DatabaseUnavailable | None:
        return self.leases.fatal

    @property
    def finished_callbacks(self) -> list[Callable[[JobInfo], None]]:
        return self.pool.finished_callbacks

    @property
    def started_callbacks(self) -> list[Callable[[JobInfo], None]]:
        return self.pool.started_callbacks

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def running_count(self) -> int:
        return self.pool.running_count()

    def running_ids(self) -> list[int]:
        return self.pool.held_ids()

    def free_slots(self) -> int:
        return self.pool.free_slots()

    def busy(self) -> bool:
        return self.pool.busy()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self, *, listen: bool = True) -> Runner:
        """Register the worker, rescue what dead workers left, start maintenance (and LISTEN).
        Raises :class:`DatabaseUnavailable` if it cannot register (callers may retry)."""
        self.leases.start()
        self.dispatcher.started()
        if listen:
            self._listener = JobListener(self.db, self.dispatcher.on_notification).start()
        return self

    def wait_listening(self, timeout: float = 10.0) -> bool:
        return self._listener is not None and self._listener.wait_ready(timeout)

    def request_stop(self) -> None:
        """Ask :meth:`run` to return soon (safe from a signal handler); then call shutdown()."""
        self._stopping.set()
        self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def run(
        self,
        *,
        until_idle: bool = False,
        spawn: Callable[[Callable[[], Any]], Any] | None = None,
    ) -> None:
        """Dispatch until :meth:`request_stop` (or, with ``until_idle``, until nothing is
        pending, waiting for a retry, processing, held or being committed). Worker threads are
        daemon threads by default; ``spawn`` may run the worker loops elsewhere. Never returns
        because of a transient database error; returns on a permanent one (see :attr:`fatal`)."""
        if not self._started_threads:
            self._started_threads = True
            self._completer.start()
            self.pool.start(spawn)
        self.dispatcher.run(until_idle=until_idle)

    def shutdown(self, grace: float = 5.0) -> list[int]:
        """Stop claiming; give running jobs ``grace`` seconds to finish and be committed; then
        interrupt the rest (their HTTP clients are closed, so a blocked LLM call returns at
        once) and release them to pending without spending an attempt. Returns within about
        ``grace`` plus one round trip. Returns the released job ids."""
        deadline = time.monotonic() + max(grace, 0.0)
        self.request_stop()
        self.pool.drop_queued()
        while time.monotonic() < deadline and (
            self.pool.running_handlers() or self._completer.backlog() > 0
        ):
            self._completer.wait_idle(min(0.02, max(deadline - time.monotonic(), 0)))
            time.sleep(0.005)
        self.pool.interrupt_all()
        self._completer.stop(timeout=0.1)
        self.pool.stop()
        lease_alive = self.lease is not None and self.lease.alive()
        released = self.leases.release_all(unregister=not lease_alive)
        # Daemon threads that notice the stop within a fraction of a second: a short join
        # only, a quit never waits for them.
        if self._listener is not None:
            self._listener.stop(timeout=0.05)
        self.dispatcher.close()
        self.leases.close(unregister=lease_alive)
        if released:
            log.info("released jobs %s for the next start", released)
        return released

    # -- the synchronous API ---------------------------------------------------------------

    def holdings(self, *, refresh: bool = False) -> tuple[str, ...] | None:
        """What this worker holds (the profiles whose keys it pays with: ``"key:7"``); None:
        it takes any job. See ``jobs/holdings.py``."""
        return self.dispatcher.holdings.current(refresh=refresh)

    def claim(self, limit: int | None = None) -> list[JobInfo]:
        """Claim as many jobs as there are free slots (at most ``limit``), in one round trip, on
        a pooled connection. Run each with :meth:`execute`."""
        return self.dispatcher.claim(limit)

    def execute(self, job: JobInfo) -> JobInfo | None:
        """Run one claimed job to its committed outcome on this thread. Returns the job's new
        state (None if it was no longer ours). Never raises for a job's own failure; during a
        database outage it waits (the outcome kept in memory) until it can commit."""
        (running,) = self.pool.hold([job])
        outcome = self.pool.run(running)
        if outcome is None:
            return None
        backoff = Backoff()
        while not outcome.settled.is_set():
            try:
                with self.db.boundary(), self.db.engine.connect() as conn:
                    settle(self._side, conn, [outcome])
            except DatabaseUnavailable as exc:
                self.leases.database_trouble(exc)
                if self._stopping.wait(backoff.next_delay()):
                    self.pool.forget(job.id)
                    return None
        self.pool.after_commit(outcome)
        return outcome.final

    # -- liveness (the lease service's, for tests and the window) ---------------------------

    def database_trouble(self, exc: DatabaseUnavailable) -> None:
        self.leases.database_trouble(exc)

    def heartbeat_now(self, job_ids: Sequence[int] | None = None) -> None:
        self.leases.heartbeat(job_ids)

    def rescue(self) -> list[int]:
        return self.leases.rescue()
