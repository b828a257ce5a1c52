"""Studying: FSRS scheduling, the due queue, recording and undoing reviews, rescheduling.

Scheduling is the ``fsrs`` package's ``Scheduler`` (FSRS-6) with the profile's desired retention;
we only store its card state in ``cards`` and the review log in ``reviews``. Fuzzing is off: the same
review log then always gives the same schedule, so ``reschedule`` and undo are reproducible and the
intervals are exactly the package's (a single learner gains little from spreading load).

Times are UTC in the database and in FSRS. Only "today" (for the daily new-card limit) depends on
the learner's time zone, which callers pass (default: the machine's local zone).

Each review stores the card's FSRS state *before* it in ``reviews.previous``; undo writes that state
back, so it is exact rather than recomputed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import fsrs
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.db.models import Card, Profile, Review
from studyapp.errors import BadInput, NotFound
from studyapp.services.owned import require_goal, subtree_ids

MODES = ("flip", "choice")
DEFAULT_RETENTION = 0.9
REVIEW_LIMIT = 500


# --- FSRS glue ---------------------------------------------------------------------------------


def scheduler_for(desired_retention: float = DEFAULT_RETENTION) -> fsrs.Scheduler:
    """The one place a scheduler is built, so every path (review, reschedule, mastery) agrees."""
    if not 0.7 <= desired_retention <= 0.99:
        raise BadInput(
            f"Desired retention must be between 0.70 and 0.99 (got {desired_retention})."
        )
    return fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def utc(moment: datetime) -> datetime:
    """FSRS insists on ``tzinfo is timezone.utc``; psycopg may hand back another UTC object."""
    if moment.tzinfo is None:
        raise BadInput("Times must carry a time zone.")
    return moment.astimezone(UTC)


def resolve_tz(tz: tzinfo | str | None) -> tzinfo:
    """The learner's zone: an object, an IANA name, or None for the machine's local zone."""
    if tz is None:
        local = datetime.now().astimezone().tzinfo
        assert local is not None
        return local
    if isinstance(tz, str):
        try:
            return ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise BadInput(
                f"Unknown time zone {tz!r} (use an IANA name like Europe/Paris)."
            ) from None
    return tz


def local_day_bounds(now: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) of the learner's current calendar day, in UTC."""
    day = now.astimezone(tz).date()
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


# The ``cards`` columns holding a card's FSRS schedule, in the order every bulk copy (import,
# restore) and backup lists them.
SCHEDULE_COLUMNS = ("fsrs_state", "fsrs_step", "stability", "difficulty", "due", "last_review")


@dataclass(frozen=True)
class CardState:
    """A card's FSRS state: what ``reviews.previous`` stores and undo restores."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    @classmethod
    def of(cls, card: Card) -> CardState:
        return cls(
            card.fsrs_state,
            card.fsrs_step,
            card.stability,
            card.difficulty,
            utc(card.due),
            utc(card.last_review) if card.last_review else None,
        )

    @classmethod
    def of_fsrs(cls, card: fsrs.Card) -> CardState:
        return cls(
            int(card.state),
            card.step,
            card.stability,
            card.difficulty,
            utc(card.due),
            utc(card.last_review) if card.last_review else None,
        )

    def to_fsrs(self, card_id: int) -> fsrs.Card:
        return fsrs.Card(
            card_id=card_id,
            state=fsrs.State(self.state),
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def to_json(self) -> dict[str, Any]:
        """Floats as Python writes them (shortest exact repr) and ISO times to the microsecond,
        so a JSONB round trip gives back identical values."""
        return {
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "due": self.due.isoformat(),
            "last_review": self.last_review.isoformat() if self.last_review else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CardState:
        return cls(
            int(data["state"]),
            data["step"],
            data["stability"],
            data["difficulty"],
            utc(datetime.fromisoformat(data["due"])),
            utc(datetime.fromisoformat(data["last_review"])) if data["last_review"] else None,
        )

    def columns(self) -> dict[str, Any]:
        """The ``cards`` columns this state occupies (:data:`SCHEDULE_COLUMNS`)."""
        values = (
            self.state,
            self.step,
            self.stability,
            self.difficulty,
            self.due,
            self.last_review,
        )
        return dict(zip(SCHEDULE_COLUMNS, values, strict=True))


def _rating(value: int | fsrs.Rating) -> fsrs.Rating:
    try:
        return fsrs.Rating(int(value))
    except ValueError:
        raise BadInput(
            f"A rating is 1 (again), 2 (hard), 3 (good) or 4 (easy); got {value}."
        ) from None


def rating_for_choice(correct_first_time: bool) -> fsrs.Rating:
    """Multiple choice has no self-grading: right at the first pick is Good, anything else Again.
    (Easy/Hard would need a confidence the learner never gave.)"""
    return fsrs.Rating.Good if correct_first_time else fsrs.Rating.Again


def _desired_retention(session: Session, profile_id: int) -> float:
    value = session.execute(
        select(Profile.desired_retention).where(Profile.id == profile_id)
    ).scalar_one_or_none()
    if value is None:
        raise NotFound(f"No profile {profile_id}.")
    return float(value)


def profile_scheduler(session: Session, profile_id: int) -> fsrs.Scheduler:
    """The scheduler for the profile's desired retention (NotFound for no such profile)."""
    return scheduler_for(_desired_retention(session, profile_id))


def _owned_card(session: Session, profile_id: int, card_id: int, *, lock: bool) -> Card:
    query = select(Card).where(Card.id == card_id, Card.profile_id == profile_id)
    if lock:
        query = query.with_for_update()
    card = session.execute(query).scalar_one_or_none()
    if card is None:
        raise NotFound(f"No card {card_id}.")
    return card


# --- the due queue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueCard:
    card_id: int
    goal_id: int
    node_id: int | None
    front: str
    back: str
    kind: str
    is_new: bool
    due: datetime
    # A card from Anki: its sides with formatting (sanitised HTML; None: plain text, as every
    # card made here) and the answer a "type in the answer" card expects.
    front_html: str | None = None
    back_html: str | None = None
    type_answer: str | None = None


@dataclass(frozen=True)
class DueQueue:
    """What to study now: due reviews (most overdue first), then today's remaining new cards."""

    reviews: tuple[QueueCard, ...]
    new: tuple[QueueCard, ...]
    new_introduced_today: int
    new_per_day: int

    @property
    def cards(self) -> tuple[QueueCard, ...]:
        return self.reviews + self.new

    def __len__(self) -> int:
        return len(self.reviews) + len(self.new)


_QUEUE_COLUMNS = (
    "c.id, c.goal_id, c.node_id, c.front, c.back, c.kind, c.due, c.front_html, c.back_html, "
    "c.type_answer"
)

_NEW_TODAY = text(
    """
    SELECT count(*) FROM reviews
    WHERE profile_id = :profile_id AND reviewed_at >= :start AND reviewed_at < :end
      AND previous IS NOT NULL AND previous ->> 'last_review' IS NULL
    """
)


def _scope_sql(
    session: Session, profile_id: int, goal_id: int | None, node_id: int | None
) -> tuple[str, dict[str, Any]]:
    if goal_id is not None and node_id is not None:
        raise BadInput("Give a goal or a skill node, not both.")
    if goal_id is not None:
        require_goal(session, profile_id, goal_id)
        return "c.goal_id = :goal_id", {"goal_id": goal_id}
    if node_id is not None:
        return "c.node_id = ANY(:node_ids)", {"node_ids": subtree_ids(session, profile_id, node_id)}
    return (
        "c.goal_id IN (SELECT id FROM goals WHERE profile_id = :profile_id AND NOT archived)",
        {},
    )


def due_queue(
    db: Database,
    profile_id: int,
    *,
    goal_id: int | None = None,
    node_id: int | None = None,
    now: datetime | None = None,
    tz: tzinfo | str | None = None,
    review_limit: int = REVIEW_LIMIT,
) -> DueQueue:
    """The queue of a goal, of a skill node and its descendants, or of the whole profile.

    The new-card limit is the profile's ``new_cards_per_day`` across all its goals, minus the cards
    already introduced (first reviewed) since the learner's local midnight.
    """
    now = utc(now or datetime.now(UTC))
    zone = resolve_tz(tz)
    with db.session() as session:
        per_day = session.execute(
            select(Profile.new_cards_per_day).where(Profile.id == profile_id)
        ).scalar_one_or_none()
        if per_day is None:
            raise NotFound(f"No profile {profile_id}.")
        where, params = _scope_sql(session, profile_id, goal_id, node_id)
        params |= {"profile_id": profile_id, "now": now}
        start, end = local_day_bounds(now, zone)
        introduced = int(
            session.execute(
                _NEW_TODAY, {"profile_id": profile_id, "start": start, "end": end}
            ).scalar_one()
        )
        base = f"FROM cards c WHERE c.profile_id = :profile_id AND NOT c.archived AND {where}"
        due_rows = session.execute(
            text(
                f"SELECT {_QUEUE_COLUMNS} {base} AND c.last_review IS NOT NULL "
                "AND c.due <= :now ORDER BY c.due, c.id LIMIT :limit"
            ),
            params | {"limit": review_limit},
        ).all()
        left = max(0, per_day - introduced)
        new_rows = (
            session.execute(
                text(
                    f"SELECT {_QUEUE_COLUMNS} {base} AND c.last_review IS NULL "
                    "ORDER BY c.id LIMIT :limit"
                ),
                params | {"limit": left},
            ).all()
            if left
            else []
        )
    return DueQueue(
        reviews=tuple(_queue_card(row, is_new=False) for row in due_rows),
        new=tuple(_queue_card(row, is_new=True) for row in new_rows),
        new_introduced_today=introduced,
        new_per_day=per_day,
    )


def _queue_card(row: Any, *, is_new: bool) -> QueueCard:
    return QueueCard(
        row[0], row[1], row[2], row[3], row[4], row[5], is_new, utc(row[6]), *row[7:10]
    )


# --- reviews -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewResult:
    review_id: int
    card_id: int
    rating: int
    mode: str
    reviewed_at: datetime
    before: CardState
    after: CardState

    @property
    def interval(self) -> timedelta:
        """How long until the card is due again."""
        return self.after.due - self.reviewed_at


def record_review(
    db: Database,
    profile_id: int,
    card_id: int,
    rating: int | fsrs.Rating,
    *,
    mode: str = "flip",
    duration_ms: int | None = None,
    reviewed_at: datetime | None = None,
) -> ReviewResult:
    """Grade a card: the review row and the card's new state commit together or not at all."""
    grade = _rating(rating)
    if mode not in MODES:
        raise BadInput(f"A review mode is one of {', '.join(MODES)}; got {mode!r}.")
    if duration_ms is not None and not 0 <= duration_ms <= 86_400_000:
        raise BadInput(f"A review duration is 0 to 24 h in milliseconds; got {duration_ms}.")
    moment = utc(reviewed_at or datetime.now(UTC))
    with db.session() as session:
        card = _owned_card(session, profile_id, card_id, lock=True)
        if card.archived:
            raise BadInput(f"Card {card_id} is archived; restore it before studying it.")
        before = CardState.of(card)
        if before.last_review is not None and moment < before.last_review:
            raise BadInput(f"Card {card_id} was last reviewed after {moment.isoformat()}.")
        scheduler = scheduler_for(_desired_retention(session, profile_id))
        new_card, _log = scheduler.review_card(before.to_fsrs(card_id), grade, moment, duration_ms)
        after = CardState.of_fsrs(new_card)
        session.execute(
            update(Card).where(Card.id == card_id).values(**after.columns(), updated_at=moment)
        )
        review = Review(
            card_id=card_id,
            profile_id=profile_id,
            rating=int(grade),
            mode=mode,
            reviewed_at=moment,
            duration_ms=duration_ms,
            previous=before.to_json(),
        )
        session.add(review)
        session.flush()
        review_id = review.id
    return ReviewResult(review_id, card_id, int(grade), mode, moment, before, after)


def record_choice(
    db: Database,
    profile_id: int,
    card_id: int,
    *,
    correct_first_time: bool,
    duration_ms: int | None = None,
    reviewed_at: datetime | None = None,
) -> ReviewResult:
    return record_review(
        db,
        profile_id,
        card_id,
        rating_for_choice(correct_first_time),
        mode="choice",
        duration_ms=duration_ms,
        reviewed_at=reviewed_at,
    )


@dataclass(frozen=True)
class UndoResult:
    review_id: int
    card_id: int
    restored: CardState


def undo_last_review(db: Database, profile_id: int) -> UndoResult:
    """Take back the profile's most recent review: delete it and put the card's stored previous
    state back, exactly as it was."""
    with db.session() as session:
        review = session.execute(
            select(Review)
            .where(Review.profile_id == profile_id)
            .order_by(Review.reviewed_at.desc(), Review.id.desc())
            .limit(1)
            .with_for_update()
        ).scalar_one_or_none()
        if review is None:
            raise BadInput("There is no review to undo.")
        if review.previous is None:
            raise BadInput(f"Review {review.id} has no stored previous state; it cannot be undone.")
        restored = CardState.from_json(review.previous)
        _owned_card(session, profile_id, review.card_id, lock=True)
        session.execute(update(Card).where(Card.id == review.card_id).values(**restored.columns()))
        review_id, card_id = review.id, review.card_id
        session.delete(review)
    return UndoResult(review_id, card_id, restored)


# --- interval preview --------------------------------------------------------------------------


@dataclass(frozen=True)
class IntervalPreview:
    """What each grade would do to a card now: the time until it is due again, per rating
    (Again, Hard, Good, Easy). Computed by the same scheduler as :func:`record_review`."""

    card_id: int
    at: datetime
    intervals: tuple[timedelta, timedelta, timedelta, timedelta]

    def interval(self, rating: int | fsrs.Rating) -> timedelta:
        return self.intervals[int(_rating(rating)) - 1]

    def labels(self) -> tuple[str, str, str, str]:
        """ "1m", "6m", "1d", "4d": what the grade buttons show."""
        a, h, g, e = (short_interval(i) for i in self.intervals)
        return a, h, g, e


def preview_intervals(
    db: Database, profile_id: int, card_id: int, now: datetime | None = None
) -> IntervalPreview:
    """The next interval for each rating, without recording anything (no lock, no write)."""
    moment = utc(now or datetime.now(UTC))
    with db.session() as session:
        card = _owned_card(session, profile_id, card_id, lock=False)
        before = CardState.of(card)
        scheduler = scheduler_for(_desired_retention(session, profile_id))
    if before.last_review is not None and moment < before.last_review:
        moment = before.last_review  # a clock behind the last review: preview from that moment
    start = before.to_fsrs(card_id)
    intervals = tuple(
        scheduler.review_card(start, rating, moment)[0].due - moment for rating in fsrs.Rating
    )
    assert len(intervals) == 4
    return IntervalPreview(card_id, moment, intervals)  # type: ignore[arg-type]


def short_interval(interval: timedelta) -> str:
    """Anki's compact form: "<1m", "10m", "5h", "4d", "3.2mo", "1.5y" (months of 30 days,
    years of 365; one decimal only where whole units would mislead)."""
    seconds = interval.total_seconds()
    if seconds < 59.5:
        return "<1m"
    for size, unit, next_size in ((60, "m", 3600), (3600, "h", 86400), (86400, "d", 30 * 86400)):
        if round(seconds / size) * size < next_size:
            return f"{round(seconds / size)}{unit}"
    days = seconds / 86400
    if round(days / 30, 1) < 12:
        return _one_decimal(days / 30, "mo")
    return _one_decimal(days / 365, "y")


def _one_decimal(value: float, unit: str) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text}{unit}"


# --- rescheduling ------------------------------------------------------------------------------


def replay(
    scheduler: fsrs.Scheduler,
    card_id: int,
    created_at: datetime,
    reviews: Iterable[tuple[int, datetime]],
    *,
    start: CardState | None = None,
) -> tuple[CardState, list[CardState]]:
    """Replay a card's whole log (rating, time) from a new card: its final state and the state
    before each review (what each review's ``previous`` must become for undo to stay exact).
    A new card is due from its creation, as the ``cards.due`` default says. ``start`` replaces
    the new card when the log begins mid-way (an imported Anki card whose early reviews are gone)."""
    card = start.to_fsrs(card_id) if start else fsrs.Card(card_id=card_id, due=utc(created_at))
    befores: list[CardState] = []
    for rating, moment in reviews:
        befores.append(CardState.of_fsrs(card))
        card, _ = scheduler.review_card(card, _rating(rating), utc(moment))
    return CardState.of_fsrs(card), befores


def reschedule(db: Database, profile_id: int, *, goal_id: int | None = None) -> int:
    """Recompute every reviewed card's state from its whole review log with the profile's current
    desired retention (after it changed, or after a restore). One transaction; returns the number
    of cards rescheduled."""
    with db.session() as session:
        return _reschedule(session, profile_id, goal_id)


def _reschedule(session: Session, profile_id: int, goal_id: int | None) -> int:
    scheduler = scheduler_for(_desired_retention(session, profile_id))
    if goal_id is not None:
        require_goal(session, profile_id, goal_id)
    query = (
        select(Review.id, Review.card_id, Review.rating, Review.reviewed_at, Card.created_at)
        .join(Card, Card.id == Review.card_id)
        .where(Card.profile_id == profile_id)
        .order_by(Review.card_id, Review.reviewed_at, Review.id)
    )
    if goal_id is not None:
        query = query.where(Card.goal_id == goal_id)
    by_card: dict[int, list[tuple[int, int, datetime]]] = {}
    created: dict[int, datetime] = {}
    for review_id, card_id, rating, moment, created_at in session.execute(query):
        by_card.setdefault(card_id, []).append((review_id, rating, moment))
        created[card_id] = created_at
    card_updates: list[dict[str, Any]] = []
    review_updates: list[dict[str, Any]] = []
    for card_id, log in by_card.items():
        final, befores = replay(scheduler, card_id, created[card_id], [(r, m) for _i, r, m in log])
        card_updates.append({"id": card_id, **final.columns()})
        review_updates.extend(
            {"id": review_id, "previous": before.to_json()}
            for (review_id, _r, _m), before in zip(log, befores, strict=True)
        )
    _bulk_update(session, Card, card_updates)
    _bulk_update(session, Review, review_updates)
    return len(card_updates)


def _bulk_update(
    session: Session, model: type, rows: Sequence[dict[str, Any]], chunk: int = 5000
) -> None:
    for i in range(0, len(rows), chunk):
        session.execute(update(model), list(rows[i : i + chunk]))
