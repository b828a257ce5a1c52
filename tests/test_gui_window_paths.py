"""Issue 19, the paths a learner walks in the window, each through the real widgets.

Dark mode on the study page (defect 2), the deck's Skill cell after a placeholder (3), Generate
clicked twice (8), long goal titles (9), Add card's skill (10), Export from any page (11), a
safe start after one that died (1), and the misleading words of defect 7 that live in the
window: the generator in use, choice notes in the status bar, cut status messages, the jobs
page's attempts, selection and results.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel
from sqlalchemy import text

from studyapp.config import AppConfig
from studyapp.gui.card_editor import CardEditor
from studyapp.gui.main_window import MainWindow
from studyapp.gui.settings_dialog import SettingsDialog
from studyapp.gui.window_parts import NewGoalDialog
from studyapp.handlers.kinds import DISTRACTOR_GENERATION, FLASHCARD_GENERATION
from studyapp.handlers.registry import default_registry
from studyapp.services import generation
from studyapp.services.goals import MAX_TITLE
from studyapp.services.settings import get_settings
from tests.factories import make_card, make_goal, make_node
from tests.gui_driving import choose_menu, click, click_row, dialog_of, save_through

pytestmark = pytest.mark.gui
WAIT = 20_000


@pytest.fixture(autouse=True)
def no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("STUDYAPP_PROVIDER", raising=False)
    monkeypatch.setenv("STUDYAPP_NO_KEYRING", "1")


def opened(qtbot, window: MainWindow) -> MainWindow:
    with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=30_000):
        window.open_database()
    return window


def settings_dialog(qtbot, window: MainWindow) -> SettingsDialog:
    choose_menu(qtbot, window, "file", "settings")
    dialog = dialog_of(qtbot, SettingsDialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.waitUntil(lambda: save.isEnabled() and dialog.key_label.text() != "checking\u2026")
    return dialog


def lightness(color: QColor) -> float:
    return color.lightnessF()


# Defect 2: the card stayed white and "3 left" dark grey on near-black after a switch to dark.
def test_the_study_page_turns_dark_with_the_window(qtbot, main_window, db, profile) -> None:
    goal = make_goal(db, profile.id, "TCP")
    make_card(db, profile.id, goal, "What doubles cwnd each round trip?", "Slow start")
    window = opened(qtbot, main_window)
    dialog = settings_dialog(qtbot, window)
    dialog.appearance.setFocus()
    qtbot.keyClick(dialog.appearance, Qt.Key.Key_End)  # "Dark"
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    study = window.study_page
    with qtbot.waitSignal(study.card_shown, timeout=WAIT):
        choose_menu(qtbot, window, "go", "study")
    view = study.study_view

    def inside() -> QColor:
        card = view.card.grab().toImage()
        return card.pixelColor(20, card.height() // 2)

    qtbot.waitUntil(lambda: lightness(inside()) < 0.3, timeout=5_000)  # dark, not white
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    counter = view.progress_label.grab().toImage()
    lightest = max(
        lightness(counter.pixelColor(x, y))
        for x in range(counter.width())
        for y in range(counter.height())
    )
    assert view.progress_label.text().startswith("1 left")
    assert lightest - lightness(window_colour) > 0.3  # "1 left" reads on the dark window


# Defect 3: a placeholder's column span stayed on its row number, in every goal afterwards.
def test_deck_rows_keep_their_skill_cell_after_a_placeholder(qtbot, main_window, db, profile):
    first = make_goal(db, profile.id, "First")
    node = make_node(db, first, "Only skill")
    make_card(db, profile.id, first, "q1", "a1", node_id=node)
    job = generation.submit_cards(
        db, profile.id, first, node_id=node, registry=default_registry()
    ).job
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE jobs SET status = 'failed', error = 'no' WHERE id = :id"), {"id": job.id}
        )
    second = make_goal(db, profile.id, "Second")
    skill = make_node(db, second, "Congestion control")
    for n in range(3):
        make_card(db, profile.id, second, f"q{n}", f"a{n}", node_id=skill)
    window = opened(qtbot, main_window)
    page, deck = window.goal_page, window.goal_page.deck
    qtbot.waitUntil(lambda: bool(page.deck_model.placeholder_rows()), timeout=WAIT)
    assert deck.columnSpan(1, 0) == 2  # the failed generation spans the row
    tall = deck.rowHeight(1)
    click_row(qtbot, window.sidebar, window.goal_model.index(1, 0))
    qtbot.waitUntil(lambda: page.deck_model.card_count() == 3, timeout=WAIT)
    assert [deck.columnSpan(row, 0) for row in range(3)] == [1, 1, 1]
    assert deck.rowHeight(1) == deck.rowHeight(0) <= tall
    assert page.deck_model.index(1, 1).data() == "Congestion control"


# Defect 8: a double click on "Generate cards" queued two identical jobs (two error rows).
def test_generate_twice_makes_one_request(qtbot, main_window, db, profile) -> None:
    goal = make_goal(db, profile.id, "TCP")
    node = make_node(db, goal, "Slow start")
    window = opened(qtbot, main_window)
    page = window.goal_page
    qtbot.waitUntil(lambda: page.tree_model.rowCount() > 0, timeout=WAIT)
    click_row(qtbot, page.tree, page.tree_model.index_for_node(node))

    def jobs() -> list[tuple[int, str]]:
        with db.engine.connect() as conn:
            return [
                tuple(r)
                for r in conn.execute(
                    text("SELECT id, status FROM jobs WHERE type = :t ORDER BY id"),
                    {"t": FLASHCARD_GENERATION},
                )
            ]

    click(qtbot, page.generate_button)
    click(qtbot, page.generate_button)  # the second click of a double click
    qtbot.waitUntil(
        lambda: len(jobs()) == 1 and bool(page.deck_model.placeholder_rows()), timeout=WAIT
    )
    qtbot.waitUntil(lambda: page.deck_model.placeholder_rows()[0].job.id > 0, timeout=WAIT)
    # It failed at once (say, no material for the offline generator); a double click then.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE jobs SET status = 'failed', error = 'Needs material.'"))
    page.reload()
    qtbot.waitUntil(
        lambda: [r.job.status for r in page.deck_model.placeholder_rows()] == ["failed"],
        timeout=WAIT,
    )
    click(qtbot, page.generate_button)
    click(qtbot, page.generate_button)
    qtbot.waitUntil(lambda: any(status == "pending" for _id, status in jobs()), timeout=WAIT)
    qtbot.waitUntil(
        lambda: all(r.job.id > 0 for r in page.deck_model.placeholder_rows()), timeout=WAIT
    )
    assert [status for _id, status in jobs()] == ["pending"]  # retried, not doubled
    assert len(page.deck_model.placeholder_rows()) == 1


# Defect 9: a 5,000-character title was cut to 500 without a word and filled the goal list.
def test_long_goal_titles_are_refused_or_elided(qtbot, main_window, db, profile) -> None:
    make_goal(db, profile.id, " ".join(["congestion"] * 45)[:MAX_TITLE])
    window = opened(qtbot, main_window)
    row = window.sidebar.visualRect(window.goal_model.index(0, 0))
    lines = window.sidebar.fontMetrics().lineSpacing()
    assert row.height() <= 3 * lines + 8  # not sixteen lines
    qtbot.waitUntil(lambda: window.goal_page.snapshot is not None, timeout=WAIT)
    assert window.goal_page.title.text().endswith("\u2026")
    choose_menu(qtbot, window, "file", "new-goal")
    dialog = dialog_of(qtbot, NewGoalDialog)
    QApplication.clipboard().setText("x" * 5000)
    dialog.title.setFocus()
    qtbot.keyClick(dialog.title, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog.title.text()) == 5000  # nothing cut behind the learner's back
    assert not dialog.ok.isEnabled()
    assert f"at most {MAX_TITLE} characters" in dialog.title_note.text()
    dialog.reject()


# Defect 10: "Add card…" defaulted to "(no skill)"; the skills' counts stopped adding up.
def test_add_card_goes_into_a_skill_and_says_which(qtbot, main_window, db, profile) -> None:
    goal = make_goal(db, profile.id, "TCP")
    first = make_node(db, goal, "Slow start", position=0)
    make_node(db, goal, "Fast retransmit", position=1)
    window = opened(qtbot, main_window)
    qtbot.waitUntil(lambda: window.goal_page.snapshot is not None, timeout=WAIT)
    choose_menu(qtbot, window, "edit", "add-card")
    editor = dialog_of(qtbot, CardEditor)
    qtbot.waitUntil(editor.save_button.isEnabled, timeout=WAIT)
    assert editor.skill_box.currentData() == first
    assert editor.skill_box.findData(None) == -1  # no "(no skill)" for a goal with skills
    assert "Slow start" in editor.skill_note.text() and "first skill" in editor.skill_note.text()
    qtbot.keyClicks(editor.front_edit, "What doubles cwnd?")
    editor.back_edit.setFocus()
    qtbot.keyClicks(editor.back_edit, "Slow start")
    with qtbot.waitSignal(editor.saved, timeout=WAIT):
        click(qtbot, editor.save_button)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT node_id FROM cards")).scalar_one() == first
    assert "Slow start" in window.statusBar().currentMessage()


# Defect 11: dialogs opened in the program's folder; Export suggested "cards.apkg" and was
# greyed on the browser page while a goal was highlighted.
def test_export_from_the_browser_page_named_after_the_goal(
    qtbot, main_window, db, profile, monkeypatch, tmp_path
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    goal = make_goal(db, profile.id, "TCP: congestion control")
    make_card(db, profile.id, goal, "What doubles cwnd?", "Slow start")
    window = opened(qtbot, main_window)
    with qtbot.waitSignal(window.browser_page.searched, timeout=WAIT):
        choose_menu(qtbot, window, "go", "browser")
    assert window.current_goal_id() == goal
    assert window.menus["export"].isEnabled()
    choose_menu(qtbot, window, "file", "export")
    chooser = dialog_of(qtbot, QFileDialog)
    assert Path(chooser.directory().absolutePath()) == home  # not the program's folder
    assert Path(chooser.selectedFiles()[0]).name == "TCP congestion control.apkg"
    chooser.reject()


# Defect 7: the dialog said "Use the offline generator" unticked while the status bar said
# "Generator: offline (no API key)"; both now say what runs.
def test_settings_and_status_bar_name_the_same_generator(qtbot, main_window) -> None:
    window = opened(qtbot, main_window)
    assert window.provider_label.text() == "Generator: offline (no API key)"
    dialog = settings_dialog(qtbot, window)
    assert not dialog.offline.isChecked()

    def said() -> list[str]:
        return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]

    assert any(text.startswith("In use: offline (no API key).") for text in said()), said()
    click(qtbot, dialog.offline)
    assert "In use: offline." in said()
    dialog.reject()


# Defect 7: "Multiple-choice options are ready." under a card whose choices had failed (another
# card's job); and status messages cut by the labels on the right.
def test_status_bar_says_nothing_misleading_and_keeps_room(
    qtbot, main_window, db, profile, tmp_path
) -> None:
    goal = make_goal(db, profile.id, "TCP")
    card = make_card(db, profile.id, goal, "What doubles cwnd?", "Slow start")
    window = opened(qtbot, main_window)
    with qtbot.waitSignal(window.study_page.card_shown, timeout=WAIT):
        choose_menu(qtbot, window, "go", "study")
    event = {"id": 999, "type": DISTRACTOR_GENERATION, "status": "completed", "goal_id": goal}
    window.ctx.watcher.job_event.emit({**event, "parent_id": None, "card_id": card})
    assert window.statusBar().currentMessage() == ""
    window.resize(760, 600)
    folder = tmp_path / ("a-rather-long-folder-name-for-backups-" * 3)
    folder.mkdir()
    backup = folder / "studyapp-backup-with-a-long-name.json"
    choose_menu(qtbot, window, "file", "backup")
    with qtbot.waitSignal(window.files.done, timeout=WAIT):
        save_through(qtbot, dialog_of(qtbot, QFileDialog), backup)
    bar = window.statusBar()
    shown = bar.currentMessage()
    assert shown.startswith("Backed up to ") and "json" in shown
    assert not window.db_label.isVisible() and not window.provider_label.isVisible()
    assert bar.fontMetrics().horizontalAdvance(shown) <= bar.width()


# Defect 7, the jobs page: "1 of 3" on a job that failed for good; details of a job no longer
# selected; raw result keys.
def test_jobs_page_words(qtbot, main_window, db, profile) -> None:
    goal = make_goal(db, profile.id, "TCP")
    card = make_card(db, profile.id, goal, "What doubles cwnd?", "Slow start")
    registry = default_registry()
    failed = generation.submit_distractors(db, profile.id, card, registry=registry).job
    done = generation.submit_cards(
        db, profile.id, goal, node_id=make_node(db, goal, "Slow start"), registry=registry
    ).job
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE jobs SET status='failed', attempts=1, error='Bad request.' WHERE id=:i"),
            {"i": failed.id},
        )
        conn.execute(
            text(
                "UPDATE jobs SET status='completed', attempts=1, result=CAST(:r AS jsonb) "
                "WHERE id=:i"
            ),
            {
                "i": done.id,
                "r": '{"created": 10, "summary": "10 made", "provider": "offline", '
                '"skipped_duplicates": 0, "card_ids": [1, 2]}',
            },
        )
    window = opened(qtbot, main_window)
    page = window.jobs_page
    with qtbot.waitSignal(page.refreshed, timeout=WAIT):
        choose_menu(qtbot, window, "go", "jobs")
    attempts = page.model.index(page.model.row_of(failed.id), 3).data()
    assert attempts == "1 (not retried)"
    rect = page.table.visualRect(page.model.index(page.model.row_of(done.id), 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    details = page.details.toPlainText()
    assert "Result: 10 cards made, by the offline generator." in details
    assert "skipped_duplicates" not in details and "created 10" not in details
    qtbot.mouseClick(
        page.table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        pos=rect.center(),
    )  # Ctrl+click: no row selected any more
    assert page.table.selectionModel().selectedRows() == []
    assert page.details.toPlainText().startswith("Select a job")


# Defect 1: a start that died is followed by a safe start that says what it reset.
def test_a_start_after_one_that_died_is_safe(qtbot, db, profile, pg_server_url, tmp_path):
    from studyapp.gui.local_settings import WindowSettings
    from studyapp.services.settings import save_appearance

    save_appearance(db, profile.id, "dark")
    local = WindowSettings.load(tmp_path)
    local.set_appearance("default", "dark")
    local.remember_folder(tmp_path)
    local.data["starting"] = {"pid": 2**22 + 12345, "at": 0}  # a process that is gone
    local.save()
    check = WindowSettings.load(tmp_path).begin_start("default")
    assert check.safe and check.reset_appearance == "dark" and check.forgot_folder
    window = MainWindow(
        AppConfig(data_dir=tmp_path, database_url=pg_server_url),
        run_jobs=False,
        listen=False,
        local=WindowSettings.load(tmp_path),
        start=check,
    )
    qtbot.addWidget(window)
    window.show()
    try:
        opened(qtbot, window)
        assert "did not finish starting" in window.banner.label.text()
        assert "from Dark to Follow the system" in window.banner.label.text()
        assert get_settings(db, profile.id).appearance == "system"  # not dark again next time
        assert window.local.last_folder() == Path.home()
        assert WindowSettings.load(tmp_path).appearance("default") == "system"
    finally:
        window.shutdown()


def test_the_start_guard_and_the_folder_survive_in_the_file(tmp_path) -> None:
    from studyapp.gui.local_settings import WindowSettings

    first = WindowSettings.load(tmp_path)
    assert not first.begin_start("default").safe  # nothing recorded: an ordinary start
    first.remember_folder(tmp_path)
    first.finish_start()
    again = WindowSettings.load(tmp_path)
    assert not again.begin_start("default").safe
    assert again.last_folder() == tmp_path
    # This process's own mark (a second window starting meanwhile) is not a death.
    assert not WindowSettings.load(tmp_path).begin_start("default").safe
    (tmp_path / "window.json").write_text("{not json")
    assert WindowSettings.load(tmp_path).appearance("default") == "system"
