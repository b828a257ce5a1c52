"""Between Anki's scheduling fields and Studyapp's FSRS state, both ways.

Anki keeps a card's schedule in integers whose meaning depends on the card: a new card's ``due`` is
its position, a learning card's is a Unix time in seconds, a review card's is a day number counted
from the collection's creation (``crt``) with the day starting at the ``rollover`` hour (4 am) in
local time. Its FSRS memory state (stability in days, difficulty 1-10) is JSON in ``cards.data``
(``s``, ``d``, with the desired retention ``dr``, the curve's ``decay`` and the last review ``lrt``)
and a review's ``revlog.factor`` holds the difficulty as ``((d - 1) / 9 + 0.1) * 1000``.

Day numbers only say which day a card is due, so our export also leaves the exact due time in the
card's custom data (``{"sdue": milliseconds}``, the field Anki keeps for custom schedulers and
carries through its own imports). Our import uses it only while it still agrees with Anki's own due
day, so a card the learner studied in Anki since then follows Anki.

Cards without a memory state (SM-2 collections) get one from their review log replayed through our
scheduler; when the log starts mid-way (older reviews deleted) or is missing, the starting state is
estimated from the SM-2 interval and ease the way FSRS itself does (``memory_state_from_sm2``).
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from typing import Any

import fsrs

from studyapp.services.apkg.collection import CardRow, RevlogRow, Timing
from studyapp.services.study import CardState

DAY = 86_400
ROLLOVER = 4
DEFAULT_EASE = 2500
NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3
SUSPENDED = -1
BURIED = (-2, -3)  # buried by a sibling's review / by the learner
REVLOG_LEARN, REVLOG_REVIEW, REVLOG_RELEARN, REVLOG_FILTERED, REVLOG_MANUAL = 0, 1, 2, 3, 4
CUSTOM_DUE = "sdue"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def from_ms(ms: int) -> datetime:
    """A millisecond time (a revlog or card id) as a datetime, exactly: ``to_ms`` gives the same
    integer back, so review ids survive a round trip."""
    return EPOCH + timedelta(milliseconds=ms)


def to_ms(moment: datetime) -> int:
    """Milliseconds since the epoch, truncated (what a ``revlog`` id or card id holds)."""
    delta = moment.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    return delta.days * DAY * 1000 + delta.seconds * 1000 + delta.microseconds // 1000


# --- Anki's days -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _fixed(minutes_west: int) -> tzinfo:
    bounded = max(-23 * 60, min(23 * 60, minutes_west))
    return timezone(timedelta(minutes=-bounded))


def minutes_west(tz: tzinfo, at: datetime) -> int:
    offset = at.astimezone(tz).utcoffset() or timedelta(0)
    return -int(offset.total_seconds() // 60)


def day_number(moment: datetime, timing: Timing, tz: tzinfo) -> int:
    """The collection's day number of ``moment`` (Anki's ``days_elapsed``, not clamped at 0)."""
    crt = datetime.fromtimestamp(timing.crt, UTC)
    if timing.rollover is None:  # Anki 2.0 timing: whole days since creation
        return math.floor((moment - crt).total_seconds() / DAY)
    if timing.creation_offset is None:  # 2.1 before the creation offset was recorded
        crt_local = crt.astimezone(tz)
        start = crt_local.replace(hour=timing.rollover % 24, minute=0, second=0, microsecond=0)
        return math.floor((moment - start).total_seconds() / DAY)
    crt_local = crt.astimezone(_fixed(timing.creation_offset))
    local = moment.astimezone(tz)
    days = local.date().toordinal() - crt_local.date().toordinal()
    if local.hour < timing.rollover % 24:
        days -= 1
    return days


def day_start(day: int, timing: Timing, tz: tzinfo) -> datetime:
    """When day number ``day`` begins (the inverse of :func:`day_number`), in UTC."""
    crt = datetime.fromtimestamp(timing.crt, UTC)
    if timing.rollover is None:
        return crt + timedelta(days=day)
    if timing.creation_offset is None:
        crt_local = crt.astimezone(tz)
        start = crt_local.replace(hour=timing.rollover % 24, minute=0, second=0, microsecond=0)
        return (start + timedelta(days=day)).astimezone(UTC)
    crt_date = crt.astimezone(_fixed(timing.creation_offset)).date()
    local = datetime.combine(crt_date + timedelta(days=day), time(timing.rollover % 24), tzinfo=tz)
    return local.astimezone(UTC)


def export_timing(tz: tzinfo, earliest: datetime, rollover: int = ROLLOVER) -> Timing:
    """A collection created at the start of the day of ``earliest`` (local, the day starting at
    ``rollover``: the hour of the collection the cards came from, so Anki's "today" matches)."""
    local = earliest.astimezone(tz) - timedelta(days=1)
    created = datetime.combine(local.date(), time(rollover), tzinfo=tz)
    return Timing(int(created.timestamp()), minutes_west(tz, created), rollover)


# --- FSRS helpers ------------------------------------------------------------------------------


def difficulty_factor(difficulty: float | None) -> int:
    """Anki's ``revlog.factor`` for an FSRS review: the difficulty shifted into 100-1100."""
    if difficulty is None:
        return 0
    return int(((difficulty - 1.0) / 9.0 + 0.1) * 1000)


def memory_from_sm2(
    scheduler: fsrs.Scheduler, ease: float, interval_days: float, retention: float = 0.9
) -> tuple[float, float]:
    """FSRS (stability, difficulty) for an SM-2 card, FSRS's own ``memory_state_from_sm2``."""
    w = scheduler.parameters
    decay = -w[20]
    factor = 0.9 ** (1.0 / decay) - 1.0
    stability = max(interval_days, 0.001) * factor / (retention ** (1.0 / decay) - 1.0)
    difficulty = 11.0 - (ease - 1.0) / (
        math.exp(w[8]) * stability ** (-w[9]) * math.expm1((1.0 - retention) * w[10])
    )
    return stability, min(10.0, max(1.0, difficulty))


def _step(left: int, steps: tuple[timedelta, ...] | list[timedelta]) -> int:
    """Anki counts learning steps still to go (``left % 1000``); FSRS counts steps done."""
    if not steps:
        return 0
    remaining = left % 1000
    return min(len(steps) - 1, max(0, len(steps) - remaining))


# --- Anki card -> our state --------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedSchedule:
    """What an Anki card brings: its reviews and how to set its FSRS state.

    ``state`` set: use it as the card's state (Anki's FSRS memory state, or an estimate for a
    review card without history); its reviews are not replayed. ``state`` None and reviews
    present: replay them from ``start`` (None: from a new card). ``others``: the revlog rows
    that are not reviews of the current history (manual reschedules, rows before a "Forget"),
    kept so the card goes back to Anki with its whole log. ``from_new``: the first review was
    the card's first (so its previous state is exactly a new card's)."""

    reviews: tuple[RevlogRow, ...]
    state: CardState | None
    start: CardState | None
    archived: bool
    buried_until: datetime | None = None
    others: tuple[RevlogRow, ...] = ()
    from_new: bool = False
    day_due: datetime | None = None  # when a card due on a day (not at a time) is due


def split_revlog(revlog: list[RevlogRow]) -> tuple[list[RevlogRow], list[RevlogRow]]:
    """(the rows that are reviews, a button pressed, after the card's last "Forget"; every
    other row)."""
    last_reset = -1
    for i, row in enumerate(revlog):
        if row.type == REVLOG_MANUAL and row.ease == 0 and row.ivl == 0:
            last_reset = i
    kept, others = [], list(revlog[: last_reset + 1])
    for row in revlog[last_reset + 1 :]:
        if 1 <= row.ease <= 4 and row.type in (0, 1, 2, 3):
            kept.append(row)
        else:
            others.append(row)
    return kept, others


def rating_reviews(revlog: list[RevlogRow]) -> list[RevlogRow]:
    """The rows that are reviews (a button was pressed), after the card's last "Forget"."""
    return split_revlog(revlog)[0]


def next_cutoff(now: datetime, timing: Timing, tz: tzinfo) -> datetime:
    """When the collection's next day starts after ``now``: a buried card comes back then."""
    return day_start(day_number(now, timing, tz) + 1, timing, tz)


def _due(card: CardRow, timing: Timing, tz: tzinfo) -> tuple[datetime, bool]:
    """(due, day-based) of a card that is not new."""
    day_based = card.queue in (REVIEW, 3) or (
        card.queue not in (LEARNING, 4) and (card.type == REVIEW or card.due < 1_000_000_000)
    )
    if day_based:
        return day_start(card.due, timing, tz), True
    return datetime.fromtimestamp(card.due, UTC), False


def import_schedule(
    card: CardRow,
    revlog: list[RevlogRow],
    timing: Timing,
    tz: tzinfo,
    scheduler: fsrs.Scheduler,
    now: datetime | None = None,
) -> ImportedSchedule:
    kept, other_rows = split_revlog(revlog)
    archived = card.queue == SUSPENDED
    buried = None
    if card.queue in BURIED:
        buried = next_cutoff(now or datetime.now(UTC), timing, tz)
    if card.type == NEW or card.type not in (LEARNING, REVIEW, RELEARNING):
        # A new (or reset) card has no history of its own; its old rows are kept aside.
        return ImportedSchedule((), None, None, archived, buried, tuple(revlog))
    from_new = bool(kept) and kept[0].type == REVLOG_LEARN and kept[0].last_ivl == 0
    due, day_based = _due(card, timing, tz)
    state, start = _import_state(card, tuple(kept), timing, tz, scheduler, due, day_based)
    return ImportedSchedule(
        tuple(kept),
        state,
        start,
        archived,
        buried,
        tuple(other_rows),
        from_new,
        due if day_based else None,
    )


def _import_state(
    card: CardRow,
    reviews: tuple[RevlogRow, ...],
    timing: Timing,
    tz: tzinfo,
    scheduler: fsrs.Scheduler,
    due: datetime,
    day_based: bool,
) -> tuple[CardState | None, CardState | None]:
    """(the card's state when the package gives or implies one, where a replay starts)."""
    custom = _custom_due(card.data)
    if custom is not None and (
        (day_based and day_number(custom, timing, tz) == card.due)
        or (not day_based and abs((custom - due).total_seconds()) < 1)
    ):
        due = custom
    state_no = card.type
    steps = scheduler.learning_steps if card.type == LEARNING else scheduler.relearning_steps
    step = None if card.type == REVIEW else _step(card.left, steps)
    last_review = from_ms(reviews[-1].id) if reviews else _lrt(card.data)
    stability, difficulty = _memory(card.data)
    if stability is not None and difficulty is not None:
        if last_review is None and card.type == REVIEW:
            last_review = due - timedelta(days=max(1, card.ivl))
        state = CardState(state_no, step, stability, difficulty, due, last_review)
        return state, _replay_start(reviews, scheduler)
    if reviews:
        return None, _replay_start(reviews, scheduler)
    if card.type == REVIEW and card.ivl > 0:  # scheduled in SM-2, its history not exported
        ease = (card.factor or DEFAULT_EASE) / 1000
        stability, difficulty = memory_from_sm2(scheduler, ease, card.ivl)
        last = due - timedelta(days=card.ivl)
        return CardState(REVIEW, None, stability, difficulty, due, last), None
    return None, None


def _replay_start(reviews: tuple[RevlogRow, ...], scheduler: fsrs.Scheduler) -> CardState | None:
    """Where a replay starts when the log begins with the card already in review (older
    reviews deleted): an SM-2 estimate at the previous interval; else None (a new card)."""
    if not reviews:
        return None
    first = reviews[0]
    if first.type not in (REVLOG_REVIEW, REVLOG_RELEARN) or first.last_ivl <= 0:
        return None
    ease = (first.factor if 1300 <= first.factor <= 10_000 else DEFAULT_EASE) / 1000
    stability, difficulty = memory_from_sm2(scheduler, ease, first.last_ivl)
    at = from_ms(first.id)
    return CardState(REVIEW, None, stability, difficulty, at, at - timedelta(days=first.last_ivl))


def _positive(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and number > 0:
            return number
    return None


def _memory(data: dict[str, Any]) -> tuple[float | None, float | None]:
    stability, difficulty = _positive(data.get("s")), _positive(data.get("d"))
    if difficulty is not None:
        difficulty = min(10.0, max(1.0, difficulty))
    return stability, difficulty


def _lrt(data: dict[str, Any]) -> datetime | None:
    seconds = _positive(data.get("lrt"))
    return datetime.fromtimestamp(seconds, UTC) if seconds else None


def _custom_due(data: dict[str, Any]) -> datetime | None:
    raw = data.get("cd")
    if not isinstance(raw, str) or CUSTOM_DUE not in raw:
        return None
    try:
        custom = json.loads(raw)
    except json.JSONDecodeError:
        return None
    ms = _positive(custom.get(CUSTOM_DUE)) if isinstance(custom, dict) else None
    return from_ms(int(ms)) if ms else None


# --- our state -> Anki card --------------------------------------------------------------------


@dataclass(frozen=True)
class AnkiSchedule:
    type: int
    queue: int
    due: int
    ivl: int
    factor: int
    left: int
    data: str


def export_schedule(
    state: CardState,
    *,
    archived: bool,
    position: int,
    timing: Timing,
    tz: tzinfo,
    scheduler: fsrs.Scheduler,
) -> AnkiSchedule:
    """A card's Anki fields. A never-studied card is new at ``position``; the others carry their
    FSRS memory state, due day and exact due time (custom data)."""
    queue_if = SUSPENDED if archived else None
    if state.last_review is None:
        return AnkiSchedule(NEW, queue_if if queue_if is not None else NEW, position, 0, 0, 0, "")
    data: dict[str, Any] = {}
    if state.stability is not None and state.difficulty is not None:
        data = {
            "s": state.stability,
            "d": state.difficulty,
            "dr": scheduler.desired_retention,
            "decay": scheduler.parameters[20],
            "lrt": int(state.last_review.timestamp()),
        }
    data["cd"] = json.dumps({CUSTOM_DUE: to_ms(state.due)}, separators=(",", ":"))
    encoded = json.dumps(data, separators=(",", ":"))
    if state.state == REVIEW:
        ivl = max(1, round((state.due - state.last_review).total_seconds() / DAY))
        due = day_number(state.due, timing, tz)
        queue = queue_if if queue_if is not None else REVIEW
        return AnkiSchedule(REVIEW, queue, due, ivl, DEFAULT_EASE, 0, encoded)
    steps = scheduler.learning_steps if state.state == LEARNING else scheduler.relearning_steps
    left = max(1, len(steps) - (state.step or 0))
    ctype = LEARNING if state.state == LEARNING else RELEARNING
    ivl = 0 if ctype == LEARNING else max(1, round(state.stability or 1))
    factor = 0 if ctype == LEARNING else DEFAULT_EASE
    queue = queue_if if queue_if is not None else LEARNING
    return AnkiSchedule(ctype, queue, int(state.due.timestamp()), ivl, factor, left, encoded)


def interval_field(after: CardState, at: datetime) -> int:
    """``revlog.ivl``/``lastIvl``: days for a review-state result, negative seconds otherwise."""
    seconds = (after.due - at).total_seconds()
    if after.state == REVIEW:
        return max(1, round(seconds / DAY))
    return -max(1, int(seconds))


def revlog_type(before: CardState) -> int:
    if before.last_review is None or before.state == LEARNING:
        return REVLOG_LEARN
    return REVLOG_REVIEW if before.state == REVIEW else REVLOG_RELEARN
