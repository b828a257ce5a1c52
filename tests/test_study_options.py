"""Study presets and today's limits, as services against a real PostgreSQL: per-goal
allowances that count only in-app reviews (issue 19, defect 13), presets shared by goals,
reschedules on a change of scheduling, burying until the learner's midnight, siblings,
"Study more"."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from studyapp.errors import BadInput, NotFound
from studyapp.services import burying, presets, study, study_more, study_options
from studyapp.services.interop_notes import NoteIn, ReviewIn, import_notes
from tests.factories import make_card, make_cards, make_goal

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def new_ids(db, profile_id: int, goal_id: int, now: datetime = NOW, tz: str = "UTC") -> list[int]:
    return [q.card_id for q in study.due_queue(db, profile_id, goal_id=goal_id, now=now, tz=tz).new]


def test_the_new_card_allowance_is_per_goal(db, profile) -> None:
    """Defect 13: twenty new cards studied in one goal left none for another goal."""
    first = make_goal(db, profile.id, "First")
    second = make_goal(db, profile.id, "Fresh material")
    for card_id in make_cards(db, profile.id, first, 20, created_at=NOW - timedelta(days=1)):
        study.record_review(db, profile.id, card_id, 4, reviewed_at=NOW - timedelta(hours=1))
    fresh = make_cards(db, profile.id, second, 10, created_at=NOW - timedelta(days=1))
    assert new_ids(db, profile.id, second) == fresh
    assert new_ids(db, profile.id, first) == []
    # Studying every goal at once: each goal brings its own allowance.
    everything = study.due_queue(db, profile.id, now=NOW, tz="UTC")
    assert [q.card_id for q in everything.new] == fresh


def test_reviews_that_came_with_an_import_do_not_spend_the_allowance(db, profile) -> None:
    """Defect 13: an Anki deck studied this morning, imported now, blocked the new cards."""
    studied = [
        NoteIn(f"q{i}", f"a{i}", reviews=(ReviewIn(3, NOW - timedelta(hours=3)),))
        for i in range(20)
    ]
    fresh = [NoteIn(f"new {i}", f"answer {i}") for i in range(10)]
    result = import_notes(
        db, profile.id, None, studied + fresh, source="csv", new_goal_title="Anki deck"
    )
    assert result.reviews == 20
    assert len(new_ids(db, profile.id, result.goal_id)) == 10


def test_a_preset_is_shared_and_its_limits_apply_to_each_goal(db, profile) -> None:
    light = study_options.create_preset(db, profile.id, "Light")
    a, b, c = (make_goal(db, profile.id, t) for t in ("A", "B", "C"))
    cards = {g: make_cards(db, profile.id, g, 5, created_at=NOW) for g in (a, b, c)}
    for goal in (a, b):
        study_options.assign_preset(db, profile.id, goal, light.id)
    study_options.save_options(
        db, profile.id, light.id, replace(study_options.Options.of(light), new_per_day=2)
    )
    assert new_ids(db, profile.id, a) == cards[a][:2]
    assert new_ids(db, profile.id, b) == cards[b][:2]
    assert new_ids(db, profile.id, c) == cards[c]  # the default preset: 20 a day
    listed = {p.name: p for p in study_options.list_presets(db, profile.id)}
    assert listed["Light"].goal_ids == (a, b) and listed["Default"].goal_ids == (c,)
    assert listed["Default"].is_default
    # Deleting the preset sends its goals back to the default.
    assert study_options.delete_preset(db, profile.id, light.id) == 2
    assert len(new_ids(db, profile.id, a)) == 5
    with pytest.raises(BadInput, match="default preset cannot be deleted"):
        study_options.delete_preset(db, profile.id, listed["Default"].id)


def test_the_allowance_starts_again_at_the_learners_midnight(db, profile) -> None:
    """Paris is UTC+1 in March: 22:30 UTC is 23:30 there, 23:10 UTC is ten past midnight."""
    light = study_options.create_preset(db, profile.id, "Two a day")
    study_options.save_options(
        db, profile.id, light.id, replace(study_options.Options.of(light), new_per_day=2)
    )
    goal = make_goal(db, profile.id)
    study_options.assign_preset(db, profile.id, goal, light.id)
    cards = make_cards(db, profile.id, goal, 6, created_at=NOW)
    evening = datetime(2026, 3, 10, 22, 30, tzinfo=UTC)
    for card_id in cards[:2]:
        study.record_review(db, profile.id, card_id, 4, reviewed_at=evening)
    assert new_ids(db, profile.id, goal, evening + timedelta(minutes=20), "Europe/Paris") == []
    after_midnight = evening + timedelta(minutes=40)
    assert new_ids(db, profile.id, goal, after_midnight, "Europe/Paris") == cards[2:4]
    # In UTC both moments are the same day: still spent.
    assert new_ids(db, profile.id, goal, after_midnight, "UTC") == []


def test_reviews_a_day_limit_review_cards_not_learning_ones(db, profile) -> None:
    goal = make_goal(db, profile.id)
    study_options.save_options(
        db,
        profile.id,
        study_options.goal_preset(db, profile.id, goal).id,
        replace(
            study_options.Options.of(study_options.goal_preset(db, profile.id, goal)),
            reviews_per_day=1,
        ),
    )
    day0 = NOW - timedelta(days=30)
    graduated = make_cards(db, profile.id, goal, 3, created_at=day0)
    for card_id in graduated:
        study.record_review(db, profile.id, card_id, 4, reviewed_at=day0)  # Easy: Review state
    learning = make_card(db, profile.id, goal, created_at=day0)
    study.record_review(db, profile.id, learning, 1, reviewed_at=day0)  # Again: learning
    queue = study.due_queue(db, profile.id, goal_id=goal, now=NOW, tz="UTC")
    assert [q.card_id for q in queue.reviews] == [learning, graduated[0]]  # most overdue first
    study.record_review(db, profile.id, graduated[0], 3, reviewed_at=NOW)
    queue = study.due_queue(db, profile.id, goal_id=goal, now=NOW, tz="UTC")
    assert [q.card_id for q in queue.reviews] == [learning]  # the one review a day is spent


def test_a_retention_change_reschedules_only_the_presets_goals(db, profile) -> None:
    strict = study_options.create_preset(db, profile.id, "Strict")
    mine, other = make_goal(db, profile.id, "Mine"), make_goal(db, profile.id, "Other")
    study_options.assign_preset(db, profile.id, mine, strict.id)
    a = make_card(db, profile.id, mine, created_at=NOW)
    b = make_card(db, profile.id, other, created_at=NOW)
    due = {}
    for card_id in (a, b):
        due[card_id] = study.record_review(db, profile.id, card_id, 4, reviewed_at=NOW).after.due
    saved = study_options.save_options(
        db, profile.id, strict.id, replace(study_options.Options.of(strict), desired_retention=0.8)
    )
    assert saved.rescheduled == 1
    with db.session() as session:
        dues = dict(session.execute(text("SELECT id, due FROM cards")).all())
    assert dues[a] > due[a]  # lower retention: a longer interval
    assert dues[b] == due[b]
    # Limits alone reschedule nothing.
    again = study_options.save_options(
        db, profile.id, strict.id, replace(study_options.Options.of(saved.preset), new_per_day=5)
    )
    assert again.rescheduled == 0


def test_the_goals_learning_steps_drive_the_preview(db, profile) -> None:
    slow = study_options.create_preset(db, profile.id, "Slow steps")
    options = replace(study_options.Options.of(slow), learning_steps=(120, 3600))
    study_options.save_options(db, profile.id, slow.id, options)
    goal = make_goal(db, profile.id)
    study_options.assign_preset(db, profile.id, goal, slow.id)
    card = make_card(db, profile.id, goal, created_at=NOW)
    preview = study.preview_intervals(db, profile.id, card, NOW)
    assert preview.interval(1) == timedelta(minutes=2)
    assert preview.interval(3) == timedelta(hours=1)


def test_steps_names_and_values_are_checked(db, profile) -> None:
    assert presets.parse_steps("1m 10m 1h 2d") == (60, 600, 3600, 172800)
    assert presets.parse_steps("5") == (300,) and presets.parse_steps("") == ()
    assert presets.format_steps((60, 600, 86400, 90)) == "1m 10m 1d 90s"
    for bad in ("abc", "0m", "8d", "nanm", "1m " * 11):
        with pytest.raises(BadInput):
            presets.parse_steps(bad)
    study_options.create_preset(db, profile.id, "Exam")
    for name, message in (("", "needs a name"), ("exam", "already"), ("x" * 101, "at most")):
        with pytest.raises(BadInput, match=message):
            study_options.create_preset(db, profile.id, name)
    default = study_options.list_presets(db, profile.id)[0]
    for change, message in (
        ({"new_per_day": -1}, "New cards a day"),
        ({"reviews_per_day": 10**6}, "Reviews a day"),
        ({"desired_retention": 0.995}, "Desired retention"),
        ({"desired_retention": float("nan")}, "Desired retention"),
    ):
        with pytest.raises(BadInput, match=message):
            study_options.save_options(
                db, profile.id, default.id, replace(study_options.Options.of(default), **change)
            )


def test_presets_belong_to_their_profile(db, profile, other_profile) -> None:
    theirs = study_options.create_preset(db, other_profile.id, "Theirs")
    goal = make_goal(db, profile.id)
    with pytest.raises(NotFound):
        study_options.assign_preset(db, profile.id, goal, theirs.id)
    with pytest.raises(NotFound):
        study_options.rename_preset(db, profile.id, theirs.id, "Mine now")
    with pytest.raises(NotFound):
        study_options.delete_preset(db, profile.id, theirs.id)


def test_bury_until_the_learners_next_midnight(db, profile) -> None:
    goal = make_goal(db, profile.id)
    card = make_card(db, profile.id, goal, created_at=NOW)
    # 15:00 UTC is 10:00 in New York (UTC-4 in March after the change on the 8th).
    until = burying.bury_cards(db, profile.id, [card], now=NOW, tz="America/New_York")
    assert until == datetime(2026, 3, 11, 4, 0, tzinfo=UTC)
    assert new_ids(db, profile.id, goal, NOW + timedelta(hours=12), "America/New_York") == []
    assert new_ids(db, profile.id, goal, until, "America/New_York") == [card]
    burying.bury_cards(db, profile.id, [card], now=NOW, tz="UTC")
    assert burying.unbury_cards(db, profile.id, [card]) == 1
    assert new_ids(db, profile.id, goal) == [card]


def test_siblings_are_buried_once_one_is_studied_and_undo_digs_them_up(db, profile) -> None:
    goal = make_goal(db, profile.id)
    day0 = NOW - timedelta(days=40)
    front, new_sibling, review_sibling, learning_sibling = (
        make_card(db, profile.id, goal, f"side {i}", note_guid="note-1", created_at=day0)
        for i in range(4)
    )
    study.record_review(db, profile.id, review_sibling, 4, reviewed_at=day0)
    with db.session() as session:  # in its learning steps (studied elsewhere: nothing buried)
        session.execute(
            text(
                "UPDATE cards SET fsrs_state = 1, stability = 1, difficulty = 5, "
                "last_review = :at, due = :due, buried_until = NULL WHERE id = :id"
            ),
            {
                "at": NOW - timedelta(hours=1),
                "due": NOW - timedelta(minutes=50),
                "id": learning_sibling,
            },
        )
    loner = make_card(db, profile.id, goal, "another note", note_guid="note-2", created_at=day0)

    study.record_review(db, profile.id, front, 3, reviewed_at=NOW, tz="UTC")
    queue = study.due_queue(db, profile.id, goal_id=goal, now=NOW, tz="UTC")
    shown = {q.card_id for q in queue.cards}
    assert new_sibling not in shown and review_sibling not in shown
    assert learning_sibling in shown and loner in shown  # learning siblings are left alone
    with db.session() as session:
        buried = dict(session.execute(text("SELECT id, buried_until FROM cards")).all())
    assert buried[new_sibling] == buried[review_sibling] == datetime(2026, 3, 11, tzinfo=UTC)
    assert buried[learning_sibling] is None and buried[loner] is None

    study.undo_last_review(db, profile.id)
    shown = {q.card_id for q in study.due_queue(db, profile.id, goal_id=goal, now=NOW).cards}
    assert {new_sibling, review_sibling} <= shown

    # The preset can turn it off.
    preset = study_options.goal_preset(db, profile.id, goal)
    study_options.save_options(
        db, profile.id, preset.id, replace(study_options.Options.of(preset), bury_siblings=False)
    )
    study.record_review(db, profile.id, front, 3, reviewed_at=NOW, tz="UTC")
    shown = {q.card_id for q in study.due_queue(db, profile.id, goal_id=goal, now=NOW).cards}
    assert new_sibling in shown


def test_study_more_extends_today_and_lapses_at_midnight(db, profile) -> None:
    goal = make_goal(db, profile.id)
    cards = make_cards(db, profile.id, goal, 30, created_at=NOW)
    for card_id in cards[:20]:
        study.record_review(db, profile.id, card_id, 4, reviewed_at=NOW)
    assert new_ids(db, profile.id, goal) == []
    assert study_options.extend_today(db, profile.id, goal, new=3, now=NOW, tz="UTC") == (3, 0)
    assert study_options.extend_today(db, profile.id, goal, new=2, now=NOW, tz="UTC") == (5, 0)
    assert new_ids(db, profile.id, goal) == cards[20:25]
    tomorrow = NOW + timedelta(days=1)
    assert new_ids(db, profile.id, goal, tomorrow) == cards[20:30]  # 20 a day again, no extra
    with pytest.raises(BadInput):
        study_options.extend_today(db, profile.id, goal, new=-1)


def test_review_ahead_and_forgotten_cards(db, profile) -> None:
    goal = make_goal(db, profile.id)
    day0 = NOW - timedelta(days=2)
    soon, later, forgot, untouched = make_cards(db, profile.id, goal, 4, created_at=day0)
    for card_id in (soon, later, forgot):
        study.record_review(db, profile.id, card_id, 3, reviewed_at=day0)
        study.record_review(db, profile.id, card_id, 3, reviewed_at=day0 + timedelta(minutes=10))
    with db.session() as session:  # pin the due dates: tomorrow, and in ten days
        session.execute(
            text("UPDATE cards SET due = :d WHERE id = :id"),
            [
                {"d": NOW + timedelta(days=1), "id": soon},
                {"d": NOW + timedelta(days=10), "id": later},
            ],
        )
    study.record_review(db, profile.id, forgot, 1, reviewed_at=NOW - timedelta(hours=2))

    def ids(kind: str, days: int) -> list[int]:
        queue = study_more.custom_queue(db, profile.id, kind, days, goal_id=goal, now=NOW, tz="UTC")
        return [q.card_id for q in queue]

    assert soon in ids("ahead", 2) and later not in ids("ahead", 2)
    assert later in ids("ahead", 11)
    assert ids("forgotten", 1) == [forgot]
    assert untouched not in ids("ahead", 365) + ids("forgotten", 365)
    with pytest.raises(BadInput):
        ids("ahead", 0)


def test_the_upgrade_moves_the_profiles_pace_into_a_default_preset(pg_server_url) -> None:
    """Migration 0010 on a database with data: the profile's retention and new cards a day
    become its default preset; existing reviews count as made here unless their card came
    from an import."""
    from studyapp.db.database import Database
    from studyapp.db.migrate import upgrade
    from tests.helpers import scratch_database

    with scratch_database(pg_server_url) as url:
        old = Database(url)
        try:
            upgrade(old, "0005")
            with old.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO profiles (id, name, desired_retention, new_cards_per_day) "
                        "VALUES (1, 'kept', 0.85, 7)"
                    )
                )
                conn.execute(text("INSERT INTO goals (id, profile_id, title) VALUES (1, 1, 'g')"))
                conn.execute(
                    text(
                        "INSERT INTO cards (id, profile_id, goal_id, front, back, provider) "
                        "VALUES (1, 1, 1, 'made here', 'a', 'manual'), "
                        "(2, 1, 1, 'from Anki', 'b', 'import')"
                    )
                )
                conn.execute(
                    text(
                        "INSERT INTO reviews (card_id, profile_id, rating) VALUES (1, 1, 3), "
                        "(2, 1, 3)"
                    )
                )
            upgrade(old)
            with old.session() as session:
                preset = presets.default_preset(session, 1)
                in_app = dict(session.execute(text("SELECT card_id, in_app FROM reviews")).all())
            assert (preset.name, preset.desired_retention, preset.new_per_day) == (
                "Default",
                0.85,
                7,
            )
            assert in_app == {1: True, 2: False}
        finally:
            old.dispose()
