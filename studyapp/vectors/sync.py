"""Rebuild the vector store from PostgreSQL, the source of truth (see :mod:`store`)."""

from __future__ import annotations

from collections import Counter
from typing import Any, TypeVar

from sqlalchemy import Row, Select, func, select

from studyapp.db.database import Database
from studyapp.db.models import Card
from studyapp.limits import head
from studyapp.vectors.store import CardText, ResyncReport, VectorStore

_Q = TypeVar("_Q", bound=Select[*tuple[Any, ...]])


def _text_columns() -> tuple[Any, ...]:
    """A card as the store needs it, its text cut by PostgreSQL (``limits.head``): a longer row
    (an older version imported it) never leaves the database whole."""
    return (
        Card.id,
        Card.profile_id,
        Card.goal_id,
        Card.kind,
        head(Card.front).label("front"),
        head(Card.back).label("back"),
    )


def _card_text(row: Row[Any]) -> CardText:
    """By column name, never ``CardText(*row)``: a column added or moved cannot shift values."""
    return CardText(
        card_id=row.id,
        profile_id=row.profile_id,
        goal_id=row.goal_id,
        kind=row.kind,
        front=row.front,
        back=row.back,
    )


def _live(query: _Q, profile_id: int, goal_id: int | None) -> _Q:
    """``query`` narrowed to the live (not archived) cards of a profile, or of one goal of it:
    the scope the store mirrors."""
    query = query.where(Card.profile_id == profile_id, Card.archived.is_(False))
    return query if goal_id is None else query.where(Card.goal_id == goal_id)


def live_cards(db: Database, profile_id: int, goal_id: int | None = None) -> list[CardText]:
    query = _live(select(*_text_columns()), profile_id, goal_id)
    with db.session() as session:
        return [_card_text(row) for row in session.execute(query)]


def cards_by_id(db: Database, card_ids: list[int]) -> list[CardText]:
    if not card_ids:
        return []
    query = select(*_text_columns()).where(Card.id.in_(card_ids), Card.archived.is_(False))
    with db.session() as session:
        return [_card_text(row) for row in session.execute(query)]


def fingerprint(db: Database, profile_id: int, goal_id: int | None = None) -> tuple[int, int]:
    """(count, sum of ids) of the live cards in PostgreSQL: one aggregate row."""
    query = _live(
        select(func.count(Card.id), func.coalesce(func.sum(Card.id), 0)), profile_id, goal_id
    )
    with db.session() as session:
        count, total = session.execute(query).one()
    return int(count), int(total)


def live_ids(db: Database, profile_id: int, goal_id: int | None = None) -> list[CardText]:
    """The live cards of a scope with no text: enough to find what the store lacks."""
    query = _live(select(Card.id, Card.goal_id), profile_id, goal_id)
    with db.session() as session:
        return [CardText(cid, profile_id, gid, "", "", "") for cid, gid in session.execute(query)]


def resync(
    db: Database,
    store: VectorStore,
    profile_id: int,
    goal_id: int | None = None,
    *,
    force: bool = False,
    skip: frozenset[int] = frozenset(),
) -> ResyncReport:
    """Embed cards PostgreSQL has and the store lacks (an after-commit write failed, or another
    process has not written its cards yet), drop those it no longer has. Incremental: when both
    sides hold the same card ids (same count and id sum) nothing else is read; otherwise only
    ids are compared and only the missing cards are read and embedded, so a job's cost does not
    grow with the goal. Edited text is re-embedded by the edit itself; ``force`` compares every
    text too (a full pass). ``skip``: cards a background thread is embedding right now
    (:mod:`studyapp.vectors.pending`), left to it rather than embedded twice."""
    if force:
        return store.resync(live_cards(db, profile_id, goal_id), profile_id, goal_id)
    if fingerprint(db, profile_id, goal_id) == store.fingerprint(profile_id, goal_id):
        return ResyncReport(0, 0, 0)
    ids = live_ids(db, profile_id, goal_id)
    rows = store.card_id_list(profile_id, goal_id)
    stored = set(rows)
    missing = [c.card_id for c in ids if c.card_id not in stored and c.card_id not in skip]
    live = {c.card_id for c in ids}
    extra = [cid for cid in stored if cid not in live]
    twice = [cid for cid, n in Counter(rows).items() if n > 1 and cid in live]
    store.remove(extra + twice, goal_id=goal_id)
    added = store.add(cards_by_id(db, missing + twice)) if missing or twice else 0
    return ResyncReport(added, len(extra), len(twice))


def store_for(db: Database) -> VectorStore:
    """The store belonging to this database (see :func:`vectors_dir_for`)."""
    from studyapp.db import urls
    from studyapp.vectors.store import open_store, vectors_dir_for

    return open_store(vectors_dir_for(db.embedded_dir, urls.describe(db.url)))
