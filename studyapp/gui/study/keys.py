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


# Anki's study keys that are characters rather than keys: "-" buries, "@" (Shift+2 on most
# layouts, so read from the text, not the key code) suspends, "i" shows card info.
_CHARACTERS: dict[str, Key] = {"-": Key.BURY, "@": Key.SUSPEND, "i": Key.INFO, "I": Key.INFO}


def study_key(event: QKeyEvent) -> Key | None:
    """The study key of ``event``; None for anything else (e.g. Ctrl+1, Alt+E), which the page
    passes on to its parent."""
    if event.matches(QKeySequence.StandardKey.Undo):
        return Key.UNDO
    control = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    if event.text() in _CHARACTERS and not event.modifiers() & control:
        return _CHARACTERS[event.text()]
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return None
    return _PLAIN_KEYS.get(int(event.key()))
