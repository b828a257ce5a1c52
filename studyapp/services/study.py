"""Studying: FSRS scheduling, the due queue, recording and undoing reviews, rescheduling.

Scheduling is the ``fsrs`` package's ``Scheduler`` (FSRS-6) with the profile's desired retention;
we only store its card state in ``cards`` and the review log in ``reviews``. Fuzzing is off: the same
review log then always gives the same schedule, so ``reschedule`` and undo are reproducible and the
intervals are exactly the package's (a single learner gains little from spreading load).

Each goal is studied with its study preset (``presets.py``: retention, steps, FSRS parameters,
daily limits); a goal without one uses the profile's default preset.

Times are UTC in the database and in FSRS. Only "today" (for the daily limits and burying until
tomorrow) depends on the learner's time zone, which callers pass (default: the machine's zone).

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
from studyapp.db.models import Card, Review
from studyapp.errors import BadInput, NotFound
from studyapp.services import presets
from studyapp.services.owned import require_goal, subtree_ids

MODES = ("flip", "choice")
DEFAULT_RETENTION = 0.9
REVIEW_LIMIT = 500


# --- FSRS glue ---------------------------------------------------------------------------------


def scheduler_for(desired_retention: float = DEFAULT_RETENTION) -> fsrs.Scheduler:
    """A scheduler with default steps and parameters (imports of packages that carry their own
    schedule, tests); a goal's cards use :func:`goal_scheduler`."""
    return presets.build_scheduler(desired_retention)


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


def next_day_start(now: datetime, tz: tzinfo | str | None = None) -> datetime:
    """When the learner's next day begins (their local midnight, in UTC): what "bury until
    tomorrow" means, and when today's limits start again."""
    return local_day_bounds(utc(now), resolve_tz(tz))[1]


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


def profile_scheduler(session: Session, profile_id: int) -> fsrs.Scheduler:
    """The scheduler of the profile's default preset (NotFound for no such profile)."""
    return presets.default_preset(session, profile_id).scheduler()


def goal_scheduler(session: Session, profile_id: int, goal_id: int) -> fsrs.Scheduler:
    """The scheduler of the goal's preset: every path (review, preview, reschedule) uses it."""
    return presets.goal_preset(session, profile_id, goal_id).scheduler()


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
    """What to study now: due reviews (most overdue first), then today's remaining new cards.
    ``new_introduced_today`` and ``new_per_day`` add up the goals in scope."""

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
# A card is studied when it is neither suspended (``archived``) nor buried until later.
STUDYABLE = "NOT c.archived AND (c.buried_until IS NULL OR c.buried_until <= :now)"
# Not on another device's screen right now (its lease: services/study_presence.py).
NOT_ELSEWHERE = (
    "(c.studied_by IS NULL OR c.studied_by = :device OR c.studied_until IS NULL "
    "OR c.studied_until <= :now)"
)

# Today's reviews made in this app, per goal: cards introduced (first review) and reviews of
# cards in the Review state (what the reviews-a-day limit counts, as Anki's review limit).
_DONE_TODAY = text(
    """
    SELECT c.goal_id,
           count(*) FILTER (WHERE r.previous ->> 'last_review' IS NULL) AS introduced,
           count(*) FILTER (WHERE (r.previous ->> 'state') = '2') AS reviewed
    FROM reviews r JOIN cards c ON c.id = r.card_id
    WHERE r.profile_id = :profile_id AND r.in_app AND r.previous IS NOT NULL
      AND r.reviewed_at >= :start AND r.reviewed_at < :end AND c.goal_id = ANY(:goal_ids)
    GROUP BY c.goal_id
    """
)
_GOAL_LIMITS = text(
    """
    SELECT g.id, s.new_per_day, s.reviews_per_day,
           CASE WHEN g.extra_day = :today THEN g.extra_new ELSE 0 END,
           CASE WHEN g.extra_day = :today THEN g.extra_reviews ELSE 0 END
    FROM goals g JOIN study_presets s ON s.id = coalesce(g.preset_id, :default_id)
    WHERE g.profile_id = :profile_id AND g.id = ANY(:goal_ids)
    """
)


@dataclass(frozen=True)
class GoalLimits:
    """One goal's allowance today: its preset's limits plus "Study more", minus what was
    studied today in this app."""

    goal_id: int
    new_per_day: int
    new_today: int
    reviews_per_day: int
    reviews_today: int

    @property
    def new_left(self) -> int:
        return max(0, self.new_per_day - self.new_today)

    @property
    def reviews_left(self) -> int:
        return max(0, self.reviews_per_day - self.reviews_today)


def _scope_goal_ids(session: Session, profile_id: int, params: dict[str, Any]) -> list[int]:
    """The goals a scope (from :func:`_scope_sql`) can hold cards of."""
    if "goal_id" in params:
        return [params["goal_id"]]
    if "node_ids" in params:
        sql = "SELECT DISTINCT goal_id FROM skill_nodes WHERE id = ANY(:node_ids)"
    else:
        sql = "SELECT id FROM goals WHERE profile_id = :profile_id AND NOT archived"
    return list(session.execute(text(sql), params | {"profile_id": profile_id}).scalars())


def goal_limits(
    session: Session, profile_id: int, goal_ids: Sequence[int], now: datetime, tz: tzinfo
) -> dict[int, GoalLimits]:
    """goal id -> today's allowance. "Today" is the learner's local day; only reviews made in
    this app count (``reviews.in_app``), never ones that arrived with an import."""
    start, end = local_day_bounds(now, tz)
    today = now.astimezone(tz).date()
    ids = list(goal_ids)
    default_id = presets.ensure_default(session, profile_id)
    done = {
        int(g): (int(n), int(r))
        for g, n, r in session.execute(
            _DONE_TODAY, {"profile_id": profile_id, "start": start, "end": end, "goal_ids": ids}
        )
    }
    limits = {}
    for goal_id, new_per_day, reviews_per_day, extra_new, extra_reviews in session.execute(
        _GOAL_LIMITS,
        {"profile_id": profile_id, "goal_ids": ids, "today": today, "default_id": default_id},
    ):
        new_today, reviews_today = done.get(int(goal_id), (0, 0))
        limits[int(goal_id)] = GoalLimits(
            int(goal_id),
            int(new_per_day) + int(extra_new),
            new_today,
            int(reviews_per_day) + int(extra_reviews),
            reviews_today,
        )
    return limits


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


_LIMITS_CTE = (
    "lim AS (SELECT * FROM unnest(CAST(:lim_goals AS bigint[]), CAST(:lim_reviews AS int[]), "
    "CAST(:lim_new AS int[])) AS l(goal_id, reviews_left, new_left))"
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
    device: str | None = None,
) -> DueQueue:
    """The queue of a goal, of a skill node and its descendants, or of the whole profile.

    Each goal in scope brings at most its own allowance (:func:`goal_limits`): new cards up to
    its preset's new cards a day, cards in the Review state up to its reviews a day, both less
    what was studied today in the app. Learning and relearning cards are never held back.
    Suspended and buried cards are left out. ``device``: the one asking; cards another
    device is showing in study right now are left out too (services/study_presence.py).
    """
    now = utc(now or datetime.now(UTC))
    zone = resolve_tz(tz)
    with db.session() as session:
        where, params = _scope_sql(session, profile_id, goal_id, node_id)
        params |= {"profile_id": profile_id, "now": now}
        scope = f"c.profile_id = :profile_id AND {STUDYABLE} AND {where}"
        if device is not None:
            scope += f" AND {NOT_ELSEWHERE}"
            params["device"] = device
        limits = goal_limits(
            session, profile_id, _scope_goal_ids(session, profile_id, params), now, zone
        )
        ordered = sorted(limits.values(), key=lambda lim: lim.goal_id)
        params |= {
            "lim_goals": [lim.goal_id for lim in ordered],
            "lim_reviews": [lim.reviews_left for lim in ordered],
            "lim_new": [lim.new_left for lim in ordered],
        }
        due_rows = session.execute(
            text(
                f"WITH {_LIMITS_CTE}, due AS (SELECT {_QUEUE_COLUMNS}, c.fsrs_state, "
                "row_number() OVER (PARTITION BY c.goal_id, c.fsrs_state = 2 "
                "ORDER BY c.due, c.id) AS rank "
                f"FROM cards c WHERE {scope} AND c.last_review IS NOT NULL AND c.due <= :now) "
                f"SELECT {_QUEUE_COLUMNS} FROM due c "
                "JOIN lim ON lim.goal_id = c.goal_id "
                "WHERE c.fsrs_state <> 2 OR c.rank <= lim.reviews_left "
                "ORDER BY c.due, c.id LIMIT :limit"
            ),
            params | {"limit": review_limit},
        ).all()
        new_rows = session.execute(
            text(
                f"WITH {_LIMITS_CTE}, fresh AS (SELECT {_QUEUE_COLUMNS}, "
                "row_number() OVER (PARTITION BY c.goal_id ORDER BY c.id) AS rank "
                f"FROM cards c WHERE {scope} AND c.last_review IS NULL) "
                f"SELECT {_QUEUE_COLUMNS} FROM fresh c "
                "JOIN lim ON lim.goal_id = c.goal_id WHERE c.rank <= lim.new_left "
                "ORDER BY c.id"
            ),
            params,
        ).all()
    return DueQueue(
        reviews=tuple(_queue_card(row, is_new=False) for row in due_rows),
        new=tuple(_queue_card(row, is_new=True) for row in new_rows),
        new_introduced_today=sum(lim.new_today for lim in ordered),
        new_per_day=sum(lim.new_per_day for lim in ordered),
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
    buried: tuple[int, ...] = ()  # siblings this review buried until the learner's next day

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
    tz: tzinfo | str | None = None,
    device: str | None = None,
) -> ReviewResult:
    """Grade a card: the review row and the card's new state commit together or not at all.

    With the goal's preset burying siblings (Anki's default), the card's new and review
    siblings (same ``note_guid``: the other side of a reversed note, the other deletions of a
    cloze note) are buried until the learner's next day (``tz``) in the same transaction; the
    review remembers which, so undo digs them up again. ``device``: the one grading; its study
    lease on the card ends, remembering who graded (services/study_presence.py)."""
    grade = _rating(rating)
    if mode not in MODES:
        raise BadInput(f"A review mode is one of {', '.join(MODES)}; got {mode!r}.")
    if duration_ms is not None and not 0 <= duration_ms <= 86_400_000:
        raise BadInput(f"A review duration is 0 to 24 h in milliseconds; got {duration_ms}.")
    moment = utc(reviewed_at or datetime.now(UTC))
    with db.session() as session:
        card = _owned_card(session, profile_id, card_id, lock=True)
        if card.archived:
            raise BadInput(f"Card {card_id} is suspended; unsuspend it before studying it.")
        before = CardState.of(card)
        if before.last_review is not None and moment < before.last_review:
            raise BadInput(f"Card {card_id} was last reviewed after {moment.isoformat()}.")
        preset = presets.goal_preset(session, profile_id, card.goal_id)
        scheduler = preset.scheduler()
        new_card, _log = scheduler.review_card(before.to_fsrs(card_id), grade, moment, duration_ms)
        after = CardState.of_fsrs(new_card)
        session.execute(
            update(Card)
            .where(Card.id == card_id)
            .values(
                **after.columns(),
                buried_until=None,
                updated_at=moment,
                studied_by=device,  # graded: the lease ends now, saying where it was graded
                studied_until=moment if device is not None else None,
            )
        )
        previous = before.to_json()
        buried: list[int] = []
        if preset.bury_siblings and card.note_guid:
            buried = _bury_siblings(session, card, next_day_start(moment, tz))
            if buried:
                previous["buried_siblings"] = buried
        review = Review(
            card_id=card_id,
            profile_id=profile_id,
            rating=int(grade),
            mode=mode,
            reviewed_at=moment,
            duration_ms=duration_ms,
            previous=previous,
            in_app=True,
        )
        session.add(review)
        session.flush()
        review_id = review.id
    return ReviewResult(review_id, card_id, int(grade), mode, moment, before, after, tuple(buried))


def _bury_siblings(session: Session, card: Card, until: datetime) -> list[int]:
    """Bury the card's siblings that would otherwise come up today: new ones and review ones
    due before ``until`` (learning siblings are left alone, as Anki does). Returns their ids."""
    return list(
        session.execute(
            text(
                "UPDATE cards SET buried_until = :until WHERE profile_id = :p "
                "AND note_guid = :guid AND id <> :id AND NOT archived "
                "AND (buried_until IS NULL OR buried_until < :until) "
                "AND (last_review IS NULL OR (fsrs_state = 2 AND due < :until)) "
                "RETURNING id"
            ),
            {"until": until, "p": card.profile_id, "guid": card.note_guid, "id": card.id},
        ).scalars()
    )


def record_choice(
    db: Database,
    profile_id: int,
    card_id: int,
    *,
    correct_first_time: bool,
    duration_ms: int | None = None,
    reviewed_at: datetime | None = None,
    device: str | None = None,
) -> ReviewResult:
    return record_review(
        db,
        profile_id,
        card_id,
        rating_for_choice(correct_first_time),
        mode="choice",
        duration_ms=duration_ms,
        reviewed_at=reviewed_at,
        device=device,
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
        buried = review.previous.get("buried_siblings") or []
        if buried:  # the siblings this review buried come back
            session.execute(
                update(Card)
                .where(Card.id.in_([int(i) for i in buried]), Card.profile_id == profile_id)
                .values(buried_until=None)
            )
        review_id, card_id = review.id, review.card_id
        session.delete(review)
    return UndoResult(review_id, card_id, restored)


def undo_review(db: Database, profile_id: int, review_id: int) -> UndoResult:
    """Take back one review this learner made (the window's session knows its own): put the
    card's stored previous state back and delete it. Another window or a command-line session
    on the same profile may have reviewed since; their reviews are never touched, and a review
    the same card has had since cannot be undone exactly, so it is refused in a sentence."""
    with db.session() as session:
        review = session.execute(
            select(Review)
            .where(Review.id == review_id, Review.profile_id == profile_id)
            .with_for_update()
        ).scalar_one_or_none()
        if review is None:
            raise BadInput("That review is gone already (undone elsewhere): nothing to undo.")
        _owned_card(session, profile_id, review.card_id, lock=True)
        later = session.execute(
            select(Review.id)
            .where(
                Review.card_id == review.card_id,
                (Review.reviewed_at > review.reviewed_at)
                | ((Review.reviewed_at == review.reviewed_at) & (Review.id > review.id)),
            )
            .limit(1)
        ).first()
        if later is not None:
            raise BadInput(
                "This card was reviewed again since (in another window or on the command "
                "line), so your review of it can no longer be undone."
            )
        if review.previous is None:
            raise BadInput(f"Review {review.id} has no stored previous state; it cannot be undone.")
        restored = CardState.from_json(review.previous)
        session.execute(update(Card).where(Card.id == review.card_id).values(**restored.columns()))
        card_id = review.card_id
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
        scheduler = goal_scheduler(session, profile_id, card.goal_id)
    if before.last_review is not None and moment < before.last_review:
        moment = before.last_review  # a clock behind the last review: preview from that moment
    start = before.to_fsrs(card_id)
    again, hard, good, easy = (
        scheduler.review_card(start, rating, moment)[0].due - moment for rating in fsrs.Rating
    )
    return IntervalPreview(card_id, moment, (again, hard, good, easy))


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
    """Recompute every reviewed card's state from its whole review log with its goal's preset
    (after the preset changed, or after a restore). One transaction; returns the number of
    cards rescheduled."""
    with db.session() as session:
        return _reschedule(session, profile_id, goal_id)


def _reschedule(
    session: Session,
    profile_id: int,
    goal_id: int | None,
    *,
    goal_ids: Sequence[int] | None = None,
) -> int:
    """Replay the logs of one goal's cards, of ``goal_ids``' cards, or (both None) of every
    card of the profile, each with its goal's preset's scheduler."""
    if goal_id is not None:
        require_goal(session, profile_id, goal_id)
        goal_ids = [goal_id]
    query = (
        select(
            Review.id,
            Review.card_id,
            Review.rating,
            Review.reviewed_at,
            Card.created_at,
            Card.goal_id,
        )
        .join(Card, Card.id == Review.card_id)
        .where(Card.profile_id == profile_id)
        .order_by(Review.card_id, Review.reviewed_at, Review.id)
    )
    if goal_ids is not None:
        query = query.where(Card.goal_id.in_(list(goal_ids)))
    by_card: dict[int, list[tuple[int, int, datetime]]] = {}
    created: dict[int, datetime] = {}
    goal_of: dict[int, int] = {}
    for review_id, card_id, rating, moment, created_at, card_goal in session.execute(query):
        by_card.setdefault(card_id, []).append((review_id, rating, moment))
        created[card_id] = created_at
        goal_of[card_id] = card_goal
    schedulers = presets.goal_schedulers(session, profile_id, sorted(set(goal_of.values())))
    card_updates: list[dict[str, Any]] = []
    review_updates: list[dict[str, Any]] = []
    for card_id, log in by_card.items():
        scheduler = schedulers[goal_of[card_id]]
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
