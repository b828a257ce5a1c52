"""The job queue in SQL: every state change of a job happens here, each in one transaction.

States: ``pending → processing → completed | failed | cancelled``; ``processing → pending`` on a
scheduled retry, a release at shutdown or a rescue; ``failed → pending`` on a manual retry.
Every UPDATE that changes a state carries a guard on the state it expects (and, for the worker
that holds a job, ``locked_by = me``), so two actors can never both win. Notifications
(``pg_notify('studyapp_jobs', …)``) come from a trigger on ``jobs``, inside the same transaction.

Times come from :mod:`studyapp.jobs.clock`: ``:now`` is NULL in production (the server's
``now()`` is the one clock every machine shares) and a fixed time in tests.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.errors import BadInput, NotFound, RateLimited
from studyapp.jobs.clock import Clock, DatabaseClock
from studyapp.jobs.contract import FINISHED, JobInfo, Usage
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.texts import texts_for

log = logging.getLogger(__name__)

RATE_LIMIT = 20
RATE_WINDOW = timedelta(hours=1)
MAX_ATTEMPTS = 3
MAX_PAYLOAD_BYTES = 1_000_000
STALE_AFTER = timedelta(minutes=5)
RETENTION = timedelta(days=30)
MAX_ERROR_CHARS = 2000

NOW = "COALESCE(CAST(:now AS timestamptz), now())"
COLUMNS = (
    "id, profile_id, type, status, payload, attempts, max_attempts, priority, result, error, "
    "errors, progress, parent_id, goal_id, cancel_requested, run_after, locked_by, input_tokens, "
    "output_tokens, cost_usd, duration_ms, created_at, started_at, completed_at, updated_at"
)
J_COLUMNS = ", ".join(f"j.{c.strip()}" for c in COLUMNS.split(","))


_SECRET = re.compile(r"sk-ant-[A-Za-z0-9_\-]{8,}|(?i:x-api-key:?\s*)\S+")


def type_label(job_type: str, plural: bool = False) -> str:
    """ "flashcard generation(s)": declared once, beside the handler (``jobs/texts.py``)."""
    texts = texts_for(job_type)
    return texts.plural if plural else texts.name


def scrub(message: str) -> str:
    """Error text is shown and stored: never let an API key through, and keep it bounded."""
    cleaned = _SECRET.sub("[redacted]", message)
    return cleaned if len(cleaned) <= MAX_ERROR_CHARS else cleaned[: MAX_ERROR_CHARS - 1] + "…"


def to_info(row: Row[Any] | Mapping[str, Any]) -> JobInfo:
    m = row._mapping if isinstance(row, Row) else row
    return JobInfo(
        id=m["id"],
        profile_id=m["profile_id"],
        type=m["type"],
        status=m["status"],
        payload=m["payload"] or {},
        attempts=m["attempts"],
        max_attempts=m["max_attempts"],
        priority=m["priority"],
        result=m["result"],
        error=m["error"],
        errors=tuple(m["errors"] or ()),
        progress=m["progress"],
        parent_id=m["parent_id"],
        goal_id=m["goal_id"],
        cancel_requested=m["cancel_requested"],
        run_after=m["run_after"],
        locked_by=m["locked_by"],
        input_tokens=m["input_tokens"],
        output_tokens=m["output_tokens"],
        cost_usd=float(m["cost_usd"] or 0),
        duration_ms=m["duration_ms"],
        created_at=m["created_at"],
        started_at=m["started_at"],
        completed_at=m["completed_at"],
        updated_at=m["updated_at"],
    )


def _now(clock: Clock | None) -> datetime | None:
    return (clock or DatabaseClock()).now()


def _advisory_key(*parts: object) -> int:
    """A stable signed 64-bit key for pg_advisory_xact_lock (hash() differs per process)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _error_entry(attempt: int, kind: str, message: str, at: datetime | None) -> str:
    return json.dumps(
        [
            {
                "attempt": attempt,
                "kind": kind,
                "message": message,
                "at": at.isoformat() if at else None,
            }
        ]
    )


# --------------------------------------------------------------------------------------------
# Submission


@dataclass(frozen=True)
class SubmitResult:
    job: JobInfo
    created: bool  # False: an identical job was still pending/processing and is returned instead


def encode_payload(payload: Mapping[str, Any]) -> str:
    try:
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise BadInput(f"The job's input cannot be stored ({exc}).") from None
    size = len(encoded.encode())
    if size > MAX_PAYLOAD_BYTES:
        raise BadInput(
            f"The job's input is too large ({size / 1e6:.1f} MB; the limit is "
            f"{MAX_PAYLOAD_BYTES / 1e6:.0f} MB). Split the material into smaller parts."
        )
    if "\x00" in encoded or "\\u0000" in encoded:
        raise BadInput("The job's input contains NUL characters (binary data?); it was not stored.")
    return encoded


def _check_rate_limit(
    session: Session, profile_id: int, job_type: str, now: datetime | None, limit: int
) -> None:
    """Sliding window, serialised per (profile, type) by a transaction advisory lock so that
    concurrent submits cannot both see 19 and both insert."""
    session.execute(
        text("SELECT pg_advisory_xact_lock(:k)"),
        {"k": _advisory_key("rate", profile_id, job_type)},
    )
    times = (
        session.execute(
            text(
                f"SELECT submitted_at FROM job_submissions WHERE profile_id = :p "
                f"AND job_type = :t AND submitted_at > {NOW} - :window ORDER BY submitted_at"
            ),
            {"p": profile_id, "t": job_type, "now": now, "window": RATE_WINDOW},
        )
        .scalars()
        .all()
    )
    if len(times) >= limit:
        next_slot = times[len(times) - limit] + RATE_WINDOW
        local = next_slot.astimezone()
        raise RateLimited(
            f"{limit} {type_label(job_type, plural=True)} per hour: the next one can start at "
            f"{local:%H:%M}.",
            next_slot_at=next_slot,
            job_type=job_type,
            limit=limit,
        )


def _record_submission(
    session: Session, profile_id: int, job_type: str, job_id: int, now: datetime | None
) -> None:
    session.execute(
        text(
            "INSERT INTO job_submissions (profile_id, job_type, job_id, submitted_at) "
            f"VALUES (:p, :t, :j, {NOW})"
        ),
        {"p": profile_id, "t": job_type, "j": job_id, "now": now},
    )


def submit(
    db: Database,
    profile_id: int,
    job_type: str,
    payload: Mapping[str, Any],
    *,
    registry: HandlerRegistry,
    goal_id: int | None = None,
    priority: int = 0,
    max_attempts: int = MAX_ATTEMPTS,
    clock: Clock | None = None,
    limit: int = RATE_LIMIT,
) -> SubmitResult:
    """Validate, dedupe, rate-limit and insert, all in one transaction (nothing half-stored)."""
    handler = registry[job_type]
    clean = handler.validate(payload)
    encoded = encode_payload(clean)
    dedupe_key = hashlib.sha256(f"{job_type}\n{goal_id}\n{encoded}".encode()).hexdigest()
    now = _now(clock)
    with db.session() as session:
        session.execute(
            text("SELECT pg_advisory_xact_lock(:k)"),
            {"k": _advisory_key("submit", profile_id, dedupe_key)},
        )
        existing = session.execute(
            text(
                f"SELECT {COLUMNS} FROM jobs WHERE profile_id = :p AND dedupe_key = :d "
                "AND status IN ('pending', 'processing') ORDER BY id LIMIT 1"
            ),
            {"p": profile_id, "d": dedupe_key},
        ).first()
        if existing is not None:
            return SubmitResult(to_info(existing), created=False)
        _check_rate_limit(session, profile_id, job_type, now, limit)
        row = _insert_job(
            session,
            profile_id=profile_id,
            job_type=job_type,
            encoded=encoded,
            goal_id=goal_id,
            priority=priority,
            max_attempts=max_attempts,
            dedupe_key=dedupe_key,
            now=now,
        )
        _record_submission(session, profile_id, job_type, row.id, now)
        return SubmitResult(to_info(row), created=True)


def insert_child(
    session: Session,
    parent: JobInfo,
    job_type: str,
    payload: Mapping[str, Any],
    *,
    registry: HandlerRegistry,
    goal_id: int | None = None,
    priority: int = 0,
    now: datetime | None = None,
) -> int:
    """A child job, inside the parent's completion transaction (no rate limit: one submission)."""
    clean = registry[job_type].validate(payload)
    return _insert_job(
        session,
        profile_id=parent.profile_id,
        job_type=job_type,
        encoded=encode_payload(clean),
        goal_id=goal_id if goal_id is not None else parent.goal_id,
        priority=priority,
        max_attempts=MAX_ATTEMPTS,
        parent_id=parent.id,
        now=now,
    ).id


def _insert_job(
    session: Session,
    *,
    profile_id: int,
    job_type: str,
    encoded: str,
    goal_id: int | None,
    priority: int,
    max_attempts: int,
    dedupe_key: str | None = None,
    parent_id: int | None = None,
    now: datetime | None,
) -> Row[Any]:
    """The one INSERT of a job (submissions and children); its trigger sends the NOTIFY."""
    return session.execute(
        text(
            "INSERT INTO jobs (profile_id, type, payload, goal_id, priority, max_attempts, "
            "dedupe_key, parent_id, run_after, created_at, updated_at) VALUES (:p, :t, "
            f"CAST(:payload AS jsonb), :g, :prio, :max, :d, :parent, {NOW}, {NOW}, {NOW}) "
            f"RETURNING {COLUMNS}"
        ),
        {
            "p": profile_id,
            "t": job_type,
            "payload": encoded,
            "g": goal_id,
            "prio": priority,
            "max": max_attempts,
            "d": dedupe_key,
            "parent": parent_id,
            "now": now,
        },
    ).one()


# --------------------------------------------------------------------------------------------
# Reading (always scoped to a profile: another profile's job is "not found")


def get_job(db: Database, profile_id: int, job_id: int) -> JobInfo:
    with db.session() as session:
        row = session.execute(
            text(f"SELECT {COLUMNS} FROM jobs WHERE id = :id AND profile_id = :p"),
            {"id": job_id, "p": profile_id},
        ).first()
    if row is None:
        raise NotFound(f"No job {job_id}.")
    return to_info(row)


def get_many(db: Database, profile_id: int, job_ids: Iterable[int]) -> dict[int, JobInfo]:
    """The watcher's one query: the current state of every watched job."""
    ids = sorted(set(job_ids))
    if not ids:
        return {}
    with db.session() as session:
        rows = session.execute(
            text(f"SELECT {COLUMNS} FROM jobs WHERE profile_id = :p AND id = ANY(:ids)"),
            {"p": profile_id, "ids": ids},
        ).all()
    return {row.id: to_info(row) for row in rows}


def list_jobs(
    db: Database,
    profile_id: int,
    *,
    status: str | None = None,
    job_type: str | None = None,
    goal_id: int | None = None,
    parent_id: int | None = None,
    limit: int = 500,
) -> list[JobInfo]:
    where = ["profile_id = :p"]
    params: dict[str, Any] = {"p": profile_id, "limit": limit}
    for column, value in (
        ("status", status),
        ("type", job_type),
        ("goal_id", goal_id),
        ("parent_id", parent_id),
    ):
        if value is not None:
            where.append(f"{column} = :{column}")
            params[column] = value
    with db.session() as session:
        rows = session.execute(
            text(
                f"SELECT {COLUMNS} FROM jobs WHERE {' AND '.join(where)} "
                "ORDER BY id DESC LIMIT :limit"
            ),
            params,
        ).all()
    return [to_info(row) for row in rows]


def pending_summary(db: Database, clock: Clock | None = None) -> tuple[int, datetime | None]:
    """(jobs runnable now, the earliest future run_after): how long an idle worker may sleep."""
    with db.session() as session:
        row = session.execute(
            text(
                f"SELECT count(*) FILTER (WHERE run_after <= {NOW}), "
                f"min(run_after) FILTER (WHERE run_after > {NOW}) "
                "FROM jobs WHERE status = 'pending'"
            ),
            {"now": _now(clock)},
        ).one()
    return int(row[0]), row[1]


# --------------------------------------------------------------------------------------------
# Worker side: claim, heartbeat, complete, fail


def claim(db: Database, worker_id: str, n: int, clock: Clock | None = None) -> list[JobInfo]:
    """Take up to ``n`` runnable jobs in one statement. The CTE is a fence: without it
    PostgreSQL may lock and update more rows than the LIMIT."""
    if n <= 0:
        return []
    with db.session() as session:
        # Losing a claim in a server crash only means the job is claimed again: no fsync wait.
        session.execute(text("SET LOCAL synchronous_commit = off"))
        rows = session.execute(
            text(
                f"""
                WITH next AS (
                    SELECT id FROM jobs
                    WHERE status = 'pending' AND run_after <= {NOW}
                    ORDER BY priority DESC, id
                    LIMIT :n
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE jobs j SET status = 'processing', attempts = j.attempts + 1,
                    locked_by = :w, heartbeat_at = {NOW}, updated_at = {NOW},
                    started_at = COALESCE(j.started_at, {NOW})
                FROM next WHERE j.id = next.id AND j.attempts < j.max_attempts
                RETURNING {J_COLUMNS}
                """
            ),
            {"n": n, "w": worker_id, "now": _now(clock)},
        ).all()
    jobs = [to_info(row) for row in rows]
    jobs.sort(key=lambda job: (-job.priority, job.id))
    return jobs


def heartbeat(
    db: Database, worker_id: str, job_ids: Sequence[int], clock: Clock | None = None
) -> tuple[set[int], set[int]]:
    """Refresh running jobs' heartbeats and the worker's last_seen. Returns (ids still ours,
    ids whose cancellation was requested)."""
    now = _now(clock)
    with db.session() as session:
        session.execute(text("SET LOCAL synchronous_commit = off"))
        session.execute(
            text(f"UPDATE workers SET last_seen = {NOW} WHERE id = :w"),
            {"w": worker_id, "now": now},
        )
        if not job_ids:
            return set(), set()
        rows = session.execute(
            text(
                f"UPDATE jobs SET heartbeat_at = {NOW} WHERE id = ANY(:ids) AND locked_by = :w "
                "AND status = 'processing' RETURNING id, cancel_requested"
            ),
            {"ids": list(job_ids), "w": worker_id, "now": now},
        ).all()
    return {r.id for r in rows}, {r.id for r in rows if r.cancel_requested}


def cancel_requested(db: Database, job_id: int) -> bool:
    with db.session() as session:
        return bool(
            session.execute(
                text("SELECT cancel_requested FROM jobs WHERE id = :id"), {"id": job_id}
            ).scalar()
        )


# Each attempt's tokens, cost and time are added to the job's totals, success or not.
ADD_USAGE = (
    "input_tokens = input_tokens + :tin, output_tokens = output_tokens + :tout, "
    "cost_usd = cost_usd + :cost, duration_ms = COALESCE(duration_ms, 0) + :ms"
)


def _usage_params(usage: Usage, duration_ms: int) -> dict[str, Any]:
    return {
        "tin": usage.input_tokens,
        "tout": usage.output_tokens,
        "cost": usage.cost_usd,
        "ms": duration_ms,
    }


class LostJob(Exception):
    """The completion guard failed: the job is no longer ours (rescued, released, cancelled)."""


@dataclass
class _Tx:
    """The :class:`studyapp.jobs.contract.CompletionTx` a handler's ``apply`` receives."""

    session: Session
    job: JobInfo
    registry: HandlerRegistry
    now: datetime | None
    children: list[int] = field(default_factory=list)

    def spawn(
        self,
        job_type: str,
        payload: Mapping[str, Any],
        *,
        goal_id: int | None = None,
        priority: int = 0,
    ) -> int:
        child = insert_child(
            self.session,
            self.job,
            job_type,
            payload,
            registry=self.registry,
            goal_id=goal_id,
            priority=priority,
            now=self.now,
        )
        self.children.append(child)
        return child


def complete(
    db: Database,
    worker_id: str,
    job: JobInfo,
    apply: Any,
    *,
    registry: HandlerRegistry,
    usage: Usage,
    duration_ms: int,
    clock: Clock | None = None,
) -> JobInfo:
    """Run ``apply(tx)`` and mark the job completed in ONE transaction, guarded by
    ``status='processing' AND locked_by=me``; raise :class:`LostJob` (everything rolled back)
    when the guard fails. A job that spawned children stays 'processing' (waiting, unlocked)."""
    now = _now(clock)
    with db.sessions() as session, session.begin():
        # The guarded UPDATE comes last: if a rescue committed first, it matches nothing and
        # everything apply() wrote rolls back; if we update first, the rescue's UPDATE waits for
        # our row lock and then no longer matches. Either way the result lands at most once.
        tx = _Tx(session, job, registry, now)
        result = apply(tx)
        waiting = bool(tx.children)
        row = session.execute(
            text(
                f"""
                UPDATE jobs SET
                    status = CASE WHEN :waiting THEN 'processing' ELSE 'completed' END,
                    result = CAST(:result AS jsonb), error = NULL, locked_by = NULL,
                    heartbeat_at = NULL, updated_at = {NOW},
                    completed_at = CASE WHEN :waiting THEN NULL ELSE {NOW} END,
                    progress = CASE WHEN :waiting
                        THEN jsonb_build_object('done', 0, 'failed', 0, 'total', :children)
                        ELSE progress END,
                    {ADD_USAGE}
                WHERE id = :id AND status = 'processing' AND locked_by = :w
                RETURNING {COLUMNS}
                """
            ),
            {
                "waiting": waiting,
                "children": len(tx.children),
                "result": json.dumps(result if result is not None else {}, default=str),
                **_usage_params(usage, duration_ms),
                "id": job.id,
                "w": worker_id,
                "now": now,
            },
        ).first()
        if row is None:
            raise LostJob(job.id)
        if not waiting and job.parent_id is not None:
            _child_finished(session, job.parent_id, now)
        return to_info(row)


def retry_delay(attempt: int, retry_after: float | None = None) -> float:
    """2^(n-1) seconds after attempt n (1 s, 2 s, 4 s…), or the provider's Retry-After if longer."""
    delay = float(2 ** max(attempt - 1, 0))
    if retry_after is not None and retry_after > delay:
        delay = float(retry_after)
    return delay


def fail(
    db: Database,
    worker_id: str,
    job: JobInfo,
    *,
    kind: str,
    message: str,
    transient: bool,
    retry_after: float | None = None,
    usage: Usage | None = None,
    duration_ms: int = 0,
    clock: Clock | None = None,
) -> JobInfo | None:
    """Record an attempt's error; schedule a retry (transient, attempts left) or fail for good.
    Returns None when the job was no longer ours."""
    usage = usage or Usage()
    now = _now(clock)
    message = scrub(message)
    will_retry = transient and job.attempts < job.max_attempts
    delay = retry_delay(job.attempts, retry_after)
    with db.session() as session:
        row = session.execute(
            text(
                f"""
                UPDATE jobs SET
                    status = CASE WHEN :retry THEN 'pending' ELSE 'failed' END,
                    run_after = CASE WHEN :retry THEN {NOW} + :delay ELSE run_after END,
                    completed_at = CASE WHEN :retry THEN NULL ELSE {NOW} END,
                    error = :message, errors = errors || CAST(:entry AS jsonb),
                    locked_by = NULL, heartbeat_at = NULL, updated_at = {NOW},
                    {ADD_USAGE}
                WHERE id = :id AND status = 'processing' AND locked_by = :w
                RETURNING {COLUMNS}
                """
            ),
            {
                "retry": will_retry,
                "delay": timedelta(seconds=delay),
                "message": message,
                "entry": _error_entry(job.attempts, kind, message, now or _db_now(session)),
                **_usage_params(usage, duration_ms),
                "id": job.id,
                "w": worker_id,
                "now": now,
            },
        ).first()
        if row is None:
            return None
        if not will_retry and job.parent_id is not None:
            _child_finished(session, job.parent_id, now)
        return to_info(row)


def mark_cancelled(
    db: Database, worker_id: str, job: JobInfo, clock: Clock | None = None
) -> JobInfo | None:
    """The handler saw the cancel flag and stopped: processing → cancelled, nothing applied."""
    now = _now(clock)
    with db.session() as session:
        row = session.execute(
            text(
                f"UPDATE jobs SET status = 'cancelled', completed_at = {NOW}, updated_at = {NOW}, "
                "locked_by = NULL, heartbeat_at = NULL, error = 'Cancelled.' "
                f"WHERE id = :id AND status = 'processing' AND locked_by = :w RETURNING {COLUMNS}"
            ),
            {"id": job.id, "w": worker_id, "now": now},
        ).first()
        if row is not None and job.parent_id is not None:
            _child_finished(session, job.parent_id, now)
    return to_info(row) if row is not None else None


def _db_now(session: Session) -> datetime:
    return session.execute(text("SELECT now()")).scalar_one()


def _child_finished(session: Session, parent_id: int, now: datetime | None) -> None:
    """Update a waiting parent's progress; end it when its last child ended. The parent row is
    locked first so the count sees every child committed before us."""
    parent = session.execute(
        text("SELECT status, locked_by FROM jobs WHERE id = :id FOR UPDATE"), {"id": parent_id}
    ).first()
    if parent is None or parent.status != "processing" or parent.locked_by is not None:
        return
    counts = session.execute(
        text(
            "SELECT count(*) AS total, "
            "count(*) FILTER (WHERE status = 'completed') AS done, "
            "count(*) FILTER (WHERE status IN ('failed', 'cancelled')) AS failed "
            "FROM jobs WHERE parent_id = :id"
        ),
        {"id": parent_id},
    ).one()
    finished = counts.done + counts.failed == counts.total
    error = None
    if finished and counts.failed:
        error = f"{counts.failed} of {counts.total} parts failed; retry them to finish."
    session.execute(
        text(
            f"""
            UPDATE jobs SET progress = jsonb_build_object(
                    'done', CAST(:done AS int), 'failed', CAST(:failed AS int),
                    'total', CAST(:total AS int)),
                status = CASE WHEN :finished THEN
                    (CASE WHEN :failed > 0 THEN 'failed' ELSE 'completed' END) ELSE status END,
                completed_at = CASE WHEN :finished THEN {NOW} ELSE NULL END,
                error = :error, updated_at = {NOW}
            WHERE id = :id AND status = 'processing' AND locked_by IS NULL
            """
        ),
        {
            "done": counts.done,
            "failed": counts.failed,
            "total": counts.total,
            "finished": finished,
            "error": error,
            "id": parent_id,
            "now": now,
        },
    )
    if finished:
        grandparent = session.execute(
            text("SELECT parent_id FROM jobs WHERE id = :id"), {"id": parent_id}
        ).scalar()
        if grandparent is not None:
            _child_finished(session, grandparent, now)


# --------------------------------------------------------------------------------------------
# Learner actions: retry, cancel


def retry(
    db: Database,
    profile_id: int,
    job_id: int,
    *,
    clock: Clock | None = None,
    limit: int = RATE_LIMIT,
) -> JobInfo:
    """failed → pending, with a fresh set of attempts (the error history is kept). Counts as a
    submission. A parent that failed because of its children retries those children."""
    now = _now(clock)
    with db.session() as session:
        job = session.execute(
            text(f"SELECT {COLUMNS} FROM jobs WHERE id = :id AND profile_id = :p FOR UPDATE"),
            {"id": job_id, "p": profile_id},
        ).first()
        if job is None:
            raise NotFound(f"No job {job_id}.")
        if job.status not in ("failed", "cancelled"):
            raise BadInput(
                f"Job {job_id} is {job.status}; only failed or cancelled jobs can be retried."
            )
        _check_rate_limit(session, profile_id, job.type, now, limit)
        children = (
            session.execute(
                text(
                    "SELECT id FROM jobs WHERE parent_id = :id AND status IN ('failed', 'cancelled') "
                    "FOR UPDATE"
                ),
                {"id": job_id},
            )
            .scalars()
            .all()
        )
        has_children = bool(
            session.execute(
                text("SELECT 1 FROM jobs WHERE parent_id = :id LIMIT 1"), {"id": job_id}
            ).first()
        )
        if has_children:
            # The parent's own work is done: only its failed parts run again.
            session.execute(
                text(
                    f"UPDATE jobs SET status = 'pending', attempts = 0, run_after = {NOW}, "
                    "completed_at = NULL, error = NULL, cancel_requested = false, "
                    f"updated_at = {NOW} WHERE id = ANY(:ids)"
                ),
                {"ids": list(children), "now": now},
            )
            row = session.execute(
                text(
                    f"UPDATE jobs SET status = 'processing', completed_at = NULL, error = NULL, "
                    f"cancel_requested = false, updated_at = {NOW} WHERE id = :id "
                    f"RETURNING {COLUMNS}"
                ),
                {"id": job_id, "now": now},
            ).one()
        else:
            row = session.execute(
                text(
                    f"UPDATE jobs SET status = 'pending', attempts = 0, run_after = {NOW}, "
                    "completed_at = NULL, error = NULL, cancel_requested = false, "
                    f"updated_at = {NOW} WHERE id = :id RETURNING {COLUMNS}"
                ),
                {"id": job_id, "now": now},
            ).one()
        _reopen_ancestors(session, row.parent_id, now)
        _record_submission(session, profile_id, job.type, job_id, now)
        return to_info(row)


def _reopen_ancestors(session: Session, parent_id: int | None, now: datetime | None) -> None:
    """A retried child makes its finished parent wait for it again."""
    while parent_id is not None:
        parent = session.execute(
            text(
                f"UPDATE jobs SET status = 'processing', completed_at = NULL, error = NULL, "
                f"updated_at = {NOW} WHERE id = :id AND status IN ('failed', 'cancelled', "
                "'completed') AND locked_by IS NULL RETURNING parent_id"
            ),
            {"id": parent_id, "now": now},
        ).first()
        parent_id = parent.parent_id if parent is not None else None


def cancel(db: Database, profile_id: int, job_id: int, *, clock: Clock | None = None) -> JobInfo:
    """pending → cancelled at once; processing → a flag the handler checks (cooperative).
    A waiting parent is cancelled with all its unfinished children."""
    now = _now(clock)
    with db.session() as session:
        job = session.execute(
            text(f"SELECT {COLUMNS} FROM jobs WHERE id = :id AND profile_id = :p FOR UPDATE"),
            {"id": job_id, "p": profile_id},
        ).first()
        if job is None:
            raise NotFound(f"No job {job_id}.")
        if job.status in FINISHED:
            raise BadInput(
                f"Job {job_id} already ended ({job.status}); there is nothing to cancel."
            )
        ids = _descendants(session, job_id)
        # Pending ones (and waiting parents) end now; running ones get the flag.
        session.execute(
            text(
                f"UPDATE jobs SET status = 'cancelled', completed_at = {NOW}, updated_at = {NOW}, "
                "error = 'Cancelled.' WHERE id = ANY(:ids) AND (status = 'pending' OR "
                "(status = 'processing' AND locked_by IS NULL))"
            ),
            {"ids": [job_id, *ids], "now": now},
        )
        session.execute(
            text(
                f"UPDATE jobs SET cancel_requested = true, updated_at = {NOW} "
                "WHERE id = ANY(:ids) AND status = 'processing'"
            ),
            {"ids": [job_id, *ids], "now": now},
        )
        if job.parent_id is not None:
            _child_finished(session, job.parent_id, now)
        row = session.execute(
            text(f"SELECT {COLUMNS} FROM jobs WHERE id = :id"), {"id": job_id}
        ).one()
        return to_info(row)


def _descendants(session: Session, job_id: int) -> list[int]:
    return list(
        session.execute(
            text(
                "WITH RECURSIVE tree AS (SELECT id FROM jobs WHERE parent_id = :id "
                "UNION ALL SELECT j.id FROM jobs j JOIN tree t ON j.parent_id = t.id) "
                "SELECT id FROM tree"
            ),
            {"id": job_id},
        ).scalars()
    )


# --------------------------------------------------------------------------------------------
# Recovery: release at shutdown, rescue of stale and orphaned jobs, pruning


def release(db: Database, worker_id: str, clock: Clock | None = None) -> list[int]:
    """Graceful shutdown: our running jobs go back to pending without spending an attempt."""
    with db.session() as session:
        return list(
            session.execute(
                text(
                    f"UPDATE jobs SET status = 'pending', attempts = GREATEST(attempts - 1, 0), "
                    f"locked_by = NULL, heartbeat_at = NULL, run_after = {NOW}, "
                    f"updated_at = {NOW} WHERE status = 'processing' AND locked_by = :w "
                    "RETURNING id"
                ),
                {"w": worker_id, "now": _now(clock)},
            ).scalars()
        )


def _rescue(session: Session, where: str, params: dict[str, Any], reason: str) -> list[int]:
    """Reset matching processing jobs: to pending, or failed when their attempts are spent.
    The state guard (status='processing', still locked) means a job that just completed is
    never touched."""
    rows = session.execute(
        text(
            f"""
            UPDATE jobs SET
                status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
                completed_at = CASE WHEN attempts >= max_attempts THEN {NOW} ELSE NULL END,
                error = CASE WHEN attempts >= max_attempts THEN :reason ELSE error END,
                errors = errors || jsonb_build_array(jsonb_build_object(
                    'attempt', attempts, 'kind', 'worker_lost', 'message', :reason,
                    'at', {NOW})),
                locked_by = NULL, heartbeat_at = NULL, run_after = {NOW}, updated_at = {NOW}
            WHERE status = 'processing' AND locked_by IS NOT NULL AND {where}
            RETURNING id, status, parent_id
            """
        ),
        {**params, "reason": reason},
    ).all()
    for row in rows:
        if row.status == "failed" and row.parent_id is not None:
            _child_finished(session, row.parent_id, params.get("now"))
    return [row.id for row in rows]


def rescue_stale(
    db: Database, *, stale_after: timedelta = STALE_AFTER, clock: Clock | None = None
) -> list[int]:
    """The backstop: a processing job with no heartbeat for ``stale_after`` is reset."""
    with db.session() as session:
        return _rescue(
            session,
            f"heartbeat_at < {NOW} - :stale",
            {"stale": stale_after, "now": _now(clock)},
            f"No progress for {int(stale_after.total_seconds() // 60)} minutes; the job was reset.",
        )


def rescue_worker(db: Database, worker_id: str, clock: Clock | None = None) -> list[int]:
    """A dead worker's jobs (its advisory lock is free) are reset at once."""
    with db.session() as session:
        ids = _rescue(
            session,
            "locked_by = :dead",
            {"dead": worker_id, "now": _now(clock)},
            "The worker running this job stopped unexpectedly; the job was reset.",
        )
        session.execute(text("DELETE FROM workers WHERE id = :w"), {"w": worker_id})
        return ids


def prune(
    db: Database,
    *,
    older_than: timedelta = RETENTION,
    batch: int = 1000,
    clock: Clock | None = None,
) -> int:
    """Delete finished top-level jobs (children go with them) older than ``older_than``, in
    batches so a large backlog never holds long locks; also old rate-limit rows."""
    total = 0
    now = _now(clock)
    while True:
        with db.session() as session:
            deleted = session.execute(
                text(
                    "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE parent_id IS NULL "
                    "AND status IN ('completed', 'failed', 'cancelled') "
                    f"AND completed_at < {NOW} - :age LIMIT :batch)"
                ),
                {"age": older_than, "batch": batch, "now": now},
            ).rowcount
        total += deleted
        if deleted < batch:
            break
    with db.session() as session:
        session.execute(
            text(f"DELETE FROM job_submissions WHERE submitted_at < {NOW} - interval '1 day'"),
            {"now": now},
        )
    return total
