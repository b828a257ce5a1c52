"""The card browser's queries: every card of the learner, filtered and sorted by PostgreSQL.

The browser shows tens of thousands of cards across goals. Like Anki's browser table and
calibre's library caches, a search returns only the ordered card ids (:func:`find_ids`: one
query, filtering and sorting in SQL, a few milliseconds for 10,000 cards) and the window fetches
the rows it paints, a block at a time (:func:`card_rows`). Semantic search asks the vector store
for the closest cards and keeps its ranking (best match first) unless the learner sorts by a
column.

Lapses are counted from the review log: an Again on a card that was in the Review state (the
FSRS state stored in ``reviews.previous``, or for a review made in Anki its revlog type in
``reviews.anki_log``), which is what Anki calls a lapse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.services import cards as cards_service
from studyapp.services.intervals import interval_shown
from studyapp.services.owned import require_goal, require_node, subtree_ids
from studyapp.services.tags import all_tags
from studyapp.vectors.store import VectorStore

SEMANTIC_LIMIT = 100  # closest cards a semantic search shows
MAX_WORDS = 12


class Status(StrEnum):
    ACTIVE = "active"  # not suspended
    DUE = "due"  # studied before and due now (not buried)
    NEW = "new"  # never studied
    SUSPENDED = "suspended"  # ``cards.archived``: never studied until unsuspended
    ARCHIVED = "suspended"  # the old name of the same state
    BURIED = "buried"  # left out of study until the learner's next day
    ALL = "all"


class Sort(StrEnum):
    CREATED = "created"
    RELEVANCE = "relevance"  # a semantic search's ranking
    FRONT = "front"
    BACK = "back"
    GOAL = "goal"
    SKILL = "skill"
    DUE = "due"
    INTERVAL = "interval"
    STABILITY = "stability"
    DIFFICULTY = "difficulty"
    REVIEWS = "reviews"
    LAPSES = "lapses"
    MADE_BY = "made_by"
    TAGS = "tags"


@dataclass(frozen=True)
class CardFilter:
    """What the browser shows. ``node_id`` includes the skill's descendants; ``made_by`` is the
    card's provider ("offline", "claude", "manual", "import", …)."""

    text: str = ""
    semantic: bool = False
    goal_id: int | None = None
    node_id: int | None = None
    status: Status = Status.ACTIVE
    made_by: str | None = None
    sort: Sort = Sort.CREATED
    descending: bool = False
    tag: str | None = None  # a tag and its children ("bio" finds "bio" and "bio::cells")

    def sorted_by(self, sort: Sort, descending: bool = False) -> CardFilter:
        return replace(self, sort=sort, descending=descending)


@dataclass(frozen=True)
class BrowserRow:
    id: int
    goal_id: int
    goal_title: str
    node_id: int | None
    skill_title: str | None
    front: str
    back: str
    archived: bool
    is_new: bool
    due: datetime
    interval: timedelta | None
    stability: float | None
    difficulty: float | None
    reviews: int
    lapses: int
    made_by: str | None
    tags: tuple[str, ...] = ()
    buried: bool = False  # buried until the learner's next day


# A review made in Anki has no previous state here: its revlog type says it was a review (1).
_LAPSE = (
    "r.rating = 1 AND ((r.previous ->> 'state') = '2' "
    "OR (r.previous IS NULL AND r.anki_log[4] = 1))"
)
_REVIEW_COUNTS = f"""
    SELECT r.card_id, count(*) AS reviews, count(*) FILTER (WHERE {_LAPSE}) AS lapses
    FROM reviews r WHERE r.profile_id = :profile_id GROUP BY r.card_id
"""

# Sort key -> (SQL expression, the joins it needs). Text sorts ignore case: the database's
# collation may be "C" (the embedded server's), which would put "RTO" before "an".
_SORTS: dict[Sort, tuple[str, frozenset[str]]] = {
    Sort.CREATED: ("c.id", frozenset()),
    Sort.FRONT: ("lower(c.front)", frozenset()),
    Sort.BACK: ("lower(c.back)", frozenset()),
    Sort.GOAL: ("lower(g.title)", frozenset({"goal"})),
    Sort.SKILL: ("lower(n.title)", frozenset({"skill"})),
    Sort.DUE: ("c.due", frozenset()),
    Sort.INTERVAL: ("(c.due - c.last_review)", frozenset()),
    Sort.STABILITY: ("c.stability", frozenset()),
    Sort.DIFFICULTY: ("c.difficulty", frozenset()),
    Sort.REVIEWS: ("coalesce(rc.reviews, 0)", frozenset({"reviews"})),
    Sort.LAPSES: ("coalesce(rc.lapses, 0)", frozenset({"reviews"})),
    Sort.MADE_BY: ("c.provider", frozenset()),
    Sort.TAGS: ("lower(array_to_string(c.tags, ' '))", frozenset()),
}
_JOINS = {
    "goal": "JOIN goals g ON g.id = c.goal_id",
    "skill": "LEFT JOIN skill_nodes n ON n.id = c.node_id",
    "reviews": f"LEFT JOIN ({_REVIEW_COUNTS}) rc ON rc.card_id = c.id",
}


def _like(word: str) -> str:
    """A LIKE pattern matching ``word`` literally (``%`` and ``_`` are not wildcards here)."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(
    db: Database, profile_id: int, flt: CardFilter, now: datetime
) -> tuple[list[str], dict[str, Any]]:
    clauses = ["c.profile_id = :profile_id"]
    params: dict[str, Any] = {"profile_id": profile_id, "now": now}
    status = {
        Status.ACTIVE: "NOT c.archived",
        Status.DUE: (
            "NOT c.archived AND c.last_review IS NOT NULL AND c.due <= :now "
            "AND (c.buried_until IS NULL OR c.buried_until <= :now)"
        ),
        Status.NEW: "NOT c.archived AND c.last_review IS NULL",
        Status.SUSPENDED: "c.archived",
        Status.BURIED: "NOT c.archived AND c.buried_until > :now",
        Status.ALL: "",
    }[flt.status]
    if status:
        clauses.append(status)
    if flt.goal_id is not None or flt.node_id is not None:
        with db.session() as session:
            if flt.goal_id is not None:
                require_goal(session, profile_id, flt.goal_id)
                clauses.append("c.goal_id = :goal_id")
                params["goal_id"] = flt.goal_id
            if flt.node_id is not None:
                require_node(session, profile_id, flt.node_id)
                clauses.append("c.node_id = ANY(:node_ids)")
                params["node_ids"] = subtree_ids(session, profile_id, flt.node_id)
    if flt.tag:
        clauses.append(
            "EXISTS (SELECT 1 FROM unnest(c.tags) t "
            "WHERE lower(t) = lower(:tag) OR lower(t) LIKE lower(:tag_children))"
        )
        params["tag"] = flt.tag
        params["tag_children"] = _like(flt.tag + "::")[1:]  # "bio::%": the tag's children
    if flt.made_by is not None:
        clauses.append("c.provider = :made_by" if flt.made_by else "c.provider IS NULL")
        params["made_by"] = flt.made_by
    if not flt.semantic:
        words = flt.text.split()
        if len(words) > MAX_WORDS:
            raise BadInput(f"Search for at most {MAX_WORDS} words at once.")
        for i, word in enumerate(words):
            clauses.append(f"(c.front ILIKE :w{i} OR c.back ILIKE :w{i})")
            params[f"w{i}"] = _like(word)
    return clauses, params


def find_ids(
    db: Database,
    profile_id: int,
    flt: CardFilter = CardFilter(),
    *,
    within: Sequence[int] | None = None,
    now: datetime | None = None,
) -> list[int]:
    """The ids of the learner's cards matching ``flt``, in its order (ties by id). ``within``
    limits the search to those ids; with ``Sort.RELEVANCE`` their order is kept."""
    if "\x00" in flt.text:
        raise BadInput("The search cannot contain NUL characters.")
    clauses, params = _where(db, profile_id, flt, now or datetime.now(UTC))
    if within is not None:
        clauses.append("c.id = ANY(:within)")
        params["within"] = list(within)
    direction = "DESC" if flt.descending else "ASC"
    if flt.sort is Sort.RELEVANCE:
        if within is None:
            raise BadInput("Sorting by relevance needs a semantic search.")
        order, joins = "array_position(CAST(:within AS bigint[]), c.id)", frozenset[str]()
        direction = "ASC"
    else:
        order, joins = _SORTS[flt.sort]
    sql = (
        "SELECT c.id FROM cards c "
        + " ".join(_JOINS[j] for j in sorted(joins))
        + " WHERE "
        + " AND ".join(clauses)
        + f" ORDER BY {order} {direction} NULLS LAST, c.id {direction}"
    )
    with db.session() as session:
        return list(session.execute(text(sql), params).scalars())


def semantic_ids(
    db: Database,
    profile_id: int,
    flt: CardFilter,
    *,
    limit: int = SEMANTIC_LIMIT,
    store: VectorStore | None = None,
) -> list[int]:
    """The cards closest in meaning to ``flt.text`` that pass its other filters, best match
    first (unless ``flt`` sorts by a column)."""
    hits = cards_service.search_cards(
        db, profile_id, flt.text, goal_id=flt.goal_id, limit=limit, store=store
    )
    ranked = [info.id for info, _score in hits]
    if not ranked:
        return []
    return find_ids(db, profile_id, flt, within=ranked)


def search(
    db: Database, profile_id: int, flt: CardFilter, *, store: VectorStore | None = None
) -> list[int]:
    """:func:`find_ids` or, for a semantic search with text, :func:`semantic_ids`."""
    if flt.semantic and flt.text.strip():
        return semantic_ids(db, profile_id, flt, store=store)
    return find_ids(db, profile_id, replace(flt, semantic=False))


_ROWS = f"""
SELECT c.id, c.goal_id, g.title AS goal_title, c.node_id, n.title AS skill_title, c.front,
       c.back, c.archived, c.last_review IS NULL AS is_new, c.due, c.stability, c.difficulty,
       coalesce(rc.reviews, 0) AS reviews, coalesce(rc.lapses, 0) AS lapses, c.provider,
       c.tags, coalesce(c.buried_until > now(), false) AS buried, c.last_review,
       (c.anki ->> 'rollover')::int AS rollover
FROM cards c
JOIN goals g ON g.id = c.goal_id
LEFT JOIN skill_nodes n ON n.id = c.node_id
LEFT JOIN (
    SELECT r.card_id, count(*) AS reviews, count(*) FILTER (WHERE {_LAPSE}) AS lapses
    FROM reviews r WHERE r.card_id = ANY(:ids) GROUP BY r.card_id
) rc ON rc.card_id = c.id
WHERE c.profile_id = :profile_id AND c.id = ANY(:ids)
"""


def card_rows(db: Database, profile_id: int, ids: Sequence[int]) -> list[BrowserRow]:
    """The rows of these cards, in the order of ``ids``; cards gone (deleted, or another
    learner's) are left out."""
    if not ids:
        return []
    with db.session() as session:
        found = {
            row.id: BrowserRow(
                id=row.id,
                goal_id=row.goal_id,
                goal_title=row.goal_title,
                node_id=row.node_id,
                skill_title=row.skill_title,
                front=row.front,
                back=row.back,
                archived=row.archived,
                is_new=row.is_new,
                due=row.due.astimezone(UTC),
                # In the learner's days, as Anki counts them (services/intervals.py).
                interval=interval_shown(row.due, row.last_review, rollover=row.rollover),
                stability=row.stability,
                difficulty=row.difficulty,
                reviews=int(row.reviews),
                lapses=int(row.lapses),
                made_by=row.provider,
                tags=tuple(row.tags or ()),
                buried=bool(row.buried),
            )
            for row in session.execute(
                text(_ROWS), {"profile_id": profile_id, "ids": list(ids)}
            ).all()
        }
    return [found[i] for i in ids if i in found]


# --- what the filters and the "move to skill" dialog offer -------------------------------------


@dataclass(frozen=True)
class SkillChoice:
    """A skill as a menu entry: ``path`` is "Parent › Child" within its goal."""

    node_id: int
    goal_id: int
    goal_title: str
    title: str
    depth: int
    path: str


@dataclass(frozen=True)
class FilterChoices:
    goals: tuple[tuple[int, str], ...]
    skills: tuple[SkillChoice, ...]
    made_by: tuple[str | None, ...]
    tags: tuple[str, ...] = ()


_SKILLS = """
WITH RECURSIVE tree AS (
    SELECT n.id, n.goal_id, n.title, 0 AS depth, ARRAY[n.position, n.id] AS sort_key,
           n.title::text AS path
    FROM skill_nodes n JOIN goals g ON g.id = n.goal_id
    WHERE g.profile_id = :profile_id AND n.parent_id IS NULL {goal}
  UNION ALL
    SELECT n.id, n.goal_id, n.title, t.depth + 1, t.sort_key || ARRAY[n.position, n.id],
           t.path || ' \u203a ' || n.title
    FROM skill_nodes n JOIN tree t ON n.parent_id = t.id
)
SELECT t.id, t.goal_id, g.title AS goal_title, t.title, t.depth, t.path
FROM tree t JOIN goals g ON g.id = t.goal_id
ORDER BY g.id, t.sort_key
"""


def skill_choices(db: Database, profile_id: int, goal_id: int | None = None) -> list[SkillChoice]:
    """Every skill of the learner (or of one goal) in tree order, parents before children."""
    params: dict[str, Any] = {"profile_id": profile_id}
    with db.session() as session:
        if goal_id is not None:
            require_goal(session, profile_id, goal_id)
            params["goal_id"] = goal_id
        sql = _SKILLS.format(goal="AND n.goal_id = :goal_id" if goal_id is not None else "")
        return [
            SkillChoice(
                node_id=row.id,
                goal_id=row.goal_id,
                goal_title=row.goal_title,
                title=row.title,
                depth=row.depth,
                path=row.path,
            )
            for row in session.execute(text(sql), params).all()
        ]


def filter_choices(db: Database, profile_id: int) -> FilterChoices:
    """The goals, skills and card makers the browser's filters offer."""
    with db.session() as session:
        goals = session.execute(
            text("SELECT id, title FROM goals WHERE profile_id = :p ORDER BY archived, id"),
            {"p": profile_id},
        ).all()
        made_by = session.execute(
            text(
                "SELECT DISTINCT provider FROM cards WHERE profile_id = :p "
                "ORDER BY provider NULLS LAST"
            ),
            {"p": profile_id},
        ).scalars()
        makers = tuple(made_by)
    return FilterChoices(
        tuple((int(i), str(t)) for i, t in goals),
        tuple(skill_choices(db, profile_id)),
        makers,
        tuple(all_tags(db, profile_id)),
    )
