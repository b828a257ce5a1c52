"""Ownership look-ups shared by the study, statistics and interop services.

Every service call acts as one profile; another profile's goal, node or card must look exactly like
one that does not exist (``NotFound``), so nobody can probe ids. These helpers are the one place that
rule is written down for the modules of this engine (``goals.py``/``cards.py`` keep their own).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from studyapp.db.models import Card, Goal, SkillNode
from studyapp.errors import NotFound

_SUBTREE = text(
    """
    WITH RECURSIVE tree(id) AS (
        SELECT n.id FROM skill_nodes n JOIN goals g ON g.id = n.goal_id
        WHERE n.id = :node_id AND g.profile_id = :profile_id
        UNION ALL
        SELECT c.id FROM skill_nodes c JOIN tree t ON c.parent_id = t.id
    )
    SELECT id FROM tree
    """
)


def require_goal(session: Session, profile_id: int, goal_id: int) -> Goal:
    """The goal if this profile owns it; otherwise NotFound (also for another profile's goal)."""
    goal = session.execute(
        select(Goal).where(Goal.id == goal_id, Goal.profile_id == profile_id)
    ).scalar_one_or_none()
    if goal is None:
        raise NotFound(f"No goal {goal_id}.")
    return goal


def require_node(session: Session, profile_id: int, node_id: int) -> SkillNode:
    node = session.execute(
        select(SkillNode)
        .join(Goal, Goal.id == SkillNode.goal_id)
        .where(SkillNode.id == node_id, Goal.profile_id == profile_id)
    ).scalar_one_or_none()
    if node is None:
        raise NotFound(f"No skill node {node_id}.")
    return node


def require_goal_node(
    session: Session, profile_id: int, goal_id: int, node_id: int | None = None
) -> None:
    """The goal is this profile's and, when given, the node belongs to that goal."""
    require_goal(session, profile_id, goal_id)
    if node_id is None:
        return
    found = session.execute(
        select(SkillNode.id).where(SkillNode.id == node_id, SkillNode.goal_id == goal_id)
    ).first()
    if found is None:
        raise NotFound(f"No skill node {node_id} in goal {goal_id}.")


def card_value(session: Session, profile_id: int, card_id: int, column: Any) -> Any:
    """One column of the profile's card (``Card.goal_id``, ``Card.media``…); NotFound for a
    missing card or another profile's."""
    row = session.execute(
        select(column).where(Card.id == card_id, Card.profile_id == profile_id)
    ).first()
    if row is None:
        raise NotFound(f"No card {card_id}.")
    return row[0]


def subtree_ids(session: Session, profile_id: int, node_id: int) -> list[int]:
    """The node and all its descendants (a branch's cards are its children's cards too)."""
    ids = list(session.execute(_SUBTREE, {"node_id": node_id, "profile_id": profile_id}).scalars())
    if not ids:
        raise NotFound(f"No skill node {node_id}.")
    return ids
