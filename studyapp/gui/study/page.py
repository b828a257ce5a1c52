"""The study page: FSRS review of the due queue, as flip cards or as multiple choice.

This is the shell that joins the parts: :class:`StudySession` (the Qt-free rules: what shows,
what a key means, what undo brings back), :class:`ChoiceTracker` (options of the cards ahead),
:class:`StudyView` (the widgets) and the database work, which always runs through ``run_op``.
Every result carries the session token of the :meth:`StudyPage.start` that asked for it and is
dropped when another ``start()`` (or :meth:`stop`) came in between, so a slow answer can never
land on the wrong card or the wrong session.

Keys (the buttons take no focus, so keys reach the page): Space/Enter reveal or continue, 1–4
grade a flip card or pick a choice, Ctrl+Z undoes the last review, R retries failed choices,
E edits the card, - buries it until tomorrow, @ suspends it, I shows its card info (Anki's
keys), Esc asks to leave (:attr:`StudyPage.leave_requested`). A custom study session ("Study
more": review ahead, forgotten cards) is one pass over its cards (``start(custom=...)``).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEvent, QMetaObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from studyapp.gui import theme
from studyapp.gui.card_editor import CardEditor
from studyapp.gui.card_info import CardInfoDialog
from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.gui.study.choices import ChoiceTracker
from studyapp.gui.study.keys import study_key
from studyapp.gui.study.media import LoadedMedia, load_media
from studyapp.gui.study.session import (
    EMPTY_TITLE,
    Do,
    Intent,
    Mode,
    Phase,
    StudySession,
    describe_next,
    empty_title,
)
from studyapp.gui.study.widgets import StudyView, muted, plain, scaled, style_sheet
from studyapp.services import burying, study
from studyapp.services import cards as cards_service
from studyapp.services.cards import CardInfo
from studyapp.services.next_due import NextDue, next_due
from studyapp.services.study import IntervalPreview, QueueCard
from studyapp.services.study_more import custom_queue
from studyapp.services.study_presence import Taken, take, this_device

DEVICE = this_device()  # how the learner's other devices name this window
log = logging.getLogger(__name__)
CUSTOM_DONE = "Custom study finished"
NOTHING_TO_UNDO = "Nothing to undo: no review was made in this session."


class StudyPage(QWidget):
    """Embed with ``StudyPage(ctx)``; call :meth:`start` to study a goal or a skill branch."""

    review_recorded = Signal(int)  # card id, after the review committed
    finished = Signal()  # nothing (more) is due in this scope
    card_shown = Signal(int)  # card id, each time a card (re)appears
    leave_requested = Signal()  # Esc or "End": the window goes back where the learner came from
    card_edited = Signal(int)  # card id, after an edit during review committed
    previewed = Signal(int)  # card id, when the grade buttons got their intervals
    media_shown = Signal(int)  # card id, when its pictures and files are on the card
    leased = Signal(int, str)  # card id, "yours" / "elsewhere" / "done" (another device)
    card_left = Signal(int)  # card id, after it was buried or suspended from study
    study_more_requested = Signal()  # "Study more…" on the empty page

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Study")
        self.random = random.Random()
        self.session = StudySession(rng=self.random)
        self.goal_id: int | None = None
        self.node_id: int | None = None
        self.custom: tuple[str, int] | None = None  # ("ahead" | "forgotten", days)
        self.info_dialog: CardInfoDialog | None = None
        self._token = 0
        self._preview: IntervalPreview | None = None
        self._clock = QElapsedTimer()
        self.editor: CardEditor | None = None
        self._restyling = False
        self._restyle_posted = False
        # Under its own style sheet this page gets no PaletteChange from a new app palette.
        theme.controller().changed.connect(self._restyle_soon)
        self.choices = ChoiceTracker(ctx, self)
        self.choices.changed.connect(self._on_choices_changed)
        self.choices.notice.connect(self._on_notice)
        self._build()

    @property
    def mode(self) -> str:
        return self.session.mode.value

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 20)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)

        self.loading_label = scaled(plain("Loading your cards\u2026"), 1.2)
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading_label)

        # Empty / error state.
        self.empty_page = QWidget()
        empty = QVBoxLayout(self.empty_page)
        empty.addStretch(2)
        self.empty_title = scaled(plain(EMPTY_TITLE), 1.6, bold=True)
        self.empty_detail = muted(plain())
        self.empty_retry = QPushButton("Try again")
        self.empty_retry.clicked.connect(self._reload)
        self.empty_more = QPushButton("Study more\u2026")
        self.empty_more.setToolTip(
            "More new cards today, review ahead, or study forgotten cards again"
        )
        self.empty_more.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.empty_more.clicked.connect(self.study_more_requested)
        self.empty_back = QPushButton("Back   Esc")
        self.empty_back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.empty_back.clicked.connect(self.leave_requested)
        for widget in (self.empty_title, self.empty_detail):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty.addWidget(widget)
        for button in (self.empty_retry, self.empty_more, self.empty_back):
            empty.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty.addStretch(3)
        self.stack.addWidget(self.empty_page)

        self.study_view = StudyView()
        view = self.study_view
        view.reveal_clicked.connect(lambda: self._do(Intent(Do.REVEAL)))
        view.continue_clicked.connect(lambda: self._do(Intent(Do.CONTINUE)))
        view.grade_clicked.connect(lambda rating: self._do(Intent(Do.GRADE, rating)))
        view.option_clicked.connect(lambda place: self._do(Intent(Do.PICK, place)))
        view.retry_clicked.connect(lambda: self._do(Intent(Do.RETRY)))
        view.undo_clicked.connect(self.undo)
        view.edit_clicked.connect(self.edit_current)
        view.leave_clicked.connect(self.leave_requested)
        view.answer_typed.connect(lambda _text: self._do(Intent(Do.REVEAL)))
        self.stack.addWidget(view)
        self._apply_style()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._restyling:
            self._restyle_soon()

    def _restyle_soon(self) -> None:
        """Re-apply the sheet once the palette change is over (the theme's ``changed``, or a
        PaletteChange when this page is a window of its own). Setting a style sheet from inside
        a PaletteChange corrupts memory when that change comes from a re-parenting (the window
        adding this page under a dark palette crashed every start), so it is posted."""
        if not self._restyle_posted:
            self._restyle_posted = True
            QMetaObject.invokeMethod(self, "_apply_style", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _apply_style(self) -> None:
        """(Re-)apply the style sheet with the current palette's colours: widgets under a sheet
        stop following palette changes, so a switch to dark mode needs the sheet again."""
        self._restyle_posted = False
        self._restyling = True
        # The application's palette: this page's own one is frozen by its sheet.
        palette = QApplication.palette()
        try:
            self.setStyleSheet("")
            self.setStyleSheet(style_sheet(palette))
            self.study_view.restyle(palette)
        finally:
            self._restyling = False

    # --- public API --------------------------------------------------------------------------

    def start(
        self,
        goal_id: int | None,
        node_id: int | None = None,
        mode: str = "flip",
        custom: tuple[str, int] | None = None,
    ) -> None:
        """Study a goal (or, with ``node_id``, that skill and its descendants; both None: every
        goal) in ``mode`` ("flip" or "choice"); ``custom`` ("ahead" or "forgotten", days) studies
        that custom queue once instead of the due queue. Drops whatever an earlier session was
        doing."""
        if mode not in study.MODES:
            raise ValueError(f"mode is one of {study.MODES}, not {mode!r}")
        self.stop()
        self.goal_id, self.node_id, self.custom = goal_id, node_id, custom
        self.session = StudySession(mode=Mode(mode), rng=self.random)
        self._reload()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def stop(self) -> None:
        """Leave the page: forget the session, its pending results and its jobs."""
        self._token += 1
        self.choices.reset()
        self.session = StudySession(mode=self.session.mode, rng=self.random)
        self._preview = None
        if self.editor is not None:
            self.editor.reject()
        if self.info_dialog is not None:
            self.info_dialog.reject()

    def watched_jobs(self) -> dict[int, int]:
        """Distractor job id -> card id, for the jobs this page is waiting on."""
        return self.choices.watched_jobs()

    def current(self) -> QueueCard | None:
        return self.session.current()

    def undo(self) -> None:
        """Take this session's last review back (Ctrl+Z, the Undo button, Edit menu): never
        the profile's newest, which may be another window's or the command line's."""
        review_id = self.session.last_review_id()
        if review_id is None or not self.session.begin_undo():
            if not self.session.busy:
                self.study_view.status_label.setText(NOTHING_TO_UNDO)
            return
        self._render()
        db, pid = self.ctx.db, self.ctx.profile.id
        self._op(
            lambda: study.undo_review(db, pid, review_id), self._on_undone, self._on_undo_failed
        )

    def edit_current(self) -> None:
        """Open the editor on the card being studied (E, the Edit button, Edit menu)."""
        card = self.session.current()
        if card is None or self.session.busy or self.editor is not None:
            return
        if self.stack.currentWidget() is not self.study_view:
            return
        editor = CardEditor(self.ctx, card.card_id, parent=self)
        editor.saved.connect(self._on_card_saved)
        editor.finished.connect(self._on_editor_closed)
        self.editor = editor
        editor.open()

    # --- keys --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = study_key(event)
        intent = self.session.intent(key) if key is not None else None
        if intent is None:
            super().keyPressEvent(event)
            return
        self._do(intent)

    def _do(self, intent: Intent) -> None:
        """One entry for keys and buttons alike."""
        if intent.do is Do.LEAVE:
            self.leave_requested.emit()
        elif intent.do is Do.UNDO:
            self.undo()
        elif intent.do is Do.EDIT:
            self.edit_current()
        elif self.stack.currentWidget() is not self.study_view:
            return
        elif intent.do is Do.INFO:
            self.show_card_info()
        elif intent.do is Do.BURY:
            self.bury_current()
        elif intent.do is Do.SUSPEND:
            self.suspend_current()
        elif intent.do is Do.REVEAL:
            typed = self.study_view.type_box.text() if self.session.asks_to_type() else None
            if self.session.reveal(typed):
                self._render()
        elif intent.do is Do.CONTINUE:
            self._next_card()
        elif intent.do is Do.GRADE:
            self._grade(intent.value)
        elif intent.do is Do.PICK:
            self._pick(intent.value)
        elif intent.do is Do.RETRY:
            card = self.session.current()
            if card is not None:
                self.choices.retry(card.card_id)

    # --- the queue ---------------------------------------------------------------------------

    def _op(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """run_op whose callbacks are dropped once the session changed or the page is gone."""
        token = self._token
        run_op(
            work,
            on_success,
            on_failure or self._show_error,
            owner=self,
            is_current=lambda: token == self._token,
        )

    def _reload(self) -> None:
        db, pid = self.ctx.db, self.ctx.profile.id
        goal_id = None if self.node_id is not None else self.goal_id
        node_id = self.node_id
        custom = self.custom
        studied = {card.card_id for card in self.session.history}

        def work() -> tuple[list[QueueCard], NextDue | None]:
            if custom is not None:  # one pass: what was studied in it does not come back
                kind, days = custom
                found = custom_queue(db, pid, kind, days, goal_id=goal_id, node_id=node_id)
                return [c for c in found if c.card_id not in studied], None
            cards = list(
                study.due_queue(db, pid, goal_id=goal_id, node_id=node_id, device=DEVICE).cards
            )
            later = None if cards else next_due(db, pid, goal_id=goal_id, node_id=node_id)
            return cards, later

        self.stack.setCurrentWidget(self.loading_label)
        self._op(work, self._on_queue, self._on_queue_failed)

    def _on_queue(self, result: tuple[list[QueueCard], NextDue | None]) -> None:
        cards, later = result
        first = self.session.load(cards)
        if first is None:
            if self.custom is not None:
                self.empty_title.setText(CUSTOM_DONE)
                self.empty_detail.setText("")
            else:
                self.empty_title.setText(empty_title(later))
                self.empty_detail.setText(describe_next(later))
            self.empty_retry.hide()
            self.stack.setCurrentWidget(self.empty_page)
            self.finished.emit()
            return
        self.stack.setCurrentWidget(self.study_view)
        self._enter()

    def _on_queue_failed(self, exc: BaseException) -> None:
        self.empty_title.setText("Your cards could not be loaded")
        self.empty_detail.setText(error_text(exc))
        self.empty_retry.show()
        self.stack.setCurrentWidget(self.empty_page)

    def _enter(self) -> None:
        """A card became current: start its clock, ask for choices and the grade preview."""
        card = self.session.current()
        if card is None:
            self._reload()
            return
        self._clock.start()
        self.study_view.status_label.clear()
        if self.session.mode is Mode.CHOICE:
            self.choices.want(c.card_id for c in self.session.ahead())
            self.session.choices_ready(self.choices.get(card.card_id))
        self._ask_preview(card.card_id)
        self._ask_media(card.card_id)
        self._ask_lease(card)
        self._render()
        self.card_shown.emit(card.card_id)

    def _ask_lease(self, card: QueueCard) -> None:
        """Say this device shows the card (the learner's other devices leave it out); if
        another device shows it too, say so on the card; if another device graded it since
        the queue was made, skip it and say so."""
        db, pid = self.ctx.db, self.ctx.profile.id

        def taken(result: Taken) -> None:
            current = self.session.current()
            if current is None or current.card_id != card.card_id:
                return
            if result.status == "done" and not self.session.busy:
                self._preview = None
                self.session.drop_current()
                self._enter()
                self.study_view.status_label.setText(result.sentence())
            elif result.status == "elsewhere":
                self.study_view.status_label.setText(result.sentence())
            self.leased.emit(card.card_id, result.status)

        def not_taken(exc: BaseException) -> None:  # studying goes on without it
            log.warning("no study lease for card %s: %s", card.card_id, exc)

        self._op(
            lambda: take(db, pid, card.card_id, device=DEVICE, queued_due=card.due),
            taken,
            not_taken,
        )

    def _next_card(self) -> None:
        done = self.session.current()
        if done is None or self.session.busy:
            return
        self._leave_card(done)
        self.session.advance()
        self._enter()

    def _leave_card(self, card: QueueCard) -> None:
        if not self.session.comes_again(card.card_id):
            self.choices.forget(card.card_id)

    def _ask_preview(self, card_id: int) -> None:
        if self._preview is not None and self._preview.card_id == card_id:
            return
        self._preview = None
        db, pid = self.ctx.db, self.ctx.profile.id

        def shown(preview: IntervalPreview) -> None:
            current = self.session.current()
            if current is not None and current.card_id == preview.card_id:
                self._preview = preview
                self._render()
                self.previewed.emit(card_id)

        def not_shown(exc: BaseException) -> None:  # the buttons work without intervals
            log.warning("no interval preview for card %s: %s", card_id, exc)

        self._op(lambda: study.preview_intervals(db, pid, card_id), shown, not_shown)

    def _ask_media(self, card_id: int) -> None:
        """Read and decode the card's media off the GUI thread (a large picture must not freeze
        the window); the old card's pictures go at once."""
        self.study_view.set_media(())
        db, pid, width = self.ctx.db, self.ctx.profile.id, self.study_view.media_width()

        def shown(items: tuple[LoadedMedia, ...]) -> None:
            current = self.session.current()
            if current is not None and current.card_id == card_id:
                self.study_view.set_media(items)
                self.media_shown.emit(card_id)

        def not_shown(exc: BaseException) -> None:  # the card's text is still worth studying
            log.warning("no media for card %s: %s", card_id, exc)

        self._op(lambda: load_media(db, pid, card_id, width), shown, not_shown)

    # --- rendering ---------------------------------------------------------------------------

    def _render(self) -> None:
        card = self.session.current()
        if card is None:
            return
        choices = self.choices.get(card.card_id) if self.session.mode is Mode.CHOICE else None
        view = self.session.view(choices)
        if view is None:
            return
        preview = self._preview
        labels = (
            preview.labels() if preview is not None and preview.card_id == card.card_id else None
        )
        box = self.study_view.type_box
        typing = box.hasFocus()
        self.study_view.paint(view, labels)
        # A card that asks to type its answer takes the keyboard in its answer box; once it is
        # turned over the page has it again (1-4 grade).
        if view.type_in and self.isVisible() and not typing:
            box.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not view.type_in and typing:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_choices_changed(self, card_id: int) -> None:
        card = self.session.current()
        if card is None or card.card_id != card_id:
            return
        self.session.choices_ready(self.choices.get(card_id))
        self._render()

    def _on_notice(self, text: str) -> None:
        self.study_view.status_label.setText(text)

    # --- answering ---------------------------------------------------------------------------

    def _grade(self, rating: int) -> None:
        card = self.session.begin_grade(rating)
        if card is None:
            return
        self._record(
            card,
            lambda db, pid, ms: study.record_review(
                db, pid, card.card_id, rating, mode="flip", duration_ms=ms, device=DEVICE
            ),
        )

    def _pick(self, place: int) -> None:
        pick = self.session.begin_pick(place)
        if pick is None:
            return
        card_id, correct = pick.card.card_id, pick.correct
        self._record(
            pick.card,
            lambda db, pid, ms: study.record_choice(
                db, pid, card_id, correct_first_time=correct, duration_ms=ms, device=DEVICE
            ),
        )

    def _record(self, card: QueueCard, write: Callable[[Any, int, int], Any]) -> None:
        self._render()
        db, pid = self.ctx.db, self.ctx.profile.id
        duration = min(int(self._clock.elapsed()), 86_400_000)

        def done(result: Any) -> None:
            flip = self.session.phase is Phase.REVEALED
            if flip:
                self._leave_card(card)
            self.session.drop_ahead(frozenset(getattr(result, "buried", ())))
            self.session.recorded(card, getattr(result, "review_id", None))
            self.ctx.watcher.expect_reviews(1)  # ours: not news from another device
            self.review_recorded.emit(card.card_id)
            if flip:
                self._enter()
            else:
                self._render()

        def failed(exc: BaseException) -> None:
            self.session.record_failed()
            self._show_error(exc)

        self._op(lambda: write(db, pid, duration), done, failed)

    def _on_undone(self, result: study.UndoResult) -> None:
        self.ctx.watcher.expect_reviews(-1)
        card = self.session.undone(result.card_id)
        if card is None:
            self._reload()
            self.study_view.status_label.setText("Undid the last review.")
            return
        self._preview = None
        self.stack.setCurrentWidget(self.study_view)
        self._enter()
        self.study_view.status_label.setText("Undid the last review.")

    def _on_undo_failed(self, exc: BaseException) -> None:
        self.session.undo_failed()
        self._show_error(exc)

    def _show_error(self, exc: BaseException) -> None:
        self.study_view.status_label.setText(error_text(exc))
        self._render()

    # --- bury, suspend, card info -------------------------------------------------------------

    def bury_current(self) -> None:
        """Bury the card on screen until tomorrow (-, Edit menu) and go on to the next one."""
        card = self.session.current()
        if card is None or self.session.busy:
            return
        db, pid, card_id = self.ctx.db, self.ctx.profile.id, card.card_id

        def work() -> int:
            burying.bury_cards(db, pid, [card_id])
            return card_id

        self._take_out(work, "Buried until tomorrow.")

    def suspend_current(self) -> None:
        """Suspend the card on screen (@, Edit menu): it is not studied until unsuspended in the
        browser."""
        card = self.session.current()
        if card is None or self.session.busy:
            return
        db, pid, card_id = self.ctx.db, self.ctx.profile.id, card.card_id

        def work() -> int:
            cards_service.set_archived(db, pid, [card_id], True)
            return card_id

        self._take_out(
            work, "Suspended: unsuspend it in the browser (state \u201cSuspended\u201d)."
        )

    def _take_out(self, work: Callable[[], int], said: str) -> None:
        self.session.busy = True
        self._render()

        def done(card_id: int) -> None:
            self.session.busy = False
            self._preview = None
            self.session.drop_current()  # with any later copy, so its choices can go too
            self.choices.forget(card_id)
            self.card_left.emit(card_id)
            self._enter()
            self.study_view.status_label.setText(said)

        def failed(exc: BaseException) -> None:
            self.session.busy = False
            self._show_error(exc)

        self._op(work, done, failed)

    def show_card_info(self) -> CardInfoDialog | None:
        """The card on screen's state and review history (I, Edit menu)."""
        card = self.session.current()
        if card is None or self.info_dialog is not None:
            return None
        dialog = CardInfoDialog(self.ctx, card.card_id, self)
        dialog.finished.connect(self._on_info_closed)
        self.info_dialog = dialog
        dialog.open()
        return dialog

    def _on_info_closed(self, _result: int) -> None:
        if self.info_dialog is not None:
            self.info_dialog.deleteLater()
        self.info_dialog = None
        if self.isVisible():
            self.activateWindow()
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- editing -----------------------------------------------------------------------------

    def _on_card_saved(self, info: CardInfo) -> None:
        self.session.card_edited(info.id, info.front, info.back, info.node_id)
        self.choices.set_answer(info.id, info.back)
        self._render()
        self.study_view.status_label.setText("Card saved.")
        self.card_edited.emit(info.id)

    def _on_editor_closed(self, _result: int) -> None:
        if self.editor is not None:
            self.editor.deleteLater()
        self.editor = None
        if self.isVisible():  # back to studying by keyboard
            self.activateWindow()
            self.setFocus(Qt.FocusReason.OtherFocusReason)
