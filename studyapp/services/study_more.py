"""Study more (Anki's custom study): review ahead, and study forgotten cards again.

Both are one-off queues over a goal or a skill branch (the same scopes as the due queue) and
record reviews the ordinary way: FSRS takes an early review into account by itself, so nothing
is special about the cards afterwards. Raising today's new-card limit is
``study_options.extend_today`` (it changes the ordinary queue, for today only).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.services.study import (
    _QUEUE_COLUMNS,
    REVIEW_LIMIT,
    STUDYABLE,
    QueueCard,
    _queue_card,
    _scope_sql,
    local_day_bounds,
    resolve_tz,
    utc,
)

MAX_DAYS = 365


class Kind(StrEnum):
    AHEAD = "ahead"  # cards due in the next N days, soonest first
    FORGOTTEN = "forgotten"  # cards rated Again in the last N days, most recent first


def _days(days: int) -> int:
    if not 1 <= days <= MAX_DAYS:
        raise BadInput(f"Choose between 1 and {MAX_DAYS} days (got {days}).")
    return days


def custom_queue(
    db: Database,
    profile_id: int,
    kind: Kind | str,
    days: int,
    *,
    goal_id: int | None = None,
    node_id: int | None = None,
    now: datetime | None = None,
    tz: tzinfo | str | None = None,
    limit: int = REVIEW_LIMIT,
) -> list[QueueCard]:
    """The cards of a custom study session. "Ahead": studied cards not due yet but due before
    the end of the learner's day ``days`` from today. "Forgotten": cards rated Again since the
    start of the learner's day ``days - 1`` days ago, whatever is due now."""
    kind = Kind(kind)
    span = _days(days)
    moment = utc(now or datetime.now(UTC))
    zone = resolve_tz(tz)
    start, end = local_day_bounds(moment, zone)
    with db.session() as session:
        where, params = _scope_sql(session, profile_id, goal_id, node_id)
        params |= {"profile_id": profile_id, "now": moment, "limit": limit}
        scope = f"c.profile_id = :profile_id AND {STUDYABLE} AND {where}"
        if kind is Kind.AHEAD:
            sql = (
                f"SELECT {_QUEUE_COLUMNS} FROM cards c WHERE {scope} "
                "AND c.last_review IS NOT NULL AND c.due > :now AND c.due < :until "
                "ORDER BY c.due, c.id LIMIT :limit"
            )
            params["until"] = _shift(end, span - 1, zone)
        else:
            sql = (
                f"SELECT {_QUEUE_COLUMNS} FROM cards c JOIN ("
                "SELECT card_id, max(reviewed_at) AS forgot FROM reviews "
                "WHERE profile_id = :profile_id AND rating = 1 AND reviewed_at >= :since "
                f"GROUP BY card_id) f ON f.card_id = c.id WHERE {scope} "
                "ORDER BY f.forgot DESC, c.id LIMIT :limit"
            )
            params["since"] = _shift(start, -(span - 1), zone)
        rows = session.execute(text(sql), params).all()
    return [_queue_card(row, is_new=False) for row in rows]


def _shift(moment: datetime, days: int, zone: tzinfo) -> datetime:
    """A local midnight ``days`` days from ``moment`` (itself a local midnight), in UTC: local
    arithmetic, so a daylight-saving change in between moves nothing by an hour."""
    local = moment.astimezone(zone)
    shifted = datetime.combine(local.date() + timedelta(days=days), local.time(), tzinfo=zone)
    return shifted.astimezone(UTC)
