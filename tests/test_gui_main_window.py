"""The main window: it shows at once, opens the database in the background, opens the first goal
(never the invitation when goals exist), holds every action in its menu bar with the usual
shortcuts, does import, export, backup and restore, and follows light and dark."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox
from sqlalchemy import select, text

from studyapp.config import AppConfig
from studyapp.db.models import Card
from studyapp.gui import theme
from studyapp.gui.file_actions import ImportDialog
from studyapp.gui.main_window import MainWindow
from studyapp.gui.menus import ShortcutsDialog
from studyapp.gui.restore_dialog import RestoreDialog
from studyapp.gui.settings_dialog import SettingsDialog
from studyapp.gui.window_parts import GOAL_ID_ROLE
from studyapp.handlers.registry import default_registry
from studyapp.services import cards as card_service
from studyapp.services import generation, goals
from studyapp.services.profiles import ensure_profile
from studyapp.services.settings import get_settings
from tests.factories import make_card, make_goal, make_node
from tests.gui_driving import choose_menu, click, click_row, dialog_of, save_through

pytestmark = pytest.mark.gui


@pytest.fixture
def window(main_window: MainWindow) -> MainWindow:
    return main_window


def opened(qtbot, window: MainWindow) -> MainWindow:
    with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=30_000):
        window.open_database()
    return window


def test_window_opens_and_reports_database(qtbot, window) -> None:
    assert window.windowTitle() == "Studyapp"
    assert window.db_label.text() == "Opening the database\u2026"
    assert window.pages.currentWidget() is window.loading_page  # not "create your first goal"
    opened(qtbot, window)
    assert "Database:" in window.db_label.text()
    assert "profile default" in window.db_label.text()
    assert window.pages.currentWidget() is window.empty_page
    assert window.empty_page.button.text() == "Create your first goal"
    assert window.jobs_label.isHidden()  # no "0 jobs running"


def test_window_survives_dead_database(qtbot, tmp_path) -> None:
    window = MainWindow(AppConfig(data_dir=tmp_path, database_url="postgresql://me@127.0.0.1:1/x"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.database_failed, timeout=30_000) as blocker:
        window.open_database()
    assert "is the PostgreSQL server running" in blocker.args[0]
    assert window.db_label.text() == "No database"
    assert not window.menus["new-goal"].isEnabled()


# Issue 9, defect 7: "Create your first goal" showed at start although goals existed.
def test_start_opens_the_first_goal_never_the_invitation(qtbot, window, db, profile) -> None:
    first = make_goal(db, profile.id, "Networking")
    make_goal(db, profile.id, "Cooking")
    shown = []
    window.pages.currentChanged.connect(lambda _i: shown.append(window.pages.currentWidget()))
    opened(qtbot, window)
    qtbot.waitUntil(lambda: window.goal_page.snapshot is not None, timeout=10_000)
    assert window.pages.currentWidget() is window.goal_page
    assert window.goal_page.goal_id == first
    assert window.empty_page not in shown
    assert window.current_goal_id() == first


def test_menu_bar_holds_every_action_with_its_shortcut(qtbot, window) -> None:
    opened(qtbot, window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "G&oal", "&Go", "&Help"]
    keys = {
        name: window.menus[name].shortcut().toString()
        for name in (
            "new-goal", "quit", "undo-review", "add-material", "study", "jobs", "stats",
            "rename-goal", "delete-goal", "switch-profile",
        )
    }  # fmt: skip
    assert keys == {
        "rename-goal": "F2",
        "delete-goal": "Del",
        "switch-profile": "Ctrl+Shift+P",
        "new-goal": "Ctrl+N",
        "quit": "Ctrl+Q",
        "undo-review": "Ctrl+Z",
        "add-material": "Ctrl+M",
        "study": "Ctrl+R",
        "jobs": "Ctrl+J",
        "stats": "Ctrl+Shift+S",
    }
    for name in ("import", "export", "backup", "restore", "add-card", "quiz", "about"):
        assert name in window.menus.actions
    # Nothing to add material to yet: the action says so by being disabled.
    assert not window.menus["add-material"].isEnabled()
    choose_menu(qtbot, window, "help", "shortcuts")
    dialog = dialog_of(qtbot, ShortcutsDialog)
    rows = [
        (dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
        for r in range(dialog.table.rowCount())
    ]
    assert ("Ctrl+N", "New goal") in rows and ("Ctrl+Z", "Undo review") in rows
    assert any(key == "1 2 3 4" for key, _what in rows)
    dialog.close()
    # Go → Jobs with the keyboard shortcut, from whatever has focus.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.jobs_page
    choose_menu(qtbot, window, "go", "stats")
    assert window.pages.currentWidget() is window.stats_page
    choose_menu(qtbot, window, "help", "about")
    about = dialog_of(qtbot, QMessageBox)
    assert about.text().startswith("Studyapp ")
    about.close()


def test_export_import_backup_and_restore_from_the_file_menu(
    qtbot, window, db, profile, tmp_path
) -> None:
    goal = make_goal(db, profile.id, "Networking")
    node = make_node(db, goal, "Slow start")
    make_card(db, profile.id, goal, front="What doubles cwnd?", back="Slow start", node_id=node)
    make_card(db, profile.id, goal, front="What halves it?", back="A loss")
    opened(qtbot, window)
    qtbot.waitUntil(lambda: window.goal_page.goal_id == goal, timeout=10_000)
    # Export the goal on screen as an Anki package.
    package = tmp_path / "networking.apkg"
    choose_menu(qtbot, window, "file", "export")
    with qtbot.waitSignal(window.files.done, timeout=20_000):
        save_through(qtbot, dialog_of(qtbot, QFileDialog), package)
    assert package.is_file() and package.stat().st_size > 0
    assert "Exported 2 cards" in window.statusBar().currentMessage()
    # A file that is not a package: refused in a sentence, and no empty goal is left behind.
    broken = tmp_path / "broken.apkg"
    broken.write_bytes(b"not a zip file at all")
    choose_menu(qtbot, window, "file", "import")
    save_through(qtbot, dialog_of(qtbot, QFileDialog), broken)
    chooser = dialog_of(qtbot, ImportDialog)
    chooser.goal.setFocus()
    qtbot.keyClick(chooser.goal, Qt.Key.Key_Home)  # "A new goal, named after the Anki deck"
    with qtbot.waitSignal(window.files.done, timeout=20_000):
        click(qtbot, chooser.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(window.banner.isVisible)
    assert "broken.apkg" in window.banner.label.text()
    assert [g.title for g in goals.list_goals(db, profile.id)] == ["Networking"]
    # Import the export back, asking for a new goal: the notes are found by their GUIDs, so no
    # second goal is made and nothing is doubled (issue 17).
    choose_menu(qtbot, window, "file", "import")
    save_through(qtbot, dialog_of(qtbot, QFileDialog), package)
    chooser = dialog_of(qtbot, ImportDialog)
    assert chooser.goal.currentData() == goal  # the goal on screen is offered first
    chooser.goal.setFocus()
    qtbot.keyClick(chooser.goal, Qt.Key.Key_Home)
    assert chooser.goal.currentText() == "A new goal, named after the Anki deck"
    assert chooser.goal_id() is None
    with qtbot.waitSignal(window.files.done, timeout=20_000):
        click(qtbot, chooser.buttons.button(QDialogButtonBox.StandardButton.Ok))
    message = window.statusBar().currentMessage()
    assert message.startswith("Imported 0 cards into \u201cNetworking\u201d"), message
    assert "2 cards already here (0 updated, 2 unchanged)" in message
    assert [g.id for g in goals.list_goals(db, profile.id)] == [goal]
    fronts = sorted(c.front for c in card_service.list_cards(db, profile.id, goal))
    assert fronts == ["What doubles cwnd?", "What halves it?"]
    # Back up everything (a zip with the media files); restore it beside this profile's goals,
    # which stay as they are, then into a new profile named in the same dialog.
    backup = tmp_path / "all.zip"
    choose_menu(qtbot, window, "file", "backup")
    with qtbot.waitSignal(window.files.done, timeout=20_000):
        save_through(qtbot, dialog_of(qtbot, QFileDialog), backup)
    assert backup.is_file() and zipfile.is_zipfile(backup)
    assert window.statusBar().currentMessage().startswith(f"Backed up to {backup}: 1 goal,")
    choose_menu(qtbot, window, "file", "restore")
    save_through(qtbot, dialog_of(qtbot, QFileDialog), backup)
    where = dialog_of(qtbot, RestoreDialog)
    assert where.isModal() and where.parentWidget() is window
    assert where.this_profile.isChecked()  # the default: beside this profile's goals
    assert "beside its 1 goal: it and its settings are kept" in where.this_profile.text()
    with qtbot.waitSignal(window.files.done, timeout=30_000):
        click(qtbot, where.ok_button)
    said = window.statusBar().currentMessage()
    assert said.startswith("Restored 1 goal, 2 cards, 0 reviews and 0 media files into")
    # Too long for the bar: its middle is elided there, and the whole sentence is its tooltip.
    assert "beside its 1 goal, which was not touched" in window.statusBar().toolTip()
    titles = sorted(g.title for g in goals.list_goals(db, profile.id))
    assert titles == ["Networking", "Networking (restored)"]
    # The copies are notes of their own: an Anki note is one note per profile (its GUID).
    with db.session() as session:
        guids = session.execute(
            select(Card.note_guid).where(Card.profile_id == profile.id)
        ).scalars()
        assert len(set(guids)) == 4
    choose_menu(qtbot, window, "file", "restore")
    save_through(qtbot, dialog_of(qtbot, QFileDialog), backup)
    where = dialog_of(qtbot, RestoreDialog)
    radio = where.new_profile  # clicked on its label, where a learner clicks
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(12, radio.height() // 2))
    assert radio.isChecked()
    assert not where.ok_button.isEnabled()  # a new profile needs its name first
    qtbot.keyClicks(where.name_edit, "Second")
    with qtbot.waitSignal(window.files.done, timeout=30_000):
        click(qtbot, where.ok_button)
    assert "into the new profile \u201cSecond\u201d" in window.statusBar().currentMessage()
    second = ensure_profile(db, "Second")
    assert len(goals.list_goals(db, second.id)) == 1
    assert len(goals.list_goals(db, profile.id)) == 2  # the window's own profile: as it was


def test_dark_mode_by_setting_and_following_the_system(qtbot, window, monkeypatch) -> None:
    opened(qtbot, window)
    assert not theme.is_dark(QApplication.palette())
    choose_menu(qtbot, window, "file", "settings")
    dialog = dialog_of(qtbot, SettingsDialog)
    qtbot.waitUntil(dialog.appearance.isEnabled, timeout=10_000)
    dialog.appearance.setFocus()
    qtbot.keyClick(dialog.appearance, Qt.Key.Key_End)  # "Dark"
    assert dialog.appearance.currentData() == "dark"
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert theme.is_dark(QApplication.palette())
    assert get_settings(window.db, window.profile.id).appearance == "dark"  # kept, per profile
    deck = window.goal_page.deck  # the deck, the tree, the charts paint on its Base
    qtbot.waitUntil(lambda: deck.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.3)
    banner = window.banner  # tinted from the palette, not a fixed cream
    qtbot.waitUntil(lambda: banner.background().lightnessF() < 0.5)
    # "Follow the system": a scheme change from the desktop applies at once.
    controller = theme.controller()
    controller.set_appearance("system")
    monkeypatch.setattr(theme, "system_scheme", lambda: Qt.ColorScheme.Light)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not theme.is_dark(QApplication.palette())
    monkeypatch.setattr(theme, "system_scheme", lambda: Qt.ColorScheme.Dark)
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert theme.is_dark(QApplication.palette())
    controller.set_appearance("light")  # forced light wins over a dark system
    assert not theme.is_dark(QApplication.palette())


def test_quit_from_the_menu_releases_and_closes(qtbot, window, db, profile) -> None:
    opened(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window._shut_down
    assert not window.ctx.watcher.timer.isActive()


def test_browser_from_the_go_menu_and_ctrl_f_and_esc_in_study_goes_back(
    qtbot, window, db, profile
) -> None:
    """Go → Browse cards shows every goal's cards; Ctrl+F off a goal page opens the browser's
    search (one Find action, never an ambiguous key); Esc in study returns where the learner
    came from (the goal page, or the browser)."""
    tcp = make_goal(db, profile.id, "TCP")
    dns = make_goal(db, profile.id, "DNS")
    first = make_card(
        db, profile.id, tcp, "What halves cwnd?", "A loss", node_id=make_node(db, tcp, "Loss")
    )
    make_card(db, profile.id, dns, "Which record maps a name to IPv4?", "An A record")
    opened(qtbot, window)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.goal_page)
    browser = window.browser_page
    assert browser is not None
    with qtbot.waitSignal(browser.searched, timeout=10_000):
        choose_menu(qtbot, window, "go", "browser")
    assert window.pages.currentWidget() is browser
    assert sorted(browser.model.ids()) == sorted([first, first + 1])
    # Ctrl+F from the jobs page lands in the browser's search field.
    choose_menu(qtbot, window, "go", "jobs")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(browser.searched, timeout=10_000):
        qtbot.keyClick(window.jobs_page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is browser
    qtbot.waitUntil(browser.search_edit.hasFocus)
    # Study from the goal page, Esc: back on that goal's page.
    (tcp_row,) = window.goal_model.match(
        window.goal_model.index(0, 0), GOAL_ID_ROLE, tcp, 1, Qt.MatchFlag.MatchExactly
    )
    click_row(qtbot, window.sidebar, tcp_row)
    qtbot.waitUntil(lambda: window.goal_page.goal_id == tcp, timeout=10_000)
    with qtbot.waitSignal(window.study_page.card_shown, timeout=10_000):
        choose_menu(qtbot, window, "go", "study")
    assert window.pages.currentWidget() is window.study_page
    qtbot.keyClick(window.study_page, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.goal_page
    assert window.goal_page.goal_id == tcp
    # Study from the browser (Go → Study all due), Esc: back in the browser.
    with qtbot.waitSignal(browser.searched, timeout=10_000):
        choose_menu(qtbot, window, "go", "browser")
    with qtbot.waitSignal(window.study_page.card_shown, timeout=10_000):
        choose_menu(qtbot, window, "go", "study-all")
    with qtbot.waitSignal(browser.searched, timeout=10_000):
        qtbot.keyClick(window.study_page, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is browser


def test_the_sidebar_highlights_the_goal_on_screen(qtbot, window, db, profile) -> None:
    """A goal opened by the window itself (Esc from study, a new goal, the screenshots) is the
    one highlighted: the sidebar's goal is what Study and Import act on."""
    first = make_goal(db, profile.id, "TCP")
    second = make_goal(db, profile.id, "DNS")
    make_card(db, profile.id, second, "Which record maps a name to IPv4?", "An A record")
    opened(qtbot, window)
    qtbot.waitUntil(lambda: window.goal_page.goal_id == first, timeout=10_000)
    assert window.current_goal_id() == first
    # DNS opened by a click, studied, the highlight moved back to TCP with the arrow key
    # (the sidebar opens on a click only); Esc from study: the window opens DNS itself.
    (dns_row,) = window.goal_model.match(
        window.goal_model.index(0, 0), GOAL_ID_ROLE, second, 1, Qt.MatchFlag.MatchExactly
    )
    click_row(qtbot, window.sidebar, dns_row)
    qtbot.waitUntil(lambda: window.goal_page.goal_id == second, timeout=10_000)
    with qtbot.waitSignal(window.study_page.card_shown, timeout=10_000):
        choose_menu(qtbot, window, "go", "study")
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Up)
    assert window.current_goal_id() == first
    qtbot.keyClick(window.study_page, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.goal_page
    assert window.current_goal_id() == second
    assert window.sidebar.currentIndex().data() == "DNS"


def test_jobs_page_says_why_a_job_failed_without_an_error_history(
    qtbot, window, db, profile
) -> None:
    """A job failed outside the runner (no attempt history): the detail pane still gives the
    reason, instead of ending at the token count."""
    goal = make_goal(db, profile.id, "TCP")
    card = make_card(db, profile.id, goal, "What halves cwnd?", "A loss")
    job = generation.submit_distractors(db, profile.id, card, registry=default_registry()).job
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE jobs SET status = 'failed', error = 'Overloaded (529).' WHERE id = :id"),
            {"id": job.id},
        )
    opened(qtbot, window)
    page = window.jobs_page
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        choose_menu(qtbot, window, "go", "jobs")
    row = page.model.row_of(job.id)
    assert row is not None
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.details.toPlainText().endswith("Error: Overloaded (529).")
