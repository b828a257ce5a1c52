"""The contract between the job engine and the code a job runs (handlers).

A handler does its slow work in :meth:`Handler.run` (an LLM call: seconds to minutes, outside any
transaction) and writes its results in :meth:`Handler.apply`, which the engine calls inside the ONE
transaction that also marks the job completed, guarded by ``status='processing' AND locked_by=me``.
If the guard fails (the job was rescued and taken by another worker) that transaction rolls back,
so a job never applies its result twice: cards are written exactly once.

Only plain values and frozen dataclasses cross threads; never ORM objects or sessions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from studyapp.db.database import Database

STATUSES = ("pending", "processing", "completed", "failed", "cancelled")
FINISHED = frozenset({"completed", "failed", "cancelled"})


@dataclass(frozen=True)
class JobTexts:
    """How a job type reads to a learner. Each handler declares its own (``texts``), and every
    place that names a job (placeholders, notes, the jobs page, refusals) reads it through
    :func:`studyapp.jobs.texts.texts_for`, so a wording changes in one place."""

    name: str  # "flashcard generation" (rate-limit refusals, the jobs page's Type column)
    plural: str  # "flashcard generations"
    working: str  # "Generating flashcards…" (a placeholder while it waits or runs)
    failed: str  # "Flashcards could not be generated" (a placeholder or note when it failed)
    ready: str  # "New flashcards are ready" (the status-bar / tray note when it completed)
    # Job labels ("what is this job for?"); ``{node}`` / ``{card}`` are filled in by the labeller.
    for_node: str = ""  # "Cards for “{node}”"
    for_card: str = ""  # "Choices for “{card}”"
    for_goal: str = ""  # "Cards from material"
    working_branch: str = ""  # "Generating sub-skills…" (a job scoped to one skill of a tree)


class JobError(Exception):
    """Base for errors a handler raises on purpose. ``kind`` names it in the error history;
    the message is for the learner (never a key, never a raw traceback)."""

    kind = "error"


class TransientError(JobError):
    """Worth retrying: timeouts, connection errors, 429, 5xx, 529, malformed model output.
    ``retry_after`` (seconds) is the provider's hint; the engine waits at least that long."""

    kind = "transient"

    def __init__(self, message: str, *, retry_after: float | None = None, kind: str | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        if kind:
            self.kind = kind


class PermanentError(JobError):
    """Retrying cannot help: bad API key, invalid request, bad input. Fails at once."""

    kind = "permanent"

    def __init__(self, message: str, *, kind: str | None = None):
        super().__init__(message)
        if kind:
            self.kind = kind


class JobCancelled(JobError):
    """Raised by :meth:`JobContext.raise_if_cancelled` when the learner cancelled the job."""

    kind = "cancelled"


@dataclass(frozen=True)
class JobInfo:
    """A snapshot of one job row, safe to pass between threads and layers."""

    id: int
    profile_id: int
    type: str
    status: str
    payload: Mapping[str, Any]
    attempts: int
    max_attempts: int
    priority: int = 0
    result: Mapping[str, Any] | None = None
    error: str | None = None
    errors: tuple[Mapping[str, Any], ...] = ()
    progress: Mapping[str, Any] | None = None
    parent_id: int | None = None
    goal_id: int | None = None
    cancel_requested: bool = False
    run_after: datetime | None = None
    locked_by: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    duration_ms: int | None = None
    created_at: datetime | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    updated_at: datetime | None = None
    lost: int = 0  # times a worker died (or vanished) while running it; not handler attempts
    # What a worker must hold to run it (e.g. "key:7": paid with profile 7's key); None: any.
    requires: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON form (the contract in the job-engine issue), plus a few extras."""
        return {
            "id": self.id,
            "type": self.type,
            "status": self.status,
            "attempts": self.attempts,
            "max_attempts": self.max_attempts,
            "error": self.error,
            "errors": list(self.errors),
            "payload": dict(self.payload),
            "result": dict(self.result) if self.result is not None else None,
            "progress": dict(self.progress) if self.progress is not None else None,
            "created_at": _iso(self.created_at),
            "started_at": _iso(self.started_at),
            "completed_at": _iso(self.completed_at),
            "parent_id": self.parent_id,
            "goal_id": self.goal_id,
            "priority": self.priority,
            "run_after": _iso(self.run_after),
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "cost_usd": self.cost_usd,
            "duration_ms": self.duration_ms,
            "lost": self.lost,
            "requires": self.requires,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass
class Usage:
    """Token usage and estimated cost of one attempt; summed onto the job row."""

    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


class JobContext(Protocol):
    """What a running handler may ask of the engine."""

    job: JobInfo
    db: Database

    def cancelled(self) -> bool:
        """True once the learner asked to cancel; check between slow steps."""
        ...

    def raise_if_cancelled(self) -> None: ...

    def heartbeat(self) -> None:
        """Prove progress now (the engine also heartbeats every 30 s on its own)."""
        ...

    def add_usage(self, input_tokens: int, output_tokens: int, cost_usd: float) -> None: ...

    def closing(self, resource: Any) -> Any:
        """Have ``resource.close()`` called (from another thread) if the job is interrupted:
        the app quits, or the job was taken from this worker. For clients blocked in a slow
        call; ``close()`` must be thread-safe and idempotent. Returns ``resource``. (The
        handlers' provider is registered this way already, via ``jobs.interrupt.closing``.)"""
        ...


class CompletionTx(Protocol):
    """The completion transaction handed to :meth:`Handler.apply`."""

    session: Session
    job: JobInfo

    def spawn(
        self,
        job_type: str,
        payload: Mapping[str, Any],
        *,
        goal_id: int | None = None,
        priority: int = 0,
    ) -> int:
        """Insert a child job of this one in the same transaction; returns its id. Children are
        part of their parent's submission and do not count against the rate limit. A parent
        with children stays 'processing' (progress: children done / total) until they all end."""
        ...


@runtime_checkable
class Handler(Protocol):
    """Code for one job type. Instances are shared by worker threads: keep them stateless."""

    job_type: str

    def validate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Check and normalise a payload at submission; raise ``studyapp.errors.BadInput``
        with a message for people. Runs before anything is stored."""
        ...

    def run(self, ctx: JobContext) -> Any:
        """The slow part, outside any transaction. Raise TransientError / PermanentError.
        Returns an outcome handed to :meth:`apply` (plain data)."""
        ...

    def apply(self, tx: CompletionTx, outcome: Any) -> dict[str, Any]:
        """Write the outcome in the completion transaction; return the job's result (JSON)."""
        ...


class Requiring(Protocol):
    """Optional handler hook, called at submission: what a worker must hold to run a job of
    this profile (``"key:7"``: the profile's own API key), or None when any worker may. The
    claim skips jobs whose requirement the worker does not hold (they wait for one that does);
    children inherit their parent's."""

    def requires(self, db: Database, profile_id: int) -> str | None: ...


class AfterCommit(Protocol):
    """Optional handler hook, called after the completion transaction committed (e.g. to write
    embeddings to LanceDB, which cannot join the PostgreSQL transaction). Failures are logged,
    never fail the job: the data it derives must be rebuildable."""

    def after_commit(self, ctx: JobContext, result: Mapping[str, Any]) -> None: ...
