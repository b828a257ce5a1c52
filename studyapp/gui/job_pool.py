"""The QThreadPool adapter: runs the job engine's Runner inside the window.

Generation gets its OWN pool so slow LLM calls never starve the global pool that short UI queries
use. The runner's claim loop runs on one thread of that pool; each claimed job runs as a QRunnable
on the same pool (threads + 1 in all). Results come back to the GUI thread as signals: the
signals object lives on the GUI thread, and the runner's callbacks only emit (queued) signals.
At quit, running jobs get a short grace period and are then released to pending: nothing is lost,
the next start resumes them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from studyapp.db.database import Database
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.runner import Runner

log = logging.getLogger(__name__)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self._work = work
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            self._work()
        except Exception:  # the runner records job errors itself; this is a bug
            log.exception("job pool task failed")


class JobPool(QObject):
    job_started = Signal(object)  # studyapp.jobs.contract.JobInfo
    job_finished = Signal(object)  # JobInfo: completed, failed, cancelled or a scheduled retry
    started = Signal()
    failed_to_start = Signal(str)

    def __init__(
        self, db: Database, registry: HandlerRegistry, *, threads: int = 4, parent=None
    ) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setObjectName("generation-pool")
        self.pool.setMaxThreadCount(threads + 1)  # + the claim loop
        self.runner = Runner(db, registry, threads=threads, kind="app")
        self.runner.started_callbacks.append(self.job_started.emit)
        self.runner.finished_callbacks.append(self.job_finished.emit)
        self._running = False

    def start(self) -> None:
        """Register the worker and start the claim loop, all off the GUI thread."""
        self.pool.start(_Task(self._start_and_loop))

    def _start_and_loop(self) -> None:
        try:
            self.runner.start(listen=True)
        except Exception as exc:
            log.warning("the job runner could not start: %s", exc)
            self.failed_to_start.emit(str(exc))
            return
        self._running = True
        self.started.emit()
        self.runner.run(spawn=lambda work: self.pool.start(_Task(work)))

    def wake(self) -> None:
        """A job was just submitted here: no need to wait for the notification."""
        self.runner.wake()

    def running_count(self) -> int:
        return self.runner.running_count()

    def stop(self, grace: float = 2.0) -> list[int]:
        """Quit: stop claiming, let running jobs finish for ``grace`` s, release the rest."""
        self.runner.request_stop()
        released: list[int] = []
        if self._running:
            released = self.runner.shutdown(grace=grace)
            self._running = False
        # Jobs still inside a handler (a slow LLM call) were released; their late results are
        # refused by the completion guard. Wait briefly, then let them finish in the background.
        self.pool.waitForDone(int(grace * 1000) + 500)
        return released
