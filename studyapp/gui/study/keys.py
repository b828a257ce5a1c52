"""Which study key a key press is. The meaning of a key (grade or pick, reveal or continue)
depends on the card's phase and is decided by ``StudySession.intent``, not here."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from studyapp.gui.study.session import Key

_PLAIN_KEYS: dict[int, Key] = {
    Qt.Key.Key_Space.value: Key.ADVANCE,
    Qt.Key.Key_Return.value: Key.ADVANCE,
    Qt.Key.Key_Enter.value: Key.ADVANCE,
    Qt.Key.Key_1.value: Key.ONE,
    Qt.Key.Key_2.value: Key.TWO,
    Qt.Key.Key_3.value: Key.THREE,
    Qt.Key.Key_4.value: Key.FOUR,
    Qt.Key.Key_R.value: Key.RETRY,
    Qt.Key.Key_E.value: Key.EDIT,
    Qt.Key.Key_Escape.value: Key.LEAVE,
}


def study_key(event: QKeyEvent) -> Key | None:
    """The study key of ``event``; None for anything else (e.g. Ctrl+1, Alt+E), which the page
    passes on to its parent."""
    if event.matches(QKeySequence.StandardKey.Undo):
        return Key.UNDO
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return None
    return _PLAIN_KEYS.get(int(event.key()))
