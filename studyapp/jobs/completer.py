"""The completer: one thread that commits every finished job, many at a time.

Worker threads only run handlers; what they produce (:class:`Outcome`) is queued here. The
completer takes everything queued, commits the successes as ONE group (``store.complete_group``:
the guard's ``FOR UPDATE``, each ``apply()``, one UPDATE, one commit) and records failures and
cancellations. If the group fails for any reason but a lost connection, it is rolled back and
each job is redone alone, so one bad ``apply()`` fails only its own job. If the connection is
lost, the outcomes stay in memory and the completer retries with back-off until the database
is back (or the runner stops): a result reached during an outage is committed after it, under
the same guard, so a job rescued meanwhile never applies twice.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy import Connection

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable
from studyapp.jobs import store
from studyapp.jobs.backoff import Backoff
from studyapp.jobs.clock import Clock
from studyapp.jobs.execution import Outcome
from studyapp.jobs.registry import HandlerRegistry

log = logging.getLogger(__name__)

MAX_GROUP = 500


@dataclass(frozen=True)
class CommitSide:
    """What committing outcomes needs, and nothing more: the database, the handlers (their
    ``apply``), the clock, the worker id to commit as (``acting``: the lease service's, held
    stable for the block) and where to report a lost database."""

    db: Database
    registry: HandlerRegistry
    clock: Clock
    acting: Callable[[], AbstractContextManager[str]]
    on_trouble: Callable[[DatabaseUnavailable], None]


def settle(side: CommitSide, conn: Connection, outcomes: Sequence[Outcome]) -> None:
    """Commit ``outcomes`` (those not settled yet) on ``conn``; each is settled as soon as its
    state is committed. Raises DatabaseUnavailable (the rest stay unsettled) on a lost
    connection."""
    todo = [o for o in outcomes if not o.settled.is_set()]
    with side.acting() as worker_id:
        successes = [o for o in todo if o.finished is not None]
        if successes:
            _complete(side, conn, worker_id, successes)
        for outcome in todo:
            if outcome.settled.is_set():
                continue
            if outcome.cancelled:
                final = store.mark_cancelled(side.db, worker_id, outcome.job, side.clock)
            else:
                failure = outcome.failure
                assert failure is not None
                final = store.fail(
                    side.db,
                    worker_id,
                    outcome.job,
                    kind=failure.kind,
                    message=failure.message,
                    transient=failure.transient,
                    retry_after=failure.retry_after,
                    usage=outcome.running.usage,
                    duration_ms=outcome.duration_ms,
                    clock=side.clock,
                )
            if final is None:
                log.info("job %s was no longer ours; its outcome was dropped", outcome.job.id)
            outcome.settle(final)


def _complete(side: CommitSide, conn: Connection, worker_id: str, successes: list[Outcome]) -> None:
    def commit(group: list[Outcome]) -> None:
        finals = store.complete_group(
            side.db,
            conn,
            worker_id,
            [o.finished for o in group if o.finished is not None],
            registry=side.registry,
            clock=side.clock,
        )
        for outcome in group:
            final = finals.get(outcome.job.id)
            if final is None:
                log.info(
                    "job %s was taken from this worker before it finished; result dropped",
                    outcome.job.id,
                )
            outcome.settle(final)

    if len(successes) > 1:
        try:
            commit(successes)
            return
        except DatabaseUnavailable:
            raise
        except Exception as exc:
            log.info(
                "a group of %s completions failed (%s); redoing each alone", len(successes), exc
            )
    for outcome in successes:
        try:
            commit([outcome])
        except DatabaseUnavailable:
            raise
        except Exception as exc:
            # apply() (or its writes) failed on its own: that is this job's attempt failing.
            log.info("completing job %s failed: %s", outcome.job.id, exc)
            outcome.as_failure(exc)


class Completer:
    """The thread that owns the completion connection and commits queued outcomes."""

    def __init__(self, side: CommitSide) -> None:
        self.side = side
        self._queue: queue.SimpleQueue[Outcome | None] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="job-completer", daemon=True)
        self._thread.start()

    def submit(self, outcome: Outcome) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put(outcome)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def backlog(self) -> int:
        with self._lock:
            return self._pending

    def wait_idle(self, timeout: float) -> bool:
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 0.5) -> None:
        """Stop after the current commit; unsettled outcomes are dropped (the runner releases
        their jobs, or a rescue resets them)."""
        self._stop.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        side = self.side
        backoff = Backoff()
        conn: Connection | None = None
        batch: list[Outcome] = []
        try:
            while not self._stop.is_set():
                if not batch:
                    item = self._queue.get()
                    if item is None:
                        break
                    batch.append(item)
                while len(batch) < MAX_GROUP:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is None:
                        self._stop.set()
                        break
                    batch.append(item)
                try:
                    if conn is None:
                        with side.db.boundary():
                            conn = side.db.engine.connect()
                    settle(side, conn, batch)
                    if backoff.failures:
                        log.warning("the database is back: committed the job(s) held meanwhile")
                    backoff.reset()
                except DatabaseUnavailable as exc:
                    if conn is not None:
                        conn.invalidate()
                        conn.close()
                        conn = None
                    side.on_trouble(exc)
                    delay = backoff.next_delay()
                    waiting = sum(1 for o in batch if not o.settled.is_set())
                    # Said once per outage (the worker's log is read by people).
                    log.log(
                        logging.WARNING if backoff.failures == 1 else logging.DEBUG,
                        "%s finished job(s) wait for the database (%s); retrying",
                        waiting,
                        exc,
                    )
                    self._stop.wait(delay)
                except Exception:
                    log.exception("the completer failed on a group; retrying it")
                    self._stop.wait(backoff.next_delay())
                done = [o for o in batch if o.settled.is_set()]
                batch = [o for o in batch if not o.settled.is_set()]
                if done:
                    with self._lock:
                        self._pending -= len(done)
                        if self._pending == 0:
                            self._idle.set()
        finally:
            if conn is not None:
                conn.close()
