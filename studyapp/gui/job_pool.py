"""The QThreadPool adapter: runs the job engine's Runner inside the window.

Generation gets its OWN pool so slow LLM calls never starve the global pool that short UI queries
use. The runner's dispatcher loop runs on that pool; handlers run on the runner's own worker
threads, which are daemon threads: a quit never waits for a handler (an LLM call blocked for
minutes, an embedding), and Qt never has to join them. Results come back to the GUI thread as
signals: the signals object lives on the GUI thread, and the runner's callbacks only emit
(queued) signals. At quit, running jobs get a short grace period; then their HTTP clients are
closed and they are released to pending without spending an attempt: nothing is lost, the next
start resumes them. A database outage only delays things: the runner waits it out.

With ``compute`` (the real app), the jobs' CPU-bound steps run in that pool of processes
(:mod:`studyapp.handlers.compute`): started and warmed when the job pool starts (the window is
up by then), installed for the handlers while the runner runs, killed at quit after the jobs
were released.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable
from studyapp.handlers import compute as compute_steps
from studyapp.handlers.process_pool import ComputePool
from studyapp.jobs.backoff import Backoff
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
        self,
        db: Database,
        registry: HandlerRegistry,
        *,
        threads: int = 4,
        compute: ComputePool | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.compute = compute
        self.pool = QThreadPool(self)
        self.pool.setObjectName("generation-pool")
        self.pool.setMaxThreadCount(1)  # the dispatcher loop
        self.runner = Runner(db, registry, threads=threads, kind="app")
        self.runner.started_callbacks.append(self.job_started.emit)
        self.runner.finished_callbacks.append(self.job_finished.emit)
        self._running = False
        self._stop = threading.Event()
        self._stopped = False

    def start(self) -> None:
        """Register the worker and start the claim loop, all off the GUI thread."""
        self.pool.start(_Task(self._start_and_loop))

    def _start_and_loop(self) -> None:
        if self.compute is not None and not self._stop.is_set():
            try:
                self.compute.start()  # the processes warm up while the runner registers
            except Exception:
                log.exception("the compute processes could not start; steps run here")
            else:
                compute_steps.install(self.compute)
        backoff = Backoff(first=0.2, cap=5.0)
        while not self._stop.is_set():
            try:
                self.runner.start(listen=True)
                break
            except DatabaseUnavailable as exc:
                if exc.permanent:
                    log.warning("the job runner could not start: %s", exc)
                    self.failed_to_start.emit(str(exc))
                    return
                self._stop.wait(backoff.next_delay())  # an outage at start: keep trying
            except Exception as exc:
                log.warning("the job runner could not start: %s", exc)
                self.failed_to_start.emit(str(exc))
                return
        else:
            return
        self._running = True
        self.started.emit()
        self.runner.run()
        if self.runner.fatal is not None:
            self.failed_to_start.emit(str(self.runner.fatal))

    def wake(self) -> None:
        """A job was just submitted here: no need to wait for the notification."""
        self.runner.wake()

    def running_count(self) -> int:
        return self.runner.running_count()

    def recheck_running(self) -> None:
        """Ask now whether the running jobs are still ours (a heartbeat): one whose row is
        gone (its goal was deleted) or taken away is stopped at once instead of at the next
        heartbeat. Safe from any thread; a database error is left to the next heartbeat."""
        if self.runner.lease is None:
            return
        try:
            self.runner.heartbeat_now()
        except Exception:
            log.info("could not recheck the running jobs", exc_info=True)

    def stop(self, grace: float = 0.3) -> list[int]:
        """Quit: stop claiming, let running jobs finish for ``grace`` s, then close their HTTP
        calls and release them. Returns within about ``grace`` plus a round trip."""
        deadline = time.monotonic() + grace
        self._stop.set()
        self.runner.request_stop()
        # The dispatcher loop (or the start-up retry loop) returns as soon as it sees the stop.
        self.pool.waitForDone(max(int(grace * 1000), 100))
        released: list[int] = []
        if self.runner.lease is not None and not self._stopped:
            self._stopped = True
            released = self.runner.shutdown(grace=max(deadline - time.monotonic(), 0.0))
        if self.compute is not None:
            # After the release: a step still running belongs to a released job.
            if compute_steps.installed() is self.compute:
                compute_steps.install(None)
            self.compute.shutdown()
        self._running = False
        return released
