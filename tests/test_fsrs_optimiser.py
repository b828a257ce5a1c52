"""Optimising a preset's FSRS parameters on the learner's own history (fsrs-rs-python in a
child process): the fit before and after, stored and used by the scheduler, and the refusal when
there are too few reviews."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from studyapp.errors import BadInput
from studyapp.services import fsrs_optimiser, presets, study, study_options
from tests.factories import make_goal, make_history


def test_optimise_fits_better_stores_and_reschedules(db, profile) -> None:
    goal = make_goal(db, profile.id)
    other = make_goal(db, profile.id, "Not in the preset")
    mine = study_options.create_preset(db, profile.id, "Mine")
    study_options.assign_preset(db, profile.id, goal, mine.id)
    written = make_history(db, profile.id, goal, 120, 6)
    make_history(db, profile.id, other, 5, 3, seed=9)
    study.reschedule(db, profile.id)  # states from the log, with the defaults
    with db.engine.connect() as conn:
        before = dict(conn.execute(text("SELECT id, stability FROM cards")).all())

    result = fsrs_optimiser.optimise_preset(db, profile.id, mine.id, tz="UTC")
    assert written == 720 and result.reviews == 600  # the later-day reviews of 120 histories
    assert result.kept and result.log_loss_after < result.log_loss_before
    assert result.rescheduled == 120
    assert "Optimised on 600 reviews" in result.summary()
    with db.session() as session:
        stored = presets.read_preset(session, profile.id, mine.id)
        default = presets.default_preset(session, profile.id)
    assert stored.parameters is not None and len(stored.parameters) == 21
    assert stored.parameters != presets.DEFAULT_PARAMETERS and default.parameters is None
    assert stored.optimised["log_loss_after"] == pytest.approx(result.log_loss_after)
    assert tuple(stored.scheduler().parameters) == pytest.approx(stored.parameters)
    # The goal's cards were replayed with the fitted parameters; the other goal's were not.
    with db.engine.connect() as conn:
        after = dict(conn.execute(text("SELECT id, stability FROM cards")).all())
        goal_of = dict(conn.execute(text("SELECT id, goal_id FROM cards")).all())
    changed = {card for card in after if after[card] != before[card]}
    assert changed and all(goal_of[card] == goal for card in changed)
    # And the next review's preview uses them.
    card = next(c for c, g in goal_of.items() if g == goal)
    fitted = study.preview_intervals(db, profile.id, card, datetime(2026, 1, 1, tzinfo=UTC))
    study_options.assign_preset(db, profile.id, goal, default.id)
    plain = study.preview_intervals(db, profile.id, card, datetime(2026, 1, 1, tzinfo=UTC))
    assert fitted.intervals != plain.intervals


def test_too_few_reviews_are_refused_with_the_reason(db, profile) -> None:
    goal = make_goal(db, profile.id)
    make_history(db, profile.id, goal, 10, 4)
    default = study_options.goal_preset(db, profile.id, goal)
    with pytest.raises(BadInput, match=r"needs at least 400 reviews .* have 30"):
        fsrs_optimiser.optimise_preset(db, profile.id, default.id, tz="UTC")
    empty = study_options.create_preset(db, profile.id, "Unused")
    with pytest.raises(BadInput, match="No goal uses"):
        fsrs_optimiser.optimise_preset(db, profile.id, empty.id)
