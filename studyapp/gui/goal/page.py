"""The goal page: the skill tree on the left, the deck on the right, generation actions on top.

Everything shown comes from one snapshot (``services.goal_view.goal_snapshot``) read off the GUI
thread. The page watches the jobs it shows; when one changes (3-s poll, in-process completion or
a NOTIFY from another process) it reads the snapshot again, at most once per
``MIN_RELOAD_GAP_MS`` however many jobs finish, and applies only what changed (a delta of
cards, placeholder states), so placeholders turn into cards in place and a 10,000-card deck
costs the window next to nothing per refresh. Clicking "Generate" shows a placeholder at once,
before the submission even returns.

Material can be added with the button, by dropping .txt/.md/.html/.pdf files on the page, or by
pasting (files or text). What is done with cards (add, edit, move to a skill by dragging or
with "Move to skill…", archive) is in ``deck_actions.py``.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui import interpreter
from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text
from studyapp.gui.goal.deck_actions import DeckActions
from studyapp.gui.goal.deck_model import DeckModel
from studyapp.gui.goal.deck_view import DeckView
from studyapp.gui.goal.dialogs import MaterialDialog, regenerate_question
from studyapp.gui.goal.tree_model import SkillTreeModel, model_indexes
from studyapp.gui.goal.tree_view import SkillTreeView
from studyapp.gui.ops import run_op
from studyapp.gui.placeholder import SpinnerClock, shows_spinner
from studyapp.gui.plain_text import one_line, tooltip
from studyapp.handlers.kinds import FLASHCARD_GENERATION, SKILL_TREE_GENERATION
from studyapp.jobs import store
from studyapp.jobs.contract import JobInfo
from studyapp.services import cards as card_service
from studyapp.services import generation
from studyapp.services.goal_view import GoalSnapshot, goal_snapshot, subtree_ids
from studyapp.services.material import TEXT_SUFFIXES, Material

log = logging.getLogger(__name__)
_optimistic_ids = itertools.count(-1, -1)
# However many jobs finish, the snapshot is read at most once per this many ms (the first
# change is picked up after FIRST_RELOAD_MS).
MIN_RELOAD_GAP_MS = 300
FIRST_RELOAD_MS = 15
SEARCH_DEBOUNCE_MS = 300
DECK_LABEL_SKILL = 40  # characters of a skill's name over the deck
PAGE_TITLE = 200  # characters of the goal's title over the page (two lines, a word kept whole)
MATERIAL_SUFFIXES = {s for s in TEXT_SUFFIXES if s} | {".pdf"}


def material_paths(paths: Sequence[Path]) -> list[Path]:
    """The dropped or pasted files that can be material (the rest get a message)."""
    return [p for p in paths if p.suffix.lower() in MATERIAL_SUFFIXES]


class GoalPage(QWidget):
    message = Signal(str)  # one line for the status bar
    error = Signal(str)  # something the learner must read (shown in the banner)
    study_requested = Signal(int, object, str)  # goal id, node id or None, "flip"/"choice"
    options_requested = Signal()  # "Study options…": the window opens the dialog
    more_requested = Signal()  # "Study more…": the window opens the dialog
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
        self._deck_key: object = None  # what the deck shows: (goal, skill) or None (search)
        self._tree_key: object = None
        self._since_reload = QElapsedTimer()
        self.setAcceptDrops(True)

        self.title = QLabel("")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel("")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setWordWrap(True)
        # A palette role, not a style sheet: it follows a switch to dark mode.
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.generate_button = QPushButton("Generate cards")
        self.generate_button.setToolTip("Make flashcards for the selected skill")
        self.generate_button.clicked.connect(lambda: self.generate_for_selected())
        self.material_button = QPushButton("Add material\u2026")
        self.material_button.setToolTip(
            "Paste text or choose a .txt, .md, .html or .pdf file to make flashcards from "
            "(or drop files on this page)"
        )
        # clicked(bool) must not reach add_material's parameters: ask with the dialog.
        self.material_button.clicked.connect(lambda: self.ask_material())
        self.add_card_button = QPushButton("Add card\u2026")
        self.add_card_button.setToolTip("Write a card yourself")
        self.add_card_button.clicked.connect(lambda: self.cards.ask_new_card())
        self.study_button = QPushButton("Study")
        self.study_button.setToolTip("Review due cards: Space reveals, 1–4 grade")
        self.study_button.clicked.connect(lambda: self._study("flip"))
        self.quiz_button = QPushButton("Quiz")
        self.quiz_button.setToolTip("Multiple choice: 1–4 pick an answer")
        self.quiz_button.clicked.connect(lambda: self._study("choice"))
        self.options_button = QPushButton("Study options\u2026")
        self.options_button.setToolTip(
            "New cards and reviews a day, desired retention, steps: this goal's preset"
        )
        self.options_button.clicked.connect(lambda: self.options_requested.emit())
        self.more_button = QPushButton("Study more\u2026")
        self.more_button.setToolTip(
            "More new cards today, review ahead, or study forgotten cards again"
        )
        self.more_button.clicked.connect(lambda: self.more_requested.emit())
        self.regenerate_button = QPushButton("Regenerate tree\u2026")
        self.regenerate_button.setToolTip("Replace the skills with a new tree (asks first)")
        self.regenerate_button.clicked.connect(lambda: self.ask_regenerate())

        self.tree_model: SkillTreeModel = SkillTreeModel(self)
        self.tree = SkillTreeView(clock)
        self.tree.setModel(self.tree_model)
        self.tree.retry_requested.connect(self.retry_job)
        self.tree.selectionModel().currentChanged.connect(self._node_changed)

        self.deck_model = DeckModel(self)
        self.deck: DeckView = DeckView(clock)
        self.deck.setModel(self.deck_model)
        self.deck.retry_requested.connect(self.retry_job)
        self.cards: DeckActions = DeckActions(self)  # add, edit, move, archive: deck_actions.py
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste_material)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search cards by meaning\u2026")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search cards")
        self.search.setMinimumWidth(180)
        self._search_timer = QTimer(self)
        self._search_timer.setObjectName("deck-search-debounce")
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.deck_label = QLabel("")
        self.deck_label.setTextFormat(Qt.TextFormat.PlainText)
        self.all_cards_button = QPushButton("Show all cards")
        self.all_cards_button.setToolTip("Back to every card of this goal (Esc in the tree)")
        self.all_cards_button.clicked.connect(lambda: self.show_all_cards())
        self.all_cards_button.hide()

        self._reload_timer = QTimer(self)
        self._reload_timer.setObjectName("goal-reload-coalesce")
        self._reload_timer.setSingleShot(True)
        self._reload_timer.timeout.connect(self.reload)

        header = QVBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.subtitle)
        actions = QHBoxLayout()
        for button in (
            self.generate_button,
            self.material_button,
            self.add_card_button,
            self.study_button,
            self.quiz_button,
            self.more_button,
            self.options_button,
            self.regenerate_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        header.addLayout(actions)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        skills = QLabel("Skills")
        bold = skills.font()
        bold.setBold(True)
        skills.setFont(bold)
        left_layout.addWidget(skills)
        left_layout.addWidget(self.tree)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.deck_label, 1)
        top.addWidget(self.all_cards_button)
        top.addWidget(self.search, 1)
        right_layout.addLayout(top)
        right_layout.addWidget(self.deck)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

        ctx.watcher.jobs_changed.connect(self._jobs_changed)
        ctx.watcher.job_event.connect(self._job_event)

    # -- background work ----------------------------------------------------------------

    def op(
        self,
        work: Callable[[], Any],
        ok: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
        *,
        goal_id: int | None = None,
    ) -> None:
        """Run off the GUI thread; drop the answer if this page is gone or, when ``goal_id`` is
        given, if the learner moved to another goal meanwhile."""
        is_current = None if goal_id is None else (lambda: self.goal_id == goal_id)
        run_op(work, ok, failed or self._report, owner=self, is_current=is_current)

    # -- loading ------------------------------------------------------------------------

    def show_goal(self, goal_id: int, *, pending: JobInfo | None = None) -> None:
        """Open a goal. ``pending`` is a job just submitted for it (shown before any load)."""
        if goal_id != self.goal_id:
            self.goal_id = goal_id
            self.snapshot = None
            self._optimistic = [pending] if pending is not None and pending.id < 0 else []
            self._deck_key = self._tree_key = None
            self._loading = False  # an answer for the previous goal is dropped on arrival
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.title.setText("")
            self.subtitle.setText("Loading\u2026")
            self.tree_model.set_tree([], tree_job=pending)
            self.tree.after_reset()
            self.deck_model.set_content([], [])
            self.all_cards_button.hide()
        self.reload()

    def schedule_reload(self) -> None:
        """Coalesce: one read of the snapshot per MIN_RELOAD_GAP_MS however many jobs end."""
        if self.goal_id is None or self._reload_timer.isActive():
            return
        elapsed = self._since_reload.elapsed() if self._since_reload.isValid() else 1 << 30
        self._reload_timer.start(max(FIRST_RELOAD_MS, MIN_RELOAD_GAP_MS - elapsed))

    def reload(self) -> None:
        if self.goal_id is None:
            return
        if self._loading:
            self._reload_again = True
            return
        self._reload_timer.stop()
        self._loading = True
        self._since_reload.start()
        db, profile_id, goal_id = self.ctx.db, self.ctx.profile.id, self.goal_id
        previous = self.snapshot

        def failed(exc: BaseException) -> None:
            self._loading = False
            self._report(exc)

        self.op(
            lambda: goal_snapshot(db, profile_id, goal_id, previous=previous),
            lambda snap: self._apply(goal_id, snap),
            failed,
            goal_id=goal_id,
        )

    def _apply(self, goal_id: int, snapshot: GoalSnapshot) -> None:
        self._loading = False
        if goal_id != self.goal_id:
            return
        self.snapshot = snapshot
        self.title.setText(one_line(snapshot.goal.title, PAGE_TITLE))
        self.title.setToolTip(tooltip(snapshot.goal.title))
        count = len(snapshot.cards)
        summary = f"{count} card{'s' if count != 1 else ''}"
        description = snapshot.goal.description
        self.subtitle.setText(f"{description} \u00b7 {summary}" if description else summary)
        self._render_tree()
        self._render_deck()
        self._rewatch()
        self.snapshot_applied.emit()
        if self._reload_again:
            self._reload_again = False
            self.schedule_reload()

    def _render_tree(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        tree_job = self._tree_job()
        tree_jobs = {i: j for i, j in snap.jobs.items() if j.type == SKILL_TREE_GENERATION}
        key = (snap.goal.id, snap.nodes, tree_job, tree_jobs)
        if key == self._tree_key:
            # The same skills: at most their card counts and mastery moved (a generation
            # finished). Repaint those cells; a rebuild would lay out every row again.
            self.tree_model.update_figures(snap.card_counts, snap.mastery)
            return
        self._tree_key = key
        expanded, current = self._tree_state()
        self.tree_model.set_tree(
            list(snap.nodes),
            tree_job=tree_job,
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
        optimistic = [j for j in self._optimistic if j.type == SKILL_TREE_GENERATION]
        if optimistic:
            return optimistic[-1]
        return self.snapshot.tree_job if self.snapshot is not None else None

    def _tree_state(self) -> tuple[list[int], int | None]:
        expanded: list[int] = []
        model = self.tree_model

        for index in model_indexes(model):
            node_id = model.node_id_at(index)
            if node_id is not None and self.tree.isExpanded(index):
                expanded.append(node_id)
        return expanded, self.selected_node()

    def selected_node(self) -> int | None:
        return self.tree_model.node_id_at(self.tree.currentIndex())

    def _render_deck(self) -> None:
        snap = self.snapshot
        if snap is None:
            return
        self.deck_model.set_skill_names(snap.node_titles())
        if self.search.text().strip():
            self._deck_key = None  # search results stay until the search is cleared
            return
        node = self.selected_node()
        ids = subtree_ids(snap.nodes, node) if node is not None else None
        jobs = snap.card_jobs(ids) + [j for j in self._optimistic if j.type == FLASHCARD_GENERATION]
        key = (snap.goal.id, node)
        if key == self._deck_key and not self.deck_model.ranked:
            belongs = None if ids is None else (lambda card: card.node_id in ids)
            self.deck_model.apply_delta(
                snap.delta.upserted, snap.delta.removed, jobs, belongs=belongs
            )
        else:
            cards = snap.cards if ids is None else [c for c in snap.cards if c.node_id in ids]
            self.deck_model.set_content(cards, jobs)
            self._deck_key = key
            interpreter.settle_after_bulk_load(len(cards))
        self._update_deck_label(node, jobs)

    def _update_deck_label(self, node: int | None, jobs: Sequence[JobInfo]) -> None:
        count = self.deck_model.card_count()
        cards = f"{count} card{'s' if count != 1 else ''}"
        if node is None:
            where = "in this goal"
        else:
            title = self.snapshot.node_titles().get(node, "") if self.snapshot else ""
            # The skill's name at most DECK_LABEL_SKILL characters: a long one pushed the search
            # field down to "S…".
            where = (
                f"in \u201c{one_line(title, DECK_LABEL_SKILL)}\u201d" if title else "in this skill"
            )
        busy = sum(1 for j in jobs if shows_spinner(j))
        extra = f" \u00b7 generating {busy}" if busy else ""
        self.deck_label.setText(f"{cards} {where}{extra}")
        self.all_cards_button.setVisible(node is not None)
        if node is None:
            empty = (
                "No cards yet. Select a skill and press \u201cGenerate cards\u201d, add your notes "
                "with \u201cAdd material\u2026\u201d (or drop a .txt, .md, .html or .pdf file "
                "here), or write a card with \u201cAdd card\u2026\u201d."
            )
        else:
            empty = (
                "No cards in this skill yet. Press \u201cGenerate cards\u201d, or drag cards here "
                "from another skill (\u201cShow all cards\u201d, then drop them on this skill)."
            )
        self.deck.set_empty_text(empty)

    def _node_changed(self, *_args) -> None:
        self._render_deck()

    def show_all_cards(self) -> None:
        """Back from one skill to the whole goal's deck."""
        self.tree.selectionModel().clearSelection()
        self.tree.setCurrentIndex(QModelIndex())
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

    # -- generation -----------------------------------------------------------------------

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
            self._render_tree()
        return job

    def _submit(self, job_type: str, payload: dict, work: Callable[[], Any]) -> None:
        placeholder = self._placeholder_now(job_type, payload)

        def forget() -> None:
            self._optimistic = [j for j in self._optimistic if j.id != placeholder.id]

        def done(result) -> None:
            forget()
            self.message.emit(
                "Generation started." if result.created else "That generation is already running."
            )
            if self.ctx.pool is not None:
                self.ctx.pool.wake()
            self.ctx.watcher.watch([result.job.id])
            self._watched.add(result.job.id)
            self.reload()

        def failed(exc: BaseException) -> None:
            forget()
            self.deck_model.remove_placeholder(placeholder.id)
            if self.snapshot is not None:
                self._render_tree()
            self._report(exc)

        self.op(work, done, failed)

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
        # One request per skill at a time: a double click queued two identical jobs (and,
        # when the first failed at once, showed two identical error rows).
        earlier = self._generation_for(node)
        if earlier is not None:
            if earlier.status == "failed":
                self.retry_job(earlier.id)  # the same request again, in its own row
            else:
                self.message.emit("Cards for this skill are being generated already.")
            return
        db, profile_id, goal_id, registry = self._scope()
        self._submit(
            FLASHCARD_GENERATION,
            {"goal_id": goal_id, "node_id": node},
            lambda: generation.submit_cards(
                db, profile_id, goal_id, node_id=node, registry=registry
            ),
        )

    def _generation_for(self, node: int) -> JobInfo | None:
        """The flashcard job for ``node`` alone (no material) that is on its way (clicked and
        not yet submitted, pending, running) or failed, as its placeholder row shows it."""
        for row in self.deck_model.placeholder_rows():
            job = row.job
            if (
                job is not None
                and job.type == FLASHCARD_GENERATION
                and job.payload.get("node_id") == node
                and job.parent_id is None
                and not ({"material", "material_z", "chunk"} & job.payload.keys())
                and job.status in ("pending", "processing", "failed")
            ):
                return job
        return None

    def ask_material(self, text: str = "") -> MaterialDialog | None:
        """The "Add material…" dialog (paste or choose a file); generation starts on OK."""
        if self.goal_id is None:
            return None
        dialog = MaterialDialog(self, text, folders=self.ctx.local)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.add_material(*dialog.values()))
        dialog.open()
        return dialog

    def add_material(self, text: str | None = None, path: Path | None = None) -> None:
        """Make flashcards from pasted ``text`` or the file at ``path`` (read off the GUI
        thread; an unreadable or empty source is refused with its reason)."""
        if self.goal_id is None:
            return
        if self.selected_node() is not None:
            # Material is for the whole goal: show the whole deck, where its placeholder and
            # its cards (in whichever skills they land) appear.
            self.show_all_cards()
        db, profile_id, goal_id, registry = self._scope()

        def work():
            from studyapp.handlers import compute
            from studyapp.services import material as material_service

            if path is not None:  # a PDF's text layer is seconds of Python: not here
                material = compute.run(material_service.read_file, path)
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

    def add_material_files(self, paths: Sequence[Path]) -> None:
        """Dropped or pasted files: each usable one becomes material; the rest are named."""
        usable = material_paths(paths)
        refused = [p.name for p in paths if p not in usable]
        if refused:
            self.error.emit(
                f"Only .txt, .md, .html and .pdf files can be added as material (not "
                f"{', '.join(refused[:3])}{'…' if len(refused) > 3 else ''})."
            )
        for path in usable:
            self.add_material(path=path)
        if usable:
            names = ", ".join(p.name for p in usable[:3])
            self.message.emit(f"Adding {names} as material\u2026")

    def paste_material(self) -> None:
        """Ctrl+V on the page: copied files are added; copied text opens the material dialog
        with it (so the learner sees what goes in before a generation starts)."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or self.goal_id is None:
            return
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        if paths:
            self.add_material_files(paths)
        elif mime.hasText() and mime.text().strip():
            self.ask_material(mime.text())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.goal_id is not None and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if self.goal_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths or self.goal_id is None:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.add_material_files(paths)

    def ask_regenerate(self) -> None:
        """Regenerating replaces the skills: ask first, then show the tree's placeholder."""
        if self.goal_id is None:
            return
        cards = len(self.snapshot.cards) if self.snapshot is not None else 0
        box, confirm = regenerate_question(self, cards)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        goal_id = self.goal_id

        def answered(_result: int) -> None:
            if box.clickedButton() is confirm and self.goal_id == goal_id:
                self.regenerate_tree()

        box.finished.connect(answered)
        box.open()

    def regenerate_tree(self) -> None:
        if self.goal_id is None:
            return
        db, profile_id, goal_id, registry = self._scope()
        self._submit(
            SKILL_TREE_GENERATION,
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

        self.op(lambda: store.retry(db, profile_id, job_id), done, failed)

    def _study(self, mode: str) -> None:
        if self.goal_id is not None:
            self.study_requested.emit(self.goal_id, self.selected_node(), mode)

    # -- search ---------------------------------------------------------------------------

    def _run_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            self._render_deck()
            return
        db, profile_id, goal_id = self.ctx.db, self.ctx.profile.id, self.goal_id

        def shown(results) -> None:
            if self.search.text().strip() != query:
                return  # typed on meanwhile; a newer search is coming
            self._deck_key = None
            # Best match first: the ranking is the point of a search.
            self.deck_model.show_results([card for card, _score in results])
            self.deck_label.setText(f"{len(results)} cards like \u201c{query}\u201d")
            self.deck.set_empty_text(f"No card is like \u201c{query}\u201d.")
            self.all_cards_button.hide()

        self.op(
            lambda: card_service.search_cards(db, profile_id, query, goal_id=goal_id, limit=50),
            shown,
            goal_id=goal_id,
        )

    def _report(self, exc: BaseException) -> None:
        """A failure, in the window's one wording (``error_text``), to the banner through
        :attr:`error`."""
        self.error.emit(error_text(exc))

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.selected_node() is not None:
            self.show_all_cards()
            return
        super().keyPressEvent(event)
