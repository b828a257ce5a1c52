"""The study engine against a real PostgreSQL: FSRS parity, the due queue, undo, reschedule."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import fsrs
import pytest
from sqlalchemy import func, select, update

from studyapp.db.models import Card, Review, StudyPreset
from studyapp.errors import BadInput, NotFound
from studyapp.services import presets, study, study_options
from tests.factories import make_card, make_cards, make_goal, make_node

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
RATINGS = [3, 3, 1, 3, 4, 2, 3, 3, 1, 1, 3]


def fsrs_columns(db, card_id: int) -> dict:
    with db.session() as session:
        card = session.get(Card, card_id)
        assert card is not None
        return study.CardState.of(card).columns()


def set_profile(db, profile_id: int, **values) -> None:
    """Set the profile's default study preset (where retention and the daily limit live)."""
    names = {"new_cards_per_day": "new_per_day"}
    with db.session() as session:
        default_id = presets.ensure_default(session, profile_id)
        session.execute(
            update(StudyPreset)
            .where(StudyPreset.id == default_id)
            .values(**{names.get(k, k): v for k, v in values.items()})
        )


def expected_states(desired_retention: float, start: datetime, ratings, times):
    scheduler = fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=False)
    card = fsrs.Card(card_id=1, due=start)
    out = []
    for rating, moment in zip(ratings, times, strict=True):
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), moment)
        out.append(card)
    return out


@pytest.mark.parametrize("retention", [0.9, 0.8])
def test_intervals_match_the_fsrs_package(db, profile, retention) -> None:
    set_profile(db, profile.id, desired_retention=retention)
    goal = make_goal(db, profile.id)
    card_id = make_card(db, profile.id, goal, created_at=T0)
    times, moment = [], T0
    for rating in RATINGS:
        result = study.record_review(db, profile.id, card_id, rating, reviewed_at=moment)
        times.append(moment)
        moment = result.after.due + timedelta(hours=1)  # study an hour after it fell due
    expected = expected_states(retention, T0, RATINGS, times)
    with db.session() as session:
        logged = session.execute(
            select(Review.rating, Review.reviewed_at).order_by(Review.id)
        ).all()
    assert [r for r, _ in logged] == RATINGS
    final = fsrs_columns(db, card_id)
    want = expected[-1]
    assert final["fsrs_state"] == int(want.state)
    assert final["fsrs_step"] == want.step
    assert final["stability"] == want.stability
    assert final["difficulty"] == want.difficulty
    assert final["due"] == want.due
    assert final["last_review"] == want.last_review
    # intervals grow after a run of passes: the scheduler is really in use
    assert want.due - times[-1] >= timedelta(days=1)


def test_intervals_depend_on_desired_retention(db, profile) -> None:
    goal = make_goal(db, profile.id)
    a, b = make_cards(db, profile.id, goal, 2, created_at=T0)
    set_profile(db, profile.id, desired_retention=0.95)
    first = study.record_review(db, profile.id, a, 4, reviewed_at=T0)
    set_profile(db, profile.id, desired_retention=0.8)
    second = study.record_review(db, profile.id, b, 4, reviewed_at=T0)
    assert first.interval < second.interval


def test_due_queue_across_a_day_boundary_in_another_time_zone(db, profile) -> None:
    """Tokyo is UTC+9: 14:30 UTC on the 9th is 23:30 on the 9th there, 15:30 UTC is the 10th."""
    set_profile(db, profile.id, new_cards_per_day=3)
    goal = make_goal(db, profile.id)
    day9 = datetime(2025, 3, 9, 12, 0, tzinfo=UTC)
    a, b, c, d, e = make_cards(db, profile.id, goal, 5, created_at=day9)
    study.record_review(db, profile.id, b, 3, reviewed_at=day9.replace(hour=15, minute=30))
    study.record_review(db, profile.id, a, 3, reviewed_at=day9.replace(hour=14, minute=30))
    now = datetime(2025, 3, 10, 6, 30, tzinfo=UTC)

    tokyo = study.due_queue(db, profile.id, goal_id=goal, now=now, tz="Asia/Tokyo")
    assert [q.card_id for q in tokyo.reviews] == [a, b]  # most overdue first
    assert tokyo.new_introduced_today == 1  # only b was introduced on Tokyo's 10th
    assert [q.card_id for q in tokyo.new] == [c, d]
    assert [q.card_id for q in tokyo.cards] == [a, b, c, d]
    assert all(q.is_new for q in tokyo.new) and not any(q.is_new for q in tokyo.reviews)

    in_utc = study.due_queue(db, profile.id, goal_id=goal, now=now, tz="UTC")
    assert in_utc.new_introduced_today == 0  # both were on the 9th in UTC
    assert [q.card_id for q in in_utc.new] == [c, d, e]

    # Los Angeles (UTC-8): both introductions were on the 9th there, and so is `now - 15 h`.
    la = study.due_queue(
        db, profile.id, goal_id=goal, now=now - timedelta(hours=15), tz="America/Los_Angeles"
    )
    assert la.new_introduced_today == 2
    assert [q.card_id for q in la.new] == [c]
    assert [q.card_id for q in la.reviews] == [a]  # b, seen at 15:30, is due at 15:40


def test_new_card_limit_is_spent(db, profile) -> None:
    set_profile(db, profile.id, new_cards_per_day=2)
    goal = make_goal(db, profile.id)
    cards = make_cards(db, profile.id, goal, 4, created_at=T0)
    now = T0 + timedelta(hours=1)
    for card_id in cards[:2]:
        study.record_review(db, profile.id, card_id, 4, reviewed_at=now)  # Easy: due in days
    queue = study.due_queue(db, profile.id, goal_id=goal, now=now, tz="UTC")
    assert queue.new == () and queue.reviews == ()
    assert queue.new_introduced_today == 2
    # Undo gives the day's slot back.
    study.undo_last_review(db, profile.id)
    queue = study.due_queue(db, profile.id, goal_id=goal, now=now, tz="UTC")
    assert [q.card_id for q in queue.new] == [cards[1]]


def test_node_queue_includes_descendants_and_skips_archived(db, profile) -> None:
    goal = make_goal(db, profile.id)
    root = make_node(db, goal, "Congestion control")
    child = make_node(db, goal, "Slow start", parent_id=root)
    grandchild = make_node(db, goal, "ssthresh", parent_id=child)
    sibling = make_node(db, goal, "Flow control")
    in_root = make_card(db, profile.id, goal, node_id=root, created_at=T0)
    in_grandchild = make_card(db, profile.id, goal, node_id=grandchild, created_at=T0)
    make_card(db, profile.id, goal, node_id=sibling, created_at=T0)
    make_card(db, profile.id, goal, node_id=child, created_at=T0, archived=True)
    queue = study.due_queue(db, profile.id, node_id=root, now=T0, tz="UTC")
    assert [q.card_id for q in queue.new] == [in_root, in_grandchild]
    assert {q.node_id for q in queue.new} == {root, grandchild}


def test_archived_cards_are_never_due(db, profile) -> None:
    goal = make_goal(db, profile.id)
    card_id = make_card(db, profile.id, goal, created_at=T0)
    study.record_review(db, profile.id, card_id, 1, reviewed_at=T0)
    assert [
        q.card_id for q in study.due_queue(db, profile.id, now=T0 + timedelta(days=1)).reviews
    ] == [card_id]
    with db.session() as session:
        session.execute(update(Card).where(Card.id == card_id).values(archived=True))
    assert len(study.due_queue(db, profile.id, goal_id=goal, now=T0 + timedelta(days=1))) == 0
    with pytest.raises(BadInput, match="suspended"):
        study.record_review(db, profile.id, card_id, 3)


def test_profile_queue_is_only_this_profiles(db, profile, other_profile) -> None:
    mine = make_card(db, profile.id, make_goal(db, profile.id), created_at=T0)
    make_card(db, other_profile.id, make_goal(db, other_profile.id), created_at=T0)
    queue = study.due_queue(db, profile.id, now=T0, tz="UTC")
    assert [q.card_id for q in queue.cards] == [mine]


def test_undo_restores_the_exact_previous_state(db, profile) -> None:
    goal = make_goal(db, profile.id)
    card_id = make_card(db, profile.id, goal, created_at=T0)
    moment = T0
    for rating in (3, 3, 3):
        moment = study.record_review(db, profile.id, card_id, rating, reviewed_at=moment).after.due
    before_last = fsrs_columns(db, card_id)
    result = study.record_review(db, profile.id, card_id, 1, reviewed_at=moment, duration_ms=1234)
    assert fsrs_columns(db, card_id) != before_last
    undone = study.undo_last_review(db, profile.id)
    assert undone.review_id == result.review_id and undone.card_id == card_id
    assert fsrs_columns(db, card_id) == before_last
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(Review)).scalar_one() == 3
    # Undo all the way back to a brand-new card.
    for _ in range(3):
        study.undo_last_review(db, profile.id)
    fresh = fsrs_columns(db, card_id)
    assert fresh == {
        "fsrs_state": 1,
        "fsrs_step": 0,
        "stability": None,
        "difficulty": None,
        "due": T0,
        "last_review": None,
    }
    with pytest.raises(BadInput, match="no review to undo"):
        study.undo_last_review(db, profile.id)


def test_undo_never_touches_another_profiles_review(db, profile, other_profile) -> None:
    theirs = make_card(db, other_profile.id, make_goal(db, other_profile.id), created_at=T0)
    study.record_review(db, other_profile.id, theirs, 3, reviewed_at=T0)
    with pytest.raises(BadInput):
        study.undo_last_review(db, profile.id)
    assert fsrs_columns(db, theirs)["last_review"] == T0


def test_review_of_another_profiles_card_is_not_found(db, profile, other_profile) -> None:
    theirs = make_card(db, other_profile.id, make_goal(db, other_profile.id))
    before = fsrs_columns(db, theirs)
    with pytest.raises(NotFound, match=f"No card {theirs}"):
        study.record_review(db, profile.id, theirs, 3)
    with pytest.raises(NotFound):
        study.due_queue(db, profile.id, goal_id=make_goal(db, other_profile.id))
    assert fsrs_columns(db, theirs) == before
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(Review)).scalar_one() == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rating": 5}, "rating is 1"),
        ({"rating": 0}, "rating is 1"),
        ({"rating": 3, "mode": "typing"}, "mode is one of"),
        ({"rating": 3, "duration_ms": -1}, "duration"),
        ({"rating": 3, "reviewed_at": datetime(2025, 1, 1)}, "time zone"),
    ],
)
def test_bad_review_input_is_refused(db, profile, kwargs, message) -> None:
    card_id = make_card(db, profile.id, make_goal(db, profile.id))
    with pytest.raises(BadInput, match=message):
        study.record_review(db, profile.id, card_id, **kwargs)
    assert fsrs_columns(db, card_id)["last_review"] is None


def test_review_before_the_last_one_is_refused(db, profile) -> None:
    card_id = make_card(db, profile.id, make_goal(db, profile.id), created_at=T0)
    study.record_review(db, profile.id, card_id, 3, reviewed_at=T0 + timedelta(days=1))
    with pytest.raises(BadInput, match="last reviewed after"):
        study.record_review(db, profile.id, card_id, 3, reviewed_at=T0)


def test_bad_time_zone_is_refused(db, profile) -> None:
    with pytest.raises(BadInput, match="Unknown time zone"):
        study.due_queue(db, profile.id, tz="Mars/Olympus_Mons")


def test_multiple_choice_maps_to_ratings(db, profile) -> None:
    assert study.rating_for_choice(True) == fsrs.Rating.Good
    assert study.rating_for_choice(False) == fsrs.Rating.Again
    goal = make_goal(db, profile.id)
    card_id = make_card(db, profile.id, goal, "Capital of France?", "Paris", created_at=T0)
    wrong = study.record_choice(db, profile.id, card_id, correct_first_time=False, reviewed_at=T0)
    assert (wrong.rating, wrong.mode) == (1, "choice")
    right = study.record_choice(
        db, profile.id, card_id, correct_first_time=True, reviewed_at=wrong.after.due
    )
    assert right.rating == 3
    with db.session() as session:
        modes = session.execute(select(Review.mode).order_by(Review.id)).scalars().all()
    assert modes == ["choice", "choice"]


def test_reschedule_replays_the_log(db, profile) -> None:
    goal = make_goal(db, profile.id)
    cards = make_cards(db, profile.id, goal, 3, created_at=T0)
    times = {}
    for card_id in cards:
        moment, times[card_id] = T0, []
        for rating in RATINGS[:6]:
            times[card_id].append(moment)
            moment = study.record_review(
                db, profile.id, card_id, rating, reviewed_at=moment
            ).after.due
    states = {card_id: fsrs_columns(db, card_id) for card_id in cards}
    assert study.reschedule(db, profile.id) == 3
    assert {card_id: fsrs_columns(db, card_id) for card_id in cards} == states  # same settings

    default = study_options.goal_preset(db, profile.id, goal)
    current = study_options.Options.of(default)
    saved = study_options.save_options(
        db, profile.id, default.id, replace(current, desired_retention=0.8)
    )
    assert saved.rescheduled == 3
    want = expected_states(0.8, T0, RATINGS[:6], times[cards[0]])[-1]
    after = fsrs_columns(db, cards[0])
    assert (after["stability"], after["due"]) == (want.stability, want.due)
    assert after["due"] > states[cards[0]]["due"]  # lower retention, longer interval
    # Undo after a reschedule restores the replayed state before the last review.
    study.undo_last_review(db, profile.id)
    want_before = expected_states(0.8, T0, RATINGS[:5], times[cards[-1]][:5])[-1]
    assert fsrs_columns(db, cards[-1])["due"] == want_before.due
    with pytest.raises(BadInput, match=r"between 0\.70 and 0\.99"):
        study_options.save_options(
            db, profile.id, default.id, replace(current, desired_retention=1.5)
        )
