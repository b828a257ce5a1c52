"""Recovery and housekeeping: rescue of jobs whose worker died or went silent, and pruning.

A rescue is not a failure: the job did not get to finish its handler, so the attempt the claim
took is given back and the loss is counted apart (``lost``). Only after ``MAX_LOST`` losses
(a job that keeps killing its workers) does it fail.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.jobs.clock import Clock
from studyapp.jobs.store.family import child_finished
from studyapp.jobs.store.sql import MAX_LOST, PG_NOW, RETENTION, STALE_AFTER, now_of, run


def _rescue(session: Session, where: str, params: dict[str, Any], reason: str) -> list[int]:
    """Reset matching processing jobs to pending (attempt given back, ``lost`` + 1), or fail
    them when they were lost ``MAX_LOST`` times. The state guard (status='processing', still
    locked) means a job that just completed is never touched."""
    gave_up = (
        f"{reason} This happened {MAX_LOST} times, so the job was stopped; retry it to try again."
    )
    rows = run(
        session,
        f"""
            UPDATE jobs SET
                lost = lost + 1,
                attempts = GREATEST(attempts - 1, 0),
                status = CASE WHEN lost + 1 >= %(max_lost)s THEN 'failed' ELSE 'pending' END,
                completed_at = CASE WHEN lost + 1 >= %(max_lost)s THEN {PG_NOW} ELSE NULL END,
                error = CASE WHEN lost + 1 >= %(max_lost)s THEN %(gave_up)s ELSE error END,
                errors = errors || jsonb_build_array(jsonb_build_object(
                    'attempt', attempts, 'kind', 'worker_lost', 'message', CAST(%(reason)s AS text),
                    'at', {PG_NOW})),
                locked_by = NULL, heartbeat_at = NULL, run_after = {PG_NOW}, updated_at = {PG_NOW}
            WHERE status = 'processing' AND locked_by IS NOT NULL AND {where}
            RETURNING id, status, parent_id
            """,
        {**params, "reason": reason, "gave_up": gave_up, "max_lost": MAX_LOST},
    ).all()
    for row in sorted(rows, key=lambda r: r.parent_id or 0):
        if row.status == "failed" and row.parent_id is not None:
            child_finished(session, row.parent_id, params.get("now"))
    return [row.id for row in rows]


def rescue_stale(
    db: Database, *, stale_after: timedelta = STALE_AFTER, clock: Clock | None = None
) -> list[int]:
    """The backstop: a processing job with no heartbeat for ``stale_after`` is reset."""
    with db.session() as session:
        return _rescue(
            session,
            f"heartbeat_at < {PG_NOW} - %(stale)s",
            {"stale": stale_after, "now": now_of(clock)},
            f"No progress for {int(stale_after.total_seconds() // 60)} minutes; the job was reset.",
        )


def rescue_worker(db: Database, worker_id: str, clock: Clock | None = None) -> list[int]:
    """A dead worker's jobs (its advisory lock is free) are reset at once."""
    with db.session() as session:
        ids = _rescue(
            session,
            "locked_by = %(dead)s",
            {"dead": worker_id, "now": now_of(clock)},
            "The worker running this job stopped unexpectedly; the job was reset.",
        )
        run(session, "DELETE FROM workers WHERE id = %(w)s", {"w": worker_id})
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
    now = now_of(clock)
    while True:
        with db.session() as session:
            result = run(
                session,
                "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE parent_id IS NULL "
                "AND status IN ('completed', 'failed', 'cancelled') "
                f"AND completed_at < {PG_NOW} - %(age)s LIMIT %(batch)s)",
                {"age": older_than, "batch": batch, "now": now},
            )
            deleted = result.rowcount
        total += deleted
        if deleted < batch:
            break
    with db.session() as session:
        run(
            session,
            f"DELETE FROM job_submissions WHERE submitted_at < {PG_NOW} - interval '1 day'",
            {"now": now},
        )
    return total
