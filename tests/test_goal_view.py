"""The goal page's snapshot: one read of everything, and refreshes that read only what changed."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, text

from studyapp.services import cards, study
from studyapp.services.goal_view import goal_snapshot
from tests.factories import make_card, make_distractors, make_goal, make_node


@pytest.fixture
def card_reads(db):
    """Counts the card columns read per refresh: the deck of a large goal must not be re-read."""
    seen: list[str] = []
    lock = threading.Lock()

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        if "cards.front" in statement:
            with lock:
                seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


def test_refresh_reads_only_what_changed(db, profile, card_reads) -> None:
    goal = make_goal(db, profile.id, "Networks")
    node = make_node(db, goal, "Routing")
    for i in range(3):
        make_card(db, profile.id, goal, front=f"Q{i}", back=f"A{i}", node_id=node)
    first = goal_snapshot(db, profile.id, goal)
    assert [c.front for c in first.cards] == ["Q0", "Q1", "Q2"]
    assert first.card_counts == {node: 3}
    assert first.delta.full
    card_reads.clear()
    same = goal_snapshot(db, profile.id, goal, previous=first)
    assert same.cards is first.cards and same.delta.empty
    assert card_reads == []  # nothing re-read
    make_card(db, profile.id, goal, front="Q3", back="A3", node_id=node)
    grown = goal_snapshot(db, profile.id, goal, previous=same)
    assert [c.front for c in grown.cards] == ["Q0", "Q1", "Q2", "Q3"]
    assert all(a is b for a, b in zip(first.cards, grown.cards[:3], strict=True))
    assert [c.front for c in grown.delta.upserted] == ["Q3"] and not grown.delta.removed
    assert grown.card_counts == {node: 4}
    assert grown.version != first.version
    # An edit: only that card comes back.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE cards SET back = 'changed' WHERE front = 'Q1'"))
    edited = goal_snapshot(db, profile.id, goal, previous=grown)
    assert [c.back for c in edited.cards][1] == "changed"
    assert [c.front for c in edited.delta.upserted] == ["Q1"]
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE cards SET archived = true WHERE front = 'Q0'"))
    archived = goal_snapshot(db, profile.id, goal, previous=edited)
    assert [c.front for c in archived.cards] == ["Q1", "Q2", "Q3"]
    assert archived.delta.removed == {first.cards[0].id} and archived.delta.upserted == ()
    assert archived.card_counts == {node: 3}


def test_mastery_follows_a_studied_card_moved_to_another_skill(db, profile) -> None:
    """Seen in the window: after "Move to skill…" the old skill showed 0 cards and still its
    mastery (a refresh kept the previous mastery because no review had happened)."""
    goal = make_goal(db, profile.id, "Spanish")
    animals = make_node(db, goal, "Animals")
    verbs = make_node(db, goal, "Verbs")
    dog = make_card(db, profile.id, goal, front="el perro", back="the dog", node_id=animals)
    make_card(db, profile.id, goal, front="hablar", back="to speak", node_id=verbs)
    study.record_review(db, profile.id, dog, 3)
    first = goal_snapshot(db, profile.id, goal)
    assert first.mastery[animals].reviewed_cards == 1
    cards.move_cards(db, profile.id, [dog], verbs)
    moved = goal_snapshot(db, profile.id, goal, previous=first)
    assert moved.card_counts == {verbs: 2}
    assert moved.mastery[animals].reviewed_cards == 0
    assert moved.mastery[verbs].reviewed_cards == 1


def test_changes_no_timestamp_shows_are_still_seen(db, profile) -> None:
    """Deleting a skill sets its cards' node to NULL through the foreign key (no updated_at
    moves); a card deleted outright leaves no row; new choices are rows of another table."""
    goal = make_goal(db, profile.id, "Networks")
    doomed = make_node(db, goal, "Old skill")
    ids = [make_card(db, profile.id, goal, front=f"Q{i}", node_id=doomed) for i in range(3)]
    first = goal_snapshot(db, profile.id, goal)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM skill_nodes WHERE id = :n"), {"n": doomed})
        conn.execute(text("DELETE FROM cards WHERE id = :c"), {"c": ids[2]})
    after = goal_snapshot(db, profile.id, goal, previous=first)
    assert [(c.id, c.node_id) for c in after.cards] == [(ids[0], None), (ids[1], None)]
    assert after.delta.removed == {ids[2]}
    assert after.card_counts == {}
    make_distractors(db, ids[0], ["x", "y", "z"])
    chosen = goal_snapshot(db, profile.id, goal, previous=after)
    assert chosen.cards[0].distractors == ("x", "y", "z")
    assert [c.id for c in chosen.delta.upserted] == [ids[0]]


def test_a_card_committed_out_of_id_order_is_not_lost(db, profile) -> None:
    """Two generations finishing together: the one with the lower card ids commits last. A
    refresh between the two saw the higher ids; the next one must still find the lower."""
    goal = make_goal(db, profile.id, "Networks")
    make_card(db, profile.id, goal, front="first")
    with db.engine.connect() as late:
        late_tx = late.begin()
        late.execute(
            text(
                "INSERT INTO cards (profile_id, goal_id, front, back) VALUES (:p, :g, 'late', 'x')"
            ),
            {"p": profile.id, "g": goal},
        )  # takes the lower id, commits after the next card
        make_card(db, profile.id, goal, front="early")
        between = goal_snapshot(db, profile.id, goal)
        assert [c.front for c in between.cards] == ["first", "early"]
        late_tx.commit()
    after = goal_snapshot(db, profile.id, goal, previous=between)
    assert [c.front for c in after.cards] == ["first", "late", "early"]
    assert [c.front for c in after.delta.upserted] == ["late"]
