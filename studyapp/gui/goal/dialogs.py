"""The goal page's own dialogs: add material, and the question before a skill tree is
regenerated (a card is written or edited in the shared ``gui/card_editor.py``, moved with the
shared ``gui/move_dialog.py``).

Each is opened window-modal with ``open()`` and answers through ``accepted``: nothing blocks in a
nested event loop, and a test (or a learner) drives the same widgets.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui.file_dialogs import file_dialog
from studyapp.gui.local_settings import WindowSettings

MATERIAL_FILTER = "Notes: text, Markdown, HTML or PDF (*.txt *.md *.markdown *.html *.htm *.pdf)"


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
    """Paste material, or pick a .txt/.md/.html/.pdf file."""

    def __init__(
        self,
        parent: QWidget | None = None,
        text: str = "",
        *,
        folders: WindowSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.folders = folders  # where the file chooser opens (the last folder used)
        self.setWindowTitle("Add material")
        self.resize(640, 420)
        self.path: Path | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(_plain("Paste text to make flashcards from, or choose a file."))
        self.text = QPlainTextEdit(text)
        self.text.setPlaceholderText("Paste notes, an article, a chapter\u2026")
        self.text.setAccessibleName("Material text")
        # Tab leaves the text (as in the New goal dialog): otherwise no key reaches the buttons,
        # and a learner without a mouse could not add material (pasted tabs are kept).
        self.text.setTabChangesFocus(True)
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
        file_dialog(self, "Choose material", MATERIAL_FILTER, self.set_path, folders=self.folders)

    def set_path(self, name: str | Path) -> None:
        self.path = Path(name)
        self.file_label.setText(self.path.name)

    def values(self) -> tuple[str, Path | None]:
        return self.text.toPlainText(), self.path


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
