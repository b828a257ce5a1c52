"""The real app (``studyapp.gui.app.run``: its own QApplication, window and exit path) driven
through the study options of the goal it opens, as a separate process, twice:

    python tests/study_options_driver.py save     # new preset "Exam", 7 new a day, 0.85, steps
    python tests/study_options_driver.py show     # print what the dialog shows, then quit

Each milestone prints ``STEP name``; the values shown print as ``SHOWN {json}``. Quitting is
Ctrl+Q on the window, as a learner does; a step that does not happen in time prints ``FAIL``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLineEdit  # noqa: E402

from studyapp.config import AppConfig  # noqa: E402
from studyapp.gui.app import run  # noqa: E402
from studyapp.gui.main_window import MainWindow  # noqa: E402
from studyapp.gui.study_options import StudyOptionsDialog  # noqa: E402
from tests.window_driver import Script, Wait, dialog, key, say  # noqa: E402

LEFT = Qt.MouseButton.LeftButton


def type_into(widget, text: str) -> None:
    """Replace a field's text with the keyboard: focus, select all, type."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)


def open_options(window: MainWindow) -> Iterator[Wait]:
    def goal_open() -> bool:
        page = window.goal_page
        return page is not None and window.pages.currentWidget() is page and bool(page.goal_id)

    yield goal_open
    say("STEP window-shown", window.isVisible())
    window.activateWindow()
    assert window.goal_page is not None
    QTest.mouseClick(window.goal_page.options_button, LEFT)
    found: list[StudyOptionsDialog] = []

    def loaded() -> bool:
        shown = dialog(StudyOptionsDialog)
        if shown is not None and shown.new_per_day.isEnabled():
            found[:] = [shown]
            return True
        return False

    yield loaded
    say("STEP options-open")
    window.options_dialog = found[0]  # type: ignore[attr-defined]


def save(window: MainWindow) -> Iterator[Wait]:
    yield from open_options(window)
    options: StudyOptionsDialog = window.options_dialog  # type: ignore[attr-defined]
    QTest.mouseClick(options.new_button, LEFT)
    yield lambda: dialog(QInputDialog) is not None
    asker = dialog(QInputDialog)
    assert asker is not None
    QTest.keyClicks(asker.findChild(QLineEdit), "Exam")
    QTest.keyClick(asker, Qt.Key.Key_Return)
    yield lambda: options.preset_box.currentText() == "Exam" and options.new_per_day.isEnabled()
    type_into(options.new_per_day, "7")
    type_into(options.reviews_per_day, "150")
    type_into(options.retention, "0.85")
    type_into(options.learning_steps, "2m 20m")
    QTest.mouseClick(options.bury_siblings, LEFT)
    saved: list[object] = []
    options.saved.connect(saved.append)
    QTest.mouseClick(options.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    yield lambda: bool(saved)
    say("STEP saved")
    yield lambda: window.study_actions.dialog is None  # closed (and deleted)
    window.activateWindow()
    yield window.isActiveWindow
    say("STEP quit")
    key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def show(window: MainWindow) -> Iterator[Wait]:
    yield from open_options(window)
    options: StudyOptionsDialog = window.options_dialog  # type: ignore[attr-defined]
    shown = {
        "preset": options.preset_box.currentText(),
        "new_per_day": options.new_per_day.value(),
        "reviews_per_day": options.reviews_per_day.value(),
        "retention": round(options.retention.value(), 2),
        "learning_steps": options.learning_steps.text(),
        "bury_siblings": options.bury_siblings.isChecked(),
    }
    say("SHOWN", json.dumps(shown))
    QTest.mouseClick(options.buttons.button(QDialogButtonBox.StandardButton.Cancel), LEFT)
    yield lambda: window.study_actions.dialog is None  # closed (and deleted)
    window.activateWindow()
    yield window.isActiveWindow
    say("STEP quit")
    key(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def main() -> None:
    config = AppConfig.resolve()  # STUDYAPP_DATABASE_URL: the test's database
    steps = {"save": save, "show": show}[sys.argv[1]]
    alive: list[Script] = []
    run(config, drive=lambda window: alive.append(Script(window, steps)))


if __name__ == "__main__":
    main()
