"""The study session state machine in plain Python: no Qt, no database."""

from __future__ import annotations

import ast
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studyapp.gui.study import session as session_module
from studyapp.gui.study.session import (
    FAILED_PREFIX,
    PREPARING,
    RIGHT_FIRST,
    WRONG_PICK,
    Actions,
    Choices,
    ChoiceStatus,
    Do,
    Intent,
    Key,
    Mode,
    Phase,
    StudySession,
    Tone,
    Verdict,
)
from studyapp.services.study import QueueCard

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)


def card(card_id: int, front: str = "", back: str = "") -> QueueCard:
    return QueueCard(
        card_id, 1, None, front or f"q{card_id}", back or f"a{card_id}", "basic", True, NOW
    )


def ready(answer: str = "right") -> Choices:
    return Choices(ChoiceStatus.READY, options=(answer, "w1", "w2", "w3"))


def test_the_module_imports_no_qt() -> None:
    tree = ast.parse(Path(session_module.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert "PySide6" not in imported and "shiboken6" not in imported
    studyapp_imports = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("studyapp")
    }
    # Use cases and the job types' declared words, nothing of the window.
    allowed = ("studyapp.services.", "studyapp.jobs.contract", "studyapp.handlers.kinds")
    assert all(name.startswith(allowed) for name in studyapp_imports)


def test_keys_mean_what_the_phase_says() -> None:
    s = StudySession()
    s.load([card(1), card(2)])
    assert s.intent(Key.ONE) is None  # nothing to grade before the answer shows
    assert s.intent(Key.ADVANCE) == Intent(Do.REVEAL)
    assert s.reveal() and s.phase is Phase.REVEALED
    assert s.intent(Key.ADVANCE) is None  # Space does not grade
    grades = [s.intent(k) for k in (Key.ONE, Key.TWO, Key.THREE, Key.FOUR)]
    assert grades == [Intent(Do.GRADE, r) for r in (1, 2, 3, 4)]  # Hard is 2, Easy is 4
    for key, do in ((Key.UNDO, Do.UNDO), (Key.EDIT, Do.EDIT), (Key.LEAVE, Do.LEAVE)):
        assert s.intent(key) == Intent(do)


def test_flip_grade_moves_on_and_undo_brings_the_card_back() -> None:
    s = StudySession()
    s.load([card(1), card(2), card(3)])
    s.reveal()
    assert s.begin_grade(3) == card(1) and s.busy
    assert s.begin_grade(3) is None  # no second write while one is on its way
    assert not s.reveal()
    assert s.recorded(card(1)) == card(2)
    assert s.phase is Phase.FRONT and not s.busy and s.can_undo()
    assert s.begin_undo()
    assert s.undone(1) == card(1)  # shown again, before the card that was next
    assert [c.card_id for c in s.queue[s.index :]] == [1, 2, 3]
    assert not s.can_undo()


def test_undo_of_a_review_not_made_here_asks_for_a_reload() -> None:
    s = StudySession()
    s.load([card(1)])
    s.reveal()
    s.begin_grade(1)
    s.recorded(card(1))
    assert s.begin_undo()
    assert s.undone(99) is None and not s.busy


def test_a_failed_write_lets_the_learner_answer_again() -> None:
    s = StudySession()
    s.load([card(1)])
    s.reveal()
    s.begin_grade(2)
    s.record_failed()
    assert not s.busy and s.phase is Phase.REVEALED
    assert s.begin_grade(4) == card(1)


def test_choices_show_only_on_an_unturned_card_and_are_shuffled_by_the_rng() -> None:
    s = StudySession(mode=Mode.CHOICE, rng=random.Random(3))
    s.load([card(1), card(2)])
    waiting = Choices(ChoiceStatus.PREPARING, job_id=5)
    assert not s.choices_ready(waiting)
    view = s.view(waiting)
    assert view is not None and view.choice_line is not None
    assert view.choice_line.text.startswith(PREPARING) and view.choice_line.spinner
    assert view.actions is Actions.REVEAL
    assert s.choices_ready(ready())
    expected = list(range(4))
    random.Random(3).shuffle(expected)
    assert s.order == expected
    view = s.view(ready())
    assert view is not None and view.actions is Actions.NONE and view.choice_line is None
    assert sorted(view.options) == ["right", "w1", "w2", "w3"]
    # On the next card, turned over before its choices came: it stays a flip card.
    s.phase = Phase.ANSWERED
    s.advance()
    s.reveal()
    assert not s.choices_ready(ready("b"))
    assert s.phase is Phase.REVEALED


def test_a_wrong_pick_marks_both_and_waits_for_continue() -> None:
    s = StudySession(mode=Mode.CHOICE, rng=random.Random(1))
    s.load([card(1), card(2)])
    s.choices_ready(ready())
    right = s.order.index(0)
    wrong = (right + 1) % 4
    assert s.intent(Key.ONE) == Intent(Do.PICK, 0)
    pick = s.begin_pick(wrong)
    assert pick is not None and pick.card == card(1) and not pick.correct
    assert s.begin_pick(right) is None  # busy
    assert s.recorded(card(1)) == card(1)
    view = s.view(ready())
    assert view is not None
    assert view.phase is Phase.ANSWERED and view.show_back and view.actions is Actions.CONTINUE
    assert view.verdicts[wrong] is Verdict.WRONG and view.verdicts[right] is Verdict.RIGHT
    assert view.verdicts.count(Verdict.NONE) == 2
    assert (view.feedback, view.feedback_tone) == (WRONG_PICK, Tone.BAD)
    assert s.begin_pick(right) is None  # answered: too late
    assert s.intent(Key.ADVANCE) == Intent(Do.CONTINUE)
    assert s.advance() == card(2)
    assert s.view(None) is not None and s.wrong is None and s.feedback == ""


def test_a_right_first_pick_is_marked_right_only() -> None:
    s = StudySession(mode=Mode.CHOICE, rng=random.Random(2))
    s.load([card(1)])
    s.choices_ready(ready())
    pick = s.begin_pick(s.order.index(0))
    assert pick is not None and pick.correct
    s.recorded(card(1))
    view = s.view(ready())
    assert view is not None and view.feedback == RIGHT_FIRST
    assert view.verdicts.count(Verdict.RIGHT) == 1 and Verdict.WRONG not in view.verdicts


def test_failed_and_refused_choices_explain_themselves() -> None:
    s = StudySession(mode=Mode.CHOICE)
    s.load([card(1)])
    failed = s.view(Choices(ChoiceStatus.FAILED, job_id=3, error="the model said no."))
    assert failed is not None and failed.choice_line is not None
    assert failed.choice_line.text == FAILED_PREFIX + "the model said no."
    assert failed.choice_line.retry and not failed.choice_line.spinner
    refused = s.view(Choices(ChoiceStatus.REFUSED, error="20 per hour."))
    assert refused is not None and refused.choice_line is not None
    assert refused.choice_line.text == "20 per hour." and not refused.choice_line.retry
    retrying = s.view(Choices(ChoiceStatus.PREPARING, job_id=3, note="retrying, attempt 2 of 3"))
    assert retrying is not None and retrying.choice_line is not None
    assert "(retrying, attempt 2 of 3)" in retrying.choice_line.text


def test_an_edit_shows_in_every_copy_of_the_card() -> None:
    s = StudySession()
    s.load([card(1), card(2)])
    s.card_edited(1, "new front", "new back", 7)
    current = s.current()
    assert current is not None and (current.front, current.back, current.node_id) == (
        "new front",
        "new back",
        7,
    )
    assert s.queue[1] == card(2)


@pytest.mark.parametrize("status", list(ChoiceStatus))
def test_waiting_statuses(status: ChoiceStatus) -> None:
    assert status.waiting == (
        status in (ChoiceStatus.REQUESTING, ChoiceStatus.PREPARING, ChoiceStatus.LOADING)
    )
