"""Why a pending job is not running: it is paid by its profile's key, and no live worker holds
that key now. Said in words ("waiting for a worker with bob's key") instead of failing it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.generation.paying_keys import profile_of
from studyapp.jobs import store
from studyapp.jobs.contract import JobInfo


def waiting_notes(db: Database, jobs: Sequence[JobInfo]) -> dict[int, str]:
    """job id → "waiting for a worker with bob's key", for pending jobs no live worker can pay."""
    stuck = store.unmet(db, jobs)
    if not stuck:
        return {}
    owners = {job.id: profile_of(job.requires) for job in jobs if job.id in stuck}
    ids = sorted({p for p in owners.values() if p is not None})
    with db.session() as session:
        names: dict[int, str] = dict(
            session.execute(
                text("SELECT id, name FROM profiles WHERE id = ANY(:ids)"), {"ids": ids}
            ).all()
        )
    notes = {}
    for job_id, owner in owners.items():
        whose = f"{names[owner]}'s" if owner in names else "its profile's"
        notes[job_id] = f"waiting for a worker with {whose} key"
    return notes
