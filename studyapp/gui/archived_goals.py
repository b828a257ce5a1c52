"""Goal → Archived goals…: the goals the learner archived, to bring one back (to its old place in
the list, with everything it had) or to delete it (which asks first, as from the list)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.gui.window_parts import enter_presses, plain_label
from studyapp.plural import counted
from studyapp.services import goal_manage, goals


class ArchivedGoalsDialog(QDialog):
    restored = Signal(object)  # GoalInfo, back in the list
    delete_requested = Signal(int, str)  # goal id, title: the window asks, then deletes
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Archived goals")
        self.resize(520, 380)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "Archived goals are out of the goal list and of study; their cards and "
                "history are kept. Bring one back to study it again."
            )
        )
        self.list = QListWidget()
        self.list.setAccessibleName("Archived goals")
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: self.bring_back())  # Enter, double-click
        self.list.currentRowChanged.connect(lambda _row: self._update())
        layout.addWidget(self.list, 1)
        self.empty = plain_label("No archived goals.")
        self.empty.hide()
        layout.addWidget(self.empty)
        self.note = plain_label("")
        self.note.hide()
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.back_button = QPushButton("Bring back")
        self.delete_button = QPushButton("Delete\u2026")
        self.buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        # Enter brings the chosen goal back.
        enter_presses(self.buttons, self.back_button)
        self.back_button.clicked.connect(self.bring_back)
        self.delete_button.clicked.connect(self._ask_delete)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.goals: list[goals.GoalInfo] = []
        self._busy = True
        self._update()
        self.reload()

    def reload(self) -> None:
        db, profile_id = self.ctx.db, self.ctx.profile.id
        run_op(
            lambda: goals.list_goals(db, profile_id, archived=True),
            self._show,
            self._failed,
            owner=self,
        )

    def _show(self, found: list[goals.GoalInfo]) -> None:
        self._busy = False
        self.list.clear()
        self.goals = list(found)
        for goal in found:
            self.list.addItem(QListWidgetItem(f"{goal.title}  ({counted(goal.cards, 'card')})"))
        if found:
            self.list.setCurrentRow(0)
        self.list.setVisible(bool(found))
        self.empty.setVisible(not found)
        self._update()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.note.setText(error_text(exc))
        self.note.show()
        self._update()

    def _update(self) -> None:
        chosen = self.list.currentItem() is not None and not self._busy
        self.back_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _chosen(self) -> goals.GoalInfo | None:
        row = self.list.currentRow()
        return self.goals[row] if 0 <= row < len(self.goals) else None

    def bring_back(self) -> None:
        goal = self._chosen()
        if goal is None or self._busy:
            return
        self._busy = True
        self._update()
        db, profile_id = self.ctx.db, self.ctx.profile.id

        def done(back: goals.GoalInfo) -> None:
            self.restored.emit(back)
            self.accept()

        run_op(
            lambda: goal_manage.set_goal_archived(db, profile_id, goal.id, False),
            done,
            self._failed,
            owner=self,
        )

    def _ask_delete(self) -> None:
        goal = self._chosen()
        if goal is not None and not self._busy:
            self.delete_requested.emit(goal.id, goal.title)
