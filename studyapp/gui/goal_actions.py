"""Managing goals in the window: rename, archive (and the archived goals to bring back), delete
with undo, and the order of the goal list. Menu bar (Goal), the goal list's context menu, keys,
and drag and drop in the list.

Every action is about the goal highlighted in the goal list (the one on screen, or the one the
learner right-clicked). Changes run off the GUI thread through ``run_op`` (owner: the window,
dropped when another profile was opened meanwhile); the list is then read again.

Deleting asks first, saying what goes ("Its 12 cards and 340 reviews go with it"); the goal is
then deleted for real (``services/goal_deletion.py`` explains the design) and a bar above the
page offers Undo, as does Edit → Undo (Ctrl+Z) while no study session is on screen. Deletions
stay undoable until the window closes; at quit they are made final (vectors, media), and
whatever the quit had no time for is finished by the next start.

Kept out of ``main_window.py``, which only builds this, calls :meth:`GoalActions.update` and
asks :meth:`GoalActions.finish` at quit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from studyapp.gui import lazy
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.gui.text_dialog import TextDialog
from studyapp.gui.window_parts import GOAL_ID_ROLE, GOAL_TITLE_ROLE, plain_label

if TYPE_CHECKING:
    from studyapp.gui.archived_goals import ArchivedGoalsDialog
    from studyapp.gui.main_window import MainWindow
    from studyapp.services import goal_deletion, goal_manage, goals
    from studyapp.services.goal_deletion import DeletedGoal, UndoFolder
else:  # the services load when the learner first acts (see gui/lazy.py)
    goal_deletion = lazy.module("studyapp.services.goal_deletion")
    goal_manage = lazy.module("studyapp.services.goal_manage")
    goals = lazy.module("studyapp.services.goals")

log = logging.getLogger(__name__)

NAMES = ("rename-goal", "archive-goal", "delete-goal", "goal-up", "goal-down", "archived-goals")
UNDO_DIR = "undo"  # under the data directory


class UndoBar(QFrame):
    """ "Deleted the goal “X” with its 12 cards and 340 reviews. [Undo] [Dismiss]": not a
    problem, so not the banner; painted from the palette (a quiet tint of the window colour)."""

    undo_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undo-bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        self.label = plain_label("")
        self.label.setAccessibleName("Deleted")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleName("Undo delete")
        self.undo_button.clicked.connect(self.undo_clicked)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setFlat(True)
        self.dismiss.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            palette = self.palette()
            painter.setPen(palette.mid().color())
            window, accent = palette.window().color(), palette.highlight().color()
            painter.setBrush(
                QColor.fromRgbF(
                    window.redF() * 0.88 + accent.redF() * 0.12,
                    window.greenF() * 0.88 + accent.greenF() * 0.12,
                    window.blueF() * 0.88 + accent.blueF() * 0.12,
                )
            )
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        finally:
            painter.end()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.undo_button.setEnabled(True)
        self.show()


class GoalActions(QObject):
    # A goal was renamed, archived, brought back, moved, deleted or restored (the list is
    # being read again by then).
    changed = Signal()
    deleted = Signal(object)  # DeletedGoal
    undone = Signal(int)  # goal id back

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QDialog | None = None  # the one question or dialog open at a time
        self.pending: list[DeletedGoal] = []  # undoable deletions, newest last
        self._undo: UndoFolder | None = None
        self._busy = False  # a change is on its way: one at a time
        self._context_goal: tuple[int, str] | None = None
        self.undo_bar = UndoBar()
        self.undo_bar.undo_clicked.connect(self.undo_last)
        m = window.menus
        m.add("goal", "rename-goal", "&Rename goal\u2026", self.ask_rename, "F2")
        m.add("goal", "archive-goal", "&Archive goal", self.archive)
        delete = m.add("goal", "delete-goal", "&Delete goal\u2026", self.ask_delete, "Del")
        m.separator("goal")
        m.add("goal", "goal-up", "Move &up", lambda: self.move_by(-1), "Ctrl+Shift+Up")
        m.add("goal", "goal-down", "Move do&wn", lambda: self.move_by(1), "Ctrl+Shift+Down")
        m.separator("goal")
        m.add("goal", "archived-goals", "Archi&ved goals\u2026", self.show_archived)
        # Delete means "this goal" only in the goal list: in the deck it suspends cards, in the
        # browser it deletes cards.
        sidebar = window.sidebar
        window.removeAction(delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        sidebar.addAction(delete)
        sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        sidebar.customContextMenuRequested.connect(self.context_menu)
        sidebar.goal_moved.connect(self.move)
        sidebar.selectionModel().currentChanged.connect(lambda *_a: self.update())

    # -- state -----------------------------------------------------------------------------

    def _target(self) -> tuple[int, str] | None:
        """The goal right-clicked (while its menu is open), else the one highlighted in the
        list, with its whole title."""
        if self._context_goal is not None:
            return self._context_goal
        index = self.window.sidebar.currentIndex()
        goal_id = index.data(GOAL_ID_ROLE) if index.isValid() else None
        if goal_id is None:
            return None
        return int(goal_id), str(index.data(GOAL_TITLE_ROLE) or index.data() or "")

    def _profile(self) -> int | None:
        ctx = self.window.ctx
        return ctx.profile.id if ctx is not None else None

    def _op(self, work: Callable[[], Any], done: Callable[[Any], None], *, what: str) -> None:
        """Run a change for the profile on screen; its answer is dropped if another profile
        was opened meanwhile; a refusal goes to the banner."""
        profile = self._profile()
        self._busy = True
        self.update()

        def ok(result: Any) -> None:
            self._busy = False
            done(result)
            self.update()

        def failed(exc: BaseException) -> None:
            self._busy = False
            log.info("%s refused: %s", what, exc)
            self.window.banner.show_message(error_text(exc), "action")
            self.update()

        run_op(work, ok, failed, owner=self.window, is_current=lambda: self._profile() == profile)

    def undoable(self) -> list[DeletedGoal]:
        profile = self._profile()
        return [d for d in self.pending if d.profile_id == profile]

    def update(self) -> None:
        """Enable what makes sense now (called by the window as pages and selection change)."""
        w = self.window
        ready = w.ctx is not None and not self._busy
        has_goal = ready and self._target() is not None
        for name in ("rename-goal", "archive-goal", "delete-goal", "goal-up", "goal-down"):
            w.menus[name].setEnabled(has_goal)
        w.menus["archived-goals"].setEnabled(ready)
        self.undo_bar.undo_button.setEnabled(ready and bool(self.undoable()))
        if not self.undoable():
            self.undo_bar.hide()

    # -- the goal list's context menu --------------------------------------------------------

    def context_menu(self, point: QPoint) -> QMenu | None:
        sidebar = self.window.sidebar
        index = sidebar.indexAt(point)
        menu = QMenu(sidebar)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if index.isValid():
            goal_id = index.data(GOAL_ID_ROLE)
            # The menu acts on the goal under the mouse; once it closes, the highlight goes
            # back to the goal on screen (what Study and Export act on).
            self._context_goal = (int(goal_id), str(index.data(GOAL_TITLE_ROLE) or index.data()))
            menu.aboutToHide.connect(lambda: QTimer.singleShot(0, self._context_closed))
            self.update()
            menu.addAction("Open", lambda: self.window.show_goal(int(goal_id)))
            for name in ("rename-goal", "archive-goal", "delete-goal"):
                menu.addAction(self.window.menus[name])
            menu.addSeparator()
            menu.addAction(self.window.menus["goal-up"])
            menu.addAction(self.window.menus["goal-down"])
            menu.addSeparator()
        menu.addAction(self.window.menus["new-goal"])
        menu.addAction(self.window.menus["archived-goals"])
        menu.popup(sidebar.viewport().mapToGlobal(point))
        return menu

    def _context_closed(self) -> None:
        """After the menu's action (if any) ran: forget its goal, highlight the one shown."""
        self._context_goal = None
        w = self.window
        page = w.goal_page
        if page is not None and w.pages.currentWidget() is page and page.goal_id is not None:
            w._mark_goal(page.goal_id)
        self.update()

    # -- rename ------------------------------------------------------------------------------

    def ask_rename(self) -> TextDialog | None:
        target = self._target()
        if target is None or self.window.ctx is None or self.dialog is not None:
            return None
        goal_id, title = target
        dialog = TextDialog(
            "Rename goal",
            "The goal's new title:",
            title,
            ok="Rename",
            check=goals.validate_title,
            parent=self.window,
        )
        db, profile_id = self.window.ctx.db, self.window.ctx.profile.id

        def chosen(text: str) -> None:
            def done(goal: goals.GoalInfo) -> None:
                dialog.accept()
                self.window.statusBar().showMessage(f"Renamed to \u201c{goal.title}\u201d.", 6000)
                self.window.load_goals()
                self.changed.emit()
                page = self.window.goal_page
                if page is not None and page.goal_id == goal.id:
                    page.schedule_reload()  # its heading shows the title

            run_op(
                lambda: goal_manage.rename_goal(db, profile_id, goal_id, text),
                done,
                lambda exc: dialog.refuse(error_text(exc)),
                owner=dialog,
            )

        dialog.chosen.connect(chosen)
        self._open(dialog)
        return dialog

    # -- archive -----------------------------------------------------------------------------

    def archive(self) -> None:
        target = self._target()
        if target is None or self.window.ctx is None or self._busy:
            return
        goal_id, _title = target
        db, profile_id = self.window.ctx.db, self.window.ctx.profile.id

        def done(goal: goals.GoalInfo) -> None:
            self.window.statusBar().showMessage(
                f"Archived \u201c{goal.title}\u201d (Goal \u2192 Archived goals\u2026 brings it "
                "back).",
                8000,
            )
            self.window.goal_left(goal.id)
            self.changed.emit()

        self._op(
            lambda: goal_manage.set_goal_archived(db, profile_id, goal_id, True),
            done,
            what="archiving a goal",
        )

    def show_archived(self) -> ArchivedGoalsDialog | None:
        if self.window.ctx is None or self.dialog is not None:
            return None
        from studyapp.gui.archived_goals import ArchivedGoalsDialog

        dialog = ArchivedGoalsDialog(self.window.ctx, self.window)
        dialog.restored.connect(self._brought_back)
        dialog.delete_requested.connect(
            lambda goal_id, title: self._after(dialog, lambda: self.ask_delete(goal_id, title))
        )
        self._open(dialog)
        return dialog

    def _brought_back(self, goal: goals.GoalInfo) -> None:
        self.window.statusBar().showMessage(f"\u201c{goal.title}\u201d is back in the list.", 6000)
        self.changed.emit()
        self.window.load_goals(select=goal.id, open_it=True)

    # -- order -------------------------------------------------------------------------------

    def move_by(self, step: int) -> None:
        target = self._target()
        if target is None or self.window.ctx is None or self._busy:
            return
        goal_id = target[0]
        db, profile_id = self.window.ctx.db, self.window.ctx.profile.id
        self._op(
            lambda: goal_manage.move_goal_by(db, profile_id, goal_id, step),
            lambda _order: self.window.load_goals(select=goal_id),
            what="moving a goal",
        )

    def move(self, goal_id: int, before: int | None) -> None:
        """A goal dropped in the list: just before ``before`` (None: at the end)."""
        if self.window.ctx is None or self._busy:
            return
        db, profile_id = self.window.ctx.db, self.window.ctx.profile.id
        self._op(
            lambda: goal_manage.move_goal(db, profile_id, goal_id, before=before),
            lambda _order: self.window.load_goals(select=goal_id),
            what="moving a goal",
        )

    # -- delete and undo ---------------------------------------------------------------------

    def ask_delete(self, goal_id: int | None = None, title: str | None = None) -> None:
        """Ask first, saying how many cards and reviews go; then delete (undoable)."""
        if goal_id is None:
            target = self._target()
            if target is None:
                return
            goal_id = target[0]
        if self.window.ctx is None or self.dialog is not None or self._busy:
            return
        db, profile_id = self.window.ctx.db, self.window.ctx.profile.id
        chosen = int(goal_id)
        self._op(
            lambda: goal_deletion.goal_contents(db, profile_id, chosen),
            self._confirm_delete,
            what="counting a goal's cards",
        )

    def _confirm_delete(self, contents: goal_deletion.GoalContents) -> None:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Delete goal")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(contents.question())
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        delete.setObjectName("delete-goal-button")
        delete.clicked.connect(lambda: self._delete(contents.goal_id))
        self._open(box)

    def _undo_folder(self) -> UndoFolder:
        if self._undo is None:
            self._undo = goal_deletion.UndoFolder(self.window.config.data_dir / UNDO_DIR)
        return self._undo

    def _delete(self, goal_id: int) -> None:
        ctx = self.window.ctx
        if ctx is None:
            return
        db, profile_id, pool, undo = ctx.db, ctx.profile.id, ctx.pool, self._undo_folder()

        def work() -> DeletedGoal:
            deleted = goal_deletion.delete_goal(db, profile_id, goal_id, undo=undo)
            if pool is not None:
                pool.recheck_running()  # a job of the goal running here stops now
            return deleted

        def done(deleted: DeletedGoal) -> None:
            self.pending.append(deleted)
            self.undo_bar.show_text(deleted.sentence())
            self.window.goal_left(deleted.goal_id)
            self.deleted.emit(deleted)
            self.changed.emit()

        self._op(work, done, what="deleting a goal")

    def undo_last(self) -> None:
        """Bring back the newest deletion of this profile (Edit → Undo, the bar's Undo)."""
        undoable = self.undoable()
        if not undoable or self.window.ctx is None or self._busy:
            return
        deleted = undoable[-1]
        db = self.window.ctx.db

        def done(goal: goals.GoalInfo) -> None:
            self.pending.remove(deleted)
            rest = self.undoable()
            if rest:
                self.undo_bar.show_text(rest[-1].sentence())
            else:
                self.undo_bar.hide()
            self.window.statusBar().showMessage(
                f"\u201c{goal.title}\u201d is back"
                + (
                    f", with its {goal_deletion.cards_and_reviews(deleted.cards, deleted.reviews)}."
                    if deleted.cards
                    else "."
                ),
                6000,
            )
            self.undone.emit(goal.id)
            self.changed.emit()
            self.window.load_goals(select=goal.id, open_it=True)

        self._op(lambda: goal_deletion.undo_delete(db, deleted), done, what="undoing a delete")

    def finish(self) -> threading.Thread | None:
        """At quit: make every deletion final (their undo ends with the app) on a thread of
        its own; the window waits for it only as long as the rest of the quit takes (plus a
        little), and what is left when the process ends, the next start finishes."""
        pending, self.pending = self.pending, []
        undo, self._undo = self._undo, None
        db = self.window.db
        if db is None or (not pending and undo is None):
            return None

        def final() -> None:
            try:
                for deleted in pending:
                    goal_deletion.finish_deletion(db, deleted)
            except Exception:
                log.warning("could not finish the deletions; the next start will", exc_info=True)
                return
            if undo is not None:
                undo.close()

        thread = threading.Thread(target=final, name="finish-deletions", daemon=True)
        thread.start()
        return thread

    def finish_abandoned(self) -> None:
        """At start: deletions a crashed session left are made final (in the background)."""
        ctx = self.window.ctx
        if ctx is None:
            return
        db, folder = ctx.db, self.window.config.data_dir / UNDO_DIR
        if not folder.is_dir():
            return
        run_op(
            lambda: goal_deletion.finish_abandoned(db, folder),
            lambda done: log.info("finished %s abandoned deletion(s)", len(done)),
            lambda exc: log.warning("abandoned deletions not finished: %s", exc),
            owner=self.window,
        )

    # -- dialogs -----------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QWidget) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _after(self, dialog: QWidget, then: Callable[[], None]) -> None:
        """Close ``dialog`` and then run ``then`` (which may open the next question)."""
        dialog.close()
        self._closed(dialog)
        then()
