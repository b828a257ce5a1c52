"""Statistics as plain data: reviews per local day, true retention, due ahead, per goal/profile."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from studyapp.errors import NotFound
from studyapp.services import study
from studyapp.services.stats import study_stats
from tests.factories import make_card, make_cards, make_goal

T0 = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)


def test_reviews_per_day_retention_and_due(db, profile) -> None:
    goal = make_goal(db, profile.id)
    other_goal = make_goal(db, profile.id, "Other")
    a, b, c = make_cards(db, profile.id, goal, 3, created_at=T0)
    x = make_card(db, profile.id, other_goal, created_at=T0)
    make_card(db, profile.id, goal, created_at=T0)  # never studied
    # Day 1 (June 1): a and b graduate with Easy (into the Review state); x once.
    ra = study.record_review(db, profile.id, a, 4, reviewed_at=T0, duration_ms=1000)
    rb = study.record_review(db, profile.id, b, 4, reviewed_at=T0, duration_ms=3000)
    study.record_review(db, profile.id, x, 4, reviewed_at=T0)
    # When due: a passes, b lapses (both are Review-state reviews: true retention 1/2).
    ra2 = study.record_review(db, profile.id, a, 3, reviewed_at=ra.after.due)
    study.record_review(db, profile.id, b, 1, reviewed_at=rb.after.due)
    study.record_review(db, profile.id, c, 3, reviewed_at=rb.after.due)  # learning, not counted
    now = rb.after.due + timedelta(hours=1)

    stats = study_stats(db, profile.id, goal_id=goal, days=30, ahead=10, now=now, tz="UTC")
    by_day = {d.day: d for d in stats.reviews_per_day}
    assert len(stats.reviews_per_day) == 30
    assert stats.reviews_per_day[-1].day == now.date()
    assert by_day[date(2025, 6, 1)].reviews == 2  # x belongs to the other goal
    assert by_day[date(2025, 6, 1)].time_ms == 4000
    assert stats.total_reviews == 5
    assert (stats.true_retention.passed, stats.true_retention.failed) == (1, 1)
    assert stats.true_retention.rate == 0.5
    assert (stats.total_cards, stats.new_cards) == (4, 1)
    assert stats.learning_cards == 2  # b relearning, c learning
    assert stats.review_cards == 1
    assert len(stats.due_per_day) == 10 and stats.due_per_day[0].day == now.date()
    # b (relearning, 10 min) and c (learning) are due today; a on its own day, if in range.
    assert stats.due_per_day[0].due == 2
    a_index = (ra2.after.due.date() - now.date()).days
    assert a_index >= 1
    for index, day in enumerate(stats.due_per_day[1:], start=1):
        assert day.due == (1 if index == a_index else 0)

    whole = study_stats(db, profile.id, days=30, ahead=10, now=now, tz="UTC")
    assert whole.total_reviews == 6 and whole.total_cards == 5


def test_days_follow_the_learners_time_zone(db, profile) -> None:
    goal = make_goal(db, profile.id)
    a, b = make_cards(db, profile.id, goal, 2, created_at=T0)
    # 23:30 UTC on June 1 is already June 2 in Berlin (UTC+2 in summer).
    late = datetime(2025, 6, 1, 23, 30, tzinfo=UTC)
    study.record_review(db, profile.id, a, 3, reviewed_at=late)
    study.record_review(db, profile.id, b, 3, reviewed_at=late - timedelta(hours=2))
    now = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
    utc_days = study_stats(db, profile.id, days=2, now=now, tz="UTC").reviews_per_day
    berlin = study_stats(db, profile.id, days=2, now=now, tz="Europe/Berlin").reviews_per_day
    assert [(d.day.day, d.reviews) for d in utc_days] == [(1, 2), (2, 0)]
    assert [(d.day.day, d.reviews) for d in berlin] == [(1, 1), (2, 1)]


def test_overdue_cards_count_as_due_today(db, profile) -> None:
    goal = make_goal(db, profile.id)
    card_id = make_card(db, profile.id, goal, created_at=T0)
    result = study.record_review(db, profile.id, card_id, 4, reviewed_at=T0)
    later = result.after.due + timedelta(days=5)
    stats = study_stats(db, profile.id, goal_id=goal, ahead=3, now=later, tz="UTC")
    assert [d.due for d in stats.due_per_day] == [1, 0, 0]
    before = study_stats(db, profile.id, goal_id=goal, ahead=60, now=T0, tz="UTC")
    due_index = (result.after.due.date() - T0.date()).days
    assert before.due_per_day[due_index].due == 1
    assert sum(d.due for d in before.due_per_day) == 1


def test_empty_profile_has_no_retention(db, profile) -> None:
    stats = study_stats(db, profile.id, days=7, ahead=7, now=T0, tz="UTC")
    assert stats.true_retention.rate is None
    assert stats.total_reviews == 0 and len(stats.reviews_per_day) == 7


def test_another_profiles_goal_is_not_found(db, profile, other_profile) -> None:
    with pytest.raises(NotFound):
        study_stats(db, profile.id, goal_id=make_goal(db, other_profile.id))
