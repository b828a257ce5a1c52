"""The lease and maintenance service (River's rescuer, plus the worker's own liveness).

It owns what says "this worker is alive" and acts on what others left behind:

- the :class:`WorkerLease` (a ``workers`` row and a session advisory lock) and the worker id the
  other parts act as (:meth:`LeaseService.acting`: a re-registration waits until no claim,
  commit or heartbeat is using the old id);
- a maintenance thread: checks the lease every 2 s (at once when any part met a lost database),
  heartbeats the held jobs every 30 s, rescues dead workers' and stale jobs every 5 s;
- after a lost connection, a new lease that adopts the jobs still held (``store.adopt``); the
  ones someone else took meanwhile are taken away from the pool.

What it needs of the worker pool is :class:`HeldJobs` (which ids, flag these, take those
away), and of the dispatcher one ``wake`` callback: it never sees either whole.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from typing import Protocol

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable
from studyapp.jobs import store
from studyapp.jobs.backoff import Backoff
from studyapp.jobs.clock import Clock
from studyapp.jobs.liveness import WorkerLease

log = logging.getLogger(__name__)

HEARTBEAT_INTERVAL = 30.0
RESCUE_INTERVAL = 5.0
LEASE_CHECK_INTERVAL = 2.0


class HeldJobs(Protocol):
    """The worker pool, as the lease service sees it."""

    def held_ids(self) -> list[int]: ...

    def flag_cancelled(self, job_ids: Sequence[int]) -> None: ...

    def take_away(self, job_ids: Sequence[int]) -> None: ...


class _NothingHeld:
    def held_ids(self) -> list[int]:
        return []

    def flag_cancelled(self, job_ids: Sequence[int]) -> None:
        pass

    def take_away(self, job_ids: Sequence[int]) -> None:
        pass


class _Identity:
    """Which worker id the parts act as. Re-registration (write) waits until no claim, commit
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


class LeaseService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        wake: Callable[[], None],
        stopping: threading.Event,
        kind: str = "worker",
        heartbeat_interval: float = HEARTBEAT_INTERVAL,
        rescue_interval: float = RESCUE_INTERVAL,
        stale_after: timedelta = store.STALE_AFTER,
        on_fatal: Callable[[], None] = lambda: None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.held: HeldJobs = _NothingHeld()
        self.kind = kind
        self.heartbeat_interval = heartbeat_interval
        self.rescue_interval = rescue_interval
        self.stale_after = stale_after
        self.lease: WorkerLease | None = None
        self.fatal: DatabaseUnavailable | None = None
        self.identity = _Identity()
        self.ok = threading.Event()  # the lease is believed alive: claims may go on
        self._wake = wake
        self._stopping = stopping
        self._on_fatal = on_fatal
        self._trouble = threading.Event()
        self._thread: threading.Thread | None = None

    def watch(self, held: HeldJobs) -> None:
        """The pool whose jobs this lease covers (it is made after us: it heartbeats through
        us)."""
        self.held = held

    @property
    def worker_id(self) -> str:
        assert self.lease is not None, "start() first"
        return self.lease.id

    @contextmanager
    def acting(self) -> Iterator[str]:
        """The worker id, stable for the block (a re-registration waits for it)."""
        with self.identity.reading():
            yield self.worker_id

    def start(self) -> None:
        """Register, rescue what dead workers left, start the maintenance thread. Raises
        :class:`DatabaseUnavailable` if it cannot register (callers may retry)."""
        self.lease = WorkerLease(self.db, kind=self.kind)
        self.ok.set()
        try:
            self.rescue()
        except DatabaseUnavailable as exc:
            self.database_trouble(exc)
        self._thread = threading.Thread(
            target=self._maintain, name=f"{self.kind}-maintenance", daemon=True
        )
        self._thread.start()

    def database_trouble(self, exc: DatabaseUnavailable) -> None:
        """Any part that met a lost database says so: the lease is checked at once; a
        permanent error stops the whole runner (``on_fatal``)."""
        if exc.permanent and self.fatal is None:
            self.fatal = exc
            log.error("the database is unusable: %s", exc)
            self._on_fatal()
        self._trouble.set()

    def heartbeat(self, job_ids: Sequence[int] | None = None) -> None:
        """Refresh the held jobs' heartbeats (or ``job_ids``'); flag the ones whose cancel was
        requested; take away the ones that are no longer ours."""
        ids = self.held.held_ids() if job_ids is None else list(job_ids)
        with self.acting() as worker_id:
            mine, cancelled = store.heartbeat(self.db, worker_id, ids, self.clock)
        self.held.flag_cancelled(sorted(cancelled))
        gone = sorted(set(ids) - mine)
        if gone:
            # Rescued or released elsewhere: stop the handler early; its result is refused.
            self.held.take_away(gone)

    def rescue(self) -> list[int]:
        """Reset jobs of dead workers (advisory lock free) and, as a backstop, stale ones."""
        assert self.lease is not None
        rescued = self.lease.rescue_dead(self.clock)
        rescued += store.rescue_stale(self.db, stale_after=self.stale_after, clock=self.clock)
        if rescued:
            self._wake()
        return rescued

    def release_all(self, *, unregister: bool, timeout: float = 0.5) -> list[int]:
        """At shutdown: our jobs back to pending without spending an attempt (and, when the
        lease's connection is gone, our workers row deleted), through the pool. Bounded: a
        database that does not answer in ``timeout`` seconds is left to the rescue."""
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

    def close(self, *, unregister: bool) -> None:
        if self._thread is not None:
            self._thread.join(0.05)  # it notices the stop within a fraction of a second
        if self.lease is not None:
            self.lease.close(unregister=unregister)

    def _reregister(self) -> None:
        """The lease's connection died (server restart, network): register a new lease and
        adopt the jobs we still hold; take away the ones someone else took meanwhile."""
        old = self.lease
        assert old is not None
        new = WorkerLease(self.db, kind=self.kind)
        try:
            with self.identity.writing():
                mine = self.held.held_ids()
                adopted, released = store.adopt(self.db, old.id, new.id, mine, self.clock)
                self.lease = new
        except BaseException:
            new.close()
            raise
        old.close(unregister=False)
        if self._stopping.is_set():
            # A shutdown that came while this ran may have closed the old lease, not this one
            # (its join waits only a moment): close it too, or its workers row outlives us.
            new.close(unregister=True)
        lost = sorted(set(mine) - set(adopted))
        self.held.take_away(lost)
        log.warning(
            "re-registered as %s after a lost connection: resumed %s job(s), %s taken meanwhile, "
            "%s released",
            new.id,
            len(adopted),
            len(lost),
            len(released),
        )
        self._wake()

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
                if self._trouble.is_set() or now >= next_check or not self.ok.is_set():
                    self._trouble.clear()
                    next_check = now + LEASE_CHECK_INTERVAL
                    if not self.lease.alive():
                        self.ok.clear()
                        self._reregister()
                    if not self.ok.is_set():
                        self.ok.set()
                        self._wake()
                if now >= next_heartbeat:
                    next_heartbeat = now + self.heartbeat_interval
                    self.heartbeat()
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
