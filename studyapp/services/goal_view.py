"""Everything the goal page shows, read in one short unit of work off the GUI thread.

The window never queries piecemeal: one call returns the goal, its skill tree, its cards, card
counts per skill, mastery, and the generation jobs that still need a placeholder (running,
waiting for a retry, or failed recently).

A refresh of a large deck must not re-read it. The cards are versioned by one aggregate (count,
newest id, the sum of the rows' ``xmin``, newest choice set, newest review): PostgreSQL gives a
row a new ``xmin`` on every change, whoever made it (an edit, a review, a move, the foreign key
setting ``node_id`` to NULL when a skill is deleted), so an unchanged version means unchanged
cards. When it changed, the common case (a generation added cards) reads only the rows past the
newest id and checks that they account for the whole difference; anything else compares
``(id, xmin)`` pairs, two integers a card, and reads only the rows that differ. The version and
the reads share one REPEATABLE READ snapshot, so they agree with each other. The result carries
the change as a :class:`CardsDelta`, which the deck applies as a handful of row updates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.db.models import Card
from studyapp.handlers.kinds import FLASHCARD_GENERATION, SKILL_TREE_GENERATION
from studyapp.jobs import store
from studyapp.jobs.contract import JobInfo
from studyapp.services.cards import CardInfo, read_cards
from studyapp.services.goals import GoalInfo, NodeInfo, get_goal, skill_tree, walk
from studyapp.services.mastery import Mastery, goal_mastery

FAILED_SHOWN_FOR = timedelta(days=7)
LIVE = ("pending", "processing")


@dataclass(frozen=True)
class CardsVersion:
    count: int = 0
    max_id: int = 0
    xmin_sum: int = 0
    choices: int = 0  # newest distractor set of the goal (choices are shown per card)
    reviewed: datetime | None = None  # newest review: mastery only moves with reviews


@dataclass(frozen=True)
class CardsDelta:
    """How the cards differ from the previous snapshot's."""

    full: bool = False  # no usable previous snapshot: ``cards`` is all new
    upserted: tuple[CardInfo, ...] = ()  # new or changed cards, in id order
    removed: frozenset[int] = frozenset()  # archived or deleted since

    @property
    def empty(self) -> bool:
        return not self.full and not self.upserted and not self.removed


@dataclass(frozen=True)
class GoalSnapshot:
    goal: GoalInfo
    nodes: tuple[NodeInfo, ...]
    cards: tuple[CardInfo, ...]  # live cards, id order
    jobs: dict[int, JobInfo]  # generation jobs of this goal worth showing, by id
    card_counts: dict[int, int] = field(default_factory=dict)  # node id → its own cards
    mastery: dict[int, Mastery] = field(default_factory=dict)
    version: CardsVersion = CardsVersion()
    delta: CardsDelta = CardsDelta(full=True)
    # id → xmin of every live card: what the next refresh compares against.
    row_versions: dict[int, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def tree_job(self) -> JobInfo | None:
        """The newest top-level skill-tree job (its placeholder is the tree skeleton)."""
        top = [
            j for j in self.jobs.values() if j.type == SKILL_TREE_GENERATION and j.parent_id is None
        ]
        return max(top, key=lambda j: j.id) if top else None

    def node_titles(self) -> dict[int, str]:
        return {node.id: node.title for node, _depth in walk(self.nodes)}

    def card_jobs(self, node_ids: set[int] | None = None) -> list[JobInfo]:
        """Flashcard jobs that get a placeholder row: leaves only (a long material's parent is
        shown through its parts), limited to a skill subtree when ``node_ids`` is given."""
        card_jobs = [j for j in self.jobs.values() if j.type == FLASHCARD_GENERATION]
        parents = {j.parent_id for j in card_jobs if j.parent_id is not None}
        shown = []
        for job in card_jobs:
            if job.id in parents:
                continue
            node = job.payload.get("node_id")
            if node_ids is not None and node not in node_ids:
                continue
            if job.status == "completed":
                continue
            shown.append(job)
        return shown


_VERSION_SQL = text(
    "SELECT count(*), coalesce(max(c.id), 0), coalesce(sum(c.xmin::text::bigint), 0)::bigint, "
    "(SELECT coalesce(max(d.id), 0) FROM distractor_sets d JOIN cards k ON k.id = d.card_id "
    " WHERE k.goal_id = :g), max(c.last_review) "
    "FROM cards c WHERE c.goal_id = :g AND c.profile_id = :p AND NOT c.archived"
)
_ROW_VERSIONS_SQL = (
    "SELECT id, xmin::text::bigint FROM cards "
    "WHERE goal_id = %s AND profile_id = %s AND NOT archived AND id > %s"
)
_NEW_CHOICES_SQL = text(
    "SELECT DISTINCT d.card_id FROM distractor_sets d JOIN cards k ON k.id = d.card_id "
    "WHERE k.goal_id = :g AND d.id > :after"
)


def _version(session: Session, profile_id: int, goal_id: int) -> CardsVersion:
    row = session.execute(_VERSION_SQL, {"g": goal_id, "p": profile_id}).one()
    return CardsVersion(int(row[0]), int(row[1]), int(row[2]), int(row[3]), row[4])


def _row_versions(session: Session, profile_id: int, goal_id: int, *, after: int) -> dict[int, int]:
    """id → xmin of live cards past ``after``: on the driver's cursor, because for 10,000 cards
    SQLAlchemy's row objects would cost more than the query (and hold the interpreter)."""
    driver = session.connection().connection.driver_connection
    assert driver is not None  # a checked-out connection is never detached from its driver
    cursor = driver.cursor()
    try:
        cursor.execute(_ROW_VERSIONS_SQL, (goal_id, profile_id, after))
        return dict(cursor.fetchall())
    finally:
        cursor.close()


def _read_cards(
    db: Database, profile_id: int, goal_id: int, previous: GoalSnapshot | None
) -> tuple[tuple[CardInfo, ...], CardsDelta, CardsVersion, dict[int, int]]:
    with db.session() as session:
        session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        version = _version(session, profile_id, goal_id)
        if previous is None:
            live_cards = read_cards(session, profile_id, goal_id, Card.archived.is_(False))
            rows = _row_versions(session, profile_id, goal_id, after=0)
            return tuple(live_cards), CardsDelta(full=True), version, rows
        before = previous.version
        if version == before:
            return previous.cards, CardsDelta(), version, previous.row_versions
        rows = dict(previous.row_versions)
        changed: set[int] = set()
        # Cards given new choices (a choice set is its own row: the card's xmin stays).
        if version.choices != before.choices:
            changed.update(
                session.execute(_NEW_CHOICES_SQL, {"g": goal_id, "after": before.choices})
                .scalars()
                .all()
            )
        newer = _row_versions(session, profile_id, goal_id, after=before.max_id)
        rows.update(newer)
        changed.update(newer)
        removed: set[int] = set()
        only_added = version.count == before.count + len(
            newer
        ) and version.xmin_sum == before.xmin_sum + sum(newer.values())
        if not only_added:
            # Something older changed too (edit, review, move, archive, delete): compare the
            # (id, xmin) pairs, never the cards themselves.
            current = _row_versions(session, profile_id, goal_id, after=0)
            removed = set(rows) - set(current)
            changed.update(i for i, x in current.items() if rows.get(i) != x)
            rows = current
        for gone in removed:
            rows.pop(gone, None)
        upserted = (
            read_cards(session, profile_id, goal_id, Card.id.in_(sorted(changed)))
            if changed
            else []
        )
    live = [c for c in upserted if not c.archived and c.id in rows]
    removed |= {c.id for c in upserted if c.archived or c.id not in rows}
    cards = _merge(previous.cards, live, removed)
    return cards, CardsDelta(False, tuple(live), frozenset(removed)), version, rows


def _merge(
    cards: tuple[CardInfo, ...], upserted: list[CardInfo], removed: set[int]
) -> tuple[CardInfo, ...]:
    if not upserted and not removed:
        return cards
    newest = cards[-1].id if cards else 0
    if not removed and all(c.id > newest for c in upserted):
        return cards + tuple(upserted)  # the common case: a generation added cards
    by_id = {c.id: c for c in cards}
    for card_id in removed:
        by_id.pop(card_id, None)
    for card in upserted:
        by_id[card.id] = card
    return tuple(by_id[i] for i in sorted(by_id))


def goal_snapshot(
    db: Database, profile_id: int, goal_id: int, *, previous: GoalSnapshot | None = None
) -> GoalSnapshot:
    """``previous``: the snapshot on screen; only what changed since is read."""
    goal = get_goal(db, profile_id, goal_id)
    nodes = tuple(skill_tree(db, profile_id, goal_id))
    if previous is not None and previous.goal.id != goal_id:
        previous = None
    cards, delta, version, rows = _read_cards(db, profile_id, goal_id, previous)
    # Only cards were added (a generation finished): the figures per skill can be carried
    # forward. Anything else (a card moved, archived, removed) recomputes them.
    only_added = (
        previous is not None
        and not delta.removed
        and all(c.id > previous.version.max_id for c in delta.upserted)
    )
    if only_added and previous is not None:
        counts = dict(previous.card_counts)
        for card in delta.upserted:
            if card.node_id is not None:
                counts[card.node_id] = counts.get(card.node_id, 0) + 1
    else:
        counts = dict(Counter(c.node_id for c in cards if c.node_id is not None))
    jobs = relevant_jobs(db, profile_id, goal_id)
    # Mastery moves with reviews (and slowly with time); new unreviewed cards do not change it.
    if (
        only_added
        and previous is not None
        and previous.version.reviewed == version.reviewed
        and previous.nodes == nodes
    ):
        mastery = previous.mastery
    else:
        mastery = dict(goal_mastery(db, profile_id, goal_id).nodes)
    return GoalSnapshot(goal, nodes, cards, jobs, counts, mastery, version, delta, rows)


def relevant_jobs(db: Database, profile_id: int, goal_id: int) -> dict[int, JobInfo]:
    """Running and recently failed flashcard jobs (placeholders) and the goal's tree jobs (the
    skeleton and the branches' states are read from them); finished flashcard jobs, which a
    goal gathers by the hundred, are not read at all."""
    cutoff = datetime.now(UTC) - FAILED_SHOWN_FOR
    keep: dict[int, JobInfo] = {}
    for status in (*LIVE, "failed"):
        for job in store.list_jobs(
            db, profile_id, status=status, job_type=FLASHCARD_GENERATION, goal_id=goal_id
        ):
            if status != "failed" or job.completed_at is None or job.completed_at >= cutoff:
                keep[job.id] = job
    for job in store.list_jobs(
        db, profile_id, job_type=SKILL_TREE_GENERATION, goal_id=goal_id, limit=300
    ):
        keep[job.id] = job
    return keep


def subtree_ids(nodes: tuple[NodeInfo, ...] | list[NodeInfo], node_id: int) -> set[int]:
    """``node_id`` and all its descendants (walked, not recursed: any depth)."""
    found = next((node for node, _depth in walk(nodes) if node.id == node_id), None)
    if found is None:
        return {node_id}
    return {node.id for node, _depth in walk([found])}
