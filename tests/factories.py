"""Plain ORM rows for tests of the study engine and interop.

Goals, nodes and cards are made by inserting rows directly, not through ``services/goals.py`` or
``services/cards.py``, so these tests depend only on the schema.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from studyapp.db.database import Database
from studyapp.db.models import Card, DistractorSet, Goal, SkillNode


def make_goal(db: Database, profile_id: int, title: str = "Learn TCP", **extra: Any) -> int:
    with db.session() as session:
        goal = Goal(profile_id=profile_id, title=title, **extra)
        session.add(goal)
        session.flush()
        return goal.id


def make_node(
    db: Database,
    goal_id: int,
    title: str,
    parent_id: int | None = None,
    position: int = 0,
    **extra: Any,
) -> int:
    with db.session() as session:
        node = SkillNode(
            goal_id=goal_id, parent_id=parent_id, title=title, position=position, **extra
        )
        session.add(node)
        session.flush()
        return node.id


def make_card(
    db: Database,
    profile_id: int,
    goal_id: int,
    front: str = "Q",
    back: str = "A",
    node_id: int | None = None,
    created_at: datetime | None = None,
    **extra: Any,
) -> int:
    values: dict[str, Any] = {"provider": "test", **extra}
    if created_at is not None:
        values.setdefault("created_at", created_at)
        values.setdefault("due", created_at)
        values.setdefault("updated_at", created_at)
    with db.session() as session:
        card = Card(
            profile_id=profile_id,
            goal_id=goal_id,
            node_id=node_id,
            front=front,
            back=back,
            **values,
        )
        session.add(card)
        session.flush()
        return card.id


def make_cards(
    db: Database, profile_id: int, goal_id: int, n: int, node_id: int | None = None, **extra: Any
) -> list[int]:
    return [
        make_card(db, profile_id, goal_id, f"front {i}", f"back {i}", node_id, **extra)
        for i in range(n)
    ]


def make_distractors(db: Database, card_id: int, options: list[str]) -> int:
    with db.session() as session:
        row = DistractorSet(card_id=card_id, options=options, provider="test")
        session.add(row)
        session.flush()
        return row.id
