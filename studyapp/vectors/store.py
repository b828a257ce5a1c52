"""LanceDB tables of card embeddings: near-duplicate checks, distractor neighbours, search.

LanceDB writes cannot join a PostgreSQL transaction, so PostgreSQL stays the truth and this store
is derived data: handlers add embeddings after their transaction committed, and :meth:`resync`
rebuilds whatever is missing, stale or extra from the ``cards`` table. Losing a write here never
loses a card.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from studyapp.vectors.embedder import Embedder, default_embedder

log = logging.getLogger(__name__)

ENV_VECTORS_DIR = "STUDYAPP_VECTORS_DIR"
DUPLICATE_COSINE = 0.85


@dataclass(frozen=True)
class CardText:
    """What the store needs to know about a card."""

    card_id: int
    profile_id: int
    goal_id: int
    kind: str
    front: str
    back: str

    @property
    def text(self) -> str:
        return f"{self.front}\n{self.back}"


@dataclass(frozen=True)
class Match:
    card_id: int
    score: float
    answer: str = ""


@dataclass(frozen=True)
class ResyncReport:
    added: int
    removed: int
    updated: int


def vectors_dir_for(embedded_dir: Path | None, masked_url: str) -> Path:
    """``<data dir>/vectors`` beside the embedded server, or a folder per server database (keyed
    by a hash of its masked URL) in the user data directory. ``STUDYAPP_VECTORS_DIR`` wins."""
    override = os.environ.get(ENV_VECTORS_DIR)
    if override:
        return Path(override).expanduser()
    if embedded_dir is not None:
        return embedded_dir.parent / "vectors"
    from studyapp.config import default_data_dir

    key = hashlib.sha256(masked_url.encode("utf-8")).hexdigest()[:16]
    return default_data_dir() / "vectors" / key


_stores: dict[tuple[str, str], VectorStore] = {}
_stores_lock = threading.Lock()


def open_store(directory: Path, embedder: Embedder | None = None) -> VectorStore:
    """One store per directory and embedder per process (LanceDB connections are reusable)."""
    embedder = embedder or default_embedder()
    key = (str(Path(directory).resolve()), f"{embedder.name}/{embedder.dim}")
    with _stores_lock:
        if key not in _stores:
            _stores[key] = VectorStore(Path(directory), embedder)
        return _stores[key]


def _ids_sql(ids: Iterable[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class VectorStore:
    """Thread-safe: writes are serialised per store; reads go straight to LanceDB."""

    def __init__(self, directory: Path, embedder: Embedder | None = None) -> None:
        self.directory = directory
        self.embedder = embedder or default_embedder()
        self.table_name = f"cards_{self.embedder.name.replace('-', '_')}_{self.embedder.dim}"
        self._lock = threading.RLock()
        self._table: Any = None

    # -- plumbing -------------------------------------------------------------------------
    def _schema(self) -> pa.Schema:
        vec = pa.list_(pa.float32(), self.embedder.dim)
        return pa.schema(
            [
                pa.field("card_id", pa.int64()),
                pa.field("profile_id", pa.int64()),
                pa.field("goal_id", pa.int64()),
                pa.field("kind", pa.string()),
                pa.field("text", pa.string()),
                pa.field("answer", pa.string()),
                pa.field("vector", vec),
                pa.field("answer_vector", vec),
            ]
        )

    def table(self) -> Any:
        with self._lock:
            if self._table is None:
                import lancedb

                self.directory.mkdir(parents=True, exist_ok=True)
                conn = lancedb.connect(str(self.directory))
                self._table = conn.create_table(
                    self.table_name, schema=self._schema(), exist_ok=True
                )
            return self._table

    def fingerprint(self, profile_id: int, goal_id: int | None = None) -> tuple[int, int]:
        """(count, sum of card ids) of a scope, computed in Arrow without Python objects: the
        cheap "is it in sync?" check that spares a full comparison on every generation."""
        import pyarrow.compute as pc

        where = f"profile_id = {int(profile_id)}"
        if goal_id is not None:
            where += f" AND goal_id = {int(goal_id)}"
        ids = self.table().search().where(where).select(["card_id"]).limit(None).to_arrow()
        column = ids.column("card_id")
        total = pc.sum(column).as_py() if len(column) else 0
        return len(column), int(total or 0)

    def _rows(self, where: str, columns: list[str]) -> list[dict[str, Any]]:
        query = self.table().search().where(where).select(columns).limit(None)
        return query.to_arrow().to_pylist()

    def _vector_search(
        self, vector: np.ndarray, column: str, where: str, limit: int, columns: list[str]
    ) -> list[dict[str, Any]]:
        if not np.any(vector):
            return []
        query = (
            self.table()
            .search(vector, vector_column_name=column)
            .distance_type("cosine")
            .where(where, prefilter=True)
            .select([*columns, "_distance"])
            .limit(limit)
        )
        return query.to_list()

    # -- writes ---------------------------------------------------------------------------
    def add(self, cards: Sequence[CardText], *, replace: bool = True) -> int:
        """Insert or replace the embeddings of ``cards``; returns how many were written.
        ``replace=False`` is for cards that were just created: skipping the delete spares a
        scan of the whole table on every generation."""
        if not cards:
            return 0
        vectors = self.embedder.embed([c.text for c in cards])
        answers = self.embedder.embed([c.back for c in cards])
        rows = [
            {
                "card_id": c.card_id,
                "profile_id": c.profile_id,
                "goal_id": c.goal_id,
                "kind": c.kind,
                "text": c.text,
                "answer": c.back,
                "vector": vectors[i],
                "answer_vector": answers[i],
            }
            for i, c in enumerate(cards)
        ]
        with self._lock:
            table = self.table()
            if replace:
                table.delete(f"card_id IN ({_ids_sql(c.card_id for c in cards)})")
            table.add(rows)
        return len(rows)

    def remove(self, card_ids: Iterable[int]) -> None:
        ids = list(card_ids)
        if ids:
            with self._lock:
                self.table().delete(f"card_id IN ({_ids_sql(ids)})")

    # -- reads ----------------------------------------------------------------------------
    def card_ids(self, profile_id: int, goal_id: int | None = None) -> set[int]:
        where = f"profile_id = {int(profile_id)}"
        if goal_id is not None:
            where += f" AND goal_id = {int(goal_id)}"
        return {row["card_id"] for row in self._rows(where, ["card_id"])}

    def nearest_in_goal(self, profile_id: int, goal_id: int, text: str) -> Match | None:
        """The goal's card most similar to ``text`` (front and back joined), if any."""
        where = f"profile_id = {int(profile_id)} AND goal_id = {int(goal_id)}"
        hits = self._vector_search(
            self.embedder.embed([text])[0], "vector", where, 1, ["card_id", "answer"]
        )
        if not hits:
            return None
        return Match(hits[0]["card_id"], 1.0 - float(hits[0]["_distance"]), hits[0]["answer"])

    def neighbour_answers(
        self,
        profile_id: int,
        answer: str,
        kind: str,
        *,
        exclude: Iterable[int] = (),
        limit: int = 20,
    ) -> list[Match]:
        """The learner's own answers nearest to ``answer`` among cards of the same kind."""
        where = f"profile_id = {int(profile_id)} AND kind = {_quote(kind)}"
        excluded = list(exclude)
        if excluded:
            where += f" AND card_id NOT IN ({_ids_sql(excluded)})"
        hits = self._vector_search(
            self.embedder.embed([answer])[0],
            "answer_vector",
            where,
            limit,
            ["card_id", "answer"],
        )
        return [Match(h["card_id"], 1.0 - float(h["_distance"]), h["answer"]) for h in hits]

    def search(
        self, profile_id: int, query: str, *, goal_id: int | None = None, limit: int = 20
    ) -> list[Match]:
        """Semantic search over one profile's cards, best first."""
        where = f"profile_id = {int(profile_id)}"
        if goal_id is not None:
            where += f" AND goal_id = {int(goal_id)}"
        hits = self._vector_search(
            self.embedder.embed([query])[0], "vector", where, limit, ["card_id", "answer"]
        )
        return [Match(h["card_id"], 1.0 - float(h["_distance"]), h["answer"]) for h in hits]

    # -- repair ---------------------------------------------------------------------------
    def resync(
        self, cards: Sequence[CardText], profile_id: int, goal_id: int | None = None
    ) -> ResyncReport:
        """Make the scope (profile, optionally goal) match ``cards``, the live cards PostgreSQL
        holds for it: add missing ones, re-embed changed text, drop archived or deleted ones."""
        where = f"profile_id = {int(profile_id)}"
        if goal_id is not None:
            where += f" AND goal_id = {int(goal_id)}"
        stored = {row["card_id"]: row["text"] for row in self._rows(where, ["card_id", "text"])}
        live = {c.card_id: c for c in cards}
        missing = [c for cid, c in live.items() if cid not in stored]
        changed = [c for cid, c in live.items() if cid in stored and stored[cid] != c.text]
        extra = [cid for cid in stored if cid not in live]
        self.add(missing + changed)
        self.remove(extra)
        if missing or changed or extra:
            log.info(
                "vector store resync: %d added, %d updated, %d removed",
                len(missing),
                len(changed),
                len(extra),
            )
        return ResyncReport(len(missing), len(extra), len(changed))
