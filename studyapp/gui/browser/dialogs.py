"""The browser's own dialog: confirm a delete (moving cards uses the shared
``gui/move_dialog.py``).

It opens with ``open()`` (window-modal, no nested event loop), so the window keeps painting and
tests click its real buttons.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


class DeleteQuestion(QMessageBox):
    """The confirmation of a delete: it cannot be undone; Cancel is the default."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        question = (
            "Delete this card and its review history?"
            if count == 1
            else f"Delete these {count:,} cards and their review histories?"
        )
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Delete a card" if count == 1 else "Delete cards")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(question)
        self.setInformativeText("This cannot be undone. Archive keeps a card's history instead.")
        self.setStandardButtons(QMessageBox.StandardButton.Cancel)
        self.delete_button = self.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.button(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.setWindowModality(Qt.WindowModality.WindowModal)
