"""Reading jobs, always scoped to a profile: another profile's job is "not found"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, NamedTuple

from studyapp.db.database import Database
from studyapp.errors import NotFound
from studyapp.jobs.clock import Clock
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.store.sql import COLUMNS, PG_NOW, now_of, run, to_info


def get_job(db: Database, profile_id: int, job_id: int) -> JobInfo:
    with db.session() as session:
        row = run(
            session,
            f"SELECT {COLUMNS} FROM jobs WHERE id = %(id)s AND profile_id = %(p)s",
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
        rows = run(
            session,
            f"SELECT {COLUMNS} FROM jobs WHERE profile_id = %(p)s AND id = ANY(%(ids)s)",
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
    where = ["profile_id = %(p)s"]
    params: dict[str, Any] = {"p": profile_id, "limit": limit}
    for column, value in (
        ("status", status),
        ("type", job_type),
        ("goal_id", goal_id),
        ("parent_id", parent_id),
    ):
        if value is not None:
            where.append(f"{column} = %({column})s")
            params[column] = value
    with db.session() as session:
        rows = run(
            session,
            f"SELECT {COLUMNS} FROM jobs WHERE {' AND '.join(where)} "
            "ORDER BY id DESC LIMIT %(limit)s",
            params,
        ).all()
    return [to_info(row) for row in rows]


class QueueSummary(NamedTuple):
    """What an idle dispatcher needs to know of the whole queue, in one query."""

    runnable: int  # pending jobs whose run_after has come
    next_at: datetime | None  # the earliest future run_after (a retry waiting for its delay)
    processing: int  # jobs some worker (this one or another) holds


def pending_summary(db: Database, clock: Clock | None = None) -> QueueSummary:
    """How long an idle worker may sleep, and whether the queue is idle at all."""
    with db.session() as session:
        # Each part on its partial index (pending; processing), in one snapshot.
        row = run(
            session,
            f"SELECT count(*) FILTER (WHERE run_after <= {PG_NOW}), "
            f"min(run_after) FILTER (WHERE run_after > {PG_NOW}), "
            "(SELECT count(*) FROM jobs WHERE status = 'processing') "
            "FROM jobs WHERE status = 'pending'",
            {"now": now_of(clock)},
        ).one()
    runnable, next_at, processing = tuple(row)
    return QueueSummary(int(runnable), next_at, int(processing))


def cancel_requested(db: Database, job_id: int) -> bool:
    with db.session() as session:
        return bool(
            run(
                session, "SELECT cancel_requested FROM jobs WHERE id = %(id)s", {"id": job_id}
            ).scalar()
        )
