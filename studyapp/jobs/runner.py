"""The runner: claims jobs for its free threads, runs their handlers, records the outcome.

The same code runs in the headless ``studyapp worker`` (threads from a ThreadPoolExecutor) and in
the window (a thin adapter hands :meth:`Runner.execute` to a dedicated QThreadPool). The runner
also owns the worker's liveness: the advisory-lock lease, a heartbeat every 30 s for the jobs it
runs, and a rescue pass every few seconds for jobs of dead workers and stale heartbeats.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import psycopg
import sqlalchemy.exc

from studyapp.db.database import Database
from studyapp.errors import StudyappError
from studyapp.jobs import store
from studyapp.jobs.clock import Clock, DatabaseClock
from studyapp.jobs.contract import (
    JobCancelled,
    JobError,
    JobInfo,
    PermanentError,
    TransientError,
    Usage,
)
from studyapp.jobs.listener import JobListener
from studyapp.jobs.liveness import WorkerLease
from studyapp.jobs.registry import HandlerRegistry

log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL = 30.0
RESCUE_INTERVAL = 5.0
STALE_CHECK_INTERVAL = 60.0
CANCEL_CHECK_INTERVAL = 1.0
IDLE_POLL = 2.0


@dataclass
class _Running:
    """What the runner knows about one job it is running (one per thread)."""

    job: JobInfo
    usage: Usage = field(default_factory=Usage)
    cancel_flag: threading.Event = field(default_factory=threading.Event)
    last_cancel_check: float = 0.0


class _Context:
    """The :class:`studyapp.jobs.contract.JobContext` a handler gets."""

    def __init__(self, runner: Runner, running: _Running) -> None:
        self._runner = runner
        self._running = running
        # The claim just read the flag: the first database check can wait a second.
        running.last_cancel_check = time.monotonic()
        if running.job.cancel_requested:
            running.cancel_flag.set()
        self.job = running.job
        self.db = runner.db

    def cancelled(self) -> bool:
        running = self._running
        if running.cancel_flag.is_set():
            return True
        now = time.monotonic()
        if now - running.last_cancel_check >= CANCEL_CHECK_INTERVAL:
            running.last_cancel_check = now
            if store.cancel_requested(self.db, self.job.id):
                running.cancel_flag.set()
        return running.cancel_flag.is_set()

    def raise_if_cancelled(self) -> None:
        if self.cancelled():
            raise JobCancelled("Cancelled.")

    def heartbeat(self) -> None:
        self._runner.heartbeat_now([self.job.id])

    def add_usage(self, input_tokens: int, output_tokens: int, cost_usd: float) -> None:
        usage = self._running.usage
        usage.input_tokens += int(input_tokens)
        usage.output_tokens += int(output_tokens)
        usage.cost_usd += float(cost_usd)


def classify(exc: BaseException) -> tuple[bool, str, str, float | None]:
    """(transient?, kind, message for people, retry_after) for any exception a handler raised."""
    if isinstance(exc, TransientError):
        return True, exc.kind, str(exc), exc.retry_after
    if isinstance(exc, PermanentError | JobError):
        return False, exc.kind, str(exc), None
    if isinstance(exc, StudyappError):  # BadInput, NotFound: retrying cannot help
        return False, "bad_input", str(exc), None
    if isinstance(exc, psycopg.OperationalError | sqlalchemy.exc.OperationalError):
        return True, "database", "The database was unreachable; will retry.", None
    if isinstance(exc, TimeoutError | ConnectionError):
        return True, "network", f"Network problem ({type(exc).__name__}); will retry.", None
    return True, "internal", f"Internal error ({type(exc).__name__}: {exc}).", None


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
        self.heartbeat_interval = heartbeat_interval
        self.rescue_interval = rescue_interval
        self.stale_after = stale_after
        self.kind = kind
        self.lease: WorkerLease | None = None
        self._running: dict[int, _Running] = {}
        self._lock = threading.Lock()
        self._claim_lock = threading.Lock()
        self._chains = 0
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._maintenance: threading.Thread | None = None
        self._listener: JobListener | None = None
        self.finished_callbacks: list[Callable[[JobInfo], None]] = []
        self.started_callbacks: list[Callable[[JobInfo], None]] = []

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def worker_id(self) -> str:
        assert self.lease is not None, "Runner.start() first"
        return self.lease.id

    def start(self, *, listen: bool = True) -> Runner:
        """Register the worker, rescue what dead workers left, start heartbeats (and LISTEN)."""
        self.lease = WorkerLease(self.db, kind=self.kind)
        self.rescue()
        self._maintenance = threading.Thread(
            target=self._maintain, name=f"{self.kind}-maintenance", daemon=True
        )
        self._maintenance.start()
        if listen:
            self._listener = JobListener(self.db, self._on_notification).start()
        return self

    def wait_listening(self, timeout: float = 10.0) -> bool:
        return self._listener is not None and self._listener.wait_ready(timeout)

    def shutdown(self, grace: float = 5.0) -> list[int]:
        """Stop claiming, give running jobs ``grace`` seconds, release the rest to pending
        without spending an attempt. Returns the released job ids."""
        self._stopping.set()
        self._wake.set()
        deadline = time.monotonic() + grace
        while self.busy() and time.monotonic() < deadline:
            time.sleep(0.02)
        released: list[int] = []
        if self.lease is not None:
            try:
                released = store.release(self.db, self.worker_id, self.clock)
            except (psycopg.Error, sqlalchemy.exc.SQLAlchemyError, StudyappError):
                log.warning("could not release running jobs (database gone); they will be rescued")
        if self._listener is not None:
            self._listener.stop()
        if self._maintenance is not None:
            self._maintenance.join(5)
        if self.lease is not None:
            self.lease.close()
        if released:
            log.info("released jobs %s for the next start", released)
        return released

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    # -- claiming and running --------------------------------------------------------------

    def running_count(self) -> int:
        with self._lock:
            return len(self._running)

    def running_ids(self) -> list[int]:
        with self._lock:
            return list(self._running)

    def free_slots(self) -> int:
        return max(self.threads - self.running_count(), 0)

    def claim(self, limit: int | None = None) -> list[JobInfo]:
        """Claim as many jobs as there are free threads (at most ``limit``), in one round trip.
        Claims are serialised so that concurrent claimers never take more than the free slots."""
        if self._stopping.is_set():
            return []
        with self._claim_lock:
            wanted = self.free_slots() if limit is None else min(limit, self.free_slots())
            if wanted <= 0:
                return []
            jobs = store.claim(self.db, self.worker_id, wanted, self.clock)
            with self._lock:
                for job in jobs:
                    self._running[job.id] = _Running(job)
        return jobs

    def execute_chain(self, job: JobInfo) -> None:
        """Run ``job``, then keep this thread busy with the next runnable job (claimed for
        itself), instead of handing the slot back to the claim loop: a busy queue costs no
        thread start and no wake-up per job."""
        with self._lock:
            self._chains += 1
        try:
            while job is not None:
                self.execute(job)
                if self._stopping.is_set():
                    return
                try:
                    nxt = self.claim(limit=1)
                except (psycopg.Error, sqlalchemy.exc.SQLAlchemyError, StudyappError) as exc:
                    log.warning("claiming the next job failed (%s)", exc)
                    return
                job = nxt[0] if nxt else None
        finally:
            with self._lock:
                self._chains -= 1
            self._wake.set()

    def busy(self) -> bool:
        """Running a job, or a worker thread about to claim its next one."""
        with self._lock:
            return bool(self._running) or self._chains > 0

    def execute(self, job: JobInfo) -> JobInfo | None:
        """Run one claimed job to its outcome. Returns the job's new state (None if it was no
        longer ours). Never raises: every failure is recorded on the job."""
        with self._lock:
            running = self._running.setdefault(job.id, _Running(job))
        for callback in self.started_callbacks:
            callback(job)
        ctx = _Context(self, running)
        started = time.monotonic()
        final: JobInfo | None = None
        after_commit = None
        try:
            handler = self.registry[job.type]
            ctx.raise_if_cancelled()
            outcome = handler.run(ctx)
            ctx.raise_if_cancelled()
            final = store.complete(
                self.db,
                self.worker_id,
                job,
                lambda tx: handler.apply(tx, outcome),
                registry=self.registry,
                usage=running.usage,
                duration_ms=int((time.monotonic() - started) * 1000),
                clock=self.clock,
            )
            after_commit = getattr(handler, "after_commit", None)
        except store.LostJob:
            log.info("job %s was taken from this worker before it finished; result dropped", job.id)
        except JobCancelled:
            final = self._record(
                lambda: store.mark_cancelled(self.db, self.worker_id, job, self.clock)
            )
        except BaseException as exc:
            transient, kind, message, retry_after = classify(exc)
            if kind == "internal":
                log.error("job %s (%s) crashed", job.id, job.type, exc_info=exc)
            else:
                log.info("job %s attempt %s: %s: %s", job.id, job.attempts, kind, message)
            final = self._record(
                lambda: store.fail(
                    self.db,
                    self.worker_id,
                    job,
                    kind=kind,
                    message=message,
                    transient=transient,
                    retry_after=retry_after,
                    usage=running.usage,
                    duration_ms=int((time.monotonic() - started) * 1000),
                    clock=self.clock,
                )
            )
            if not isinstance(exc, Exception):  # KeyboardInterrupt / SystemExit: re-raise
                raise
        finally:
            # The outcome is committed: tell the window now, before derived work (embeddings),
            # so content shows as soon as it exists. The job still counts as running until
            # that work is done, so a shutdown waits for it.
            if final is not None:
                for callback in self.finished_callbacks:
                    try:
                        callback(final)
                    except Exception:
                        log.exception("job-finished callback failed")
            if after_commit is not None and final is not None:
                try:
                    after_commit(ctx, final.result or {})
                except Exception:
                    log.exception("after_commit of job %s failed (its data can be rebuilt)", job.id)
            with self._lock:
                self._running.pop(job.id, None)
            self._wake.set()
        return final

    def _record(self, action: Callable[[], JobInfo | None]) -> JobInfo | None:
        try:
            return action()
        except (psycopg.Error, sqlalchemy.exc.SQLAlchemyError, StudyappError):
            log.warning("could not record a job's outcome (database gone); it will be rescued")
            return None

    # -- liveness --------------------------------------------------------------------------

    def heartbeat_now(self, job_ids: list[int] | None = None) -> None:
        ids = self.running_ids() if job_ids is None else job_ids
        mine, cancelled = store.heartbeat(self.db, self.worker_id, ids, self.clock)
        with self._lock:
            for job_id in cancelled:
                if job_id in self._running:
                    self._running[job_id].cancel_flag.set()
            for job_id in set(ids) - mine:
                # Rescued or released elsewhere: make the handler stop early.
                if job_id in self._running:
                    self._running[job_id].cancel_flag.set()

    def rescue(self) -> list[int]:
        """Reset jobs of dead workers (advisory lock free) and, as a backstop, stale ones."""
        assert self.lease is not None
        rescued = self.lease.rescue_dead(self.clock)
        rescued += store.rescue_stale(self.db, stale_after=self.stale_after, clock=self.clock)
        if rescued:
            self._wake.set()
        return rescued

    def _maintain(self) -> None:
        next_heartbeat = time.monotonic() + self.heartbeat_interval
        next_rescue = time.monotonic() + self.rescue_interval
        while not self._stopping.wait(0.25):
            now = time.monotonic()
            try:
                if now >= next_heartbeat:
                    next_heartbeat = now + self.heartbeat_interval
                    assert self.lease is not None
                    if self.lease.ensure():
                        log.warning("worker lease was lost (database restart?); re-registered")
                    self.heartbeat_now()
                if now >= next_rescue:
                    next_rescue = now + self.rescue_interval
                    self.rescue()
            except (psycopg.Error, sqlalchemy.exc.SQLAlchemyError, StudyappError) as exc:
                log.warning("worker maintenance failed (%s); will retry", exc)

    # -- the headless loop -----------------------------------------------------------------

    def _on_notification(self, event: dict[str, Any]) -> None:
        if event.get("status") in ("pending", "completed", "failed", "cancelled"):
            self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def idle_wait_seconds(self) -> float | None:
        """How long an idle loop may sleep: None when no job is pending at all."""
        runnable, next_at = store.pending_summary(self.db, self.clock)
        if runnable:
            return 0.0
        if next_at is None:
            return None
        now = self.clock.now()
        if now is None:
            with self.db.session() as session:
                from sqlalchemy import text

                now = session.execute(text("SELECT now()")).scalar_one()
        return max((next_at - now).total_seconds(), 0.0)

    def run(
        self,
        *,
        until_idle: bool = False,
        spawn: Callable[[Callable[[], Any]], Any] | None = None,
    ) -> None:
        """Claim and run jobs until :meth:`request_stop` (or, with ``until_idle``, until nothing
        is pending nor waiting for a retry). ``spawn`` runs a callable on a worker thread; the
        default is a daemon thread per job (at most ``threads`` at once), so a slow LLM call
        never holds the process open after shutdown released its job."""
        spawn = spawn or _spawn_daemon
        while not self._stopping.is_set():
            self._wake.clear()
            claimed = self.claim() if self.free_slots() else []
            for job in claimed:
                spawn(lambda job=job: self.execute_chain(job))
            if claimed:
                continue
            if self.free_slots() == 0:
                self._wake.wait(IDLE_POLL)
                continue
            wait = self.idle_wait_seconds()
            if until_idle and wait is None and not self.busy():
                return
            timeout = IDLE_POLL if wait is None else min(max(wait, 0.005), IDLE_POLL)
            self._wake.wait(timeout)

    def request_stop(self) -> None:
        """Ask :meth:`run` to return soon (safe from a signal handler); then call shutdown()."""
        self._stopping.set()
        self._wake.set()


def _spawn_daemon(work: Callable[[], Any]) -> None:
    threading.Thread(target=work, name="job", daemon=True).start()
