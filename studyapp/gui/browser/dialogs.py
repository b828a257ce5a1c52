"""The browser's small dialogs: pick a skill to move cards to, confirm a delete.

Both open with ``open()`` (window-modal, no nested event loop), so the window keeps painting
and tests click their real buttons.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.services.browser import SkillChoice


def skill_label(skill: SkillChoice) -> str:
    return f"{skill.goal_title} \u203a {skill.path}"


class MoveDialog(QDialog):
    """Where should these cards go? Every skill of every goal, as "Goal › Parent › Skill"."""

    chosen = Signal(int)  # node id

    def __init__(
        self, count: int, skills: Sequence[SkillChoice], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move to skill")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        layout = QVBoxLayout(self)
        noun = "card" if count == 1 else "cards"
        question = QLabel(f"Move {count} {noun} to which skill?")
        question.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(question)
        self.skill_box = QComboBox()
        self.skill_box.setAccessibleName("Skill")
        self.skill_box.setMinimumContentsLength(40)
        for skill in skills:
            self.skill_box.addItem(skill_label(skill), skill.node_id)
        layout.addWidget(self.skill_box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Move")
        self.ok_button.setEnabled(bool(skills))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if not skills:
            empty = QLabel("No goal has skills yet: generate a skill tree first.")
            empty.setWordWrap(True)
            layout.insertWidget(2, empty)

    def _accept(self) -> None:
        node_id = self.skill_box.currentData()
        if node_id is not None:
            self.chosen.emit(int(node_id))
            self.accept()


class DeleteQuestion(QMessageBox):
    """The confirmation of a delete: it cannot be undone; Cancel is the default."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        noun = "this card" if count == 1 else f"these {count} cards"
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Delete cards")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(f"Delete {noun} and their review history?")
        self.setInformativeText("This cannot be undone. Archive keeps a card's history instead.")
        self.setStandardButtons(QMessageBox.StandardButton.Cancel)
        self.delete_button = self.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.button(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.setWindowModality(Qt.WindowModality.WindowModal)
