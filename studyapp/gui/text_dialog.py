"""A small dialog asking for one line of text: a goal's new title, a profile's name.

The text is checked as it is typed (the service's own rule, so the dialog never accepts what
the service would refuse: OK is off and the reason is shown). OK does not close the dialog:
it emits :attr:`TextDialog.chosen`, the caller runs the change off the GUI thread and either
calls :meth:`accept` or :meth:`refuse` with the one-line reason (a name taken meanwhile), which
keeps what the learner typed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from studyapp.errors import BadInput
from studyapp.gui.window_parts import plain_label

Check = Callable[[str], object]  # raises BadInput for text the service would refuse


class TextDialog(QDialog):
    chosen = Signal(str)

    def __init__(
        self,
        title: str,
        label: str,
        text: str = "",
        *,
        ok: str = "OK",
        check: Check | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.resize(460, 10)
        self._check = check
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(label))
        self.field = QLineEdit(text)
        self.field.setAccessibleName(title)
        self.field.selectAll()
        layout.addWidget(self.field)
        self.note = plain_label("")
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note.hide()
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok)
        self.buttons.accepted.connect(self._choose)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.field.textChanged.connect(self._validate)
        self._validate(text)
        self.field.setFocus()

    def _validate(self, text: str) -> None:
        problem = ""
        if not text.strip():
            problem = " "  # nothing typed yet: OK is off, but there is nothing to explain
        elif self._check is not None:
            try:
                self._check(text)
            except BadInput as exc:
                problem = str(exc)
        self.note.setText(problem.strip())
        self.note.setVisible(bool(problem.strip()))
        self.ok.setEnabled(not problem)

    def _choose(self) -> None:
        if self.ok.isEnabled():
            self.ok.setEnabled(False)  # one change at a time; refuse() or accept() follows
            self.chosen.emit(self.field.text())

    def refuse(self, message: str) -> None:
        """The change was refused: say why and let the learner try again."""
        self.note.setText(message)
        self.note.show()
        self.ok.setEnabled(True)
        self.field.setFocus()
