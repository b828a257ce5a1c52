"""Everything the goal page shows, read in one short unit of work off the GUI thread.

The window never queries piecemeal: one call returns the goal, its skill tree, its cards, card
counts per skill, mastery, and the generation jobs that still need a placeholder (running,
waiting for a retry, or failed recently).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

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


def goal_snapshot(db: Database, profile_id: int, goal_id: int) -> GoalSnapshot:
    goal = get_goal(db, profile_id, goal_id)
    nodes = tuple(skill_tree(db, profile_id, goal_id))
    cards = tuple(list_cards(db, profile_id, goal_id))
    counts: dict[int, int] = {}
    for card in cards:
        if card.node_id is not None:
            counts[card.node_id] = counts.get(card.node_id, 0) + 1
    jobs = relevant_jobs(db, profile_id, goal_id)
    mastery = goal_mastery(db, profile_id, goal_id).nodes
    return GoalSnapshot(goal, nodes, cards, jobs, counts, dict(mastery))


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
