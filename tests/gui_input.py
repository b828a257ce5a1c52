"""Driving widgets as a person does: a key goes to whatever has the keyboard focus, a click to a
button that is visible and enabled. A test using these fails when the focus is lost or the
button is dead, which calling the page's slot would hide."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    qtbot.keyClick(focused, key, modifier)


def click(qtbot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget} cannot be clicked now"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose_by_keys(qtbot, box, text: str) -> None:
    """Pick the entry of a combo box containing ``text`` with the arrow keys, as a person who
    tabbed to it does (the box must be enabled and offer it)."""
    target = box.findText(text, Qt.MatchFlag.MatchContains)
    assert target >= 0, f"{text!r} is not offered"
    assert box.isEnabled()
    key = Qt.Key.Key_Down if target > box.currentIndex() else Qt.Key.Key_Up
    while box.currentIndex() != target:
        qtbot.keyClick(box, key)
