"""The vector store follows PostgreSQL after each commit, best effort.

PostgreSQL is the truth; the vector store (search by meaning, near-duplicate checks, choice
candidates) is derived from it and cannot join its transactions. So every service that changes
cards writes the store right after its commit, and a failure there (the store's folder, a LanceDB
error, the database gone before the cards could be read back) is logged, never raised: what the
learner saved is saved, and the next incremental resync (a search, a generation job) repairs the
store. Cards are read back from PostgreSQL, so archived ones are never embedded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import BigInteger, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY

from studyapp.db.database import Database
from studyapp.db.models import Card
from studyapp.limits import head
from studyapp.vectors import pending
from studyapp.vectors.store import CardText, VectorStore, vectors_dir_for
from studyapp.vectors.sync import store_for

log = logging.getLogger(__name__)

BATCH = 5_000  # cards read and embedded at a time: an import's memory stays flat


def vector_store(db: Database, store: VectorStore | None = None) -> VectorStore | None:
    """``store``, else the database's own; None (logged) when it cannot be opened."""
    try:
        return store or store_for(db)
    except Exception:
        log.warning("vector store unavailable", exc_info=True)
        return None


def embed_cards(
    db: Database,
    profile_id: int,
    card_ids: Sequence[int],
    store: VectorStore | None = None,
    *,
    new: bool = False,
) -> int:
    """Write the embeddings of the profile's live cards among ``card_ids``; returns how many.
    ``new``: the cards were just made, so no one else can have written them and rows are
    appended (an upsert costs a join over the table)."""
    vs = vector_store(db, store) if card_ids else None
    if vs is None:
        return 0
    written = 0
    try:
        for start in range(0, len(card_ids), BATCH):
            batch = list(card_ids[start : start + BATCH])
            with db.session() as session:
                rows = session.execute(
                    select(
                        Card.id, Card.goal_id, Card.kind, head(Card.front), head(Card.back)
                    ).where(
                        Card.id == any_(bindparam("ids", batch, ARRAY(BigInteger))),
                        Card.profile_id == profile_id,
                        Card.archived.is_(False),
                    )
                ).all()
            written += vs.add(
                [CardText(r[0], profile_id, r[1], r[2], r[3], r[4]) for r in rows],
                replace=not new,
            )
    except Exception:
        log.warning(
            "could not embed %s card(s); the next resync will", len(card_ids), exc_info=True
        )
    return written


_background: list[threading.Thread] = []
_background_lock = threading.Lock()


def embed_in_background(
    db: Database, profile_id: int, card_ids: Sequence[int], *, new: bool = False
) -> threading.Thread | None:
    """:func:`embed_cards` on a thread of its own, started now (after the caller's commit).

    Why: embedding an import of 10,000 cards takes seconds, and the import is done when its
    transaction commits. Until the thread ends, search by meaning does not find these cards yet
    and near-duplicate checks wait for it (:mod:`studyapp.vectors.pending`). A process that is
    about to exit (the command line) calls :func:`wait_for_background` first; should it die
    anyway, the next resync embeds what is missing."""
    ids = list(card_ids)
    if not ids:
        return None
    directory = vectors_dir(db)  # no model loaded here: the thread opens the store
    pending.begin(directory, profile_id, ids)

    def run() -> None:
        try:
            vs = vector_store(db)
            if vs is not None:
                embed_cards(db, profile_id, ids, vs, new=new)
        finally:
            pending.end(directory, profile_id, ids)

    thread = threading.Thread(target=run, name=f"embed-{profile_id}", daemon=True)
    with _background_lock:
        _background[:] = [t for t in _background if t.is_alive()]
        _background.append(thread)
    thread.start()
    return thread


def vectors_dir(db: Database) -> Path:
    """The folder of the database's vector store (what :func:`store_for` opens)."""
    from studyapp.db import urls

    return vectors_dir_for(db.embedded_dir, urls.describe(db.url))


def wait_for_background(timeout: float | None = None) -> bool:
    """Wait for every background embedding of this process; False if one is still running
    after ``timeout`` seconds."""
    with _background_lock:
        threads = list(_background)
    for thread in threads:
        thread.join(timeout)
    with _background_lock:
        _background[:] = [t for t in _background if t.is_alive()]
        return not _background


def pending_card_ids(db: Database, profile_id: int, store: VectorStore) -> frozenset[int]:
    """Cards of the profile a background thread is embedding into ``store`` right now."""
    return pending.pending_ids(store.directory, profile_id)


def drop_cards(db: Database, card_ids: Sequence[int], store: VectorStore | None = None) -> None:
    """Remove cards' rows (archived or deleted cards are not searched)."""
    vs = vector_store(db, store) if card_ids else None
    if vs is None:
        return
    try:
        vs.remove(card_ids)
    except Exception:
        log.warning("could not drop %s card(s) from the vector store", len(card_ids), exc_info=True)
