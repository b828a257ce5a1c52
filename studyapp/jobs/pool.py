"""The worker pool (River's executor): threads that run handlers, and what they hold.

The dispatcher hands it claimed jobs (:meth:`WorkerPool.hold`, :meth:`WorkerPool.enqueue`);
a thread runs the handler outside any transaction and turns what happened into an
:class:`Outcome` for the completer; derived work (``after_commit``) runs after the commit. A
job is *held* from its claim until its outcome is settled and its derived work is done; its
:class:`Stage` says where it is. An outage met inside a handler is not the handler's failure:
the handler runs again once the database is back.

What it needs of the other parts is narrow: the completer's ``submit``/``stopped``, and of the
lease service (:class:`Liveness`) a heartbeat, a place to report a lost database, and whether
the lease is believed alive.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable
from studyapp.jobs import interrupt, store
from studyapp.jobs.backoff import Backoff
from studyapp.jobs.completer import Completer
from studyapp.jobs.contract import CompletionTx, Handler, JobCancelled, JobInfo
from studyapp.jobs.execution import Context, Failure, Outcome, Running, Stage, classify
from studyapp.jobs.registry import HandlerRegistry

log = logging.getLogger(__name__)

CHEAP_RUN_S = 0.05  # a job type whose runs average less than this is claimed ahead
HANDLER_DB_RETRIES = 5  # re-runs of a handler that hit DatabaseUnavailable while ours was fine


class Liveness(Protocol):
    """The lease service, as the pool sees it."""

    ok: threading.Event

    def heartbeat(self, job_ids: Sequence[int] | None = None) -> None: ...

    def database_trouble(self, exc: DatabaseUnavailable) -> None: ...


def _applier(handler: Handler, result: Any) -> Callable[[CompletionTx], Any]:
    """The handler's ``apply`` bound to this run's result, for the completer to call."""

    def apply(tx: CompletionTx) -> Any:
        return handler.apply(tx, result)

    return apply


class WorkerPool:
    def __init__(
        self,
        db: Database,
        registry: HandlerRegistry,
        completer: Completer,
        liveness: Liveness,
        *,
        threads: int,
        kind: str,
        stopping: threading.Event,
        wake: Callable[[], None],
    ) -> None:
        self.db = db
        self.registry = registry
        self.threads = threads
        self.kind = kind
        self.completer = completer
        self.liveness = liveness
        self.started_callbacks: list[Callable[[JobInfo], None]] = []
        self.finished_callbacks: list[Callable[[JobInfo], None]] = []
        self._stopping = stopping
        self._wake = wake
        self._held: dict[int, Running] = {}
        self._lock = threading.Lock()
        self._busy_threads = 0
        self._work: queue.SimpleQueue[Running | None] = queue.SimpleQueue()
        self._loops = 0
        self._run_times: dict[str, float] = {}  # job type → moving average of run seconds
        self._run_counts: dict[str, int] = {}

    # -- what the pool holds ---------------------------------------------------------------

    def free_slots(self) -> int:
        with self._lock:
            return max(self.threads - self._busy_threads - self._count(Stage.QUEUED), 0)

    def queued_count(self) -> int:
        with self._lock:
            return self._count(Stage.QUEUED)

    def _count(self, stage: Stage) -> int:
        return sum(1 for r in self._held.values() if r.stage is stage)

    def busy(self) -> bool:
        with self._lock:
            return bool(self._held)

    def running_count(self) -> int:
        """Jobs whose handler is running or whose outcome is being committed."""
        with self._lock:
            return sum(1 for r in self._held.values() if r.stage is not Stage.QUEUED)

    def running_handlers(self) -> bool:
        with self._lock:
            return self._count(Stage.RUNNING) > 0

    def held_ids(self) -> list[int]:
        """Every job held (queued, running, being committed): heartbeat them all."""
        with self._lock:
            return list(self._held)

    def hold(self, jobs: Sequence[JobInfo]) -> list[Running]:
        with self._lock:
            return [self._held.setdefault(job.id, Running(job)) for job in jobs]

    def forget(self, job_id: int) -> None:
        with self._lock:
            self._held.pop(job_id, None)
        self._wake()

    def flag_cancelled(self, job_ids: Sequence[int]) -> None:
        with self._lock:
            for job_id in job_ids:
                if job_id in self._held:
                    self._held[job_id].cancel_flag.set()

    def take_away(self, job_ids: Sequence[int]) -> None:
        """These jobs are someone else's now: stop paying for results that would be refused."""
        with self._lock:
            taken = [self._held[i] for i in job_ids if i in self._held]
        for running in taken:
            running.cancel_flag.set()
            if running.stage is Stage.RUNNING:
                running.scope.interrupt()
            elif running.stage is Stage.QUEUED:
                self.forget(running.job.id)

    def interrupt_all(self) -> None:
        """At the end of the shutdown grace: close every running handler's calls."""
        with self._lock:
            running = list(self._held.values())
        for item in running:
            item.cancel_flag.set()
            item.scope.interrupt()

    def cheap_types(self) -> list[str]:
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

    # -- the threads -----------------------------------------------------------------------

    def enqueue(self, running: Running) -> None:
        self._work.put(running)

    def start(self, spawn: Callable[[Callable[[], Any]], Any] | None) -> None:
        if self._loops:
            return
        for index in range(self.threads):
            if spawn is not None:
                spawn(self._loop)
            else:
                threading.Thread(
                    target=self._loop, name=f"{self.kind}-job-{index}", daemon=True
                ).start()
            self._loops += 1

    def stop(self) -> None:
        for _ in range(self._loops):
            self._work.put(None)

    def drop_queued(self) -> None:
        """At shutdown: jobs claimed but not started stay processing under us until release."""
        while True:
            try:
                item = self._work.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                self.forget(item.job.id)

    def _loop(self) -> None:
        while True:
            running = self._work.get()
            if running is None:
                return
            with self._lock:
                self._busy_threads += 1
            try:
                if self._stopping.is_set() or running.job.id not in self._held:
                    continue  # shutting down, or taken away while queued
                outcome = self.run(running)
                if outcome is None:
                    continue
                self.completer.submit(outcome)
                if outcome.wants_after_commit:
                    while not outcome.settled.wait(0.1):
                        if self.completer.stopped:
                            break  # shut down before it was committed: nothing to derive
                    self.after_commit(outcome)
            except Exception:
                log.exception("a job thread failed (this is a bug)")
            finally:
                with self._lock:
                    self._busy_threads -= 1
                self._wake()

    # -- one job ---------------------------------------------------------------------------

    def context(self, running: Running) -> Context:
        return Context(self.db, running, self.liveness.heartbeat)

    def run(self, running: Running) -> Outcome | None:
        """Run the handler; what happened becomes an Outcome. None: interrupted (quit, or the
        job was taken away), nothing to record."""
        job = running.job
        with self._lock:
            running.stage = Stage.RUNNING
        for callback in self.started_callbacks:
            try:
                callback(job)
            except Exception:
                log.exception("job-started callback failed")
        ctx = self.context(running)
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
                    self._interrupted(running)
                    return None
                if not exc.permanent and db_retries < HANDLER_DB_RETRIES:
                    # An outage is not the handler's failure: wait for the database, run again.
                    if self.liveness.ok.is_set():
                        db_retries += 1
                    self.liveness.database_trouble(exc)
                    self._stopping.wait(backoff.next_delay())
                    continue
                outcome = self._failed(running, started, exc)
            except BaseException as exc:
                if running.interrupted:
                    self._interrupted(running)
                    return None
                outcome = self._failed(running, started, exc)
                if not isinstance(exc, Exception):  # KeyboardInterrupt / SystemExit
                    raise
            else:
                if running.interrupted:
                    self._interrupted(running)
                    return None
                self._note_run_time(job.type, time.monotonic() - started)
                outcome = self._outcome(running, started, handler=handler)
                outcome.finished = store.Finished(
                    job, _applier(handler, result), running.usage, outcome.duration_ms
                )
            finally:
                interrupt.bind(None)
            return outcome

    def _outcome(self, running: Running, started: float, **kwargs: Any) -> Outcome:
        outcome = Outcome(running, duration_ms=int((time.monotonic() - started) * 1000), **kwargs)
        outcome.on_settled = self._settled
        with self._lock:
            running.stage = Stage.SETTLING
        self._wake()
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
        self.forget(running.job.id)
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
            self.forget(outcome.job.id)

    def after_commit(self, outcome: Outcome) -> None:
        """Derived work after the commit; the job counts as held until it is done."""
        try:
            final = outcome.final
            after_commit = getattr(outcome.handler, "after_commit", None)
            if final is not None and after_commit is not None and outcome.finished is not None:
                try:
                    after_commit(self.context(outcome.running), final.result or {})
                except Exception:
                    log.exception(
                        "after_commit of job %s failed (its data can be rebuilt)", final.id
                    )
        finally:
            self.forget(outcome.job.id)
