"""Card info (Anki's "Card Info"): a card's current state and its whole review history.

Each review stores the card's state *before* it (``reviews.previous``); the state *after* a
review is the next review's ``previous``, or the card's own columns for the last one. So the
interval, stability and difficulty each review produced are read back exactly, not recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.errors import NotFound
from studyapp.services import presets
from studyapp.services.study import CardState, utc

STATE_NAMES = {1: "Learning", 2: "Review", 3: "Relearning"}
GRADE_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@dataclass(frozen=True)
class HistoryRow:
    reviewed_at: datetime
    rating: int
    mode: str  # "flip" or "choice"
    interval: timedelta  # until the card was due again after this review
    stability: float | None  # after the review (days)
    difficulty: float | None
    duration_ms: int | None
    in_app: bool  # False: the review came with an import

    @property
    def grade(self) -> str:
        return GRADE_NAMES.get(self.rating, str(self.rating))


@dataclass(frozen=True)
class CardReport:
    card_id: int
    front: str
    back: str
    goal_title: str
    skill_title: str | None
    preset_name: str
    tags: tuple[str, ...]
    note_guid: str | None
    created_at: datetime
    state: str  # New, Learning, Review, Relearning
    suspended: bool
    buried_until: datetime | None
    due: datetime
    last_review: datetime | None
    stability: float | None
    difficulty: float | None
    retrievability: float | None  # now, by the goal's preset
    lapses: int
    history: tuple[HistoryRow, ...]  # oldest first

    @property
    def total_time(self) -> timedelta:
        return timedelta(milliseconds=sum(r.duration_ms or 0 for r in self.history))


_CARD = text(
    """
    SELECT c.id, c.front, c.back, g.title, n.title, c.tags, c.note_guid, c.created_at,
           c.archived, c.buried_until, c.fsrs_state, c.fsrs_step, c.stability, c.difficulty,
           c.due, c.last_review, c.goal_id
    FROM cards c JOIN goals g ON g.id = c.goal_id LEFT JOIN skill_nodes n ON n.id = c.node_id
    WHERE c.id = :id AND c.profile_id = :p
    """
)
_REVIEWS = text(
    "SELECT reviewed_at, rating, mode, duration_ms, previous, in_app FROM reviews "
    "WHERE card_id = :id ORDER BY reviewed_at, id"
)


def card_report(
    db: Database, profile_id: int, card_id: int, now: datetime | None = None
) -> CardReport:
    """Everything the Card info window shows (NotFound for another learner's card)."""
    moment = utc(now or datetime.now(UTC))
    with db.session() as session:
        row = session.execute(_CARD, {"id": card_id, "p": profile_id}).first()
        if row is None:
            raise NotFound(f"No card {card_id}.")
        preset = presets.goal_preset(session, profile_id, int(row[16]))
        reviews = session.execute(_REVIEWS, {"id": card_id}).all()
    current = CardState(
        row[10], row[11], row[12], row[13], utc(row[14]), utc(row[15]) if row[15] else None
    )
    befores = [CardState.from_json(r[4]) if r[4] else None for r in reviews]
    history = []
    lapses = 0
    for i, (reviewed_at, rating, mode, duration_ms, _previous, in_app) in enumerate(reviews):
        after = befores[i + 1] if i + 1 < len(befores) else current
        before = befores[i]
        if rating == 1 and before is not None and before.state == 2:
            lapses += 1
        at = utc(reviewed_at)
        history.append(
            HistoryRow(
                at,
                int(rating),
                str(mode),
                (after.due - at) if after is not None else timedelta(0),
                after.stability if after is not None else None,
                after.difficulty if after is not None else None,
                duration_ms,
                bool(in_app),
            )
        )
    retrievability = None
    if current.last_review is not None and current.stability is not None:
        retrievability = preset.scheduler().get_card_retrievability(
            current.to_fsrs(card_id), moment
        )
    buried = utc(row[9]) if row[9] and utc(row[9]) > moment else None
    return CardReport(
        card_id=int(row[0]),
        front=row[1],
        back=row[2],
        goal_title=row[3],
        skill_title=row[4],
        preset_name=preset.name,
        tags=tuple(row[5] or ()),
        note_guid=row[6],
        created_at=utc(row[7]),
        state="New" if current.last_review is None else STATE_NAMES.get(current.state, "?"),
        suspended=bool(row[8]),
        buried_until=buried,
        due=current.due,
        last_review=current.last_review,
        stability=current.stability,
        difficulty=current.difficulty,
        retrievability=float(retrievability) if retrievability is not None else None,
        lapses=lapses,
        history=tuple(history),
    )
