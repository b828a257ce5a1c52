"""Say what each job is for, in a learner's words ("Cards for 'Slow start' in TCP congestion").

The wording comes from each job type's texts, declared in ``handlers/kinds.py``.

One query per kind of object for a whole page of jobs, never one per job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from studyapp.db.database import Database
from studyapp.db.models import Card, Goal, SkillNode
from studyapp.handlers.kinds import texts_for
from studyapp.jobs.contract import JobInfo
from studyapp.limits import head
from studyapp.plural import counted

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
            query = select(Card.id, head(Card.front).label("front")).where(
                Card.id.in_(card_ids), Card.profile_id == profile_id
            )
            cards = {row.id: row.front for row in session.execute(query)}
    labels: dict[int, str] = {}
    for job in jobs:
        texts = texts_for(job.type)
        goal = goals.get(job.goal_id, "") if job.goal_id is not None else ""
        node = nodes.get(int(job.payload.get("node_id", 0) or 0))
        card = cards.get(int(job.payload.get("card_id", 0) or 0))
        chunk = job.payload.get("chunk") or {}
        if card and texts.for_card:
            label = texts.for_card.format(card=_short(card))
        elif node and texts.for_node:
            label = texts.for_node.format(node=_short(node))
        else:
            part = f" (part {chunk['index'] + 1} of {chunk['total']})" if chunk else ""
            label = (texts.for_goal or texts.name.capitalize()) + part
        if goal:
            label += f" \u00b7 {_short(goal, 30)}"
        labels[job.id] = label[:MAX_LABEL]
    return labels


def _maker(provider: object) -> str:
    """A job's ``provider`` ("offline", "claude/claude-sonnet-5-5") as a learner reads it."""
    text = str(provider or "")
    if text == "offline":
        return "the offline generator"
    if text.startswith("claude"):
        model = text.partition("/")[2]
        return f"Claude ({model})" if model else "Claude"
    return text


def describe_result(result: Mapping[str, Any] | None) -> list[str]:
    """A finished job's result in sentences for the jobs page ("12 cards made, 2 duplicates
    skipped, by the offline generator."), never its raw keys ("created 10, skipped_duplicates
    0"). Ids and lists of rejected texts are left to the JSON of ``jobs show``."""
    if not result:
        return []
    made: list[str] = []
    counts = (
        ("created", "card", "made"),
        ("children", "sub-skill", "made"),
        ("skipped_duplicates", "duplicate", "skipped"),
        ("cards_moved", "card", "moved to a closer skill"),
        ("cards_homed", "card", "placed on their nearest skill"),
    )
    for key, noun, verb in counts:
        value = result.get(key)
        if isinstance(value, int) and (value or key in ("created", "children")):
            made.append(f"{counted(value, noun)} {verb}")
    if isinstance(result.get("node_ids"), list):
        made.insert(0, f"{counted(len(result['node_ids']), 'skill')} made")
    if isinstance(result.get("options"), list) and "created" not in result:
        made.append(f"{counted(len(result['options']), 'option')} made")
    if isinstance(result.get("chunks"), int):
        made.append(f"split into {counted(result['chunks'], 'part')}, each a job of its own")
    lines = []
    maker = result.get("provider") or result.get("tree_provider")
    if made:
        by = f", by {_maker(maker)}" if maker else ""
        lines.append(f"Result: {', '.join(made)}{by}.")
    summary = result.get("summary")
    if isinstance(summary, str) and summary and (" rejected" in summary or "found" in summary):
        lines.append(f"Quality check: {summary}.")
    note = result.get("note")
    if isinstance(note, str) and note:
        lines.append(note)
    return lines
