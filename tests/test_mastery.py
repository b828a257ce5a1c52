"""Mastery: mean retrievability per node (branches include descendants), with a forecast."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import fsrs
import pytest
from sqlalchemy import select

from studyapp.db.models import Card
from studyapp.errors import NotFound
from studyapp.services import mastery, study
from tests.factories import make_card, make_goal, make_node

T0 = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)


def package_retrievability(db, card_id: int, at: datetime) -> float:
    with db.session() as session:
        card = session.execute(select(Card).where(Card.id == card_id)).scalar_one()
        state = study.CardState.of(card).to_fsrs(card_id)
    return fsrs.Scheduler().get_card_retrievability(state, at)


def test_unstudied_node_says_so_instead_of_zero(db, profile) -> None:
    goal = make_goal(db, profile.id)
    node = make_node(db, goal, "Handshake")
    make_card(db, profile.id, goal, node_id=node)
    result = mastery.node_mastery(db, profile.id, node, now=T0)
    assert result.mastery is None and not result.studied
    assert result.label == "not studied yet"
    assert result.forecast == () and result.in_30_days is None
    assert result.total_cards == 1 and result.reviewed_cards == 0


def test_mastery_is_mean_retrievability_including_descendants(db, profile) -> None:
    goal = make_goal(db, profile.id)
    branch = make_node(db, goal, "Congestion control")
    leaf = make_node(db, goal, "Slow start", parent_id=branch)
    other = make_node(db, goal, "Flow control")
    a = make_card(db, profile.id, goal, "a", "1", node_id=leaf, created_at=T0)
    b = make_card(db, profile.id, goal, "b", "2", node_id=leaf, created_at=T0)
    c = make_card(db, profile.id, goal, "c", "3", node_id=branch, created_at=T0)
    make_card(db, profile.id, goal, "d", "4", node_id=other, created_at=T0)
    study.record_review(db, profile.id, a, 4, reviewed_at=T0)
    study.record_review(db, profile.id, c, 3, reviewed_at=T0)
    study.record_review(db, profile.id, c, 3, reviewed_at=T0 + timedelta(minutes=10))
    now = T0 + timedelta(days=3, hours=2)
    ra = package_retrievability(db, a, now)
    rc = package_retrievability(db, c, now)
    assert 0 < ra < 1 and 0 < rc < 1

    result = mastery.goal_mastery(db, profile.id, goal, now=now)
    leaf_m = result.nodes[leaf]
    assert leaf_m.mastery == pytest.approx((ra + 0.0) / 2)  # b not studied yet counts as 0
    assert (leaf_m.total_cards, leaf_m.reviewed_cards) == (2, 1)
    assert result.nodes[branch].mastery == pytest.approx((ra + 0 + rc) / 3)
    assert result.nodes[other].mastery is None
    assert result.overall.mastery == pytest.approx((ra + rc) / 4)
    assert result.nodes[leaf].label == f"{round((ra / 2) * 100)}%"
    assert mastery.node_mastery(db, profile.id, branch, now=now) == result.nodes[branch]
    assert b  # b stays unstudied

    forecast = result.nodes[branch].forecast
    assert len(forecast) == 30
    assert all(x >= y for x, y in pairwise(forecast))  # fades
    assert forecast[-1] < result.nodes[branch].mastery
    day30 = now + timedelta(days=30)
    want = (package_retrievability(db, a, day30) + package_retrievability(db, c, day30)) / 3
    assert forecast[-1] == pytest.approx(want)


def test_another_profiles_node_is_not_found(db, profile, other_profile) -> None:
    goal = make_goal(db, other_profile.id)
    node = make_node(db, goal, "Theirs")
    with pytest.raises(NotFound):
        mastery.node_mastery(db, profile.id, node)
    with pytest.raises(NotFound):
        mastery.goal_mastery(db, profile.id, goal)
