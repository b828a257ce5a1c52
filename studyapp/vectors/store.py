"""LanceDB tables of card embeddings: near-duplicate checks, distractor neighbours, search.

LanceDB writes cannot join a PostgreSQL transaction, so PostgreSQL stays the truth and this store
is derived data: handlers add embeddings after their transaction committed, and :meth:`resync`
repairs whatever is missing or extra from the ``cards`` table by card id (texts too when forced).
Losing a write here never loses a card.

Every write is an upsert keyed by ``card_id`` (two processes may both add a card that one of
them found missing), and every ``COMPACT_EVERY`` writes the table is compacted: LanceDB makes a
fragment per write, and a scan over hundreds of small fragments costs ten times one over a few
(measured: 230 ms vs 6 ms for an id scan of a 5,000-card goal), which would make every job
slower as the goal grows.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from studyapp.limits import DERIVED_CHARS, cut
from studyapp.vectors.embedder import Embedder, default_embedder

log = logging.getLogger(__name__)

ENV_VECTORS_DIR = "STUDYAPP_VECTORS_DIR"
COMPACT_EVERY = 32


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
        """What is embedded and kept of the card: the beginning of "front\nback" (a longer
        card is still found by its beginning; the whole text stays in PostgreSQL)."""
        return cut(f"{self.front[:DERIVED_CHARS]}\n{self.back[:DERIVED_CHARS]}")

    @property
    def answer(self) -> str:
        return cut(self.back)


@dataclass(frozen=True)
class Match:
    card_id: int
    score: float
    answer: str = ""
    text: str = ""


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


def _scope(profile_id: int, goal_id: int | None = None) -> str:
    """The filter of one profile's rows, or one goal's of it."""
    where = f"profile_id = {int(profile_id)}"
    return where if goal_id is None else f"{where} AND goal_id = {int(goal_id)}"


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
        self._writes = 0

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

        column = self._card_id_column(_scope(profile_id, goal_id))
        total = pc.sum(column).as_py() if len(column) else 0
        return len(column), int(total or 0)

    def _card_id_column(self, where: str) -> Any:
        """The card ids of every row ``where`` selects, as one Arrow column (no Python objects
        until the caller asks)."""
        return (
            self.table().search().where(where).select(["card_id"]).limit(None).to_arrow()
        ).column("card_id")

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
        Replacing is an upsert by ``card_id``, safe when another process adds the same card;
        ``replace=False`` appends (only for rows no one else can have written)."""
        if not cards:
            return 0
        vectors = self.embedder.embed([c.text for c in cards])
        answers = self.embedder.embed([c.answer for c in cards])
        rows = [
            {
                "card_id": c.card_id,
                "profile_id": c.profile_id,
                "goal_id": c.goal_id,
                "kind": c.kind,
                "text": c.text,
                "answer": c.answer,
                "vector": vectors[i],
                "answer_vector": answers[i],
            }
            for i, c in enumerate(cards)
        ]
        with self._lock:
            table = self.table()
            if replace:
                (
                    table.merge_insert("card_id")
                    .when_matched_update_all()
                    .when_not_matched_insert_all()
                    .execute(rows)
                )
            else:
                table.add(rows)
            self._wrote()
        return len(rows)

    def remove(self, card_ids: Iterable[int], *, goal_id: int | None = None) -> None:
        """Drop cards' rows (only those filed under ``goal_id`` when given: a card that moved
        to another goal keeps its new row)."""
        ids = list(card_ids)
        if ids:
            where = f"card_id IN ({_ids_sql(ids)})"
            if goal_id is not None:
                where += f" AND goal_id = {int(goal_id)}"
            with self._lock:
                self.table().delete(where)
                self._wrote()

    def _wrote(self) -> None:
        """Compact now and then (see the module docstring). A failed compaction (another
        process compacting at the same moment) is harmless: the next one catches up."""
        self._writes += 1
        if self._writes % COMPACT_EVERY:
            return
        try:
            self.table().optimize(cleanup_older_than=timedelta(hours=1))
        except Exception:
            log.info("vector store compaction skipped", exc_info=True)

    # -- reads ----------------------------------------------------------------------------
    def card_ids(self, profile_id: int, goal_id: int | None = None) -> set[int]:
        return set(self.card_id_list(profile_id, goal_id))

    def card_id_list(self, profile_id: int, goal_id: int | None = None) -> list[int]:
        """Every row's card id in the scope (a card twice when two writers both added it)."""
        return self._card_id_column(_scope(profile_id, goal_id)).to_pylist()

    def nearest_many(
        self, profile_id: int, goal_id: int, vectors: np.ndarray, *, limit: int = 1
    ) -> list[list[Match]]:
        """For each vector, the goal's nearest cards, in ONE query: a job checks all its new
        cards at the cost of one search (flat in the goal's size, where a search per card was
        not)."""
        out: list[list[Match]] = [[] for _ in range(len(vectors))]
        live = [i for i, v in enumerate(vectors) if np.any(v)]
        if not live:
            return out
        where = _scope(profile_id, goal_id)
        query_vectors = [np.asarray(vectors[i], dtype=np.float32) for i in live]
        query = (
            self.table()
            .search(query_vectors if len(query_vectors) > 1 else query_vectors[0],
                    vector_column_name="vector")
            .distance_type("cosine")
            .where(where, prefilter=True)
            .select(["card_id", "answer", "text", "_distance"])
            .limit(limit)
        )  # fmt: skip
        for row in query.to_list():
            index = live[int(row.get("query_index", 0))]
            out[index].append(
                Match(row["card_id"], 1.0 - float(row["_distance"]), row["answer"], row["text"])
            )
        return out

    def nearest_cards(
        self,
        profile_id: int,
        goal_id: int,
        text: str,
        *,
        limit: int = 20,
        vector: np.ndarray | None = None,
    ) -> list[Match]:
        """The goal's cards nearest to ``text``, best first; ``Match.text`` is "front\nback"."""
        where = _scope(profile_id, goal_id)
        vec = self.embedder.embed([text])[0] if vector is None else vector
        hits = self._vector_search(vec, "vector", where, limit, ["card_id", "answer", "text"])
        return [
            Match(h["card_id"], 1.0 - float(h["_distance"]), h["answer"], h["text"]) for h in hits
        ]

    def neighbour_answers(
        self,
        profile_id: int,
        answer: str,
        kind: str,
        *,
        goal_id: int | None = None,
        exclude: Iterable[int] = (),
        limit: int = 20,
    ) -> list[Match]:
        """The learner's own answers nearest to ``answer`` among cards of the same kind (and
        goal, when given: options from another goal are obviously wrong)."""
        where = f"{_scope(profile_id, goal_id)} AND kind = {_quote(kind)}"
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
        where = _scope(profile_id, goal_id)
        hits = self._vector_search(
            self.embedder.embed([query])[0], "vector", where, limit, ["card_id", "answer"]
        )
        return [Match(h["card_id"], 1.0 - float(h["_distance"]), h["answer"]) for h in hits]

    # -- repair ---------------------------------------------------------------------------
    def resync(
        self,
        cards: Sequence[CardText],
        profile_id: int,
        goal_id: int | None = None,
        *,
        compare_texts: bool = True,
    ) -> ResyncReport:
        """Make the scope (profile, optionally goal) match ``cards``, the live cards PostgreSQL
        holds for it: add missing ones, drop archived or deleted ones and, when
        ``compare_texts``, re-embed changed text."""
        where = _scope(profile_id, goal_id)
        columns = ["card_id", "text", "goal_id"] if compare_texts else ["card_id", "goal_id"]
        stored = {row["card_id"]: row for row in self._rows(where, columns)}
        live = {c.card_id: c for c in cards}
        missing = [c for cid, c in live.items() if cid not in stored]
        changed = [
            c
            for cid, c in live.items()
            if cid in stored
            and (
                stored[cid]["goal_id"] != c.goal_id
                or (compare_texts and stored[cid]["text"] != c.text)
            )
        ]
        extra = [cid for cid in stored if cid not in live]
        self.add(missing + changed)
        self.remove(extra, goal_id=goal_id)
        if missing or changed or extra:
            log.info(
                "vector store resync: %d added, %d updated, %d removed",
                len(missing),
                len(changed),
                len(extra),
            )
        return ResyncReport(len(missing), len(extra), len(changed))
