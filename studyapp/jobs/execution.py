"""One job's run, from the handler's point of view: its context, and what came out of it.

A worker thread runs ``handler.run(ctx)`` outside any transaction and turns whatever happened
into an :class:`Outcome` (finished with a result to apply, failed, or cancelled). Outcomes are
plain data kept in memory until the completer has committed them, so an outcome reached while
the database is away is not lost: it is committed when the database is back.
"""

from __future__ import annotations

import contextlib
import enum
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from studyapp.db.database import Database
from studyapp.errors import DatabaseUnavailable, StudyappError
from studyapp.jobs import store
from studyapp.jobs.contract import (
    Handler,
    JobCancelled,
    JobError,
    JobInfo,
    PermanentError,
    TransientError,
    Usage,
)
from studyapp.jobs.interrupt import Interruptible

CANCEL_CHECK_INTERVAL = 1.0


class Stage(enum.Enum):
    """Where a held job is: claimed and waiting for a thread, in its handler, or finished and
    waiting for the completer (and its derived work)."""

    QUEUED = "queued"
    RUNNING = "running"
    SETTLING = "settling"


@dataclass
class Running:
    """What the runner knows about one job it holds (claimed and not yet settled)."""

    job: JobInfo
    usage: Usage = field(default_factory=Usage)
    cancel_flag: threading.Event = field(default_factory=threading.Event)
    last_cancel_check: float = 0.0
    stage: Stage = Stage.QUEUED
    scope: Interruptible = field(default_factory=Interruptible)

    @property
    def interrupted(self) -> bool:
        return self.scope.interrupted.is_set()


class Context:
    """The :class:`studyapp.jobs.contract.JobContext` a handler gets: the database, its job,
    and a way to say it is alive (``heartbeat``: the lease service's, for these job ids)."""

    def __init__(
        self, db: Database, running: Running, heartbeat: Callable[[Sequence[int]], object]
    ) -> None:
        self._heartbeat = heartbeat
        self._running = running
        # The claim just read the flag: the first database check can wait a second.
        running.last_cancel_check = time.monotonic()
        if running.job.cancel_requested:
            running.cancel_flag.set()
        self.job = running.job
        self.db = db

    def cancelled(self) -> bool:
        running = self._running
        if running.cancel_flag.is_set():
            return True
        now = time.monotonic()
        if now - running.last_cancel_check >= CANCEL_CHECK_INTERVAL:
            running.last_cancel_check = now
            try:
                if store.cancel_requested(self.db, self.job.id):
                    running.cancel_flag.set()
            except DatabaseUnavailable:
                pass  # an outage is not a cancellation; the next check asks again
        return running.cancel_flag.is_set()

    def raise_if_cancelled(self) -> None:
        if self.cancelled():
            raise JobCancelled("Cancelled.")

    def heartbeat(self) -> None:
        # An outage: the maintenance thread keeps trying; the job is not lost for that.
        with contextlib.suppress(DatabaseUnavailable):
            self._heartbeat([self.job.id])

    def add_usage(self, input_tokens: int, output_tokens: int, cost_usd: float) -> None:
        usage = self._running.usage
        usage.input_tokens += int(input_tokens)
        usage.output_tokens += int(output_tokens)
        usage.cost_usd += float(cost_usd)

    def closing(self, resource: Any) -> Any:
        """Close ``resource`` if the job is interrupted (quit, or taken away): see
        :mod:`studyapp.jobs.interrupt`."""
        self._running.scope.add(resource)
        return resource


def classify(exc: BaseException) -> tuple[bool, str, str, float | None]:
    """(transient?, kind, message for people, retry_after) for any exception a handler raised."""
    if isinstance(exc, TransientError):
        return True, exc.kind, str(exc), exc.retry_after
    if isinstance(exc, PermanentError | JobError):
        return False, exc.kind, str(exc), None
    if isinstance(exc, DatabaseUnavailable):
        return not exc.permanent, "database", str(exc), None
    if isinstance(exc, StudyappError):  # BadInput, NotFound: retrying cannot help
        return False, "bad_input", str(exc), None
    if isinstance(exc, TimeoutError | ConnectionError):
        return True, "network", f"Network problem ({type(exc).__name__}); will retry.", None
    return True, "internal", f"Internal error ({type(exc).__name__}: {exc}).", None


@dataclass
class Failure:
    transient: bool
    kind: str
    message: str
    retry_after: float | None = None


class Outcome:
    """What one run of a handler came to, waiting to be committed. ``settle()`` is called once
    its state is in the database (``final``) or it was refused by the guard (``final=None``)."""

    def __init__(
        self,
        running: Running,
        *,
        handler: Handler | None = None,
        finished: store.Finished | None = None,
        failure: Failure | None = None,
        cancelled: bool = False,
        duration_ms: int = 0,
    ) -> None:
        self.running = running
        self.handler = handler
        self.finished = finished
        self.failure = failure
        self.cancelled = cancelled
        self.duration_ms = duration_ms
        self.final: JobInfo | None = None
        self.settled = threading.Event()
        self.on_settled: Callable[[Outcome], None] | None = None

    @property
    def job(self) -> JobInfo:
        return self.running.job

    @property
    def wants_after_commit(self) -> bool:
        return self.finished is not None and hasattr(self.handler, "after_commit")

    def as_failure(self, exc: BaseException) -> None:
        """``apply()`` raised when committed alone: the job's attempt failed after all."""
        transient, kind, message, retry_after = classify(exc)
        self.finished = None
        self.failure = Failure(transient, kind, message, retry_after)

    def settle(self, final: JobInfo | None) -> None:
        if self.settled.is_set():
            return
        self.final = final
        if self.on_settled is not None:
            self.on_settled(self)
        self.settled.set()
