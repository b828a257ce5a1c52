"""The "Study more" dialog (Anki's custom study): more new cards today, review ahead, or study
forgotten cards again, for the goal (or skill) on screen.

It only asks; the window does the rest (``study_actions.py``): raising today's limit goes
through ``study_options.extend_today`` and then the ordinary study session, the two others
start a one-pass custom session (``StudyPage.start(custom=...)``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.services.study_more import MAX_DAYS
from studyapp.services.study_options import MAX_EXTRA

NEW, AHEAD, FORGOTTEN = "new", "ahead", "forgotten"


class StudyMoreDialog(QDialog):
    """``chosen(kind, amount)``: ("new", extra cards), ("ahead", days) or ("forgotten", days).
    Without a goal (studying every goal) raising a goal's limit is not offered."""

    chosen = Signal(str, int)

    def __init__(self, scope: str, *, has_goal: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Study more")
        self.setModal(True)
        layout = QVBoxLayout(self)
        heading = QLabel(f"Study more of {scope}:")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        grid = QGridLayout()
        self.group = QButtonGroup(self)
        self.new_choice = QRadioButton("More new cards today:")
        self.new_count = QSpinBox()
        self.new_count.setRange(1, MAX_EXTRA)
        self.new_count.setValue(10)
        self.new_count.setSuffix(" more")
        self.ahead_choice = QRadioButton("Review ahead: cards due in the next")
        self.ahead_days = QSpinBox()
        self.ahead_days.setRange(1, MAX_DAYS)
        self.ahead_days.setValue(1)
        self.ahead_days.setSuffix(" days")
        self.forgotten_choice = QRadioButton("Forgotten cards: rated Again in the last")
        self.forgotten_days = QSpinBox()
        self.forgotten_days.setRange(1, MAX_DAYS)
        self.forgotten_days.setValue(1)
        self.forgotten_days.setSuffix(" days")
        rows = (
            (self.new_choice, self.new_count),
            (self.ahead_choice, self.ahead_days),
            (self.forgotten_choice, self.forgotten_days),
        )
        for row, (choice, amount) in enumerate(rows):
            self.group.addButton(choice)
            grid.addWidget(choice, row, 0)
            grid.addWidget(amount, row, 1)
            choice.toggled.connect(amount.setEnabled)
            amount.setEnabled(False)
        layout.addLayout(grid)
        self.new_choice.setEnabled(has_goal)
        self.new_count.setToolTip("Raises this goal's new-card limit for today only")
        (self.new_choice if has_goal else self.ahead_choice).setChecked(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Study")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _accept(self) -> None:
        if self.new_choice.isChecked():
            self.chosen.emit(NEW, self.new_count.value())
        elif self.ahead_choice.isChecked():
            self.chosen.emit(AHEAD, self.ahead_days.value())
        else:
            self.chosen.emit(FORGOTTEN, self.forgotten_days.value())
        self.accept()
