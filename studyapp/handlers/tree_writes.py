"""Writing a goal's top-level skills, shared by the skill-tree job and by a card job that found
no tree (material added before any tree first makes its tree).

The top level is written with status 'generating' and one branch job is spawned per node (its
children come later, so a failed branch shows beside the finished ones). Every card of the goal
is then homed on the closest new skill: a regeneration never orphans a card.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from studyapp.db.models import Card, SkillNode
from studyapp.handlers import compute
from studyapp.handlers.kinds import SKILL_TREE_GENERATION
from studyapp.jobs.contract import CompletionTx
from studyapp.limits import head
from studyapp.vectors.skill_homes import NodeText, home_cards, nearest


def plan_homes(
    cards: Sequence[tuple[int, str, str]], nodes: Sequence[Mapping[str, Any]]
) -> dict[str, int]:
    """For the slow part of a job: which new top-level node (by index) each existing card
    (id, front, back) goes to, by embedding. Done outside the transaction so that applying it
    costs one UPDATE per node."""
    if not cards or not nodes:
        return {}
    as_nodes = [NodeText(i, n["title"], n.get("description", "")) for i, n in enumerate(nodes)]
    targets = nearest([f"{front}\n{back}" for _, front, back in cards], as_nodes)
    return {str(card_id): index for (card_id, _, _), index in zip(cards, targets, strict=True)}


def goal_cards(session: Session, goal_id: int) -> list[tuple[int, str, str]]:
    rows = session.execute(
        select(Card.id, head(Card.front), head(Card.back))
        .where(Card.goal_id == goal_id)
        .order_by(Card.id)
    )
    return [tuple(r) for r in rows]


def write_top_level(
    tx: CompletionTx,
    goal_id: int,
    nodes: Sequence[Mapping[str, Any]],
    homes: Mapping[str, int] | None = None,
) -> tuple[list[int], int]:
    """Replace the goal's skills with ``nodes`` (status 'generating', a branch job each), then
    put every card on its closest new skill: the planned ones by ``homes`` (card id → node
    index), the rest (cards made since the plan) by embedding now. Returns (node ids, cards
    that ended on a skill)."""
    session = tx.session
    session.execute(delete(SkillNode).where(SkillNode.goal_id == goal_id))  # cards: node NULL
    ids: list[int] = []
    for position, node in enumerate(nodes):
        new_id = session.execute(
            insert(SkillNode)
            .values(
                goal_id=goal_id,
                title=node["title"],
                description=node.get("description", ""),
                position=position,
                status="generating",
                source_job_id=tx.job.id,
            )
            .returning(SkillNode.id)
        ).scalar_one()
        ids.append(new_id)
        tx.spawn(SKILL_TREE_GENERATION, {"goal_id": goal_id, "node_id": new_id}, goal_id=goal_id)
    moved = 0
    by_node: dict[int, list[int]] = {}
    for card_id, index in (homes or {}).items():
        if 0 <= index < len(ids):
            by_node.setdefault(ids[index], []).append(int(card_id))
    for node_id, card_ids in by_node.items():
        # Counted with RETURNING: an ORM session's execute() is typed as a Result, whose
        # rowcount is only on the CursorResult it is at run time.
        moved += len(
            session.execute(
                update(Card)
                .where(Card.goal_id == goal_id, Card.id.in_(card_ids), Card.node_id.is_(None))
                .values(node_id=node_id)
                .returning(Card.id)
            ).all()
        )
    new_nodes = [
        NodeText(i, n["title"], n.get("description", "")) for i, n in zip(ids, nodes, strict=True)
    ]
    moved += home_cards(session, goal_id, among=new_nodes, embedder=compute.embedder())
    return ids, moved
