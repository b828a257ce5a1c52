"""Statistics for a goal or a whole profile, as plain data (the GUI draws them, the CLI prints them).

Days are the learner's calendar days: the day boundaries are computed in Python from the time zone
(so DST and fixed-offset zones both work) and passed to PostgreSQL as UTC ranges; the counting
itself stays in SQL, which matters with a million reviews.

True retention follows Anki's definition: among reviews of cards that were in the Review state
(not new or in learning steps), the share that was not "Again". It is what desired retention aims at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.services.owned import require_goal
from studyapp.services.study import local_day_bounds, resolve_tz, utc


@dataclass(frozen=True)
class DayReviews:
    day: date
    reviews: int
    passed: int  # rating above Again
    time_ms: int


@dataclass(frozen=True)
class DayDue:
    day: date
    due: int  # the first day also holds every overdue card


@dataclass(frozen=True)
class Retention:
    passed: int
    failed: int

    @property
    def rate(self) -> float | None:
        total = self.passed + self.failed
        return self.passed / total if total else None


@dataclass(frozen=True)
class StudyStats:
    goal_id: int | None
    reviews_per_day: tuple[DayReviews, ...]  # oldest first, ending today, zero-filled
    due_per_day: tuple[DayDue, ...]  # today first
    true_retention: Retention  # over the same window as reviews_per_day
    total_cards: int
    new_cards: int
    learning_cards: int
    review_cards: int

    @property
    def total_reviews(self) -> int:
        return sum(d.reviews for d in self.reviews_per_day)


def _days(
    first: date, count: int, zone: tzinfo
) -> tuple[list[date], list[datetime], list[datetime]]:
    days = [first + timedelta(days=i) for i in range(count)]
    starts, ends = [], []
    for day in days:
        start, end = local_day_bounds(datetime(day.year, day.month, day.day, 12, tzinfo=zone), zone)
        starts.append(start)
        ends.append(end)
    return days, starts, ends


_REVIEWS_PER_DAY = """
    SELECT b.i, count(r.id), count(r.id) FILTER (WHERE r.rating > 1),
           coalesce(sum(r.duration_ms), 0)
    FROM unnest(CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[]))
         WITH ORDINALITY AS b(start_at, end_at, i)
    LEFT JOIN reviews r ON r.profile_id = :profile_id
         AND r.reviewed_at >= b.start_at AND r.reviewed_at < b.end_at {goal_filter}
    GROUP BY b.i ORDER BY b.i
"""

_RETENTION = """
    SELECT count(*) FILTER (WHERE r.rating > 1), count(*) FILTER (WHERE r.rating = 1)
    FROM reviews r
    WHERE r.profile_id = :profile_id AND r.reviewed_at >= :start AND r.reviewed_at < :end
      AND (r.previous ->> 'state' = '2' OR (r.previous IS NULL AND r.anki_log[4] = 1))
      {goal_filter}
"""

_DUE_PER_DAY = """
    SELECT b.i, count(c.id)
    FROM unnest(CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[]))
         WITH ORDINALITY AS b(start_at, end_at, i)
    LEFT JOIN cards c ON c.profile_id = :profile_id AND NOT c.archived
         AND c.last_review IS NOT NULL
         AND c.due < b.end_at AND (b.i = 1 OR c.due >= b.start_at) {card_filter}
    GROUP BY b.i ORDER BY b.i
"""

_CARD_COUNTS = """
    SELECT count(*), count(*) FILTER (WHERE c.last_review IS NULL),
           count(*) FILTER (WHERE c.last_review IS NOT NULL AND c.fsrs_state IN (1, 3)),
           count(*) FILTER (WHERE c.fsrs_state = 2)
    FROM cards c WHERE c.profile_id = :profile_id AND NOT c.archived {card_filter}
"""


def study_stats(
    db: Database,
    profile_id: int,
    *,
    goal_id: int | None = None,
    days: int = 30,
    ahead: int = 30,
    now: datetime | None = None,
    tz: tzinfo | str | None = None,
) -> StudyStats:
    """Reviews per day for the last ``days`` days, cards due per day for the next ``ahead``
    days, true retention over the window, and card counts: of one goal or of the profile."""
    if not 1 <= days <= 3660 or not 1 <= ahead <= 3660:
        raise BadInput("Statistics cover 1 to 3660 days.")
    now = utc(now or datetime.now(UTC))
    zone = resolve_tz(tz)
    today = now.astimezone(zone).date()
    past_days, past_starts, past_ends = _days(today - timedelta(days=days - 1), days, zone)
    next_days, next_starts, next_ends = _days(today, ahead, zone)
    params: dict[str, object] = {"profile_id": profile_id}
    goal_filter = card_filter = ""
    if goal_id is not None:
        goal_filter = "AND r.card_id IN (SELECT id FROM cards WHERE goal_id = :goal_id)"
        card_filter = "AND c.goal_id = :goal_id"
        params["goal_id"] = goal_id
    with db.session() as session:
        if goal_id is not None:
            require_goal(session, profile_id, goal_id)
        per_day = session.execute(
            text(_REVIEWS_PER_DAY.format(goal_filter=goal_filter)),
            params | {"starts": past_starts, "ends": past_ends},
        ).all()
        passed, failed = session.execute(
            text(_RETENTION.format(goal_filter=goal_filter)),
            params | {"start": past_starts[0], "end": past_ends[-1]},
        ).one()
        due = session.execute(
            text(_DUE_PER_DAY.format(card_filter=card_filter)),
            params | {"starts": next_starts, "ends": next_ends},
        ).all()
        total, new, learning, review = session.execute(
            text(_CARD_COUNTS.format(card_filter=card_filter)), params
        ).one()
    return StudyStats(
        goal_id=goal_id,
        reviews_per_day=tuple(
            DayReviews(past_days[i - 1], int(n), int(ok), int(ms)) for i, n, ok, ms in per_day
        ),
        due_per_day=tuple(DayDue(next_days[i - 1], int(n)) for i, n in due),
        true_retention=Retention(int(passed), int(failed)),
        total_cards=int(total),
        new_cards=int(new),
        learning_cards=int(learning),
        review_cards=int(review),
    )
