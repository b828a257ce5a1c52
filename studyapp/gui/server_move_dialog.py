"""File → Move to server…: where the profile goes (a database URL), in a small dialog.

The dialog only asks; :meth:`studyapp.gui.file_actions.FileActions.move_to` runs the move off
the GUI thread (``services/profile_move.py``: every row, media, search index, one transaction on
the target) and then the window opens another profile of this database, since this one left.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from studyapp.gui.window_parts import plain_label


class ServerMoveDialog(QDialog):
    """Ask for the database a profile moves to; ``url()`` says which."""

    def __init__(self, profile: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move to server")
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                f"Move \u201c{profile}\u201d, with its history and media, to the database at "
                "(ask your server's admin for it; \u201cembedded\u201d is this computer's own):"
            )
        )
        self.url_edit = QLineEdit()
        self.url_edit.setAccessibleName("Database URL")
        self.url_edit.setPlaceholderText("postgresql://you@server.example/studyapp")
        layout.addWidget(self.url_edit)
        layout.addWidget(
            plain_label(
                "It leaves this database once it is safely there. Afterwards, start Studyapp "
                "with that database to use it."
            )
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Move")
        self.buttons.accepted.connect(self._accept_if_given)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def url(self) -> str:
        return self.url_edit.text().strip()

    def _accept_if_given(self) -> None:
        if self.url():
            self.accept()
        else:
            self.url_edit.setFocus()
