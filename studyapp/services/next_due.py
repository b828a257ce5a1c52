"""When studying can resume: the study page's empty state says *when*, not just "nothing due".

Kept apart from ``study.py`` (the scheduling engine) because it only reads: the soonest future due
time of an already-studied card in a scope, and how many new cards wait for tomorrow's allowance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.services.study import _scope_sql, utc


@dataclass(frozen=True)
class NextDue:
    next_review_at: datetime | None  # soonest due time after now of a studied card (UTC)
    new_waiting: int  # unstudied cards held back by the daily new-card limit


def next_due(
    db: Database,
    profile_id: int,
    *,
    goal_id: int | None = None,
    node_id: int | None = None,
    now: datetime | None = None,
) -> NextDue:
    """Same scopes as ``study.due_queue``: a goal, a skill node with its descendants, or all."""
    now = utc(now or datetime.now(UTC))
    with db.session() as session:
        where, params = _scope_sql(session, profile_id, goal_id, node_id)
        params |= {"profile_id": profile_id, "now": now}
        base = f"FROM cards c WHERE c.profile_id = :profile_id AND NOT c.archived AND {where}"
        soonest = session.execute(
            text(f"SELECT min(c.due) {base} AND c.last_review IS NOT NULL AND c.due > :now"),
            params,
        ).scalar_one()
        waiting = session.execute(
            text(f"SELECT count(*) {base} AND c.last_review IS NULL"), params
        ).scalar_one()
    return NextDue(utc(soonest) if soonest else None, int(waiting))
