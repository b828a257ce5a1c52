"""The job watcher: keeps the window's view of job states fresh without blocking it.

One QTimer fires every 3 s and asks for the state of EVERY watched job in ONE query, run on the
global thread pool. It refreshes at once (coalesced) when a job finishes in this process, and
when PostgreSQL notifies ``studyapp_jobs`` (a job changed in another process: a ``studyapp
worker`` or another window). Pages watch the job ids they show and react to ``jobs_changed``.
A failing refresh (database gone), or the LISTEN connection dropping, reports ``database_lost``
once and keeps trying (every poll, also with nothing watched); the first successful refresh
after that reports ``database_back``.

Each timer tick also asks (in the same round trip) for the profile's review stamp
(``services/study_presence.review_stamp``): when it changed and this window did not say it made
the review (``expect_reviews``), ``reviews_changed`` tells the window that another device of
the learner studied, so what it shows follows within the 3 s.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable
from studyapp.gui.ops import run_op
from studyapp.jobs import store
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.listener import JobListener

log = logging.getLogger(__name__)

POLL_MS = 3000


class JobWatcher(QObject):
    # object, not dict: PySide converts dict signals to QVariantMap, which needs str keys.
    jobs_changed = Signal(object)  # {job_id: JobInfo} for jobs whose state changed
    job_event = Signal(object)  # a raw notification (id, status, type, profile_id, goal_id, ...)
    refreshed = Signal()  # a refresh round trip finished (tests and benchmarks wait on it)
    database_lost = Signal(str)
    database_back = Signal()
    reviews_changed = Signal()  # reviews made (or undone) elsewhere: another device, a script
    _notified = Signal(object)  # listener thread → GUI thread
    _listener_connected = Signal(bool)  # listener thread → GUI thread

    def __init__(self, db: Database, profile_id: int, *, listen: bool = True, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.profile_id = profile_id
        self._watched: dict[int, int] = {}  # job id → number of watchers
        self._states: dict[int, JobInfo] = {}
        self._in_flight = False
        self._again = False
        self._db_ok = True
        self.timer = QTimer(self)
        self.timer.setObjectName("job-watcher-poll")
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._tick)
        self._stamp: tuple[Any, ...] | None = None
        self._own_reviews = 0
        self._notified.connect(self._on_notification)
        self._listener_connected.connect(self._on_listener_connected)
        self._listener: JobListener | None = None
        self._listen = listen

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> None:
        self.timer.start()
        if self._listen and self._listener is None:
            self._listener = JobListener(
                self.db, self._notified.emit, on_connection_change=self._listener_connected.emit
            ).start()

    def stop(self) -> None:
        self.timer.stop()
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def wait_listening(self, timeout: float = 10.0) -> bool:
        return self._listener is not None and self._listener.wait_ready(timeout)

    # -- watching -----------------------------------------------------------------------

    def watch(self, job_ids: Iterable[int], *, refresh: bool = False) -> None:
        for job_id in job_ids:
            self._watched[job_id] = self._watched.get(job_id, 0) + 1
        if refresh:
            self.refresh()

    def unwatch(self, job_ids: Iterable[int]) -> None:
        for job_id in job_ids:
            count = self._watched.get(job_id, 0) - 1
            if count <= 0:
                self._watched.pop(job_id, None)
                self._states.pop(job_id, None)
            else:
                self._watched[job_id] = count

    def watched(self) -> set[int]:
        return set(self._watched)

    def state(self, job_id: int) -> JobInfo | None:
        return self._states.get(job_id)

    def seed(self, jobs: Iterable[JobInfo]) -> None:
        """States a page already loaded: so the next refresh reports only real changes."""
        for job in jobs:
            self._states[job.id] = job

    def accept(self, job: JobInfo) -> None:
        """A fresher state known in-process (the runner just finished it): publish it now."""
        if job.profile_id != self.profile_id:
            return
        old = self._states.get(job.id)
        if job.id in self._watched and (old is None or _changed(old, job)):
            self._states[job.id] = job
            self.jobs_changed.emit({job.id: job})
        self.refresh()  # children and parents may have changed too

    # -- refreshing ---------------------------------------------------------------------

    def expect_reviews(self, count: int = 1) -> None:
        """This window made ``count`` reviews (or undid them): not news from another device."""
        self._own_reviews += count

    def _tick(self) -> None:
        """The timer: the watched jobs, and whether another device studied."""
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        db, profile_id, ids = self.db, self.profile_id, list(self._watched)
        own = self._own_reviews

        def work() -> tuple[dict[int, JobInfo], tuple[Any, ...]]:
            from studyapp.services.study_presence import review_stamp

            states = store.get_many(db, profile_id, ids) if ids else {}
            return states, review_stamp(db, profile_id)

        def done(result: tuple[dict[int, JobInfo], tuple[Any, ...]]) -> None:
            states, stamp = result
            before, self._stamp = self._stamp, stamp
            # Ours explain the change only when they account for all of it.
            if before is not None and stamp != before and (own == 0 or stamp[0] - before[0] != own):
                self.reviews_changed.emit()
            self._own_reviews -= own
            self._on_result(states)

        run_op(work, done, self._on_error, owner=self)

    def refresh(self) -> None:
        """One query for every watched job, off the GUI thread; coalesces bursts."""
        if self._in_flight:
            self._again = True
            return
        ids = list(self._watched)
        if not ids and self._db_ok:
            self.refreshed.emit()
            return
        self._in_flight = True
        db, profile_id = self.db, self.profile_id
        if ids:
            run_op(
                lambda: store.get_many(db, profile_id, ids),
                self._on_result,
                self._on_error,
                owner=self,
            )
        else:  # nothing watched, but the database was lost: is it back?
            run_op(lambda: _probe(db), self._on_result, self._on_error, owner=self)

    def _on_result(self, states: dict[int, JobInfo]) -> None:
        self._in_flight = False
        if not self._db_ok:
            self._db_ok = True
            self.database_back.emit()
        changed: dict[int, JobInfo] = {}
        for job_id, job in states.items():
            if job_id not in self._watched:
                continue
            old = self._states.get(job_id)
            if old is None or _changed(old, job):
                changed[job_id] = job
            self._states[job_id] = job
        if changed:
            self.jobs_changed.emit(changed)
        self.refreshed.emit()
        if self._again:
            self._again = False
            self.refresh()

    def _on_error(self, exc: BaseException) -> None:
        self._in_flight = False
        self._again = False
        if isinstance(exc, DatabaseUnavailable):
            self._lost(str(exc))
        else:
            log.error("job refresh failed", exc_info=exc)
        self.refreshed.emit()

    def _lost(self, message: str) -> None:
        if self._db_ok:
            self._db_ok = False
            log.warning("the database is unreachable: %s", message)
            self.database_lost.emit(message)

    def _on_listener_connected(self, connected: bool) -> None:
        if connected:
            if not self._db_ok:
                self.refresh()  # confirms with a real query, then says database_back
        else:
            self._lost(f"The connection to the database {self.db.description} was lost.")

    def _on_notification(self, event: dict[str, Any]) -> None:
        if event.get("profile_id") != self.profile_id:
            return
        self.job_event.emit(event)
        if event.get("id") in self._watched:
            self.refresh()


def _changed(old: JobInfo, new: JobInfo) -> bool:
    return (
        old.status != new.status
        or old.attempts != new.attempts
        or old.progress != new.progress
        or old.error != new.error
        or old.updated_at != new.updated_at
    )


def _probe(db: Database) -> dict[int, JobInfo]:
    with db.session() as session:
        session.execute(text("SELECT 1"))
    return {}
