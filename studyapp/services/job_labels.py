"""Say what each job is for, in a learner's words ("Cards for 'Slow start' in TCP congestion").

One query per kind of object for a whole page of jobs, never one per job.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from studyapp.db.database import Database
from studyapp.db.models import Card, Goal, SkillNode
from studyapp.jobs.contract import DISTRACTOR_GENERATION, FLASHCARD_GENERATION, JobInfo

MAX_LABEL = 90


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def describe_jobs(db: Database, profile_id: int, jobs: Sequence[JobInfo]) -> dict[int, str]:
    goal_ids = {j.goal_id for j in jobs if j.goal_id is not None}
    node_ids = {
        int(j.payload["node_id"]) for j in jobs if str(j.payload.get("node_id", "")).isdigit()
    }
    card_ids = {
        int(j.payload["card_id"]) for j in jobs if str(j.payload.get("card_id", "")).isdigit()
    }
    goals: dict[int, str] = {}
    nodes: dict[int, str] = {}
    cards: dict[int, str] = {}
    with db.session() as session:
        if goal_ids:
            query = select(Goal.id, Goal.title).where(
                Goal.id.in_(goal_ids), Goal.profile_id == profile_id
            )
            goals = {row.id: row.title for row in session.execute(query)}
        if node_ids:
            query = select(SkillNode.id, SkillNode.title).where(SkillNode.id.in_(node_ids))
            nodes = {row.id: row.title for row in session.execute(query)}
        if card_ids:
            query = select(Card.id, Card.front).where(
                Card.id.in_(card_ids), Card.profile_id == profile_id
            )
            cards = {row.id: row.front for row in session.execute(query)}
    labels: dict[int, str] = {}
    for job in jobs:
        goal = goals.get(job.goal_id, "") if job.goal_id is not None else ""
        node = nodes.get(int(job.payload.get("node_id", 0) or 0))
        card = cards.get(int(job.payload.get("card_id", 0) or 0))
        chunk = job.payload.get("chunk") or {}
        if job.type == DISTRACTOR_GENERATION and card:
            label = f"Choices for \u201c{_short(card)}\u201d"
        elif job.type == FLASHCARD_GENERATION and node:
            label = f"Cards for \u201c{_short(node)}\u201d"
        elif job.type == FLASHCARD_GENERATION:
            part = f" (part {chunk['index'] + 1} of {chunk['total']})" if chunk else ""
            label = f"Cards from material{part}"
        elif node:
            label = f"Sub-skills of \u201c{_short(node)}\u201d"
        else:
            label = "Skill tree"
        if goal:
            label += f" \u00b7 {_short(goal, 30)}"
        labels[job.id] = label[:MAX_LABEL]
    return labels
