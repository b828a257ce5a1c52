"""One error boundary for the window (issue 16): an exception in a slot run by a real click, in
a background thread, or in a ``run_op`` without a failure handler each gives ONE line in the
window's banner that names the log file, a traceback in that file (a rotating file in the data
directory), and the window keeps working. Help → Open log folder opens the folder."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices

from studyapp.errors import BadInput
from studyapp.gui.window_parts import NewGoalDialog
from tests.gui_driving import choose_menu, click, dialog_of

pytestmark = pytest.mark.gui


@pytest.fixture
def window(main_window, qtbot):
    with qtbot.waitSignals([main_window.database_ready, main_window.goals_loaded], timeout=30_000):
        main_window.open_database()
    return main_window


def log_text(window) -> str:
    return window.log_path.read_text(encoding="utf-8") if window.log_path.exists() else ""


def assert_one_line_naming_the_log(window, kind: str) -> None:
    banner = window.banner
    assert banner.isVisible()
    assert (
        banner.label.text() == f"Something went wrong ({kind}); see the log at {window.log_path}."
    )
    assert "\n" not in banner.label.text()


def still_working(qtbot, window) -> None:
    """The window still answers: the Jobs button opens the jobs page."""
    click(qtbot, window.jobs_button)
    assert window.pages.currentWidget() is window.jobs_page


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_run_by_a_click_is_one_message_and_a_logged_traceback(
    window, qtbot, tmp_path, monkeypatch
) -> None:
    def broken() -> None:
        raise RuntimeError("the statistics slot is broken")

    monkeypatch.setattr(window, "show_stats", broken)  # what the button's slot calls
    click(qtbot, window.stats_button)
    qtbot.waitUntil(window.banner.isVisible)
    assert_one_line_naming_the_log(window, "RuntimeError")
    assert window.log_path == tmp_path / "logs" / "studyapp.log"
    text = log_text(window)
    assert "Traceback" in text and "the statistics slot is broken" in text
    monkeypatch.undo()
    still_working(qtbot, window)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_exception_ending_a_background_thread_is_one_message_and_a_logged_traceback(
    window, qtbot
) -> None:
    def work() -> None:
        raise KeyError("no such card in the background")

    thread = threading.Thread(target=work, name="background-work")
    thread.start()
    thread.join(5)
    qtbot.waitUntil(window.banner.isVisible, timeout=5_000)
    assert_one_line_naming_the_log(window, "KeyError")
    text = log_text(window)
    assert "Traceback" in text and "no such card in the background" in text
    still_working(qtbot, window)


def test_a_failing_run_op_without_a_failure_handler_reaches_the_banner(
    window, qtbot, monkeypatch
) -> None:
    """New goal… runs its work with run_op and no failure handler of its own: a bug in it
    (and then a known error) reaches the banner through the default."""
    from studyapp.services import goals

    def create(*_args, **_kwargs):
        raise ZeroDivisionError("a bug in creating a goal")

    monkeypatch.setattr(goals, "create_goal", create)
    new_goal(qtbot, window, "Understand TCP")
    qtbot.waitUntil(window.banner.isVisible, timeout=5_000)
    assert_one_line_naming_the_log(window, "ZeroDivisionError")
    assert "a bug in creating a goal" in log_text(window)
    # A known error is its own line, and no bug: nothing about it in the log.
    click(qtbot, window.banner.dismiss)

    def refuse(*_args, **_kwargs):
        raise BadInput("That goal already exists.")

    monkeypatch.setattr(goals, "create_goal", refuse)
    new_goal(qtbot, window, "Understand TCP")
    qtbot.waitUntil(window.banner.isVisible, timeout=5_000)
    assert window.banner.label.text() == "That goal already exists."
    assert "That goal already exists" not in log_text(window)
    still_working(qtbot, window)


def new_goal(qtbot, window, title: str) -> None:
    """The New goal button, its dialog, a title typed, Enter."""
    click(qtbot, window.new_goal_button)
    dialog = dialog_of(qtbot, NewGoalDialog)
    qtbot.keyClicks(dialog.title, title)
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_help_open_log_folder_opens_the_folder_of_the_log(window, qtbot, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    choose_menu(qtbot, window, "help", "log-folder")
    assert opened == [QUrl.fromLocalFile(str(window.log_path.parent))]
    assert window.log_path.parent.is_dir()
