"""The learner restoring a backup in the REAL app (``studyapp.gui.app.run``: its own window,
embedded PostgreSQL and exit path), then starting it again. Run as a separate process by
``tests/test_restore_restart.py``:

    python tests/restore_driver.py restore BACKUP   # a goal of one's own, File → Restore…
    python tests/restore_driver.py check            # a new process: is everything there?

Each prints ``STEP name …`` lines (``check`` prints what the window shows as JSON on a ``SHOWN``
line) and quits with Ctrl+Q; a step that does not happen prints ``FAIL`` and exits with 3.
Built on ``tests/window_driver.py`` (its ``Script`` runs the steps between events).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QLineEdit  # noqa: E402

from studyapp.config import AppConfig  # noqa: E402
from studyapp.gui.app import run  # noqa: E402
from studyapp.gui.main_window import MainWindow  # noqa: E402
from studyapp.gui.restore_dialog import RestoreDialog  # noqa: E402
from studyapp.gui.window_parts import GOAL_ID_ROLE, NewGoalDialog  # noqa: E402
from tests.window_driver import LEFT, Script, Wait, click_row, dialog, key, say  # noqa: E402

OWN_GOAL = "My own goal"


def menu_item(window: MainWindow, menu: str, action: str) -> Iterator[Wait]:
    """Open a menu of the menu bar with the mouse and click one of its items."""
    bar = window.menuBar()
    popup = window.menus.menus[menu]
    QTest.mouseClick(bar, LEFT, pos=bar.actionGeometry(popup.menuAction()).center())
    yield popup.isVisible
    QTest.mouseClick(popup, LEFT, pos=popup.actionGeometry(window.menus[action]).center())
    yield lambda: not popup.isVisible()


def quit_app(window: MainWindow) -> Iterator[Wait]:
    """Ctrl+Q, as typed into the window (given back its focus: offscreen has no window manager
    to do it when a dialog closes)."""
    window.activateWindow()
    yield window.isActiveWindow
    say("QUIT", time.time())
    key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def restore(window: MainWindow, backup: Path) -> Iterator[Wait]:
    """Make a goal of one's own, then restore the backup beside it through File → Restore…"""
    yield lambda: window.ctx is not None and window.pages.currentWidget() is window.empty_page
    window.activateWindow()
    yield window.isActiveWindow
    key(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    yield lambda: dialog(NewGoalDialog) is not None
    goal = dialog(NewGoalDialog)
    QTest.keyClicks(goal.title, OWN_GOAL)
    QTest.keyClick(goal.title, Qt.Key.Key_Return)
    yield lambda: window.goal_model.rowCount() == 1
    say("STEP own-goal", time.time())
    yield from menu_item(window, "file", "restore")
    yield lambda: dialog(QFileDialog) is not None
    chooser = dialog(QFileDialog)
    name = chooser.findChild(QLineEdit, "fileNameEdit")  # Qt's own file dialog: type the path
    name.setFocus()
    QTest.keyClicks(name, str(backup))
    QTest.keyClick(name, Qt.Key.Key_Return)
    yield lambda: dialog(RestoreDialog) is not None
    where = dialog(RestoreDialog)
    assert where.this_profile.isChecked(), "beside this profile's goals is the default"
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    QTest.mouseClick(where.ok_button, LEFT)
    yield lambda: any(m.startswith("Restored ") for m in messages)
    say("STEP restored", json.dumps(next(m for m in messages if m.startswith("Restored "))))
    yield lambda: window.goal_model.rowCount() > 1
    yield from quit_app(window)


def check(window: MainWindow, _arg: Path | None) -> Iterator[Wait]:
    """After a restart: the sidebar's goals, the restored goal's deck, its reviews on the
    statistics page and its media files, as this new process sees them."""
    from studyapp.services.cards import list_cards
    from studyapp.services.interop_media import card_media

    yield lambda: window.ctx is not None and window.goal_model.rowCount() > 0
    window.activateWindow()
    yield window.isActiveWindow
    model = window.goal_model
    titles = [model.item(r).text() for r in range(model.rowCount())]
    restored = next(r for r in range(model.rowCount()) if model.item(r).text() != OWN_GOAL)
    goal_id = model.item(restored).data(GOAL_ID_ROLE)
    page = window.goal_page
    click_row(window.sidebar, model.index(restored, 0))
    yield lambda: page.goal_id == goal_id and page.snapshot is not None
    yield lambda: page.deck_model.card_count() > 0
    fronts = sorted(row.card.front for row in page.deck_model.rows() if row.card is not None)
    yield from menu_item(window, "go", "stats")
    stats = window.stats_page
    yield (
        lambda: window.pages.currentWidget() is stats and stats.cards_tile.value.text() != "\u2013"
    )
    tiles = {"reviews": stats.reviews_tile.value.text(), "cards": stats.cards_tile.value.text()}
    ctx = window.ctx
    assert ctx is not None
    media = {
        m.name: m.exists and m.path.stat().st_size
        for card in list_cards(ctx.db, ctx.profile.id, goal_id)
        for m in card_media(ctx.db, ctx.profile.id, card.id)
    }
    shown = {"goals": titles, "fronts": fronts, "stats": tiles, "media": media}
    say("SHOWN", json.dumps(shown))
    yield from quit_app(window)


def main() -> None:
    config = AppConfig.resolve()  # STUDYAPP_DATA_DIR: the caller's private embedded server
    scripts = {"restore": restore, "check": check}
    script = scripts[sys.argv[1]]
    arg = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    alive: list[Script] = []
    run(config, drive=lambda window: alive.append(Script(window, lambda w: script(w, arg))))


if __name__ == "__main__":
    main()
