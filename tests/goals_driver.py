"""The real app (``studyapp.gui.app.run``: its own QApplication, window and exit path) managing
goals and profiles as a learner does, as a separate process, twice:

    python tests/goals_driver.py save   # rename, archive (and bring one back), reorder by a
                                        # drop and by keys, delete one, delete and undo another,
                                        # make a profile "Work" and open it; Ctrl+Q
    python tests/goals_driver.py show   # print the profile it opened, switch to "default",
                                        # print its list and its archived goals; Ctrl+Q

Each milestone prints ``STEP name``; what the window shows prints as ``SHOWN key {json}``. Every
action goes through the real widgets: keys on the focused widget (F2, Delete, Ctrl+Z,
Ctrl+Shift+Down, Ctrl+Shift+P, Ctrl+Q), mouse clicks on buttons, rows, menu bar items and the
context menu, and a goal dropped on the list as a drag delivers it. A step that does not happen
in time prints ``FAIL``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox  # noqa: E402

from studyapp.config import AppConfig  # noqa: E402
from studyapp.gui.app import run  # noqa: E402
from studyapp.gui.archived_goals import ArchivedGoalsDialog  # noqa: E402
from studyapp.gui.main_window import MainWindow  # noqa: E402
from studyapp.gui.profiles_dialog import ProfilesDialog  # noqa: E402
from studyapp.gui.text_dialog import TextDialog  # noqa: E402
from studyapp.gui.window_parts import GOAL_ID_ROLE  # noqa: E402
from tests.window_driver import Script, Wait, dialog, key, say  # noqa: E402

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def listed(window: MainWindow) -> list[str]:
    model = window.goal_model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def row(window: MainWindow, title: str):  # type: ignore[no-untyped-def]
    model = window.goal_model
    return next(
        model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data() == title
    )


def point_of(window: MainWindow, title: str, *, top: bool = False) -> QPoint:
    index = row(window, title)
    window.sidebar.scrollTo(index)
    rect = window.sidebar.visualRect(index)
    return QPoint(rect.left() + 20, rect.top() + 2 if top else rect.center().y())


def pick(window: MainWindow, title: str) -> Iterator[Wait]:
    """Click the goal in the list, in the active window, and keep the focus there."""
    window.activateWindow()
    yield window.isActiveWindow
    QTest.mouseClick(window.sidebar.viewport(), LEFT, pos=point_of(window, title))
    window.sidebar.setFocus()
    yield lambda: window.current_goal_id() == row(window, title).data(GOAL_ID_ROLE)


def menu(window: MainWindow, name: str, action: str) -> Iterator[Wait]:
    """Open a menu of the menu bar with the mouse and click one of its items."""
    window.activateWindow()
    yield window.isActiveWindow
    bar = window.menuBar()
    popup = window.menus.menus[name]
    QTest.mouseClick(bar, LEFT, pos=bar.actionGeometry(popup.menuAction()).center())
    yield popup.isVisible
    QTest.mouseClick(popup, LEFT, pos=popup.actionGeometry(window.menus[action]).center())
    yield lambda: not popup.isVisible()


def context(window: MainWindow, title: str, text: str) -> Iterator[Wait]:
    point = point_of(window, title)
    QTest.mouseClick(window.sidebar.viewport(), Qt.MouseButton.RightButton, pos=point)
    window.sidebar.customContextMenuRequested.emit(point)  # offscreen sends no context event
    found: list[QMenu] = []

    def shown() -> bool:
        found[:] = [m for m in window.sidebar.findChildren(QMenu) if m.isVisible()]
        return bool(found)

    yield shown
    (item,) = [a for a in found[0].actions() if a.text().replace("&", "") == text]
    QTest.mouseClick(found[0], LEFT, pos=found[0].actionGeometry(item).center())


def drop_goal(window: MainWindow, title: str, above: str) -> None:
    """What a drag of ``title`` ending on the top edge of ``above`` delivers to the list."""
    mime: QMimeData = window.goal_model.mimeData([row(window, title)])
    target = window.sidebar.viewport()
    point = point_of(window, above, top=True)
    actions = Qt.DropAction.MoveAction
    none = Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(point, actions, mime, LEFT, none),
        QDragMoveEvent(point, actions, mime, LEFT, none),
        QDropEvent(QPointF(point), actions, mime, LEFT, none),
    ):
        QApplication.sendEvent(target, event)
        assert event.isAccepted(), f"the list refused {type(event).__name__}"


def text_dialog() -> TextDialog | None:
    return dialog(TextDialog)  # type: ignore[return-value]


def type_and_ok(text: str) -> Iterator[Wait]:
    yield lambda: text_dialog() is not None
    asker = text_dialog()
    assert asker is not None
    asker.field.selectAll()
    QTest.keyClicks(asker.field, text)
    QTest.mouseClick(asker.ok, LEFT)
    yield lambda: text_dialog() is None


def question_delete() -> Iterator[Wait]:
    yield lambda: dialog(QMessageBox) is not None
    box = dialog(QMessageBox)
    assert isinstance(box, QMessageBox)
    say("SHOWN question", json.dumps(box.text()))
    (delete,) = [b for b in box.buttons() if b.text() == "Delete"]
    QTest.mouseClick(delete, LEFT)


def opened_goal(window: MainWindow) -> bool:
    page = window.goal_page
    return page is not None and window.pages.currentWidget() is page and bool(page.goal_id)


def open_profile(window: MainWindow, name: str) -> Iterator[Wait]:
    window.activateWindow()
    yield window.isActiveWindow
    key(Qt.Key.Key_P, CTRL_SHIFT)
    yield lambda: dialog(ProfilesDialog) is not None
    chooser = dialog(ProfilesDialog)
    assert isinstance(chooser, ProfilesDialog)
    yield lambda: chooser.list.count() > 0 and chooser.new_button.isEnabled()
    names = [p.name for p in chooser.profiles]
    if name not in names:
        QTest.mouseClick(chooser.new_button, LEFT)
        yield from type_and_ok(name)
        yield lambda: name in [p.name for p in chooser.profiles]
        names = [p.name for p in chooser.profiles]
    item = chooser.list.item(names.index(name))
    QTest.mouseClick(chooser.list.viewport(), LEFT, pos=chooser.list.visualItemRect(item).center())
    yield lambda: chooser.open_button.isEnabled()
    QTest.mouseClick(chooser.open_button, LEFT)
    yield lambda: window.ctx is not None and window.ctx.profile.name == name
    yield lambda: window.pages.currentWidget() in (window.empty_page, window.goal_page)
    say("STEP opened-profile", name)


def save(window: MainWindow) -> Iterator[Wait]:
    yield lambda: opened_goal(window)
    say("STEP window-shown", window.isVisible())
    # F2: rename.
    yield from pick(window, "Algebra")
    key(Qt.Key.Key_F2)
    yield from type_and_ok("Linear algebra")
    yield lambda: "Linear algebra" in listed(window)
    say("STEP renamed")
    # Goal → Archive goal; the context menu's Archive, then Archived goals… → Bring back.
    yield from pick(window, "Biology")
    yield from menu(window, "goal", "archive-goal")
    yield lambda: "Biology" not in listed(window)
    yield from context(window, "Chemistry", "Archive goal")
    yield lambda: "Chemistry" not in listed(window)
    yield from menu(window, "goal", "archived-goals")
    yield lambda: dialog(ArchivedGoalsDialog) is not None
    archived = dialog(ArchivedGoalsDialog)
    assert isinstance(archived, ArchivedGoalsDialog)
    yield lambda: archived.list.count() == 2
    (chemistry,) = [i for i in range(2) if archived.list.item(i).text().startswith("Chemistry")]
    item = archived.list.item(chemistry)
    QTest.mouseClick(
        archived.list.viewport(), LEFT, pos=archived.list.visualItemRect(item).center()
    )
    QTest.mouseClick(archived.back_button, LEFT)
    yield lambda: "Chemistry" in listed(window)
    say("STEP archived")
    # A drop puts French first; Ctrl+Shift+Down moves Chemistry down one.
    drop_goal(window, "French", above="Linear algebra")
    yield lambda: listed(window)[0] == "French"
    yield from pick(window, "Chemistry")
    before = listed(window)
    key(Qt.Key.Key_Down, CTRL_SHIFT)
    yield lambda: listed(window) != before
    say("STEP ordered", json.dumps(listed(window)))
    # Delete Drawing (kept deleted); delete Economics and undo with Ctrl+Z.
    yield from pick(window, "Drawing")
    key(Qt.Key.Key_Delete)
    yield from question_delete()
    yield lambda: "Drawing" not in listed(window) and window.goal_actions.undo_bar.isVisible()
    yield from pick(window, "Economics")
    key(Qt.Key.Key_Delete)
    yield from question_delete()
    yield lambda: "Economics" not in listed(window)
    window.activateWindow()
    yield window.isActiveWindow
    window.sidebar.setFocus()  # in a text field, Ctrl+Z undoes typing
    key(Qt.Key.Key_Z, CTRL)
    yield lambda: "Economics" in listed(window)
    # The bar now offers the deletion before it (Drawing), which stays undoable until quit.
    yield lambda: "Drawing" in window.goal_actions.undo_bar.label.text()
    say("STEP deleted")
    say("SHOWN order", json.dumps(listed(window)))
    # File → Switch profile… (Ctrl+Shift+P): a new profile "Work", opened.
    yield from open_profile(window, "Work")
    say("SHOWN work-goals", json.dumps(listed(window)))
    window.activateWindow()
    yield window.isActiveWindow
    say("STEP quit")
    key(Qt.Key.Key_Q, CTRL)


def show(window: MainWindow) -> Iterator[Wait]:
    yield lambda: window.ctx is not None and window.goal_model is not None
    yield lambda: window.pages.currentWidget() in (window.empty_page, window.goal_page)
    say("STEP window-shown", window.isVisible())
    assert window.ctx is not None
    say("SHOWN profile", json.dumps(window.ctx.profile.name))
    yield from open_profile(window, "default")
    yield lambda: opened_goal(window)
    say("SHOWN order", json.dumps(listed(window)))
    yield from menu(window, "goal", "archived-goals")
    yield lambda: dialog(ArchivedGoalsDialog) is not None
    archived = dialog(ArchivedGoalsDialog)
    assert isinstance(archived, ArchivedGoalsDialog)
    yield lambda: archived.list.count() > 0 or archived.empty.isVisible()
    say(
        "SHOWN archived",
        json.dumps([archived.list.item(i).text() for i in range(archived.list.count())]),
    )
    archived.reject()
    # The deletion not undone was made final, by the first process's quit or by this start.
    undo = window.config.data_dir / "undo"
    yield lambda: not any(undo.glob("*.jsonl.gz*"))
    say("STEP final")
    window.activateWindow()
    yield window.isActiveWindow
    say("STEP quit")
    key(Qt.Key.Key_Q, CTRL)


def main() -> None:
    config = AppConfig.resolve()  # STUDYAPP_DATABASE_URL and STUDYAPP_DATA_DIR: the test's
    steps = {"save": save, "show": show}[sys.argv[1]]
    alive: list[Script] = []
    run(config, drive=lambda window: alive.append(Script(window, steps)))


if __name__ == "__main__":
    main()
