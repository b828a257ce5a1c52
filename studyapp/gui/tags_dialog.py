"""The small dialog that adds or removes tags on the selected cards (Anki's Add/Remove Tags).

One field (tags separated by spaces, completed from the learner's existing tags) and two
buttons: "Add tags" and "Remove tags". Checked here with ``services.tags.parse_tags`` so a bad
tag is refused in the dialog, with its sentence, before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.errors import BadInput
from studyapp.gui import theme
from studyapp.plural import counted
from studyapp.services.tags import parse_tags


class TagsDialog(QDialog):
    """``chosen(add: bool, tags: list[str])`` when a button is pressed with valid tags."""

    chosen = Signal(bool, list)

    def __init__(self, count: int, known: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tags")
        self.setModal(True)
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Tags for {counted(count, 'selected card')}, separated by spaces:")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        self.edit = QLineEdit()
        self.edit.setAccessibleName("Tags")
        self.edit.setPlaceholderText("e.g. exam bio::cells")
        completer = QCompleter(list(known), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.edit.setCompleter(completer)
        layout.addWidget(self.edit)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        palette = self.error_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.error_color(palette))
        self.error_label.setPalette(palette)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = QPushButton("Add tags")
        self.remove_button = QPushButton("Remove tags")
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(lambda: self._choose(True))
        self.remove_button.clicked.connect(lambda: self._choose(False))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.edit.setFocus()

    def _choose(self, add: bool) -> None:
        try:
            tags = parse_tags(self.edit.text())
        except BadInput as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.chosen.emit(add, tags)
        self.accept()
