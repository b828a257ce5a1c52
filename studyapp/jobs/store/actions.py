"""The learner's actions on a job: retry (failed/cancelled → pending, counted as a submission)
and cancel (pending → cancelled at once; processing → a flag the handler checks)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.errors import BadInput, NotFound
from studyapp.jobs.clock import Clock
from studyapp.jobs.contract import FINISHED, JobInfo
from studyapp.jobs.store.family import child_finished, descendants, reopen_ancestors
from studyapp.jobs.store.sql import COLUMNS, PG_NOW, RATE_LIMIT, now_of, run, to_info
from studyapp.jobs.store.submit import check_rate_limit, record_submission

# A retried job starts afresh: attempts and worker losses both count from zero again.
_FRESH = (
    f"status = 'pending', attempts = 0, lost = 0, run_after = {PG_NOW}, completed_at = NULL, "
    f"error = NULL, cancel_requested = false, updated_at = {PG_NOW}"
)


def _lock_owned(session: Session, profile_id: int, job_id: int) -> Row[Any]:
    """The job's row, locked; another profile's job is "not found"."""
    job = run(
        session,
        f"SELECT {COLUMNS} FROM jobs WHERE id = %(id)s AND profile_id = %(p)s FOR UPDATE",
        {"id": job_id, "p": profile_id},
    ).first()
    if job is None:
        raise NotFound(f"No job {job_id}.")
    return job


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
    now = now_of(clock)
    with db.session() as session:
        job = _lock_owned(session, profile_id, job_id)
        if job.status not in ("failed", "cancelled"):
            raise BadInput(
                f"Job {job_id} is {job.status}; only failed or cancelled jobs can be retried."
            )
        check_rate_limit(session, profile_id, job.type, now, limit)
        children = (
            run(
                session,
                "SELECT id FROM jobs WHERE parent_id = %(id)s AND status IN ('failed', 'cancelled') "
                "FOR UPDATE",
                {"id": job_id},
            )
            .scalars()
            .all()
        )
        has_children = bool(
            run(
                session, "SELECT 1 FROM jobs WHERE parent_id = %(id)s LIMIT 1", {"id": job_id}
            ).first()
        )
        if has_children:
            # The parent's own work is done: only its failed parts run again.
            run(
                session,
                f"UPDATE jobs SET {_FRESH} WHERE id = ANY(%(ids)s)",
                {"ids": list(children), "now": now},
            )
            row = run(
                session,
                f"UPDATE jobs SET status = 'processing', completed_at = NULL, error = NULL, "
                f"cancel_requested = false, updated_at = {PG_NOW} WHERE id = %(id)s "
                f"RETURNING {COLUMNS}",
                {"id": job_id, "now": now},
            ).one()
        else:
            row = run(
                session,
                f"UPDATE jobs SET {_FRESH} WHERE id = %(id)s RETURNING {COLUMNS}",
                {"id": job_id, "now": now},
            ).one()
        reopen_ancestors(session, row.parent_id, now)
        record_submission(session, profile_id, job.type, job_id, now)
        return to_info(row)


def cancel(db: Database, profile_id: int, job_id: int, *, clock: Clock | None = None) -> JobInfo:
    """pending → cancelled at once; processing → a flag the handler checks (cooperative).
    A waiting parent is cancelled with all its unfinished children."""
    now = now_of(clock)
    with db.session() as session:
        job = _lock_owned(session, profile_id, job_id)
        if job.status in FINISHED:
            raise BadInput(
                f"Job {job_id} already ended ({job.status}); there is nothing to cancel."
            )
        ids = [job_id, *descendants(session, job_id)]
        # Pending ones (and waiting parents) end now; running ones get the flag.
        run(
            session,
            f"UPDATE jobs SET status = 'cancelled', completed_at = {PG_NOW}, updated_at = {PG_NOW}, "
            "error = 'Cancelled.' WHERE id = ANY(%(ids)s) AND (status = 'pending' OR "
            "(status = 'processing' AND locked_by IS NULL))",
            {"ids": ids, "now": now},
        )
        run(
            session,
            f"UPDATE jobs SET cancel_requested = true, updated_at = {PG_NOW} "
            "WHERE id = ANY(%(ids)s) AND status = 'processing'",
            {"ids": ids, "now": now},
        )
        if job.parent_id is not None:
            child_finished(session, job.parent_id, now)
        row = run(session, f"SELECT {COLUMNS} FROM jobs WHERE id = %(id)s", {"id": job_id}).one()
        return to_info(row)
