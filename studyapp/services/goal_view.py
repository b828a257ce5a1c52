"""Everything the goal page shows, read in one short unit of work off the GUI thread.

The window never queries piecemeal: one call returns the goal, its skill tree, its cards, card
counts per skill, mastery, and the generation jobs that still need a placeholder (running,
waiting for a retry, or failed recently).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.jobs import store
from studyapp.jobs.contract import FLASHCARD_GENERATION, SKILL_TREE_GENERATION, JobInfo
from studyapp.services.cards import CardInfo, list_cards
from studyapp.services.goals import GoalInfo, NodeInfo, get_goal, skill_tree
from studyapp.services.mastery import Mastery, goal_mastery

FAILED_SHOWN_FOR = timedelta(days=7)


@dataclass(frozen=True)
class GoalSnapshot:
    goal: GoalInfo
    nodes: tuple[NodeInfo, ...]
    cards: tuple[CardInfo, ...]
    jobs: dict[int, JobInfo]  # generation jobs of this goal worth showing, by id
    card_counts: dict[int, int] = field(default_factory=dict)  # node id → its own cards
    mastery: dict[int, Mastery] = field(default_factory=dict)
    # Changes whenever any shown card changes; computed here, off the GUI thread, so the window
    # can skip comparing 10,000 unchanged cards on every refresh.
    cards_signature: int = 0
    cards_version: tuple = ()

    @property
    def tree_job(self) -> JobInfo | None:
        """The newest top-level skill-tree job (its placeholder is the tree skeleton)."""
        top = [
            j for j in self.jobs.values() if j.type == SKILL_TREE_GENERATION and j.parent_id is None
        ]
        return max(top, key=lambda j: j.id) if top else None

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


def cards_version(db: Database, profile_id: int, goal_id: int) -> tuple:
    """Cheap: changes when a card of the goal is added, edited, archived, reviewed, or gets new
    choices. Lets a refresh skip re-reading 10,000 unchanged cards."""
    with db.session() as session:
        row = session.execute(
            text(
                # Edited cards have updated_at past created_at; new ones do not, so an
                # insert changes only the count and the max id.
                "SELECT count(*), max(c.id), "
                "max(c.updated_at) FILTER (WHERE c.updated_at > c.created_at), max(c.last_review), "
                "(SELECT max(d.id) FROM distractor_sets d JOIN cards k ON k.id = d.card_id "
                " WHERE k.goal_id = :g) "
                "FROM cards c WHERE c.goal_id = :g AND c.profile_id = :p AND NOT c.archived"
            ),
            {"g": goal_id, "p": profile_id},
        ).one()
    return tuple(row)


def _only_added(old: tuple, new: tuple) -> bool:
    """(count, max id, max updated, max reviewed, max distractor set): only inserts happened."""
    if len(old) != 5 or len(new) != 5 or old[0] is None:
        return False
    return (
        new[0] > old[0]
        and (new[1] or 0) > (old[1] or 0)
        and old[2] == new[2]
        and old[3] == new[3]
        and old[4] == new[4]
    )


def goal_snapshot(
    db: Database, profile_id: int, goal_id: int, *, previous: GoalSnapshot | None = None
) -> GoalSnapshot:
    """``previous``: the snapshot on screen; its cards are reused when they did not change."""
    goal = get_goal(db, profile_id, goal_id)
    nodes = tuple(skill_tree(db, profile_id, goal_id))
    version = cards_version(db, profile_id, goal_id)
    same_goal = previous is not None and previous.goal.id == goal_id
    unchanged = same_goal and previous.cards_version == version
    if unchanged:
        cards = previous.cards
    elif same_goal and _only_added(previous.cards_version, version):
        # Only new cards (a generation finished): read just those, keep the rest as they are.
        newest = previous.cards_version[1] or 0
        cards = previous.cards + tuple(list_cards(db, profile_id, goal_id, after_id=newest))
        if len(cards) != version[0]:  # raced with another change: read everything
            cards = tuple(list_cards(db, profile_id, goal_id))
    else:
        cards = tuple(list_cards(db, profile_id, goal_id))
    counts: dict[int, int] = {}
    for card in cards:
        if card.node_id is not None:
            counts[card.node_id] = counts.get(card.node_id, 0) + 1
    jobs = relevant_jobs(db, profile_id, goal_id)
    # Mastery moves with reviews (and slowly with time); new unreviewed cards do not change it.
    reviews_same = same_goal and previous.cards_version[3:4] == version[3:4]
    if (unchanged or reviews_same) and previous is not None and previous.nodes == nodes:
        mastery = previous.mastery
    else:
        mastery = goal_mastery(db, profile_id, goal_id).nodes
    signature = hash(cards)
    return GoalSnapshot(goal, nodes, cards, jobs, counts, dict(mastery), signature, version)


def relevant_jobs(db: Database, profile_id: int, goal_id: int) -> dict[int, JobInfo]:
    cutoff = datetime.now(UTC) - FAILED_SHOWN_FOR
    jobs = store.list_jobs(db, profile_id, goal_id=goal_id, limit=1000)
    keep: dict[int, JobInfo] = {}
    for job in jobs:
        if job.type not in (FLASHCARD_GENERATION, SKILL_TREE_GENERATION):
            continue
        live = job.status in ("pending", "processing")
        recent_failure = job.status == "failed" and (
            job.completed_at is None or job.completed_at >= cutoff
        )
        # Finished tree jobs too: the skeleton and the branches' states are read from them.
        if live or recent_failure or job.type == SKILL_TREE_GENERATION:
            keep[job.id] = job
    return keep


def subtree_ids(nodes: tuple[NodeInfo, ...] | list[NodeInfo], node_id: int) -> set[int]:
    """``node_id`` and all its descendants."""

    def find(items) -> NodeInfo | None:
        for item in items:
            if item.id == node_id:
                return item
            hit = find(item.children)
            if hit is not None:
                return hit
        return None

    def collect(node: NodeInfo) -> set[int]:
        out = {node.id}
        for child in node.children:
            out |= collect(child)
        return out

    found = find(nodes)
    return collect(found) if found is not None else {node_id}
