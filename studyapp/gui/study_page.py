"""The study page: FSRS review of the due queue, as flip cards or as multiple choice.

Keyboard first: Space reveals (and continues after a multiple-choice answer), 1–4 grade a flip
card or pick a choice, Ctrl+Z undoes the last review, R retries failed choices. Every database
call runs through :func:`run_op`; results from an earlier :meth:`StudyPage.start` are dropped by
a session token, so a slow answer can never land on the wrong card.

Multiple choice needs three distractors per card, made by ``distractor_generation`` jobs that
count against a 20-per-hour limit. So we ask only for the current card and the next two, and a
card whose choices are not there (still being made, failed for good, or refused by the limit) is
studied as a flip card with a visible reason instead of blocking the learner. When its job
completes while the card is still unanswered, the choices appear by themselves.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.errors import RateLimited, StudyappError
from studyapp.gui.context import AppContext
from studyapp.gui.ops import run_op
from studyapp.jobs import store
from studyapp.jobs.contract import JobInfo
from studyapp.services import cards as cards_service
from studyapp.services import generation, study
from studyapp.services.next_due import NextDue, next_due
from studyapp.services.study import QueueCard

log = logging.getLogger(__name__)

LOOKAHEAD = 3  # cards whose choices are requested ahead (current + 2): the rate limit is 20/h
GRADES = (("Again", 1), ("Hard", 2), ("Good", 3), ("Easy", 4))
EMPTY_TITLE = "Nothing due \u2014 come back tomorrow"
PREPARING = "Preparing choices\u2026"
FAILED_PREFIX = "Choices could not be made: "

_CARD_STYLE = """
#studyCard { background: palette(base); border: 1px solid palette(mid); border-radius: 10px; }
"""
_OPTION_STYLE = """
QPushButton#option { text-align: left; padding: 0; border: 1px solid palette(mid);
                     border-radius: 8px; background: palette(base); }
QPushButton#option:hover { border-color: #3b82f6; }
QPushButton#option[verdict="wrong"] { background: #fde8e8; border-color: #dc2626; }
QPushButton#option[verdict="right"] { background: #e6f6ea; border-color: #16a34a; }
QPushButton#primary, QPushButton#grade { padding: 8px 22px; border-radius: 6px;
                     border: 1px solid palette(mid); background: palette(base); }
QPushButton#primary { background: #2563eb; color: white; border-color: #1d4ed8;
                      font-weight: bold; }
QPushButton#primary:hover { background: #1d4ed8; }
QPushButton#grade:hover { border-color: #3b82f6; }
QPushButton#grade[rating="1"] { border-bottom: 3px solid #dc2626; }
QPushButton#grade[rating="2"] { border-bottom: 3px solid #d97706; }
QPushButton#grade[rating="3"] { border-bottom: 3px solid #16a34a; }
QPushButton#grade[rating="4"] { border-bottom: 3px solid #2563eb; }
"""


def _plain(text: str = "", *, wrap: bool = True) -> QLabel:
    """Every label shows plain text: a card front ``<b>x</b>`` must appear literally."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def _scaled(label: QLabel, factor: float, *, bold: bool = False) -> QLabel:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)
    return label


def _message(exc: BaseException) -> str:
    """Known errors in their own words; bugs get a traceback in the log and a short line here."""
    if isinstance(exc, StudyappError):
        return str(exc)
    log.error("study operation failed", exc_info=exc)
    return f"Something went wrong ({type(exc).__name__}); see the log."


def describe_next(info: NextDue | None, now: datetime | None = None) -> str:
    """ "The next review is due today at 14:32." in the learner's local time; "" when unknown."""
    if info is None:
        return ""
    parts: list[str] = []
    if info.next_review_at is not None:
        local_now = (now or datetime.now(UTC)).astimezone()
        when = info.next_review_at.astimezone()
        if when.date() == local_now.date():
            day = "today"
        elif when.date() == (local_now + timedelta(days=1)).date():
            day = "tomorrow"
        else:
            day = f"on {when:%a %d %b}"
        parts.append(f"The next review is due {day} at {when:%H:%M}.")
    if info.new_waiting:
        noun = "card waits" if info.new_waiting == 1 else "cards wait"
        parts.append(f"{info.new_waiting} new {noun} for tomorrow\u2019s allowance.")
    return " ".join(parts)


# --- choice state of one card ------------------------------------------------------------------


@dataclass
class Choices:
    """Where a card's multiple-choice options stand."""

    status: str = "requesting"  # requesting | preparing | loading | ready | failed | refused
    options: tuple[str, ...] = ()  # answer first, then the distractors (shuffled when shown)
    job_id: int | None = None
    error: str = ""
    note: str = ""  # "retrying, attempt 2 of 3"
    order: list[int] = field(default_factory=list)


class OptionButton(QPushButton):
    """A choice: its key badge and word-wrapped plain text (QPushButton itself cannot wrap)."""

    def __init__(self, key: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("option")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(12)
        badge = _plain(str(key), wrap=False)
        badge.setFixedSize(26, 26)
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.setStyleSheet(
            "border: 1px solid palette(mid); border-radius: 13px; color: palette(text);"
            "background: palette(window); font-weight: bold;"
        )
        self.label = _plain()
        for child in (badge, self.label):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def set_option(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(f"Choice {self.key}: {text}")
        self.set_verdict("")

    def option(self) -> str:
        return self.label.text()

    def set_verdict(self, verdict: str) -> None:
        """ "" | "wrong" | "right": drives the style sheet."""
        self.setProperty("verdict", verdict)
        self.style().unpolish(self)
        self.style().polish(self)


class StudyPage(QWidget):
    """Embed with ``StudyPage(ctx)``; call :meth:`start` to study a goal or a skill branch."""

    review_recorded = Signal(int)  # card id, after the review committed
    finished = Signal()  # nothing (more) is due in this scope
    card_shown = Signal(int)  # card id, each time a card (re)appears

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Study")
        self.random = random.Random()
        self.goal_id: int | None = None
        self.node_id: int | None = None
        self.mode = "flip"
        self._session = 0
        self.queue: list[QueueCard] = []
        self.index = 0
        self.choices: dict[int, Choices] = {}
        self._jobs: dict[int, int] = {}  # job id -> card id
        self._history: list[QueueCard] = []  # reviewed in this session, newest last
        self._refused: tuple[datetime, str] | None = None  # rate limit: until when, message
        self._revealed = False
        self._choice_active = False
        self._wrong: set[int] = set()
        self._answered = False
        self._busy = False
        self._clock = QElapsedTimer()
        self._build()
        self.ctx.watcher.jobs_changed.connect(self._on_jobs_changed)
        # Also read the watcher's states after every refresh: a dict with int keys does not
        # survive a Signal(dict) (Qt converts it to a QVariantMap and drops the keys).
        self.ctx.watcher.refreshed.connect(self._on_watcher_refreshed)

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.setStyleSheet(_CARD_STYLE + _OPTION_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)

        self.loading_label = _scaled(_plain("Loading your cards\u2026"), 1.2)
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading_label)

        # Empty / error state.
        self.empty_page = QWidget()
        empty = QVBoxLayout(self.empty_page)
        empty.addStretch(2)
        self.empty_title = _scaled(_plain(EMPTY_TITLE), 1.6, bold=True)
        self.empty_detail = _plain()
        self.empty_detail.setStyleSheet("color: palette(placeholder-text);")
        self.empty_retry = QPushButton("Try again")
        self.empty_retry.clicked.connect(self._reload)
        for widget in (self.empty_title, self.empty_detail):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty.addWidget(widget)
        empty.addWidget(self.empty_retry, 0, Qt.AlignmentFlag.AlignHCenter)
        empty.addStretch(3)
        self.stack.addWidget(self.empty_page)

        # The study view.
        self.study_view = QWidget()
        layout = QVBoxLayout(self.study_view)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        header = QHBoxLayout()
        self.progress_label = _plain(wrap=False)
        self.progress_label.setStyleSheet("color: palette(placeholder-text);")
        self.kind_label = _plain(wrap=False)
        self.kind_label.setStyleSheet("color: palette(placeholder-text);")
        header.addWidget(self.progress_label)
        header.addStretch(1)
        header.addWidget(self.kind_label)
        layout.addLayout(header)

        self.card = QFrame()
        self.card.setObjectName("studyCard")
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(28, 24, 28, 24)
        card_layout.setSpacing(16)
        self.front_label = _scaled(_plain(), 1.45)
        self.front_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.front_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.separator = QFrame()
        self.separator.setFrameShape(QFrame.Shape.HLine)
        self.separator.setStyleSheet("color: palette(mid);")
        self.back_label = _scaled(_plain(), 1.2)
        self.back_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        card_layout.addStretch(1)
        card_layout.addWidget(self.front_label)
        card_layout.addWidget(self.separator)
        card_layout.addWidget(self.back_label)
        card_layout.addStretch(1)
        self.card.setMinimumHeight(200)
        layout.addWidget(self.card, 3)

        # Where the choices stand: preparing (with a busy bar) or failed (with Retry).
        self.choice_status = QWidget()
        status = QHBoxLayout(self.choice_status)
        status.setContentsMargins(0, 0, 0, 0)
        self.spinner = QProgressBar()
        self.spinner.setRange(0, 0)  # indeterminate: animates while the job runs
        self.spinner.setTextVisible(False)
        self.spinner.setFixedSize(90, 8)
        self.spinner.setAccessibleName("Preparing choices")
        self.choice_label = _plain()
        self.retry_button = QPushButton("Retry  (R)")
        self.retry_button.setAccessibleName("Retry making choices")
        self.retry_button.clicked.connect(self.retry_choices)
        status.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignVCenter)
        status.addWidget(self.choice_label, 1)
        status.addWidget(self.retry_button)
        layout.addWidget(self.choice_status)

        self.options_box = QWidget()
        options = QVBoxLayout(self.options_box)
        options.setContentsMargins(0, 0, 0, 0)
        options.setSpacing(8)
        self.option_buttons = [OptionButton(i + 1) for i in range(4)]
        for index, button in enumerate(self.option_buttons):
            button.clicked.connect(lambda _=False, i=index: self.pick(i))
            options.addWidget(button)
        layout.addWidget(self.options_box)

        self.feedback_label = _plain()
        self.feedback_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.feedback_label)

        self.actions = QStackedWidget()
        self.actions.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.reveal_button = self._action_button("Show answer   Space", self.reveal)
        self.continue_button = self._action_button("Continue   Space", self.next_card)
        for button in (self.reveal_button, self.continue_button):
            button.setObjectName("primary")
            button.setDefault(True)
        grades = QWidget()
        grade_row = QHBoxLayout(grades)
        grade_row.setContentsMargins(0, 0, 0, 0)
        self.grade_buttons: list[QPushButton] = []
        for name, rating in GRADES:
            button = self._action_button(f"{name}   {rating}", lambda r=rating: self.grade(r))
            button.setAccessibleName(f"{name} (key {rating})")
            button.setObjectName("grade")
            button.setProperty("rating", str(rating))
            self.grade_buttons.append(button)
            grade_row.addWidget(button)
        self.grades_box = grades
        self.actions.addWidget(self._centred(self.reveal_button))
        self.actions.addWidget(grades)
        self.actions.addWidget(self._centred(self.continue_button))
        self.actions.addWidget(QWidget())  # nothing to press (choosing)
        layout.addWidget(self.actions)

        footer = QHBoxLayout()
        self.undo_button = QPushButton("Undo   Ctrl+Z")
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.setObjectName("grade")
        self.undo_button.clicked.connect(self.undo)
        self.status_label = _plain()
        self.status_label.setStyleSheet("color: palette(placeholder-text);")
        footer.addWidget(self.undo_button)
        footer.addWidget(self.status_label, 1)
        layout.addLayout(footer)
        self.stack.addWidget(self.study_view)

    @staticmethod
    def _centred(button: QPushButton) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        button.setMinimumWidth(240)
        row.addWidget(button)
        row.addStretch(1)
        return box

    def _action_button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the page, not to a button
        button.setMinimumHeight(38)
        button.clicked.connect(lambda _=False: slot())
        return button

    # --- public API --------------------------------------------------------------------------

    def start(self, goal_id: int | None, node_id: int | None = None, mode: str = "flip") -> None:
        """Study a goal (or, with ``node_id``, that skill and its descendants) in ``mode``
        ("flip" or "choice"). Drops whatever an earlier session was doing."""
        if mode not in study.MODES:
            raise ValueError(f"mode is one of {study.MODES}, not {mode!r}")
        self.stop()
        self.goal_id, self.node_id, self.mode = goal_id, node_id, mode
        self._history.clear()
        self._refused = None
        self._reload()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def stop(self) -> None:
        """Leave the page: forget the session and stop watching its jobs."""
        self._session += 1
        self.ctx.watcher.unwatch(list(self._jobs))
        self._jobs.clear()
        self.choices.clear()
        self.queue = []
        self.index = 0
        self._busy = False

    def watched_jobs(self) -> dict[int, int]:
        """Distractor job id -> card id, for the jobs this page is waiting on."""
        return dict(self._jobs)

    def current(self) -> QueueCard | None:
        return self.queue[self.index] if 0 <= self.index < len(self.queue) else None

    # --- the queue ---------------------------------------------------------------------------

    def _op(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """run_op whose callbacks are dropped once the session changed."""
        token = self._session

        def ok(result: Any) -> None:
            if token == self._session:
                on_success(result)

        def err(exc: BaseException) -> None:
            if token == self._session:
                (on_failure or self._show_error)(exc)
            else:
                log.debug("dropped the result of an earlier study session: %s", exc)

        run_op(work, ok, err)

    def _reload(self) -> None:
        db, pid = self.ctx.db, self.ctx.profile.id
        goal_id = None if self.node_id is not None else self.goal_id
        node_id = self.node_id

        def work() -> tuple[list[QueueCard], NextDue | None]:
            cards = list(study.due_queue(db, pid, goal_id=goal_id, node_id=node_id).cards)
            later = None if cards else next_due(db, pid, goal_id=goal_id, node_id=node_id)
            return cards, later

        self.stack.setCurrentWidget(self.loading_label)
        self._op(work, self._on_queue, self._on_queue_failed)

    def _on_queue(self, result: tuple[list[QueueCard], NextDue | None]) -> None:
        cards, later = result
        self.queue, self.index = cards, 0
        if not cards:
            self.empty_title.setText(EMPTY_TITLE)
            self.empty_detail.setText(describe_next(later))
            self.empty_retry.hide()
            self.stack.setCurrentWidget(self.empty_page)
            self.finished.emit()
            return
        self.stack.setCurrentWidget(self.study_view)
        self._show_card()

    def _on_queue_failed(self, exc: BaseException) -> None:
        self.empty_title.setText("Your cards could not be loaded")
        self.empty_detail.setText(_message(exc))
        self.empty_retry.show()
        self.stack.setCurrentWidget(self.empty_page)

    def _show_card(self) -> None:
        card = self.current()
        if card is None:
            self._reload()
            return
        self._revealed = self._choice_active = self._answered = self._busy = False
        self._wrong.clear()
        self.feedback_label.clear()
        self.status_label.clear()
        self._clock.start()
        if self.mode == "choice":
            self._prefetch()
        self._render()
        self.card_shown.emit(card.card_id)

    def next_card(self) -> None:
        done = self.current()
        if done is not None:
            self._forget(done.card_id)
        self.index += 1
        self._show_card()

    # --- rendering: one function decides what is visible ---------------------------------------

    def _render(self) -> None:
        card = self.current()
        if card is None:
            return
        remaining = len(self.queue) - self.index
        self.progress_label.setText(
            f"{remaining} left" + (" \u00b7 new card" if card.is_new else "")
        )
        self.kind_label.setText("Multiple choice" if self.mode == "choice" else "Flashcards")
        self.front_label.setText(card.front)
        self.front_label.setAccessibleName(f"Question: {card.front}")
        state = self.choices.get(card.card_id) if self.mode == "choice" else None
        if state is not None and state.status == "ready" and not self._revealed:
            self._choice_active = True
        # Back: flip cards once revealed; choice cards once answered.
        show_back = (self._revealed and not self._choice_active) or self._answered
        self.back_label.setText(card.back if show_back else "")
        self.back_label.setAccessibleName(f"Answer: {card.back}" if show_back else "")
        self.back_label.setVisible(show_back)
        self.separator.setVisible(show_back)
        self._render_choice_status(state)
        self.options_box.setVisible(self._choice_active)
        if self._choice_active and state is not None:
            self._fill_options(card, state)
        if self._answered:
            self.actions.setCurrentIndex(2)
        elif self._choice_active:
            self.actions.setCurrentIndex(3)
        elif self._revealed:
            self.actions.setCurrentWidget(self.grades_box)
        else:
            self.actions.setCurrentIndex(0)
        for button in (*self.grade_buttons, self.continue_button):
            button.setEnabled(not self._busy)
        self.undo_button.setEnabled(bool(self._history) and not self._busy)

    def _render_choice_status(self, state: Choices | None) -> None:
        if state is None or self._choice_active:
            self.choice_status.hide()
            return
        self.choice_status.show()
        waiting = state.status in ("requesting", "preparing", "loading")
        self.spinner.setVisible(waiting)
        self.retry_button.setVisible(state.status == "failed")
        self.retry_button.setEnabled(not self._busy)
        if waiting:
            text = PREPARING + (f" ({state.note})" if state.note else "")
            if not self._revealed:
                text += " You can also press Space to answer it as a flashcard."
            self.choice_label.setStyleSheet("color: palette(placeholder-text);")
        elif state.status == "failed":
            text = FAILED_PREFIX + state.error
            self.choice_label.setStyleSheet("color: #b45309;")
        else:  # refused by the rate limit
            text = state.error
            self.choice_label.setStyleSheet("color: #b45309;")
        self.choice_label.setText(text)

    def _fill_options(self, card: QueueCard, state: Choices) -> None:
        if not state.order:
            state.order = list(range(len(state.options)))
            self.random.shuffle(state.order)
        for button, option_index in zip(self.option_buttons, state.order, strict=False):
            text = state.options[option_index]
            if button.option() != text:
                button.set_option(text)
            verdict = ""
            if self.option_buttons.index(button) in self._wrong:
                verdict = "wrong"
            elif self._answered and option_index == 0:
                verdict = "right"
            if button.property("verdict") != verdict:
                button.set_verdict(verdict)

    # --- answering ---------------------------------------------------------------------------

    def reveal(self) -> None:
        if self.current() is None or self._busy or self._choice_active or self._revealed:
            return
        self._revealed = True
        self._render()

    def grade(self, rating: int) -> None:
        card = self.current()
        if card is None or self._busy or not self._revealed or self._choice_active:
            return
        self._record(
            card,
            lambda db, pid, ms: study.record_review(
                db, pid, card.card_id, rating, mode="flip", duration_ms=ms
            ),
            advance=True,
        )

    def pick(self, index: int) -> None:
        card = self.current()
        state = self.choices.get(card.card_id) if card else None
        if card is None or state is None or not self._choice_active:
            return
        if self._busy or self._answered or index in self._wrong or index >= len(state.order):
            return
        if state.order[index] != 0:  # option 0 is the answer
            self._wrong.add(index)
            self.feedback_label.setStyleSheet("color: #b91c1c;")
            self.feedback_label.setText("Not quite \u2014 try again.")
            self._render()
            return
        first_try = not self._wrong
        self.feedback_label.setStyleSheet("color: #15803d;")
        self.feedback_label.setText(
            "Correct!" if first_try else "Correct \u2014 this card comes back sooner."
        )
        self._record(
            card,
            lambda db, pid, ms: study.record_choice(
                db, pid, card.card_id, correct_first_time=first_try, duration_ms=ms
            ),
            advance=False,
        )

    def _record(
        self, card: QueueCard, write: Callable[[Any, int, int], Any], *, advance: bool
    ) -> None:
        self._busy = True
        self._render()
        db, pid = self.ctx.db, self.ctx.profile.id
        duration = min(int(self._clock.elapsed()), 86_400_000)

        def done(_result: Any) -> None:
            self._busy = False
            self._history.append(card)
            self.review_recorded.emit(card.card_id)
            if advance:
                self.next_card()
            else:
                self._answered = True
                self._render()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.feedback_label.clear()
            self._show_error(exc)

        self._op(lambda: write(db, pid, duration), done, failed)

    def undo(self) -> None:
        if not self._history or self._busy:
            return
        self._busy = True
        self._render()
        db, pid = self.ctx.db, self.ctx.profile.id
        self._op(lambda: study.undo_last_review(db, pid), self._on_undone, self._on_undo_failed)

    def _on_undone(self, result: study.UndoResult) -> None:
        self._busy = False
        previous = self._history.pop() if self._history else None
        if previous is None or previous.card_id != result.card_id:
            self.status_label.setText("Undid the last review.")
            self._reload()
            return
        current = self.current()
        if current is None or current.card_id != previous.card_id:
            self.index = min(self.index, len(self.queue))
            self.queue.insert(self.index, previous)  # shown again, before the card that was next
        self.stack.setCurrentWidget(self.study_view)
        self._show_card()
        self.status_label.setText("Undid the last review.")

    def _on_undo_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        self.status_label.setText(_message(exc))
        self._render()

    # --- keyboard ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            return
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._answered:
                self.next_card()
            else:
                self.reveal()
            return
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_4:
            number = key - Qt.Key.Key_1
            if self._choice_active:
                self.pick(number)
            else:
                self.grade(number + 1)
            return
        if key == Qt.Key.Key_R and self.retry_button.isVisible():
            self.retry_choices()
            return
        super().keyPressEvent(event)

    # --- choices: request ahead, watch, retry ------------------------------------------------------

    def _prefetch(self) -> None:
        for card in self.queue[self.index : self.index + LOOKAHEAD]:
            if card.card_id not in self.choices:
                self._request_choices(card.card_id)

    def _request_choices(self, card_id: int) -> None:
        self.choices[card_id] = Choices()
        if self._refused is not None and datetime.now(UTC) < self._refused[0]:
            self.choices[card_id] = Choices(status="refused", error=self._refused[1])
            return
        db, pid, registry = self.ctx.db, self.ctx.profile.id, self.ctx.registry

        def work() -> tuple[str, Any]:
            info = cards_service.get_card(db, pid, card_id)
            if len(info.distractors) >= 3:
                return "ready", (info.back, *info.distractors[:3])
            try:
                submitted = generation.submit_distractors(db, pid, card_id, registry=registry)
            except RateLimited as exc:
                return "refused", exc
            return "job", submitted.job

        self._op(
            work,
            lambda result: self._on_requested(card_id, result),
            lambda exc: self._on_request_failed(card_id, exc),
        )

    def _on_requested(self, card_id: int, result: tuple[str, Any]) -> None:
        kind, value = result
        if kind == "ready":
            self.choices[card_id] = Choices(status="ready", options=tuple(value))
        elif kind == "refused":
            self._refused = (value.next_slot_at, f"{value} Study it as a flashcard for now.")
            self.choices[card_id] = Choices(status="refused", error=self._refused[1])
        else:
            self._track(card_id, value)
            if self.ctx.pool is not None:
                self.ctx.pool.wake()
        self._refresh_if_current(card_id)

    def _on_request_failed(self, card_id: int, exc: BaseException) -> None:
        self.choices[card_id] = Choices(status="refused", error=_message(exc))
        self._refresh_if_current(card_id)

    def _track(self, card_id: int, job: JobInfo) -> None:
        state = Choices(status="preparing", job_id=job.id)
        self.choices[card_id] = state
        if job.id not in self._jobs:
            self._jobs[job.id] = card_id
            self.ctx.watcher.watch([job.id], refresh=True)
        self._apply_job(card_id, job)

    def _on_jobs_changed(self, changed: dict[int, JobInfo]) -> None:
        for job_id, job in changed.items():
            card_id = self._jobs.get(job_id)
            if card_id is not None:
                self._apply_job(card_id, job)

    def _on_watcher_refreshed(self) -> None:
        for job_id, card_id in list(self._jobs.items()):
            job = self.ctx.watcher.state(job_id)
            if job is not None:
                self._apply_job(card_id, job)

    def _apply_job(self, card_id: int, job: JobInfo) -> None:
        state = self.choices.get(card_id)
        if state is None or state.job_id != job.id or state.status in ("ready", "loading"):
            return
        if job.status == "completed":
            state.status = "loading"  # still "Preparing choices…" to the learner
            self._load_distractors(card_id)
            return
        if job.status in ("failed", "cancelled"):
            state.status = "failed"
            state.error = job.error or (
                "the generation was cancelled." if job.status == "cancelled" else "unknown error."
            )
        else:
            state.status = "preparing"
            state.note = (
                f"retrying, attempt {job.attempts + 1} of {job.max_attempts}"
                if job.attempts and job.error
                else ""
            )
        self._refresh_if_current(card_id)

    def _load_distractors(self, card_id: int) -> None:
        db, pid = self.ctx.db, self.ctx.profile.id

        def loaded(info: cards_service.CardInfo) -> None:
            state = self.choices.get(card_id)
            if state is None:
                return
            if len(info.distractors) >= 3:
                state.status, state.options = "ready", (info.back, *info.distractors[:3])
            else:
                state.status = "failed"
                state.error = "the job finished without three options."
            self._refresh_if_current(card_id)

        def not_loaded(exc: BaseException) -> None:
            state = self.choices.get(card_id)
            if state is not None:
                state.status, state.error = "failed", _message(exc)
                self._refresh_if_current(card_id)

        self._op(lambda: cards_service.get_card(db, pid, card_id), loaded, not_loaded)

    def retry_choices(self) -> None:
        """Retry the current card's failed job (counts against the hourly limit)."""
        card = self.current()
        state = self.choices.get(card.card_id) if card else None
        if card is None or state is None or state.status != "failed" or state.job_id is None:
            return
        db, pid, job_id, card_id = self.ctx.db, self.ctx.profile.id, state.job_id, card.card_id
        self.retry_button.setEnabled(False)

        def retried(job: JobInfo) -> None:
            self.choices[card_id] = Choices(status="preparing", job_id=job.id)
            if job.id not in self._jobs:
                self._jobs[job.id] = card_id
                self.ctx.watcher.watch([job.id])
            self.ctx.watcher.refresh()
            if self.ctx.pool is not None:
                self.ctx.pool.wake()
            self._refresh_if_current(card_id)

        def refused(exc: BaseException) -> None:
            if isinstance(exc, RateLimited):
                self._refused = (exc.next_slot_at, str(exc))
            self.status_label.setText(_message(exc))
            self.retry_button.setEnabled(True)

        self._op(lambda: store.retry(db, pid, job_id), retried, refused)

    def _refresh_if_current(self, card_id: int) -> None:
        card = self.current()
        if card is not None and card.card_id == card_id and not self._busy:
            self._render()

    def _forget(self, card_id: int) -> None:
        """A card was answered: stop watching its job unless it shows up again soon."""
        if any(c.card_id == card_id for c in self.queue[self.index + 1 :]):
            return
        state = self.choices.get(card_id)
        if state is not None and state.status != "ready":
            self.choices.pop(card_id, None)
            if state.job_id is not None and self._jobs.pop(state.job_id, None) is not None:
                self.ctx.watcher.unwatch([state.job_id])
