"""Recording a job's outcome: completion (alone or as a group), failure, cancellation.

Completion is the exactly-once point. The group's rows that are still ``processing`` and
``locked_by`` this worker are locked first (``FOR UPDATE``): that SELECT is THE guard. A job
rescued or released meanwhile is not among them, so its handler's writes are never applied; a
rescue that comes later waits for our row lock and then no longer matches. Then each surviving
job's ``apply()`` writes through a SQLAlchemy Session bound to the same connection, and one
``UPDATE … FROM unnest(…)`` marks them all, in ONE transaction (one commit, one fsync, one
NOTIFY lock for the lot). Any error rolls the whole group back; the caller then redoes each
job alone (:func:`complete_group` with one item) so one bad ``apply()`` cannot sink the others.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.jobs.clock import Clock
from studyapp.jobs.contract import CompletionTx, JobInfo, Usage
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.store.family import child_finished, insert_child
from studyapp.jobs.store.sql import (
    ADD_USAGE,
    COLUMNS,
    PG_NOW,
    db_now,
    error_entry,
    now_of,
    run,
    scrub,
    to_info,
    usage_params,
)


class LostJob(Exception):
    """The completion guard failed: the job is no longer ours (rescued, released, cancelled)."""


@dataclass
class Finished:
    """A job whose handler returned: ``apply(tx)`` writes its outcome at commit time. Kept in
    memory (also across a database outage) until it is committed or refused by the guard."""

    job: JobInfo
    apply: Callable[[CompletionTx], Any]
    usage: Usage = field(default_factory=Usage)
    duration_ms: int = 0


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


# THE completion guard: only rows still processing under this worker are ours to complete.
GUARD_SQL = (
    "SELECT id FROM jobs WHERE id = ANY(%(ids)s::bigint[]) "
    "AND status = 'processing' AND locked_by = %(w)s ORDER BY id FOR UPDATE"
)

# The rows are locked by the guard above, so this UPDATE needs no guard of its own.
_COMPLETE_SQL = f"""
    UPDATE jobs j SET
        status = CASE WHEN u.children > 0 THEN 'processing' ELSE 'completed' END,
        result = u.result::jsonb, error = NULL, locked_by = NULL, heartbeat_at = NULL,
        updated_at = {PG_NOW},
        completed_at = CASE WHEN u.children > 0 THEN NULL ELSE {PG_NOW} END,
        progress = CASE WHEN u.children > 0
            THEN jsonb_build_object('done', 0, 'failed', 0, 'total', u.children)
            ELSE j.progress END,
        input_tokens = j.input_tokens + u.tin, output_tokens = j.output_tokens + u.tout,
        cost_usd = j.cost_usd + u.cost, duration_ms = COALESCE(j.duration_ms, 0) + u.ms
    FROM unnest(%(ids)s::bigint[], %(results)s::text[], %(children)s::int[], %(tin)s::int[],
                %(tout)s::int[], %(cost)s::numeric[], %(ms)s::int[])
         AS u(id, result, children, tin, tout, cost, ms)
    WHERE j.id = u.id
    RETURNING j.id, j.status, j.progress, j.completed_at, j.updated_at, j.input_tokens,
              j.output_tokens, j.cost_usd, j.duration_ms
"""


def complete_group(
    db: Database,
    conn: Connection,
    worker_id: str,
    items: Sequence[Finished],
    *,
    registry: HandlerRegistry,
    clock: Clock | None = None,
) -> dict[int, JobInfo]:
    """Apply and complete ``items`` in ONE transaction on ``conn`` (a SQLAlchemy Connection not
    in a transaction). Returns the final state of each job that was still ours; a job missing
    from the answer was refused by the guard and wrote nothing. Raises (after rolling the
    whole group back) if any ``apply()`` or statement fails; a lost connection is raised as
    :class:`studyapp.errors.DatabaseUnavailable`."""
    if not items:
        return {}
    now = now_of(clock)
    raw = conn.connection.dbapi_connection
    assert isinstance(raw, psycopg.Connection)
    with db.boundary():
        trans = conn.begin()
        try:
            held = {
                row[0]
                for row in raw.execute(
                    GUARD_SQL, {"ids": [i.job.id for i in items], "w": worker_id}, prepare=True
                )
            }
            # Goal order, then id: handlers may take per-goal locks, and two completers taking
            # them in the same order cannot deadlock.
            survivors = sorted(
                (i for i in items if i.job.id in held),
                key=lambda i: (i.job.goal_id or 0, i.job.id),
            )
            results: list[str] = []
            children: list[int] = []
            for item in survivors:
                with Session(bind=conn) as session:
                    tx = _Tx(session, item.job, registry, now)
                    result = item.apply(tx)
                    session.flush()
                results.append(json.dumps(result if result is not None else {}, default=str))
                children.append(len(tx.children))
            rows = []
            if survivors:
                rows = raw.execute(
                    _COMPLETE_SQL,
                    {
                        "ids": [i.job.id for i in survivors],
                        "results": results,
                        "children": children,
                        "tin": [i.usage.input_tokens for i in survivors],
                        "tout": [i.usage.output_tokens for i in survivors],
                        "cost": [float(i.usage.cost_usd) for i in survivors],
                        "ms": [i.duration_ms for i in survivors],
                        "now": now,
                    },
                    prepare=True,
                ).fetchall()
            parents = sorted(
                {i.job.parent_id for i, n in zip(survivors, children, strict=True) if not n}
                - {None}
            )
            if parents:
                with Session(bind=conn) as session:
                    for parent_id in parents:
                        child_finished(session, parent_id, now)
                    session.flush()
            trans.commit()
        except BaseException:
            if trans.is_active:
                try:
                    trans.rollback()
                except Exception:  # the connection is gone: nothing was committed anyway
                    conn.invalidate()
            raise
    by_id = {i.job.id: (i, r) for i, r in zip(survivors, results, strict=True)}
    finals: dict[int, JobInfo] = {}
    for row in rows:
        item, result = by_id[row[0]]
        finals[row[0]] = dataclasses.replace(
            item.job,
            status=row[1],
            result=json.loads(result),
            error=None,
            locked_by=None,
            progress=row[2],
            completed_at=row[3],
            updated_at=row[4],
            input_tokens=row[5],
            output_tokens=row[6],
            cost_usd=float(row[7] or 0),
            duration_ms=row[8],
        )
    return finals


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
    """Run ``apply(tx)`` and mark the job completed in ONE guarded transaction; raise
    :class:`LostJob` (everything rolled back) when the job is no longer ours. A job that
    spawned children stays 'processing' (waiting, unlocked)."""
    with db.boundary(), db.engine.connect() as conn:
        finals = complete_group(
            db,
            conn,
            worker_id,
            [Finished(job, apply, usage, duration_ms)],
            registry=registry,
            clock=clock,
        )
    if job.id not in finals:
        raise LostJob(job.id)
    return finals[job.id]


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
    now = now_of(clock)
    message = scrub(message)
    will_retry = transient and job.attempts < job.max_attempts
    delay = retry_delay(job.attempts, retry_after)
    with db.session() as session:
        row = run(
            session,
            f"""
                UPDATE jobs SET
                    status = CASE WHEN %(retry)s THEN 'pending' ELSE 'failed' END,
                    run_after = CASE WHEN %(retry)s THEN {PG_NOW} + %(delay)s ELSE run_after END,
                    completed_at = CASE WHEN %(retry)s THEN NULL ELSE {PG_NOW} END,
                    error = %(message)s, errors = errors || CAST(%(entry)s AS jsonb),
                    locked_by = NULL, heartbeat_at = NULL, updated_at = {PG_NOW},
                    {ADD_USAGE}
                WHERE id = %(id)s AND status = 'processing' AND locked_by = %(w)s
                RETURNING {COLUMNS}
                """,
            {
                "retry": will_retry,
                "delay": timedelta(seconds=delay),
                "message": message,
                "entry": error_entry(job.attempts, kind, message, now or db_now(session)),
                **usage_params(usage, duration_ms),
                "id": job.id,
                "w": worker_id,
                "now": now,
            },
        ).first()
        if row is None:
            return None
        if not will_retry and job.parent_id is not None:
            child_finished(session, job.parent_id, now)
        return to_info(row)


def mark_cancelled(
    db: Database, worker_id: str, job: JobInfo, clock: Clock | None = None
) -> JobInfo | None:
    """The handler saw the cancel flag and stopped: processing → cancelled, nothing applied."""
    now = now_of(clock)
    with db.session() as session:
        row = run(
            session,
            f"UPDATE jobs SET status = 'cancelled', completed_at = {PG_NOW}, updated_at = {PG_NOW}, "
            "locked_by = NULL, heartbeat_at = NULL, error = 'Cancelled.' "
            f"WHERE id = %(id)s AND status = 'processing' AND locked_by = %(w)s RETURNING {COLUMNS}",
            {"id": job.id, "w": worker_id, "now": now},
        ).first()
        if row is not None and job.parent_id is not None:
            child_finished(session, job.parent_id, now)
    return to_info(row) if row is not None else None
