"""The goal page: the skill tree on the left, the deck on the right, generation actions on top.

Everything shown comes from one snapshot query (``services.goal_view.goal_snapshot``) run off
the GUI thread. The page watches the jobs it shows; when one changes (3-s poll, in-process
completion or a NOTIFY from another process) it re-reads the snapshot and applies it as row
changes, so placeholders turn into cards in place, without any reload by the learner.
Clicking "Generate" shows a placeholder at once, before the submission even returns.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from studyapp.errors import RateLimited, StudyappError
from studyapp.gui.context import AppContext
from studyapp.gui.deck_model import DeckModel
from studyapp.gui.deck_view import DeckView
from studyapp.gui.ops import run_op
from studyapp.gui.placeholder import Phase, SpinnerClock, paint_placeholder, phase_of, shows_spinner
from studyapp.gui.tree_model import SkillTreeModel
from studyapp.jobs import store
from studyapp.jobs.contract import FLASHCARD_GENERATION, JobInfo
from studyapp.services import cards as card_service
from studyapp.services import generation
from studyapp.services.cards import CardInfo
from studyapp.services.goal_view import GoalSnapshot, goal_snapshot, subtree_ids
from studyapp.services.material import Material

log = logging.getLogger(__name__)
_optimistic_ids = itertools.count(-1, -1)
RELOAD_DEBOUNCE_MS = 10
SEARCH_DEBOUNCE_MS = 300


def _tree_model(index) -> SkillTreeModel:
    return index.model()


class TreeDelegate(QStyledItemDelegate):
    def __init__(self, clock: SpinnerClock, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock

    def sizeHint(self, option, index) -> QSize:
        size = super().sizeHint(option, index)
        if _tree_model(index).is_placeholder(index):
            return QSize(size.width(), 36)
        return QSize(size.width(), max(size.height(), 26))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        model = _tree_model(index)
        job = model.job_at(index)
        if model.is_placeholder(index) and job is not None:
            opt = QStyleOptionViewItem(option)
            view = self.parent()
            if isinstance(view, QTreeView) and view.isFirstColumnSpanned(
                index.row(), index.parent()
            ):
                opt.rect.setRight(view.viewport().width())
            item = model.item_at(index)
            text = item.text if item is not None else None
            paint_placeholder(painter, opt, job, self.clock.angle, text=text)
            return
        super().paint(painter, option, index)


class SkillTreeView(QTreeView):
    retry_requested = Signal(int)

    def __init__(self, clock: SpinnerClock, parent=None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.setItemDelegate(TreeDelegate(clock, self))
        self.setAccessibleName("Skill tree")
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        clock.tick.connect(self._on_tick)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        job = self._model().job_at(self.currentIndex())
        if (
            job is not None
            and phase_of(job) is Phase.FAILED
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_R, Qt.Key.Key_Space)
        ):
            self.retry_requested.emit(job.id)
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        job = self._model().job_at(index)
        if job is not None and phase_of(job) is Phase.FAILED:
            from studyapp.gui.placeholder import retry_button_rect

            rect = self.visualRect(index)
            rect.setRight(self.viewport().width())
            if retry_button_rect(rect).contains(event.position().toPoint()):
                self.retry_requested.emit(job.id)
                return
        super().mouseReleaseEvent(event)

    def after_reset(self) -> None:
        """Placeholders span all columns; spinners run only while some are busy."""
        model: SkillTreeModel = self.model()  # type: ignore[assignment]
        busy = False

        def walk(parent: QModelIndex) -> None:
            nonlocal busy
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if model.is_placeholder(index):
                    self.setFirstColumnSpanned(row, parent, True)
                    job = model.job_at(index)
                    busy = busy or (job is not None and shows_spinner(job))
                walk(index)

        walk(QModelIndex())
        self.clock.set_active(self, busy and self.isVisible())

    def _model(self) -> SkillTreeModel:
        return self.model()  # type: ignore[return-value]

    def _on_tick(self) -> None:
        self.viewport().update()

    def hideEvent(self, event) -> None:
        self.clock.set_active(self, False)
        super().hideEvent(event)


class MaterialDialog(QDialog):
    """Paste material, or pick a .txt/.md/.pdf file."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add material")
        self.resize(640, 420)
        self.path: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Paste text to make flashcards from, or choose a file."))
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Paste notes, an article, a chapter\u2026")
        layout.addWidget(self.text)
        row = QHBoxLayout()
        choose = QPushButton("Choose file\u2026")
        choose.clicked.connect(self._choose)
        self.file_label = QLabel("")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(choose)
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Generate flashcards")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose material", "", "Text, Markdown or PDF (*.txt *.md *.markdown *.pdf)"
        )
        if name:
            self.path = Path(name)
            self.file_label.setText(self.path.name)


class GoalPage(QWidget):
    message = Signal(str)  # one line for the status bar
    error = Signal(str)  # something the learner must read (shown in the banner)
    study_requested = Signal(int, object, str)  # goal id, node id or None, "flip"/"choice"
    snapshot_applied = Signal()

    def __init__(self, ctx: AppContext, clock: SpinnerClock, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock
        self.goal_id: int | None = None
        self.snapshot: GoalSnapshot | None = None
        self._watched: set[int] = set()
        self._optimistic: list[JobInfo] = []
        self._loading = False
        self._reload_again = False

        self.title = QLabel("")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel("")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setStyleSheet("color: palette(mid);")

        self.generate_button = QPushButton("Generate cards")
        self.generate_button.setToolTip("Make flashcards for the selected skill")
        self.generate_button.clicked.connect(self.generate_for_selected)
        self.material_button = QPushButton("Add material\u2026")
        self.material_button.clicked.connect(self.add_material)
        self.study_button = QPushButton("Study")
        self.study_button.setToolTip("Review due cards: Space reveals, 1–4 grade")
        self.study_button.clicked.connect(lambda: self._study("flip"))
        self.quiz_button = QPushButton("Quiz")
        self.quiz_button.setToolTip("Multiple choice: 1–4 pick an answer")
        self.quiz_button.clicked.connect(lambda: self._study("choice"))
        self.regenerate_button = QPushButton("Regenerate tree")
        self.regenerate_button.clicked.connect(self.regenerate_tree)

        self.tree_model = SkillTreeModel(self)
        self.tree = SkillTreeView(clock)
        self.tree.setModel(self.tree_model)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.retry_requested.connect(self.retry_job)
        self.tree.selectionModel().currentChanged.connect(self._node_changed)

        self.deck_model = DeckModel(self)
        self.deck = DeckView(clock)
        self.deck.setModel(self.deck_model)
        self.deck.retry_requested.connect(self.retry_job)
        self.deck.doubleClicked.connect(self._edit_card)
        self.deck.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.deck.customContextMenuRequested.connect(self._deck_menu)
        archive = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.deck)
        archive.activated.connect(self.archive_selected)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search cards by meaning\u2026")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cards")
        self._search_timer = QTimer(self)
        self._search_timer.setObjectName("deck-search-debounce")
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.deck_label = QLabel("")
        self.deck_label.setTextFormat(Qt.TextFormat.PlainText)

        self._reload_timer = QTimer(self)
        self._reload_timer.setObjectName("goal-reload-debounce")
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(RELOAD_DEBOUNCE_MS)
        self._reload_timer.timeout.connect(self.reload)

        header = QVBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.subtitle)
        actions = QHBoxLayout()
        for button in (
            self.generate_button,
            self.material_button,
            self.study_button,
            self.quiz_button,
            self.regenerate_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        header.addLayout(actions)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        skills = QLabel("Skills")
        skills.setStyleSheet("font-weight: bold;")
        left_layout.addWidget(skills)
        left_layout.addWidget(self.tree)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.deck_label)
        top.addStretch(1)
        top.addWidget(self.search, 2)
        right_layout.addLayout(top)
        right_layout.addWidget(self.deck)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([420, 600])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        ctx.watcher.jobs_changed.connect(self._jobs_changed)
        ctx.watcher.job_event.connect(self._job_event)

    # -- loading ------------------------------------------------------------------------

    def show_goal(self, goal_id: int, *, pending: JobInfo | None = None) -> None:
        """Open a goal. ``pending`` is a job just submitted for it (shown before any load)."""
        if goal_id != self.goal_id:
            self.goal_id = goal_id
            self.snapshot = None
            self._optimistic = []
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.title.setText("")
            self.subtitle.setText("Loading\u2026")
            self.tree_model.set_tree([], tree_job=pending)
            self.tree.after_reset()
            self.deck_model.set_content([], [])
        self.reload()

    def schedule_reload(self) -> None:
        self._reload_timer.start()

    def reload(self) -> None:
        if self.goal_id is None:
            return
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        db, profile_id, goal_id = self.ctx.db, self.ctx.profile.id, self.goal_id
        previous = self.snapshot
        run_op(
            lambda: goal_snapshot(db, profile_id, goal_id, previous=previous),
            lambda snap: self._apply(goal_id, snap),
            self._load_failed,
        )

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._report(exc)

    def _apply(self, goal_id: int, snapshot: GoalSnapshot) -> None:
        self._loading = False
        if goal_id == self.goal_id:
            self.snapshot = snapshot
            self._optimistic = [j for j in self._optimistic if j.id < 0]
            self.title.setText(snapshot.goal.title)
            self.subtitle.setText(snapshot.goal.description or f"{len(snapshot.cards)} cards")
            self._render_tree()
            self._render_deck()
            self._rewatch()
            self.snapshot_applied.emit()
        if self._reload_again:
            self._reload_again = False
            self.reload()

    def _render_tree(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        expanded, current = self._tree_state()
        self.tree_model.set_tree(
            list(snap.nodes),
            tree_job=self._tree_job(),
            jobs=snap.jobs,
            card_counts=snap.card_counts,
            mastery=snap.mastery,
        )
        if not expanded:
            self.tree.expandToDepth(0)
        for node_id in expanded:
            self.tree.setExpanded(self.tree_model.index_for_node(node_id), True)
        if current is not None:
            index = self.tree_model.index_for_node(current)
            if index.isValid():
                self.tree.selectionModel().blockSignals(True)
                self.tree.setCurrentIndex(index)
                self.tree.selectionModel().blockSignals(False)
        self.tree.after_reset()

    def _tree_job(self) -> JobInfo | None:
        optimistic = [j for j in self._optimistic if j.type != FLASHCARD_GENERATION]
        if optimistic:
            return optimistic[-1]
        return self.snapshot.tree_job if self.snapshot is not None else None

    def _tree_state(self) -> tuple[list[int], int | None]:
        expanded: list[int] = []
        model = self.tree_model

        def walk(parent: QModelIndex) -> None:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                node_id = model.node_id_at(index)
                if node_id is not None and self.tree.isExpanded(index):
                    expanded.append(node_id)
                walk(index)

        walk(QModelIndex())
        return expanded, self.selected_node()

    def selected_node(self) -> int | None:
        return self.tree_model.node_id_at(self.tree.currentIndex())

    def _render_deck(self) -> None:
        snap = self.snapshot
        if snap is None or self.search.text().strip():
            return
        node = self.selected_node()
        if node is None:
            cards = list(snap.cards)
            jobs = snap.card_jobs()
        else:
            ids = subtree_ids(snap.nodes, node)
            cards = [c for c in snap.cards if c.node_id in ids]
            jobs = snap.card_jobs(ids)
        jobs += [j for j in self._optimistic if j.type == FLASHCARD_GENERATION]
        self.deck_model.set_content(cards, jobs, cards_signature=(snap.cards_signature, node))
        where = "in this skill" if node is not None else "in this goal"
        busy = sum(1 for j in jobs if shows_spinner(j))
        extra = f" \u00b7 generating {busy}" if busy else ""
        self.deck_label.setText(f"{len(cards)} cards {where}{extra}")

    def _node_changed(self, *_args) -> None:
        self._render_deck()

    def _rewatch(self) -> None:
        snap = self.snapshot
        wanted = set()
        if snap is not None:
            wanted = {j.id for j in snap.jobs.values() if not j.finished or j.status == "failed"}
        self.ctx.watcher.unwatch(self._watched - wanted)
        self.ctx.watcher.watch(wanted - self._watched)
        if snap is not None:
            self.ctx.watcher.seed(j for j in snap.jobs.values() if j.id in wanted)
        self._watched = wanted

    def shutdown(self) -> None:
        """The window is closing: no more reloads or searches."""
        self.leave()
        self._reload_timer.stop()
        self._search_timer.stop()
        self.goal_id = None

    def leave(self) -> None:
        """The learner navigated away: stop watching (the data stays cached for coming back)."""
        self.ctx.watcher.unwatch(self._watched)
        self._watched = set()

    # -- job updates ----------------------------------------------------------------------

    def _jobs_changed(self, changed: dict[int, JobInfo]) -> None:
        if self.goal_id is None or not (set(changed) & self._watched):
            return
        for job in changed.values():
            self.deck_model.update_job(job)
            self.tree_model.update_job(job)
        self.schedule_reload()

    def _job_event(self, event: dict) -> None:
        if self.goal_id is not None and event.get("goal_id") == self.goal_id:
            self.schedule_reload()

    # -- actions --------------------------------------------------------------------------

    def _placeholder_now(self, job_type: str, payload: dict) -> JobInfo:
        """A placeholder shown the moment the learner clicks, replaced by the real job."""
        job = JobInfo(
            id=next(_optimistic_ids),
            profile_id=self.ctx.profile.id,
            type=job_type,
            status="pending",
            payload=payload,
            attempts=0,
            max_attempts=3,
            goal_id=self.goal_id,
        )
        self._optimistic.append(job)
        if job_type == FLASHCARD_GENERATION:
            self.deck_model.add_placeholder(job)
            self.deck.scrollToBottom()
        else:
            self.tree_model.set_tree([], tree_job=job)
            self.tree.after_reset()
        return job

    def _submit(self, job_type: str, payload: dict, work) -> None:
        placeholder = self._placeholder_now(job_type, payload)

        def done(result) -> None:
            self._optimistic = [j for j in self._optimistic if j.id != placeholder.id]
            if result.created:
                self.message.emit("Generation started.")
            else:
                self.message.emit("That generation is already running.")
            if self.ctx.pool is not None:
                self.ctx.pool.wake()
            self.ctx.watcher.watch([result.job.id])
            self._watched.add(result.job.id)
            self.reload()

        def failed(exc: BaseException) -> None:
            self._optimistic = [j for j in self._optimistic if j.id != placeholder.id]
            self.deck_model.remove_placeholder(placeholder.id)
            if self.snapshot is not None:
                self._render_tree()
            self._report(exc)

        run_op(work, done, failed)

    def _scope(self):
        """What a background submission needs, read on the GUI thread before it starts."""
        return self.ctx.db, self.ctx.profile.id, self.goal_id, self.ctx.registry

    def generate_for_selected(self) -> None:
        node = self.selected_node()
        if self.goal_id is None:
            return
        if node is None:
            self.error.emit("Select a skill first, or use \u201cAdd material\u2026\u201d.")
            return
        db, profile_id, goal_id, registry = self._scope()
        self._submit(
            FLASHCARD_GENERATION,
            {"goal_id": goal_id, "node_id": node},
            lambda: generation.submit_cards(
                db, profile_id, goal_id, node_id=node, registry=registry
            ),
        )

    def add_material(self, text: str | None = None, path: Path | None = None) -> None:
        if self.goal_id is None:
            return
        if text is None and path is None:
            dialog = MaterialDialog(self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            text, path = dialog.text.toPlainText(), dialog.path
        db, profile_id, goal_id, registry = self._scope()

        def work():
            from studyapp.services import material as material_service

            if path is not None:
                material = material_service.read_file(path)
            else:
                source = "The pasted text"
                material = Material(
                    text=material_service.check_text(text or "", source),
                    source=source,
                    encoding="utf-8",
                )
            return generation.submit_cards(
                db, profile_id, goal_id, material=material, registry=registry
            )

        self._submit(FLASHCARD_GENERATION, {"goal_id": goal_id}, work)

    def regenerate_tree(self) -> None:
        if self.goal_id is None:
            return
        db, profile_id, goal_id, registry = self._scope()
        self._submit(
            "skill_tree_generation",
            {"goal_id": goal_id},
            lambda: generation.submit_skill_tree(db, profile_id, goal_id, registry=registry),
        )

    def retry_job(self, job_id: int) -> None:
        db, profile_id = self.ctx.db, self.ctx.profile.id
        snap = self.snapshot
        if snap is not None and job_id in snap.jobs:
            # Show it as waiting again right away.
            waiting = replace(snap.jobs[job_id], status="pending", attempts=0, error=None)
            self.deck_model.update_job(waiting)
            self.tree_model.update_job(waiting)

        def done(job: JobInfo) -> None:
            self.message.emit("Retrying\u2026")
            if self.ctx.pool is not None:
                self.ctx.pool.wake()
            self.reload()

        def failed(exc: BaseException) -> None:
            self._report(exc)
            self.reload()

        run_op(lambda: store.retry(db, profile_id, job_id), done, failed)

    def _study(self, mode: str) -> None:
        if self.goal_id is not None:
            self.study_requested.emit(self.goal_id, self.selected_node(), mode)

    # -- cards ----------------------------------------------------------------------------

    def _edit_card(self, index: QModelIndex | QPersistentModelIndex) -> None:
        row = self.deck_model.row_at(index)
        card = row.card if row is not None else None
        if card is None:
            return
        dialog = CardDialog(card, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        front, back = dialog.values()
        db, profile_id = self.ctx.db, self.ctx.profile.id
        run_op(
            lambda: card_service.edit_card(db, profile_id, card.id, front=front, back=back),
            lambda _c: self.reload(),
            self._report,
        )

    def archive_selected(self) -> None:
        rows = [self.deck_model.row_at(i) for i in self.deck.selectionModel().selectedIndexes()]
        cards = [row.card for row in rows if row is not None and row.card is not None]
        if not cards:
            return
        db, profile_id = self.ctx.db, self.ctx.profile.id

        def work() -> int:
            for card in cards:
                card_service.archive_card(db, profile_id, card.id)
            return len(cards)

        run_op(
            work,
            lambda n: (self.message.emit(f"Archived {n} card(s)."), self.reload()),
            self._report,
        )

    def _deck_menu(self, point) -> None:
        index = self.deck.indexAt(point)
        menu = QMenu(self)
        row = self.deck_model.row_at(index)
        if row is not None and row.card is not None:
            menu.addAction("Edit\u2026", lambda: self._edit_card(index))
            menu.addAction("Archive", self.archive_selected)
        if menu.actions():
            menu.popup(self.deck.viewport().mapToGlobal(point))

    def _run_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            self._render_deck()
            return
        db, profile_id, goal_id = self.ctx.db, self.ctx.profile.id, self.goal_id

        def shown(results) -> None:
            if self.search.text().strip() != query:
                return  # typed on meanwhile; a newer search is coming
            self.deck_model.set_content(
                [card for card, _score in results], [], cards_signature=None
            )
            self.deck_label.setText(f"{len(results)} cards like \u201c{query}\u201d")

        run_op(
            lambda: card_service.search_cards(db, profile_id, query, goal_id=goal_id, limit=50),
            shown,
            self._report,
        )

    def _report(self, exc: BaseException) -> None:
        if isinstance(exc, RateLimited | StudyappError):
            self.error.emit(str(exc))
        else:
            log.error("goal page operation failed", exc_info=exc)
            self.error.emit(f"Something went wrong ({type(exc).__name__}); see the log.")


class CardDialog(QDialog):
    def __init__(self, card: CardInfo, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit card")
        self.resize(520, 320)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Front"))
        self.front = QPlainTextEdit(card.front)
        layout.addWidget(self.front)
        layout.addWidget(QLabel("Back"))
        self.back = QPlainTextEdit(card.back)
        layout.addWidget(self.back)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, str]:
        return self.front.toPlainText(), self.back.toPlainText()
