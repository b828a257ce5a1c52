"""A card side too long for the card: its start on the card, the whole of it on request.

A field of an imported deck can hold megabytes. A word-wrapped ``QLabel`` lays out all of it
at once: showing a 5 MB front blocked the window 28 s, revealing the answer 33 s. So the card
shows the first :data:`CARD_TEXT_LIMIT` characters and a "Show all … characters" button, which
opens :class:`LongTextDialog`: the text a part at a time (:data:`PART` characters, so each
layout is bounded), plain, read-only, with Previous and Next.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.shorten import shorten

CARD_TEXT_LIMIT = 1_000  # characters of one side shown on the card
OPTION_TEXT_LIMIT = 300  # characters of one multiple-choice option
PART = 20_000  # characters laid out at once in the dialog


def on_card(text: str) -> str:
    """What the card shows of a side (its start, at a word, "…" when cut)."""
    return shorten(text, CARD_TEXT_LIMIT)


def is_long(text: str) -> bool:
    return len(text) > CARD_TEXT_LIMIT


def more_label(text: str) -> str:
    return f"Show all {len(text):,} characters\u2026"


class LongTextDialog(QDialog):
    """The whole of a long side, ``PART`` characters at a time."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 520)
        self.text = text
        self.parts = max(1, -(-len(text) // PART))
        self.part = 0
        layout = QVBoxLayout(self)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setAccessibleName(title)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.previous_button = QPushButton("Previous part")
        self.next_button = QPushButton("Next part")
        self.where = QLabel()
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.previous_button.clicked.connect(lambda: self.show_part(self.part - 1))
        self.next_button.clicked.connect(lambda: self.show_part(self.part + 1))
        row.addWidget(self.previous_button)
        row.addWidget(self.where, 1, Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for widget in (self.previous_button, self.next_button, self.where):
            widget.setVisible(self.parts > 1)
        self.show_part(0)

    def show_part(self, part: int) -> None:
        self.part = max(0, min(self.parts - 1, part))
        start = self.part * PART
        self.view.setPlainText(self.text[start : start + PART])
        self.where.setText(f"Part {self.part + 1} of {self.parts}")
        self.previous_button.setEnabled(self.part > 0)
        self.next_button.setEnabled(self.part < self.parts - 1)
