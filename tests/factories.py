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


def make_history(
    db: Database,
    profile_id: int,
    goal_id: int,
    cards: int,
    reviews_per_card: int,
    *,
    seed: int = 7,
    start: datetime | None = None,
) -> int:
    """Cards with a made-up but learner-like review log (a memory that halves its failures per
    success, reviews spaced further each time), COPYed in: enough history for the FSRS optimiser
    in a test (hundreds of reviews) or a benchmark (100,000). Returns the reviews written."""
    import json
    import math
    import random
    from datetime import UTC, timedelta

    rng = random.Random(seed)
    begin = start or datetime(2024, 1, 1, 9, tzinfo=UTC)
    card_rows, review_rows = [], []
    with db.engine.begin() as conn:
        first_id = (
            conn.exec_driver_sql(f"SELECT nextval('cards_id_seq') FROM generate_series(1, {cards})")
            .scalars()
            .all()
        )
    for card_id in first_id:
        moment = begin + timedelta(hours=rng.randrange(0, 24 * 60))
        card_rows.append((card_id, profile_id, goal_id, f"front {card_id}", "back", moment))
        memory, last = rng.uniform(0.5, 3.0), None
        for k in range(reviews_per_card):
            if k:
                gap = max(1, round(2.2**k * rng.uniform(0.6, 1.4)))
                moment = moment + timedelta(days=gap, minutes=rng.randrange(0, 600))
                recalled = rng.random() < math.exp(-gap / (memory * 9))
            else:
                recalled = rng.random() < 0.7
            rating = rng.choice((2, 3, 3, 3, 4)) if recalled else 1
            memory = memory * 2.3 if recalled else max(0.3, memory * 0.4)
            previous = {
                "state": 2 if last else 1,
                "step": None if last else 0,
                "stability": None,
                "difficulty": None,
                "due": moment.isoformat(),
                "last_review": last.isoformat() if last else None,
            }
            review_rows.append((card_id, profile_id, rating, moment, json.dumps(previous)))
            last = moment
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(
            "COPY cards (id, profile_id, goal_id, front, back, created_at) FROM STDIN"
        ) as copy:
            for row in card_rows:
                copy.write_row(row)
        with cursor.copy(
            "COPY reviews (card_id, profile_id, rating, reviewed_at, previous) FROM STDIN"
        ) as copy:
            for row in review_rows:
                copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
    return len(review_rows)
