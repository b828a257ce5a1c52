"""The goal page's snapshot: one read of everything, and cheap refreshes of a large deck."""

from __future__ import annotations

from sqlalchemy import text

from studyapp.services.goal_view import goal_snapshot
from tests.factories import make_card, make_goal, make_node


def test_refresh_reuses_unchanged_cards_and_reads_only_new_ones(db, profile) -> None:
    goal = make_goal(db, profile.id, "Networks")
    node = make_node(db, goal, "Routing")
    for i in range(3):
        make_card(db, profile.id, goal, front=f"Q{i}", back=f"A{i}", node_id=node)
    first = goal_snapshot(db, profile.id, goal)
    assert [c.front for c in first.cards] == ["Q0", "Q1", "Q2"]
    assert first.card_counts == {node: 3}
    same = goal_snapshot(db, profile.id, goal, previous=first)
    assert same.cards is first.cards  # nothing re-read
    make_card(db, profile.id, goal, front="Q3", back="A3", node_id=node)
    grown = goal_snapshot(db, profile.id, goal, previous=same)
    assert [c.front for c in grown.cards] == ["Q0", "Q1", "Q2", "Q3"]
    assert all(a is b for a, b in zip(first.cards, grown.cards[:3], strict=True))
    assert grown.cards_signature != first.cards_signature
    # An edit is not an addition: everything is read again and the edit shows.
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE cards SET back = 'changed', updated_at = now() + interval '1 s' "
                "WHERE front = 'Q1'"
            )
        )
    edited = goal_snapshot(db, profile.id, goal, previous=grown)
    assert [c.back for c in edited.cards][1] == "changed"
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE cards SET archived = true WHERE front = 'Q0'"))
    archived = goal_snapshot(db, profile.id, goal, previous=edited)
    assert [c.front for c in archived.cards] == ["Q1", "Q2", "Q3"]
