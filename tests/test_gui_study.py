"""The study page against real PostgreSQL and the real job engine on a JobPool.

Distractor jobs run the real handler with a scripted provider: one that waits on an Event (so a
test first sees "Preparing choices…"), one that fails for good once (so it sees the fallback and
Retry). Nothing sleeps: every wait is on a signal or a condition.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from sqlalchemy import text

from studyapp.generation.errors import PermanentGenerationError
from studyapp.generation.types import DistractorRequest, DistractorSet
from studyapp.gui.context import AppContext
from studyapp.gui.job_pool import JobPool
from studyapp.gui.job_watcher import JobWatcher
from studyapp.gui.study_page import EMPTY_TITLE, FAILED_PREFIX, PREPARING, StudyPage
from studyapp.jobs import handlers
from studyapp.jobs.registry import HandlerRegistry
from studyapp.services import study
from tests.factories import make_card, make_distractors, make_goal

pytestmark = pytest.mark.gui

WAIT = 30_000


class ScriptedProvider:
    """Distractors only: waits for ``gate``, then fails ``failures`` times (for good), then
    answers with three options made from the card's answer."""

    name = "scripted"

    def __init__(self, *, failures: int = 0) -> None:
        self.gate = threading.Event()
        self.gate.set()
        self.failures = failures
        self.calls = 0
        self._lock = threading.Lock()

    def distractors(self, request: DistractorRequest) -> DistractorSet:
        assert self.gate.wait(60), "the test never opened the gate"
        with self._lock:
            self.calls += 1
            fail = self.calls <= self.failures
        if fail:
            raise PermanentGenerationError("The model declined to write options for this card.")
        return DistractorSet(
            (f"not {request.back} (a)", f"not {request.back} (b)", f"not {request.back} (c)"),
            self.name,
        )

    def skill_tree(self, request):  # pragma: no cover - not used here
        raise NotImplementedError

    def cards(self, request):  # pragma: no cover - not used here
        raise NotImplementedError


@pytest.fixture(autouse=True)
def no_real_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.setenv("STUDYAPP_NO_KEYRING", "1")


@pytest.fixture
def provider() -> ScriptedProvider:
    return ScriptedProvider()


@pytest.fixture
def ctx(db, profile, tmp_path: Path, provider: ScriptedProvider, qtbot) -> Iterator[AppContext]:
    registry = HandlerRegistry()
    handlers.register(
        registry, vectors_dir=tmp_path / "vectors", provider_factory=lambda _s: provider
    )
    watcher = JobWatcher(db, profile.id, listen=False)
    pool = JobPool(db, registry, threads=2)
    pool.job_finished.connect(watcher.accept)  # what the main window wires
    with qtbot.waitSignal(pool.started, timeout=WAIT):
        pool.start()
    yield AppContext(db, profile, registry, watcher, pool)
    provider.gate.set()
    pool.stop(grace=0)
    watcher.stop()
    QThreadPool.globalInstance().waitForDone(10_000)


def make_page(qtbot, ctx: AppContext) -> StudyPage:
    page = StudyPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 640)
    page.show()
    return page


def reviews(db) -> list[tuple[int, int, str]]:
    with db.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(text("SELECT card_id, rating, mode FROM reviews ORDER BY id"))
        ]


def card_state(db, card_id: int) -> tuple[int, datetime | None]:
    with db.engine.connect() as conn:
        return tuple(
            conn.execute(
                text("SELECT fsrs_state, last_review FROM cards WHERE id = :id"), {"id": card_id}
            ).one()
        )


def start(qtbot, page: StudyPage, goal_id: int, mode: str) -> None:
    with qtbot.waitSignal(page.card_shown, timeout=WAIT):
        page.start(goal_id, mode=mode)


def answer_key(page: StudyPage, answer: str) -> int:
    return next(i for i, b in enumerate(page.option_buttons) if b.option() == answer)


# --- the story: multiple choice with distractors pending, then ready; failed, then retried -------


def test_choices_pending_then_appear_by_themselves(qtbot, db, profile, ctx, provider) -> None:
    provider.gate.clear()  # hold the jobs back
    goal = make_goal(db, profile.id)
    first = make_card(db, profile.id, goal, "What does ACK stand for?", "Acknowledgement")
    make_card(db, profile.id, goal, "What is RTT?", "Round-trip time")
    page = make_page(qtbot, ctx)
    start(qtbot, page, goal, "choice")

    # Choices for the current card and the ones ahead are being made: the card says so and the
    # learner is not blocked (Space would reveal it as a flashcard).
    qtbot.waitUntil(lambda: len(page.watched_jobs()) == 2, timeout=WAIT)
    assert page.choice_label.text().startswith(PREPARING)
    assert page.spinner.isVisible() and page.spinner.maximum() == 0  # animated busy bar
    assert not page.options_box.isVisible()
    assert page.front_label.text() == "What does ACK stand for?"
    with db.engine.connect() as conn:
        jobs = (
            conn.execute(
                text("SELECT payload->>'card_id' FROM jobs WHERE type = 'distractor_generation'")
            )
            .scalars()
            .all()
        )
    assert sorted(map(int, jobs)) == sorted([first, first + 1])  # only the cards ahead

    provider.gate.set()
    qtbot.waitUntil(page.options_box.isVisible, timeout=WAIT)
    assert not page.choice_status.isVisible()
    options = {b.option() for b in page.option_buttons}
    assert options == {
        "Acknowledgement",
        "not Acknowledgement (a)",
        "not Acknowledgement (b)",
        "not Acknowledgement (c)",
    }
    # Correct at the first pick → Good.
    with qtbot.waitSignal(page.review_recorded, timeout=WAIT) as blocker:
        qtbot.keyClick(page, Qt.Key.Key_1 + answer_key(page, "Acknowledgement"))
    assert blocker.args == [first]
    assert reviews(db) == [(first, 3, "choice")]
    assert page.back_label.isVisible() and page.back_label.text() == "Acknowledgement"

    # The next card's choices were requested ahead: they are there as soon as it shows.
    with qtbot.waitSignal(page.card_shown, timeout=WAIT):
        qtbot.keyClick(page, Qt.Key.Key_Space)
    qtbot.waitUntil(page.options_box.isVisible, timeout=WAIT)
    assert page.front_label.text() == "What is RTT?"


def test_failed_choices_fall_back_to_flip_and_retry_makes_them(
    qtbot, db, profile, ctx, provider
) -> None:
    provider.failures = 1
    provider.gate.clear()
    goal = make_goal(db, profile.id)
    card = make_card(db, profile.id, goal, "Port of HTTPS?", "443")
    page = make_page(qtbot, ctx)
    start(qtbot, page, goal, "choice")
    qtbot.waitUntil(lambda: page.choice_label.text().startswith(PREPARING), timeout=WAIT)
    provider.gate.set()

    expected = FAILED_PREFIX + "The model declined to write options for this card."
    qtbot.waitUntil(lambda: page.choice_label.text() == expected, timeout=WAIT)
    assert page.retry_button.isVisible() and page.reveal_button.isVisible()
    assert not page.options_box.isVisible() and not page.spinner.isVisible()

    # Retry (by keyboard) counts as a submission and this time the choices come.
    qtbot.keyClick(page, Qt.Key.Key_R)
    qtbot.waitUntil(page.options_box.isVisible, timeout=WAIT)
    assert provider.calls == 2
    with db.engine.connect() as conn:
        submissions = conn.execute(text("SELECT count(*) FROM job_submissions")).scalar_one()
    assert submissions == 2
    # A wrong pick is marked and the learner tries again; the outcome is Again.
    wrong = next(i for i, b in enumerate(page.option_buttons) if b.option() != "443")
    qtbot.keyClick(page, Qt.Key.Key_1 + wrong)
    assert page.option_buttons[wrong].property("verdict") == "wrong"
    qtbot.keyClick(page, Qt.Key.Key_1 + wrong)  # picking it again changes nothing
    assert reviews(db) == []
    with qtbot.waitSignal(page.review_recorded, timeout=WAIT):
        qtbot.keyClick(page, Qt.Key.Key_1 + answer_key(page, "443"))
    assert reviews(db) == [(card, 1, "choice")]


def test_failed_choices_card_can_be_studied_as_flip(qtbot, db, profile, ctx, provider) -> None:
    provider.failures = 5
    goal = make_goal(db, profile.id)
    card = make_card(db, profile.id, goal, "Port of SSH?", "22")
    page = make_page(qtbot, ctx)
    start(qtbot, page, goal, "choice")
    qtbot.waitUntil(lambda: page.choice_label.text().startswith(FAILED_PREFIX), timeout=WAIT)
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert page.back_label.isVisible() and page.back_label.text() == "22"
    with qtbot.waitSignal(page.finished, timeout=WAIT):
        qtbot.keyClick(page, Qt.Key.Key_3)
    assert reviews(db) == [(card, 3, "flip")]


def test_rate_limit_refusal_studies_the_card_as_flip(qtbot, db, profile, ctx) -> None:
    goal = make_goal(db, profile.id)
    make_card(db, profile.id, goal, "Port of DNS?", "53")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO job_submissions (profile_id, job_type, job_id, submitted_at) "
                "SELECT :p, 'distractor_generation', NULL, now() - interval '10 minutes' "
                "FROM generate_series(1, 20)"
            ),
            {"p": profile.id},
        )
    page = make_page(qtbot, ctx)
    start(qtbot, page, goal, "choice")
    qtbot.waitUntil(lambda: "per hour" in page.choice_label.text(), timeout=WAIT)
    message = page.choice_label.text()
    assert message.startswith("20 choice generations per hour: the next one can start at ")
    assert message.endswith("Study it as a flashcard for now.")
    assert page.reveal_button.isVisible() and not page.retry_button.isVisible()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM jobs")).scalar_one() == 0


# --- keyboard drives FSRS ----------------------------------------------------------------------


def test_flip_keyboard_grades_and_undo(qtbot, db, profile, ctx) -> None:
    goal = make_goal(db, profile.id)
    a = make_card(db, profile.id, goal, "front a", "back a")
    b = make_card(db, profile.id, goal, "front b", "back b")
    page = make_page(qtbot, ctx)
    start(qtbot, page, goal, "flip")
    assert page.front_label.text() == "front a" and not page.back_label.isVisible()
    assert page.reveal_button.text().endswith("Space")
    assert [btn.text().split()[-1] for btn in page.grade_buttons] == ["1", "2", "3", "4"]

    qtbot.keyClick(page, Qt.Key.Key_3)  # grading before revealing does nothing
    assert reviews(db) == []
    qtbot.keyClick(page, Qt.Key.Key_Space)
    assert page.back_label.isVisible() and page.back_label.text() == "back a"
    with qtbot.waitSignal(page.card_shown, timeout=WAIT) as shown:
        qtbot.keyClick(page, Qt.Key.Key_3)
    assert shown.args == [b]
    assert reviews(db) == [(a, 3, "flip")]
    state, last = card_state(db, a)
    assert last is not None and state != 0  # FSRS moved it out of "new"

    qtbot.keyClick(page, Qt.Key.Key_Space)
    with qtbot.waitSignal(page.review_recorded, timeout=WAIT):
        qtbot.keyClick(page, Qt.Key.Key_1)
    assert reviews(db) == [(a, 3, "flip"), (b, 1, "flip")]
    qtbot.waitUntil(lambda: page.stack.currentWidget() is not page.loading_label, timeout=WAIT)

    # Ctrl+Z takes the last review back and shows that card again.
    with qtbot.waitSignal(page.card_shown, timeout=WAIT) as shown:
        qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown.args == [b]
    assert reviews(db) == [(a, 3, "flip")]
    assert card_state(db, b)[1] is None  # exactly as before: never reviewed
    assert page.status_label.text() == "Undid the last review."


def test_choice_keys_pick_and_feed_fsrs(qtbot, db, profile, ctx) -> None:
    goal = make_goal(db, profile.id)
    a = make_card(db, profile.id, goal, "2 + 2?", "4")
    b = make_card(db, profile.id, goal, "3 + 3?", "6")
    make_distractors(db, a, ["3", "5", "22"])
    make_distractors(db, b, ["5", "7", "33"])
    page = make_page(qtbot, ctx)
    page.random.seed(7)
    start(qtbot, page, goal, "choice")
    qtbot.waitUntil(page.options_box.isVisible, timeout=WAIT)
    assert sorted(btn.option() for btn in page.option_buttons) == ["22", "3", "4", "5"]
    # Wrong, then right: Again.
    wrong = next(i for i, btn in enumerate(page.option_buttons) if btn.option() != "4")
    qtbot.keyClick(page, Qt.Key.Key_1 + wrong)
    assert page.feedback_label.text().startswith("Not quite")
    with qtbot.waitSignal(page.review_recorded, timeout=WAIT):
        qtbot.keyClick(page, Qt.Key.Key_1 + answer_key(page, "4"))
    with qtbot.waitSignal(page.card_shown, timeout=WAIT):
        qtbot.keyClick(page, Qt.Key.Key_Space)
    qtbot.waitUntil(page.options_box.isVisible, timeout=WAIT)
    # Right at once: Good.
    with qtbot.waitSignal(page.review_recorded, timeout=WAIT):
        qtbot.keyClick(page, Qt.Key.Key_1 + answer_key(page, "6"))
    assert reviews(db) == [(a, 1, "choice"), (b, 3, "choice")]
    assert card_state(db, b)[1] is not None
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM jobs")).scalar_one() == 0  # had choices


# --- plain text and the empty state ------------------------------------------------------------


def test_markup_in_cards_shows_literally(qtbot, db, profile, ctx) -> None:
    goal = make_goal(db, profile.id)
    card = make_card(db, profile.id, goal, "<b>bold</b> & <i>x</i>", "<a href='x'>link</a>")
    make_distractors(db, card, ["<b>no</b>", "<u>nope</u>", "&amp;"])
    page = make_page(qtbot, ctx)
    start(qtbot, page, goal, "choice")
    assert page.front_label.text() == "<b>bold</b> & <i>x</i>"
    assert page.front_label.textFormat() == Qt.TextFormat.PlainText
    qtbot.waitUntil(page.options_box.isVisible, timeout=WAIT)
    labels = [btn.label for btn in page.option_buttons]
    assert {label.text() for label in labels} == {
        "<a href='x'>link</a>",
        "<b>no</b>",
        "<u>nope</u>",
        "&amp;",
    }
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
    assert page.back_label.textFormat() == Qt.TextFormat.PlainText


def test_empty_queue_says_when_to_come_back(qtbot, db, profile, ctx) -> None:
    goal = make_goal(db, profile.id)
    card = make_card(db, profile.id, goal, "q", "a")
    study.record_review(db, profile.id, card, 3)  # now due in the future
    page = make_page(qtbot, ctx)
    with qtbot.waitSignal(page.finished, timeout=WAIT):
        page.start(goal, mode="flip")
    assert page.stack.currentWidget() is page.empty_page
    assert page.empty_title.text() == EMPTY_TITLE
    assert page.empty_detail.text().startswith("The next review is due ")
