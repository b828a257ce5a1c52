"""Parents and children: a handler's ``tx.spawn()`` inserts children in its completion
transaction; the parent then waits (``processing``, no lock, ``progress = {done, failed,
total}``) and the last child to end completes or fails it. A retried child reopens its parent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from studyapp.jobs.contract import JobInfo
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.store.sql import MAX_ATTEMPTS, PG_NOW, run
from studyapp.jobs.store.submit import encode_payload, insert_job


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
    return insert_job(
        session,
        profile_id=parent.profile_id,
        job_type=job_type,
        encoded=encode_payload(clean),
        goal_id=goal_id if goal_id is not None else parent.goal_id,
        priority=priority,
        max_attempts=MAX_ATTEMPTS,
        parent_id=parent.id,
        requires=parent.requires,  # paid as the parent was
        now=now,
    ).id


def child_finished(session: Session, parent_id: int, now: datetime | None) -> None:
    """Update a waiting parent's progress; end it when its last child ended. The parent row is
    locked first so the count sees every child committed before us."""
    parent = run(
        session,
        "SELECT status, locked_by FROM jobs WHERE id = %(id)s FOR UPDATE",
        {"id": parent_id},
    ).first()
    if parent is None or parent.status != "processing" or parent.locked_by is not None:
        return
    counts = run(
        session,
        "SELECT count(*) AS total, "
        "count(*) FILTER (WHERE status = 'completed') AS done, "
        "count(*) FILTER (WHERE status IN ('failed', 'cancelled')) AS failed "
        "FROM jobs WHERE parent_id = %(id)s",
        {"id": parent_id},
    ).one()
    finished = counts.done + counts.failed == counts.total
    error = None
    if finished and counts.failed:
        error = f"{counts.failed} of {counts.total} parts failed; retry them to finish."
    run(
        session,
        f"""
            UPDATE jobs SET progress = jsonb_build_object(
                    'done', CAST(%(done)s AS int), 'failed', CAST(%(failed)s AS int),
                    'total', CAST(%(total)s AS int)),
                status = CASE WHEN %(finished)s THEN
                    (CASE WHEN %(failed)s > 0 THEN 'failed' ELSE 'completed' END) ELSE status END,
                completed_at = CASE WHEN %(finished)s THEN {PG_NOW} ELSE NULL END,
                error = %(error)s, updated_at = {PG_NOW}
            WHERE id = %(id)s AND status = 'processing' AND locked_by IS NULL
            """,
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
        grandparent = run(
            session, "SELECT parent_id FROM jobs WHERE id = %(id)s", {"id": parent_id}
        ).scalar()
        if grandparent is not None:
            child_finished(session, grandparent, now)


def reopen_ancestors(session: Session, parent_id: int | None, now: datetime | None) -> None:
    """A retried child makes its finished parent wait for it again."""
    while parent_id is not None:
        parent = run(
            session,
            f"UPDATE jobs SET status = 'processing', completed_at = NULL, error = NULL, "
            f"updated_at = {PG_NOW} WHERE id = %(id)s AND status IN ('failed', 'cancelled', "
            "'completed') AND locked_by IS NULL RETURNING parent_id",
            {"id": parent_id, "now": now},
        ).first()
        parent_id = parent.parent_id if parent is not None else None


def descendants(session: Session, job_id: int) -> list[int]:
    return list(
        run(
            session,
            "WITH RECURSIVE tree AS (SELECT id FROM jobs WHERE parent_id = %(id)s "
            "UNION ALL SELECT j.id FROM jobs j JOIN tree t ON j.parent_id = t.id) "
            "SELECT id FROM tree",
            {"id": job_id},
        ).scalars()
    )
