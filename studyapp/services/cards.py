"""Cards of a goal: list, add by hand, edit, move, archive, delete, semantic search.

PostgreSQL is the truth; the vector store follows it. Every change updates the store after the
commit, best effort (:mod:`studyapp.services.card_vectors`): if that fails, the next resync
(every search and generation job does one for its scope) repairs it, so a card is never lost or
stale for long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.db.models import Card, DistractorSet
from studyapp.errors import BadInput, NotFound
from studyapp.generation.validation import MAX_BACK, MAX_FRONT
from studyapp.limits import whole
from studyapp.services.card_vectors import drop_cards, embed_cards, pending_card_ids
from studyapp.services.note_edits import apply_edit
from studyapp.services.owned import require_goal_node, require_node
from studyapp.vectors.store import VectorStore
from studyapp.vectors.sync import resync, store_for


@dataclass(frozen=True)
class CardInfo:
    id: int
    goal_id: int
    node_id: int | None
    front: str
    back: str
    kind: str
    provider: str | None
    source_job_id: int | None
    archived: bool
    due: datetime | None
    distractors: tuple[str, ...] = ()
    distractors_provider: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "goal_id": self.goal_id,
            "node_id": self.node_id,
            "front": self.front,
            "back": self.back,
            "kind": self.kind,
            "provider": self.provider,
            "source_job_id": self.source_job_id,
            "archived": self.archived,
            "due": self.due.isoformat() if self.due else None,
            "distractors": list(self.distractors),
            "distractors_provider": self.distractors_provider,
        }


_COLUMNS = (
    Card.id,
    Card.goal_id,
    Card.node_id,
    whole(Card.front).label("front"),
    whole(Card.back).label("back"),
    Card.kind,
    Card.provider,
    Card.source_job_id,
    Card.archived,
    Card.due,
)


def _with_distractors(
    session: Session, rows: Sequence[Row[Any]], *, goal_id: int | None = None
) -> list[CardInfo]:
    """Attach each card's newest distractor set. For a whole goal the sets are selected by goal
    (one DISTINCT ON query), not with an IN list of thousands of card ids."""
    ids = [r.id for r in rows]
    latest: dict[int, tuple[list[str], str | None]] = {}
    if ids:
        query = select(DistractorSet.card_id, DistractorSet.options, DistractorSet.provider)
        if goal_id is not None:
            query = query.join(Card, Card.id == DistractorSet.card_id).where(
                Card.goal_id == goal_id
            )
        else:
            query = query.where(DistractorSet.card_id.in_(ids))
        query = query.ext(distinct_on(DistractorSet.card_id)).order_by(
            DistractorSet.card_id, DistractorSet.id.desc()
        )
        for card_id, options, provider in session.execute(query):
            latest[card_id] = (options, provider)  # DISTINCT ON keeps the newest set
    out = []
    for r in rows:
        options, provider = latest.get(r.id, ([], None))
        # By name, not ``CardInfo(*r)``: a column added to _COLUMNS or a field to CardInfo
        # must not shift every value after it into the wrong field.
        out.append(
            CardInfo(
                id=r.id,
                goal_id=r.goal_id,
                node_id=r.node_id,
                front=r.front,
                back=r.back,
                kind=r.kind,
                provider=r.provider,
                source_job_id=r.source_job_id,
                archived=r.archived,
                due=r.due,
                distractors=tuple(options),
                distractors_provider=provider,
            )
        )
    return out


def list_cards(
    db: Database,
    profile_id: int,
    goal_id: int,
    *,
    node_id: int | None = None,
    include_archived: bool = False,
    after_id: int | None = None,
) -> list[CardInfo]:
    """Cards of a goal (or one node) in id order; ``after_id`` returns only newer ones (the window
    adds freshly generated cards to a large deck without re-reading it)."""
    with db.session() as session:
        require_goal_node(session, profile_id, goal_id, node_id)
        query = select(*_COLUMNS).where(Card.goal_id == goal_id, Card.profile_id == profile_id)
        if node_id is not None:
            query = query.where(Card.node_id == node_id)
        if not include_archived:
            query = query.where(Card.archived.is_(False))
        if after_id is not None:
            query = query.where(Card.id > after_id)
            rows = session.execute(query.order_by(Card.id)).all()
            return _with_distractors(session, rows)
        rows = session.execute(query.order_by(Card.id)).all()
        return _with_distractors(session, rows, goal_id=goal_id)


def get_card(db: Database, profile_id: int, card_id: int) -> CardInfo:
    with db.session() as session:
        rows = session.execute(
            select(*_COLUMNS).where(Card.id == card_id, Card.profile_id == profile_id)
        ).all()
        if not rows:
            raise NotFound(f"No card {card_id}.")
        return _with_distractors(session, rows)[0]


def _checked_text(name: str, value: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise BadInput(f"A card's {name} cannot be empty.")
    if "\x00" in value:
        raise BadInput(f"A card's {name} cannot contain NUL characters.")
    if len(value) > limit:
        raise BadInput(f"A card's {name} is at most {limit} characters.")
    return value


def create_card(
    db: Database,
    profile_id: int,
    goal_id: int,
    front: str,
    back: str,
    *,
    node_id: int | None = None,
    store: VectorStore | None = None,
) -> CardInfo:
    """A card the learner wrote. It is new (due now) like a generated one, and made by
    ``manual`` so the browser can tell it from generated cards."""
    front = _checked_text("front", front, MAX_FRONT)
    back = _checked_text("back", back, MAX_BACK * 3)
    with db.session() as session:
        require_goal_node(session, profile_id, goal_id, node_id)
        card = Card(
            profile_id=profile_id,
            goal_id=goal_id,
            node_id=node_id,
            front=front,
            back=back,
            kind="basic",
            provider="manual",
        )
        session.add(card)
        session.flush()
        card_id = card.id
    embed_cards(db, profile_id, [card_id], store)
    return get_card(db, profile_id, card_id)


def _owned_ids(session: Session, profile_id: int, card_ids: list[int]) -> list[int]:
    found = session.execute(
        select(Card.id).where(Card.id.in_(card_ids), Card.profile_id == profile_id)
    ).scalars()
    found_ids = set(found)
    missing = [i for i in card_ids if i not in found_ids]
    if missing:
        raise NotFound(f"No card {missing[0]}.")
    return sorted(found_ids)


def move_cards(
    db: Database,
    profile_id: int,
    card_ids: list[int],
    node_id: int,
    *,
    store: VectorStore | None = None,
) -> int:
    """Move cards to a skill (of any of the learner's goals: the card follows the skill's
    goal). All or nothing: one card that is not the learner's refuses the whole move."""
    ids = list(dict.fromkeys(card_ids))
    if not ids:
        return 0
    with db.session() as session:
        node = require_node(session, profile_id, node_id)
        ids = _owned_ids(session, profile_id, ids)
        moved_goal = (
            session.execute(select(Card.id).where(Card.id.in_(ids), Card.goal_id != node.goal_id))
            .scalars()
            .all()
        )
        session.execute(
            update(Card)
            .where(Card.id.in_(ids), Card.profile_id == profile_id)
            .values(node_id=node_id, goal_id=node.goal_id, updated_at=func.now())
        )
    # The vector store files cards by goal; only cards that changed goal need a new row.
    embed_cards(db, profile_id, list(moved_goal), store)
    return len(ids)


def set_archived(
    db: Database,
    profile_id: int,
    card_ids: list[int],
    archived: bool = True,
    *,
    store: VectorStore | None = None,
) -> int:
    """Archive (or bring back) cards: archived cards are never due and not searched, but keep
    their history."""
    ids = list(dict.fromkeys(card_ids))
    if not ids:
        return 0
    with db.session() as session:
        ids = _owned_ids(session, profile_id, ids)
        session.execute(
            update(Card)
            .where(Card.id.in_(ids), Card.profile_id == profile_id)
            .values(archived=archived, updated_at=func.now())
        )
    if archived:
        drop_cards(db, ids, store)
    else:
        embed_cards(db, profile_id, ids, store)
    return len(ids)


def delete_cards(
    db: Database, profile_id: int, card_ids: list[int], *, store: VectorStore | None = None
) -> int:
    """Delete cards with their reviews and choice sets. All or nothing, like a move."""
    ids = list(dict.fromkeys(card_ids))
    if not ids:
        return 0
    with db.session() as session:
        ids = _owned_ids(session, profile_id, ids)
        session.execute(delete(Card).where(Card.id.in_(ids), Card.profile_id == profile_id))
    drop_cards(db, ids, store)
    return len(ids)


def edit_card(
    db: Database,
    profile_id: int,
    card_id: int,
    *,
    front: str | None = None,
    back: str | None = None,
    store: VectorStore | None = None,
) -> CardInfo:
    card = get_card(db, profile_id, card_id)
    values: dict[str, Any] = {}
    for name, value, limit in (("front", front, MAX_FRONT), ("back", back, MAX_BACK * 3)):
        # A side the learner left as it was is not measured against the editor's bounds: an
        # imported card may be longer (up to limits.MAX_CARD_SIDE), and fixing a typo on its
        # front must not be refused for the length of its back.
        if value is not None and value.strip() != getattr(card, name).strip():
            values[name] = _checked_text(name, value, limit)
    if values:
        with db.session() as session:
            session.execute(
                update(Card)
                .where(Card.id == card_id, Card.profile_id == profile_id)
                .values(**values, updated_at=func.now())
            )
            # A card of an Anki note: the edit goes into the note (and its other cards).
            siblings = apply_edit(session, profile_id, card_id, values)
        embed_cards(db, profile_id, [card_id, *siblings], store)
        card = get_card(db, profile_id, card_id)
    return card


def search_cards(
    db: Database,
    profile_id: int,
    query: str,
    *,
    goal_id: int | None = None,
    limit: int = 20,
    store: VectorStore | None = None,
) -> list[tuple[CardInfo, float]]:
    """Cards most similar to ``query`` (best first, with the cosine score)."""
    if not query.strip():
        raise BadInput("Search for something: the query is empty.")
    vs = store or store_for(db)
    # Cards an import is still embedding in the background are left to it: a search right
    # after a big import finds them a few seconds later (services/card_vectors.py).
    resync(db, vs, profile_id, goal_id, skip=pending_card_ids(db, profile_id, vs))
    matches = vs.search(profile_id, query, goal_id=goal_id, limit=limit)
    if not matches:
        return []
    with db.session() as session:
        rows = session.execute(
            select(*_COLUMNS).where(
                Card.id.in_([m.card_id for m in matches]),
                Card.profile_id == profile_id,
                Card.archived.is_(False),
            )
        ).all()
        infos = {c.id: c for c in _with_distractors(session, rows)}
    return [(infos[m.card_id], m.score) for m in matches if m.card_id in infos]


def read_cards(session: Session, profile_id: int, goal_id: int, *where: Any) -> list[CardInfo]:
    """Cards of a goal matching ``where`` (SQLAlchemy conditions; archived ones included), in id
    order, inside the caller's session: for a service that needs several reads to agree (the
    goal page's refresh reads a version and the cards changed since in one snapshot)."""
    rows = session.execute(
        select(*_COLUMNS)
        .where(Card.goal_id == goal_id, Card.profile_id == profile_id, *where)
        .order_by(Card.id)
    ).all()
    # Many rows: attach choices by goal (one DISTINCT ON) rather than a huge IN list.
    return _with_distractors(session, rows, goal_id=goal_id if len(rows) > 500 else None)
