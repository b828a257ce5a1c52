"""Cards the learner manages by hand: add, move between skills (and goals), archive, delete.
Each call acts as one profile; another profile's cards are NotFound and nothing changes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from studyapp.db.models import Card, Review
from studyapp.errors import BadInput, NotFound
from studyapp.services import cards as cards_service
from studyapp.services import study
from studyapp.vectors.store import open_store
from tests.factories import make_card, make_goal, make_node


@pytest.fixture
def vs(tmp_path):
    return open_store(tmp_path / "vectors")


def test_create_card_is_new_manual_and_searchable(db, profile, vs):
    goal = make_goal(db, profile.id)
    node = make_node(db, goal, "Slow start")
    card = cards_service.create_card(
        db,
        profile.id,
        goal,
        "  What doubles cwnd each RTT?  ",
        "Slow start",
        node_id=node,
        store=vs,
    )
    assert (card.front, card.back, card.node_id, card.provider) == (
        "What doubles cwnd each RTT?",
        "Slow start",
        node,
        "manual",
    )
    assert vs.card_ids(profile.id, goal) == {card.id}
    queue = study.due_queue(db, profile.id, goal_id=goal).cards
    assert [c.card_id for c in queue] == [card.id]


@pytest.mark.parametrize(
    ("front", "back", "message"),
    [
        ("", "x", "front cannot be empty"),
        ("q", "   ", "back cannot be empty"),
        ("q" * 401, "x", "front is at most 400"),
        ("q\x00", "x", "NUL"),
    ],
)
def test_create_card_refuses_bad_text(db, profile, vs, front, back, message):
    goal = make_goal(db, profile.id)
    with pytest.raises(BadInput, match=message):
        cards_service.create_card(db, profile.id, goal, front, back, store=vs)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Card)) == 0


def test_create_card_in_someone_elses_goal_or_node_is_not_found(db, profile, other_profile, vs):
    theirs = make_goal(db, other_profile.id)
    mine = make_goal(db, profile.id)
    their_node = make_node(db, theirs, "Theirs")
    with pytest.raises(NotFound):
        cards_service.create_card(db, profile.id, theirs, "q", "a", store=vs)
    with pytest.raises(NotFound):
        cards_service.create_card(db, profile.id, mine, "q", "a", node_id=their_node, store=vs)


def test_move_cards_within_and_across_goals(db, profile, vs):
    tcp = make_goal(db, profile.id, "TCP")
    udp = make_goal(db, profile.id, "UDP")
    a = make_node(db, tcp, "A")
    b = make_node(db, tcp, "B")
    u = make_node(db, udp, "Datagrams")
    c1 = make_card(db, profile.id, tcp, "q1", "a1", node_id=a)
    c2 = make_card(db, profile.id, tcp, "q2", "a2")
    assert cards_service.move_cards(db, profile.id, [c1, c2, c1], b, store=vs) == 2
    assert {c.node_id for c in cards_service.list_cards(db, profile.id, tcp)} == {b}
    # Across goals: the card follows the skill's goal, and the vector store files it there.
    assert cards_service.move_cards(db, profile.id, [c2], u, store=vs) == 1
    moved = cards_service.get_card(db, profile.id, c2)
    assert (moved.goal_id, moved.node_id) == (udp, u)
    assert vs.card_ids(profile.id, udp) == {c2}


def test_move_is_all_or_nothing(db, profile, other_profile, vs):
    mine = make_goal(db, profile.id)
    theirs = make_goal(db, other_profile.id)
    a = make_node(db, mine, "A")
    b = make_node(db, mine, "B")
    my_card = make_card(db, profile.id, mine, node_id=a)
    their_card = make_card(db, other_profile.id, theirs)
    with pytest.raises(NotFound):
        cards_service.move_cards(db, profile.id, [my_card, their_card], b, store=vs)
    assert cards_service.get_card(db, profile.id, my_card).node_id == a
    their_node = make_node(db, theirs, "Theirs")
    with pytest.raises(NotFound):
        cards_service.move_cards(db, profile.id, [my_card], their_node, store=vs)


def test_archive_and_restore(db, profile, vs):
    goal = make_goal(db, profile.id)
    ids = [make_card(db, profile.id, goal, f"q{i}", f"a{i}") for i in range(3)]
    assert cards_service.set_archived(db, profile.id, ids[:2], store=vs) == 2
    assert [c.id for c in cards_service.list_cards(db, profile.id, goal)] == [ids[2]]
    assert [c.card_id for c in study.due_queue(db, profile.id, goal_id=goal).cards] == [ids[2]]
    assert cards_service.set_archived(db, profile.id, ids[:1], archived=False, store=vs) == 1
    assert [c.id for c in cards_service.list_cards(db, profile.id, goal)] == [ids[0], ids[2]]
    assert ids[0] in vs.card_ids(profile.id, goal)


def test_delete_cards_removes_reviews_and_vectors(db, profile, other_profile, vs):
    goal = make_goal(db, profile.id)
    keep = cards_service.create_card(db, profile.id, goal, "keep me", "kept", store=vs)
    gone = cards_service.create_card(db, profile.id, goal, "delete me", "deleted", store=vs)
    study.record_review(db, profile.id, gone.id, 3)
    theirs = make_card(db, other_profile.id, make_goal(db, other_profile.id))
    with pytest.raises(NotFound):
        cards_service.delete_cards(db, profile.id, [gone.id, theirs], store=vs)
    assert cards_service.delete_cards(db, profile.id, [gone.id], store=vs) == 1
    with db.session() as session:
        assert session.scalars(select(Card.id).order_by(Card.id)).all() == [keep.id, theirs]
        assert session.scalar(select(func.count()).select_from(Review)) == 0
    assert vs.card_ids(profile.id, goal) == {keep.id}
