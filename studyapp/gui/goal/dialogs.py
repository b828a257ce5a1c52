"""The goal page's dialogs: add material, add or edit a card, move cards to a skill, and the
question before a skill tree is regenerated.

Each is opened window-modal with ``open()`` and answers through ``accepted``: nothing blocks in a
nested event loop, and a test (or a learner) drives the same widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.services.cards import CardInfo
from studyapp.services.goals import NodeInfo

MATERIAL_FILTER = "Text, Markdown or PDF (*.txt *.md *.markdown *.pdf)"


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class MaterialDialog(QDialog):
    """Paste material, or pick a .txt/.md/.pdf file."""

    def __init__(self, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Add material")
        self.resize(640, 420)
        self.path: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(_plain("Paste text to make flashcards from, or choose a file."))
        self.text = QPlainTextEdit(text)
        self.text.setPlaceholderText("Paste notes, an article, a chapter\u2026")
        self.text.setAccessibleName("Material text")
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.choose_button = QPushButton("Choose file\u2026")
        self.choose_button.clicked.connect(self._choose)
        self.file_label = _plain("")
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        self.buttons = _buttons(self, "Generate flashcards")
        layout.addWidget(self.buttons)
        self.text.setFocus()

    def _choose(self) -> None:
        dialog = QFileDialog(self, "Choose material", "", MATERIAL_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.set_path)
        dialog.open()

    def set_path(self, name: str) -> None:
        self.path = Path(name)
        self.file_label.setText(self.path.name)

    def values(self) -> tuple[str, Path | None]:
        return self.text.toPlainText(), self.path


def skill_choices(nodes: Sequence[NodeInfo]) -> list[tuple[str, int]]:
    """(indented title, node id) depth-first, for a skill picker."""
    out: list[tuple[str, int]] = []

    def walk(items: Sequence[NodeInfo], depth: int) -> None:
        for node in items:
            out.append(("\u2003" * depth + node.title, node.id))
            walk(node.children, depth + 1)

    walk(nodes, 0)
    return out


class SkillPicker(QComboBox):
    def __init__(
        self,
        nodes: Sequence[NodeInfo],
        selected: int | None,
        *,
        allow_none: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Skill")
        if allow_none:
            self.addItem("No skill", None)
        for title, node_id in skill_choices(nodes):
            self.addItem(title, node_id)
        at = self.findData(selected) if selected is not None else -1
        if at >= 0:
            self.setCurrentIndex(at)

    def node_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None


class CardDialog(QDialog):
    """Write a new card (front, back, skill) or edit one (front and back)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        card: CardInfo | None = None,
        nodes: Sequence[NodeInfo] = (),
        node_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit card" if card is not None else "Add card")
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.front = QPlainTextEdit(card.front if card is not None else "")
        self.front.setAccessibleName("Front")
        self.front.setTabChangesFocus(True)
        self.back = QPlainTextEdit(card.back if card is not None else "")
        self.back.setAccessibleName("Back")
        self.back.setTabChangesFocus(True)
        form.addRow("Front", self.front)
        form.addRow("Back", self.back)
        self.skill: SkillPicker | None = None
        if card is None:
            self.skill = SkillPicker(nodes, node_id, allow_none=True)
            form.addRow("Skill", self.skill)
        layout.addLayout(form)
        self.buttons = _buttons(self, "Save" if card is not None else "Add card")
        layout.addWidget(self.buttons)
        self.front.setFocus()

    def values(self) -> tuple[str, str, int | None]:
        node = self.skill.node_id() if self.skill is not None else None
        return self.front.toPlainText(), self.back.toPlainText(), node


class MoveDialog(QDialog):
    """Which skill should these cards belong to?"""

    def __init__(
        self,
        count: int,
        nodes: Sequence[NodeInfo],
        current: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move to skill")
        layout = QVBoxLayout(self)
        layout.addWidget(_plain(f"Move {count} card{'s' if count != 1 else ''} to:"))
        self.skill = SkillPicker(nodes, current, allow_none=False)
        layout.addWidget(self.skill)
        self.buttons = _buttons(self, "Move")
        layout.addWidget(self.buttons)

    def node_id(self) -> int | None:
        return self.skill.node_id()


def regenerate_question(parent: QWidget, cards: int) -> tuple[QMessageBox, QPushButton]:
    """Ask before replacing a skill tree; returns the box (not opened yet: the caller connects
    and opens it) and its "Regenerate" button."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Regenerate the skill tree?")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText("Replace this goal's skills with a newly generated tree?")
    box.setInformativeText(
        f"Your {cards} card{'s' if cards != 1 else ''} and their study history stay; each card "
        "moves to the closest new skill. Skills you made by hand are replaced too."
    )
    regenerate = box.addButton("Regenerate", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box, regenerate
