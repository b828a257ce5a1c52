"""Driving the real window the way a learner does: mouse clicks on buttons, tree rows and menu
items, keys on the focused widget, files dropped on widgets. Tests use these instead of calling
a page's slots, so a dead button fails its test."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QWidget,
)

LEFT = Qt.MouseButton.LeftButton


def click(qtbot, widget: QWidget) -> None:
    assert widget.isVisible() and widget.isEnabled(), f"{widget} cannot be clicked"
    qtbot.mouseClick(widget, LEFT)


def click_row(qtbot, view: QAbstractItemView, index: QModelIndex, *, right: bool = False) -> None:
    """Click a row of a view where it is painted (scrolled into sight first)."""
    assert index.isValid()
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid() and view.viewport().rect().intersects(rect)
    point = QPoint(rect.left() + min(30, rect.width() // 2), rect.center().y())
    button = Qt.MouseButton.RightButton if right else LEFT
    qtbot.mouseClick(view.viewport(), button, pos=point)
    if right:  # a right click alone does not send the context-menu event offscreen
        view.customContextMenuRequested.emit(point)


def dialog_of(qtbot, kind: type, timeout: int = 5_000):
    """The visible top-level dialog of ``kind`` (waits for it to open)."""
    found: list = []

    def visible() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)]
        found[:] = [w for w in found if w.isVisible()]
        return bool(found)

    qtbot.waitUntil(visible, timeout=timeout)
    return found[-1]


def save_through(qtbot, dialog: QFileDialog, path: Path) -> None:
    """Pick ``path`` in Qt's file dialog and press its Open / Save button. (The file chooser is
    Qt's own widget; what is ours is what happens once a file is chosen.)"""
    dialog.setDirectory(str(path.parent))
    dialog.selectFile(path.name)
    box = dialog.findChild(QDialogButtonBox)
    button = box.buttons()[0]  # Open or Save
    qtbot.waitUntil(button.isEnabled, timeout=5_000)
    click(qtbot, button)


def choose_menu(qtbot, window, menu: str, action: str) -> None:
    """Open a menu of the menu bar with the mouse and click one of its items."""
    bar = window.menuBar()
    popup = window.menus.menus[menu]
    qtbot.mouseClick(bar, LEFT, pos=bar.actionGeometry(popup.menuAction()).center())
    qtbot.waitUntil(popup.isVisible)
    item = window.menus[action]
    assert item.isEnabled(), f"{action} is disabled"
    qtbot.mouseClick(popup, LEFT, pos=popup.actionGeometry(item).center())
    qtbot.waitUntil(lambda: not popup.isVisible())


def _drop(qtbot, target: QWidget, point: QPoint, mime: QMimeData) -> bool:
    """What a drag ending over ``target`` delivers: enter, move, drop."""
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    pos = QPointF(point)
    enter = QDragEnterEvent(point, actions, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(point, actions, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(pos, actions, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def drop_files(qtbot, target: QWidget, paths: list[Path], point: QPoint | None = None) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return _drop(qtbot, target, point or target.rect().center(), mime)


def drop_on_row(qtbot, view: QAbstractItemView, index: QModelIndex, mime: QMimeData) -> bool:
    view.scrollTo(index)
    rect = view.visualRect(index)
    return _drop(qtbot, view.viewport(), rect.center(), mime)
