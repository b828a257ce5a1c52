"""The runner: a dispatcher that claims, worker threads that run handlers, a completer that commits.

The same code runs in the headless ``studyapp worker`` and in the window (``gui/job_pool.py``
puts the dispatcher loop on its own QThreadPool). Threads, all daemons (nothing of the runner
keeps a quitting process alive):

- the dispatcher (:meth:`Runner.run`, on the caller's thread) claims as many jobs as there are
  idle worker threads, in one statement on its own connection; for job types that proved cheap
  (they run in milliseconds) it claims up to ``threads`` more ahead, so workers never wait for a
  round trip. LLM jobs are never claimed ahead: in flight ≈ threads.
- worker threads only run ``handler.run()`` and hand the outcome to the completer;
- the completer (:mod:`studyapp.jobs.completer`) commits outcomes in groups;
- maintenance: checks the lease, heartbeats every 30 s, rescues dead workers' jobs every 5 s;
- a LISTEN thread wakes the dispatcher when a job becomes pending.

Database outages are never fatal. Every thread backs off (capped, jittered) and retries; results
wait in memory; when the lease's connection is found dead the runner registers a new lease and
adopts the jobs it still holds (``store.adopt``) — unless someone rescued them meanwhile, in
which case their running handlers are stopped and their results dropped. Only a permanent
error (a refused login, a dropped database) stops the runner: :attr:`Runner.fatal`.

:meth:`claim` and :meth:`execute` remain as a synchronous API (tests, the CLI's ``--wait``):
claim, then run and commit on the calling thread.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import psycopg

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable
from studyapp.jobs import interrupt, store
from studyapp.jobs.backoff import Backoff
from studyapp.jobs.clock import Clock, DatabaseClock
from studyapp.jobs.completer import Completer, settle
from studyapp.jobs.contract import JobCancelled, JobInfo
from studyapp.jobs.execution import Context, Failure, Outcome, Running, classify
from studyapp.jobs.listener import JobListener
from studyapp.jobs.liveness import WorkerLease
from studyapp.jobs.registry import HandlerRegistry

log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL = 30.0
RESCUE_INTERVAL = 5.0
LEASE_CHECK_INTERVAL = 2.0
IDLE_POLL = 2.0
FRESH_FOR = store.FRESH_FOR.total_seconds()  # a new runner leaves rescued jobs to older ones
CHEAP_RUN_S = 0.05  # a job type whose runs average less than this is claimed ahead
PREFETCH_PER_THREAD = 8  # how far ahead cheap jobs are claimed (in jobs per worker thread)
HANDLER_DB_RETRIES = 5  # re-runs of a handler that hit DatabaseUnavailable while ours was fine


class _Identity:
    """Which worker id the runner acts as. Re-registration (write) waits until no claim, commit
    or heartbeat (read) is using the old id, so none of them can straddle the switch."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writer)
            self._writer = True
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


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
        self.identity = _Identity()
        self.fatal: DatabaseUnavailable | None = None
        self.finished_callbacks: list[Callable[[JobInfo], None]] = []
        self.started_callbacks: list[Callable[[JobInfo], None]] = []
        self._held: dict[int, Running] = {}
        self._lock = threading.Lock()
        self._busy_threads = 0
        self._work: queue.SimpleQueue[Running | None] = queue.SimpleQueue()
        self._worker_loops = 0
        self._completer = Completer(self)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._lease_ok = threading.Event()
        self._trouble = threading.Event()
        self._maintenance: threading.Thread | None = None
        self._listener: JobListener | None = None
        self._claim_conn: psycopg.Connection | None = None
        self._run_times: dict[str, float] = {}  # job type → moving average of run seconds
        self._run_counts: dict[str, int] = {}
        self._started_at = time.monotonic()

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def worker_id(self) -> str:
        assert self.lease is not None, "Runner.start() first"
        return self.lease.id

    def start(self, *, listen: bool = True) -> Runner:
        """Register the worker, rescue what dead workers left, start maintenance (and LISTEN).
        Raises :class:`DatabaseUnavailable` if it cannot register (callers may retry)."""
        self.lease = WorkerLease(self.db, kind=self.kind)
        self._lease_ok.set()
        self._started_at = time.monotonic()
        try:
            self.rescue()
        except DatabaseUnavailable as exc:
            self.database_trouble(exc)
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
        """Stop claiming; give running jobs ``grace`` seconds to finish and be committed; then
        interrupt the rest (their HTTP clients are closed, so a blocked LLM call returns at
        once) and release them to pending without spending an attempt. Returns within about
        ``grace`` plus one round trip. Returns the released job ids."""
        deadline = time.monotonic() + max(grace, 0.0)
        self.request_stop()
        self._drop_queued()
        while time.monotonic() < deadline and (self._running_handlers() or self._completing()):
            self._completer.wait_idle(min(0.02, max(deadline - time.monotonic(), 0)))
            time.sleep(0.005)
        with self._lock:
            running = list(self._held.values())
        for item in running:
            item.cancel_flag.set()
            item.scope.interrupt()
        self._completer.stop(timeout=0.1)
        for _ in range(self._worker_loops):
            self._work.put(None)
        lease_alive = self.lease is not None and self.lease.alive()
        released = self._release_at_exit(unregister=not lease_alive)
        # Daemon threads that notice the stop within a fraction of a second: a short join
        # only, a quit never waits for them.
        if self._listener is not None:
            self._listener.stop(timeout=0.05)
        if self._maintenance is not None:
            self._maintenance.join(0.05)
        if self._claim_conn is not None:
            self._claim_conn.close()
            self._claim_conn = None
        if self.lease is not None:
            self.lease.close(unregister=lease_alive)
        if released:
            log.info("released jobs %s for the next start", released)
        return released

    def _release_at_exit(self, *, unregister: bool, timeout: float = 0.5) -> list[int]:
        """Release our jobs (and, when the lease's connection is gone, delete our workers row)
        through the pool. Bounded: a database that does not answer in ``timeout`` seconds is
        left to the rescue, so a quit never waits for it."""
        if self.lease is None or self.fatal is not None:
            return []
        worker_id = self.worker_id
        box: list[list[int]] = []

        def release() -> None:
            try:
                ids = store.release(self.db, worker_id, self.clock)
                if unregister:
                    store.unregister(self.db, worker_id)
                box.append(ids)
            except DatabaseUnavailable:
                log.warning("could not release running jobs (database gone); they will be rescued")

        thread = threading.Thread(target=release, name="job-release", daemon=True)
        thread.start()
        thread.join(timeout)
        return box[0] if box else []

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def request_stop(self) -> None:
        """Ask :meth:`run` to return soon (safe from a signal handler); then call shutdown()."""
        self._stopping.set()
        self._wake.set()

    # -- what the runner holds -------------------------------------------------------------

    def running_count(self) -> int:
        """Jobs whose handler is running or whose outcome is being committed."""
        with self._lock:
            return sum(1 for r in self._held.values() if r.stage != "queued")

    def running_ids(self) -> list[int]:
        """Every job this runner holds (queued, running, being committed): heartbeat them all."""
        with self._lock:
            return list(self._held)

    def free_slots(self) -> int:
        with self._lock:
            queued = sum(1 for r in self._held.values() if r.stage == "queued")
            return max(self.threads - self._busy_threads - queued, 0)

    def busy(self) -> bool:
        with self._lock:
            return bool(self._held)

    def _running_handlers(self) -> bool:
        with self._lock:
            return any(r.stage == "running" for r in self._held.values())

    def _completing(self) -> bool:
        return self._completer.backlog() > 0

    def _hold(self, jobs: list[JobInfo]) -> list[Running]:
        with self._lock:
            return [self._held.setdefault(job.id, Running(job)) for job in jobs]

    def _forget(self, job_id: int) -> None:
        with self._lock:
            self._held.pop(job_id, None)
        self._wake.set()

    def _drop_queued(self) -> None:
        """At shutdown: jobs claimed but not started stay processing under us until release."""
        while True:
            try:
                item = self._work.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                self._forget(item.job.id)

    # -- claiming --------------------------------------------------------------------------

    def claim(self, limit: int | None = None) -> list[JobInfo]:
        """Claim as many jobs as there are free slots (at most ``limit``), in one round trip, on
        a pooled connection. The synchronous API: run each with :meth:`execute`."""
        if self._stopping.is_set():
            return []
        wanted = self.free_slots() if limit is None else min(limit, self.free_slots())
        if wanted <= 0:
            return []
        with self.identity.reading():
            jobs = store.claim(self.db, self.worker_id, wanted, self.clock, fresh=self._fresh())
        self._hold(jobs)
        return jobs

    def _fresh(self) -> bool:
        return time.monotonic() - self._started_at < FRESH_FOR

    def _cheap_types(self) -> list[str]:
        with self._lock:
            return [
                t
                for t, mean in self._run_times.items()
                if mean < CHEAP_RUN_S and self._run_counts.get(t, 0) >= 3
            ]

    def _note_run_time(self, job_type: str, seconds: float) -> None:
        with self._lock:
            old = self._run_times.get(job_type)
            self._run_times[job_type] = seconds if old is None else 0.8 * old + 0.2 * seconds
            self._run_counts[job_type] = self._run_counts.get(job_type, 0) + 1

    def _claim_batch(self) -> int:
        """One dispatch round: claim for idle threads (any type), else ahead for cheap types.
        Returns how many jobs were claimed."""
        free = self.free_slots()
        types: list[str] | None = None
        if free > 0:
            want = free
        else:
            with self._lock:
                queued = sum(1 for r in self._held.values() if r.stage == "queued")
            types = self._cheap_types()
            want = PREFETCH_PER_THREAD * self.threads - queued if types else 0
            if want <= 0 or self._completer.backlog() > 2 * PREFETCH_PER_THREAD * self.threads:
                return 0
        if self._claim_conn is None or self._claim_conn.closed:
            self._claim_conn = self.db.connect(autocommit=True)
        with self.identity.reading():
            jobs = store.claim(
                self.db,
                self.worker_id,
                want,
                self.clock,
                conn=self._claim_conn,
                types=types,
                fresh=self._fresh(),
            )
        for running in self._hold(jobs):
            self._work.put(running)
        return len(jobs)

    # -- running ---------------------------------------------------------------------------

    def _start_workers(self, spawn: Callable[[Callable[[], Any]], Any] | None) -> None:
        if self._worker_loops:
            return
        self._completer.start()
        for index in range(self.threads):
            if spawn is not None:
                spawn(self._worker_loop)
            else:
                threading.Thread(
                    target=self._worker_loop, name=f"{self.kind}-job-{index}", daemon=True
                ).start()
            self._worker_loops += 1

    def _worker_loop(self) -> None:
        while True:
            running = self._work.get()
            if running is None:
                return
            with self._lock:
                self._busy_threads += 1
            try:
                if self._stopping.is_set() or running.job.id not in self._held:
                    continue  # shutting down, or taken away while queued
                outcome = self._run(running)
                if outcome is None:
                    continue
                self._completer.submit(outcome)
                if outcome.wants_after_commit:
                    while not outcome.settled.wait(0.1):
                        if self._completer.stopped:
                            break  # shut down before it was committed: nothing to derive
                    self._after_commit(outcome)
            except Exception:
                log.exception("a job thread failed (this is a bug)")
            finally:
                with self._lock:
                    self._busy_threads -= 1
                self._wake.set()

    def execute(self, job: JobInfo) -> JobInfo | None:
        """Run one claimed job to its committed outcome on this thread. Returns the job's new
        state (None if it was no longer ours). Never raises for a job's own failure; during a
        database outage it waits (the outcome kept in memory) until it can commit."""
        (running,) = self._hold([job])
        outcome = self._run(running)
        if outcome is None:
            return None
        backoff = Backoff()
        while not outcome.settled.is_set():
            try:
                with self.db.boundary(), self.db.engine.connect() as conn:
                    settle(self, conn, [outcome])
            except DatabaseUnavailable as exc:
                self.database_trouble(exc)
                if self._stopping.wait(backoff.next_delay()):
                    self._forget(job.id)
                    return None
        self._after_commit(outcome)
        return outcome.final

    def _run(self, running: Running) -> Outcome | None:
        """Run the handler; what happened becomes an Outcome. None: interrupted (quit, or the
        job was taken away), nothing to record."""
        job = running.job
        with self._lock:
            running.stage = "running"
        for callback in self.started_callbacks:
            try:
                callback(job)
            except Exception:
                log.exception("job-started callback failed")
        ctx = Context(self, running)
        started = time.monotonic()
        db_retries = 0
        backoff = Backoff()
        while True:
            interrupt.bind(running.scope)
            try:
                handler = self.registry[job.type]
                ctx.raise_if_cancelled()
                result = handler.run(ctx)
                ctx.raise_if_cancelled()
            except JobCancelled:
                outcome = self._outcome(running, started, cancelled=True)
            except DatabaseUnavailable as exc:
                if running.interrupted or self._stopping.is_set():
                    return self._interrupted(running)
                if not exc.permanent and db_retries < HANDLER_DB_RETRIES:
                    # An outage is not the handler's failure: wait for the database, run again.
                    if self._lease_ok.is_set():
                        db_retries += 1
                    self.database_trouble(exc)
                    self._stopping.wait(backoff.next_delay())
                    continue
                outcome = self._failed(running, started, exc)
            except BaseException as exc:
                if running.interrupted:
                    return self._interrupted(running)
                outcome = self._failed(running, started, exc)
                if not isinstance(exc, Exception):  # KeyboardInterrupt / SystemExit
                    raise
            else:
                if running.interrupted:
                    return self._interrupted(running)
                self._note_run_time(job.type, time.monotonic() - started)
                outcome = self._outcome(running, started, handler=handler)
                outcome.finished = store.Finished(
                    job,
                    lambda tx, handler=handler, result=result: handler.apply(tx, result),
                    running.usage,
                    outcome.duration_ms,
                )
            finally:
                interrupt.bind(None)
            return outcome

    def _outcome(self, running: Running, started: float, **kwargs: Any) -> Outcome:
        outcome = Outcome(running, duration_ms=int((time.monotonic() - started) * 1000), **kwargs)
        outcome.on_settled = self._settled
        with self._lock:
            running.stage = "settling"
        self._wake.set()
        return outcome

    def _failed(self, running: Running, started: float, exc: BaseException) -> Outcome:
        transient, kind, message, retry_after = classify(exc)
        job = running.job
        if kind == "internal":
            log.error("job %s (%s) crashed", job.id, job.type, exc_info=exc)
        else:
            log.info("job %s attempt %s: %s: %s", job.id, job.attempts, kind, message)
        return self._outcome(
            running, started, failure=Failure(transient, kind, message, retry_after)
        )

    def _interrupted(self, running: Running) -> None:
        log.info("job %s was interrupted; it goes back to pending", running.job.id)
        self._forget(running.job.id)
        return None

    def _settled(self, outcome: Outcome) -> None:
        """The outcome is committed (or refused): tell the window now, before derived work
        (embeddings), so content shows as soon as it exists."""
        final = outcome.final
        if final is not None:
            for callback in self.finished_callbacks:
                try:
                    callback(final)
                except Exception:
                    log.exception("job-finished callback failed")
        if not outcome.wants_after_commit or final is None:
            self._forget(outcome.job.id)

    def _after_commit(self, outcome: Outcome) -> None:
        """Derived work after the commit; the job counts as held until it is done."""
        try:
            final = outcome.final
            after_commit = getattr(outcome.handler, "after_commit", None)
            if final is not None and after_commit is not None and outcome.finished is not None:
                ctx = Context(self, outcome.running)
                try:
                    after_commit(ctx, final.result or {})
                except Exception:
                    log.exception(
                        "after_commit of job %s failed (its data can be rebuilt)", final.id
                    )
        finally:
            self._forget(outcome.job.id)

    # -- liveness --------------------------------------------------------------------------

    def database_trouble(self, exc: DatabaseUnavailable) -> None:
        """Any thread that met a lost database says so: maintenance checks the lease at once;
        a permanent error stops the runner."""
        if exc.permanent and self.fatal is None:
            self.fatal = exc
            log.error("the database is unusable: %s", exc)
            self.request_stop()
        self._trouble.set()

    def heartbeat_now(self, job_ids: list[int] | None = None) -> None:
        ids = self.running_ids() if job_ids is None else job_ids
        with self.identity.reading():
            mine, cancelled = store.heartbeat(self.db, self.worker_id, ids, self.clock)
        with self._lock:
            for job_id in cancelled:
                if job_id in self._held:
                    self._held[job_id].cancel_flag.set()
            gone = [self._held[i] for i in set(ids) - mine if i in self._held]
        for running in gone:
            # Rescued or released elsewhere: stop the handler early; its result would be refused.
            running.cancel_flag.set()
            if running.stage == "running":
                running.scope.interrupt()

    def rescue(self) -> list[int]:
        """Reset jobs of dead workers (advisory lock free) and, as a backstop, stale ones."""
        assert self.lease is not None
        rescued = self.lease.rescue_dead(self.clock)
        rescued += store.rescue_stale(self.db, stale_after=self.stale_after, clock=self.clock)
        if rescued:
            self._wake.set()
        return rescued

    def _reregister(self) -> None:
        """The lease's connection died (server restart, network): register a new lease and
        adopt the jobs we still hold; stop the ones someone else took meanwhile."""
        old = self.lease
        assert old is not None
        new = WorkerLease(self.db, kind=self.kind)
        try:
            with self.identity.writing():
                mine = self.running_ids()
                adopted, released = store.adopt(self.db, old.id, new.id, mine, self.clock)
                self.lease = new
        except BaseException:
            new.close()
            raise
        old.close(unregister=False)
        lost = set(mine) - set(adopted)
        with self._lock:
            taken = [self._held[i] for i in lost if i in self._held]
        for running in taken:
            running.cancel_flag.set()
            running.scope.interrupt()  # stop paying for a result that would be refused
            if running.stage == "queued":
                self._forget(running.job.id)
        log.warning(
            "re-registered as %s after a lost connection: resumed %s job(s), %s taken meanwhile, "
            "%s released",
            new.id,
            len(adopted),
            len(lost),
            len(released),
        )
        self._wake.set()

    def _maintain(self) -> None:
        backoff = Backoff()
        now = time.monotonic()
        next_heartbeat = now + self.heartbeat_interval
        next_rescue = now + self.rescue_interval
        next_check = now + LEASE_CHECK_INTERVAL
        delay = 0.25
        while not self._stopping.wait(delay):
            delay = 0.25
            now = time.monotonic()
            try:
                assert self.lease is not None
                if self._trouble.is_set() or now >= next_check or not self._lease_ok.is_set():
                    self._trouble.clear()
                    next_check = now + LEASE_CHECK_INTERVAL
                    if not self.lease.alive():
                        self._lease_ok.clear()
                        self._reregister()
                    if not self._lease_ok.is_set():
                        self._lease_ok.set()
                        self._wake.set()
                if now >= next_heartbeat:
                    next_heartbeat = now + self.heartbeat_interval
                    self.heartbeat_now()
                if now >= next_rescue:
                    next_rescue = now + self.rescue_interval
                    self.rescue()
                backoff.reset()
            except DatabaseUnavailable as exc:
                if exc.permanent:
                    self.database_trouble(exc)
                    return
                self._trouble.set()  # the next round checks the lease (and re-registers)
                delay = backoff.next_delay()
                log.debug("worker maintenance: database unavailable (%s); retrying", exc)
            except Exception:
                log.exception("worker maintenance failed; will retry")
                delay = backoff.next_delay()

    # -- the dispatcher loop ---------------------------------------------------------------

    def _on_notification(self, event: dict[str, Any]) -> None:
        if event.get("status") in ("pending", "completed", "failed", "cancelled"):
            self._wake.set()

    def wake(self) -> None:
        self._wake.set()

    def idle_wait_seconds(self) -> float | None:
        """How long an idle loop may sleep: None when no job is pending at all."""
        return self._wait_from(store.pending_summary(self.db, self.clock))

    def _wait_from(self, summary: store.QueueSummary) -> float | None:
        if summary.runnable:
            return 0.0
        if summary.next_at is None:
            return None
        now = self.clock.now()
        if now is None:
            with self.db.session() as session:
                from sqlalchemy import text

                now = session.execute(text("SELECT now()")).scalar_one()
        return max((summary.next_at - now).total_seconds(), 0.0)

    def run(
        self,
        *,
        until_idle: bool = False,
        spawn: Callable[[Callable[[], Any]], Any] | None = None,
    ) -> None:
        """Dispatch until :meth:`request_stop` (or, with ``until_idle``, until nothing is pending
        nor waiting for a retry nor held). Worker threads are daemon threads by default;
        ``spawn`` may run the worker loops elsewhere. Never returns because of a transient
        database error; returns on a permanent one (see :attr:`fatal`)."""
        self._start_workers(spawn)
        backoff = Backoff()
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                if not self._lease_ok.is_set():
                    self._wake.wait(0.25)
                    continue
                claimed = self._claim_batch()
                backoff.reset()
                if claimed:
                    continue
                if self.free_slots() == 0:
                    self._wake.wait(IDLE_POLL)
                    continue
                # What we hold is read BEFORE the queue: a job we let go of after that read
                # had its new state (a retry, pending again) committed before it, so the
                # query sees it. Read after, a retry committed in between looked idle.
                held_before = self.busy()
                summary = store.pending_summary(self.db, self.clock)
                wait = self._wait_from(summary)
            except DatabaseUnavailable as exc:
                if self._claim_conn is not None:
                    self._claim_conn.close()
                    self._claim_conn = None
                self.database_trouble(exc)
                self._wake.wait(backoff.next_delay())
                continue
            if (
                until_idle
                and wait is None
                and summary.processing == 0
                and not held_before
                and not self.busy()
            ):
                return  # nothing pending, waiting for a retry, processing, held or completing
            timeout = IDLE_POLL if wait is None else min(max(wait, 0.005), IDLE_POLL)
            self._wake.wait(timeout)
