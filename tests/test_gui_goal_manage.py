"""Goals and profiles managed in the real window: the Goal menu, keys (F2, Delete, Ctrl+Z,
Ctrl+Shift+Up), the goal list's context menu, drag and drop in the list, the archived goals,
the delete question and its undo, and File → Switch profile… (make, rename, open)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu, QMessageBox
from sqlalchemy import text

from studyapp.db.identity import database_key
from studyapp.gui import last_profile
from studyapp.gui.archived_goals import ArchivedGoalsDialog
from studyapp.gui.main_window import MainWindow
from studyapp.gui.profiles_dialog import ProfilesDialog
from studyapp.gui.text_dialog import TextDialog
from studyapp.gui.window_parts import GOAL_ID_ROLE
from studyapp.services import goals
from studyapp.services.study import record_review
from tests.factories import make_card, make_cards, make_goal
from tests.gui_driving import _drop, choose_menu, click, click_row, dialog_of

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


def opened(qtbot, window: MainWindow) -> MainWindow:
    with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=30_000):
        window.open_database()
    return window


def listed(window: MainWindow) -> list[str]:
    model = window.goal_model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def row_of(window: MainWindow, title: str):
    (index,) = [
        window.goal_model.index(r, 0)
        for r in range(window.goal_model.rowCount())
        if window.goal_model.index(r, 0).data() == title
    ]
    return index


def select(qtbot, window: MainWindow, title: str) -> None:
    """Click the goal in the list (it opens), and leave the focus on the list (in the active
    window: a dialog just closed, and window shortcuts need it)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    click_row(qtbot, window.sidebar, row_of(window, title))
    qtbot.waitUntil(lambda: window.current_goal_id() == row_of(window, title).data(GOAL_ID_ROLE))
    window.sidebar.setFocus()


def reloaded(qtbot, window: MainWindow, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.goals_loaded, timeout=10_000):
        action()


def context_action(qtbot, window: MainWindow, title: str, text_: str) -> None:
    click_row(qtbot, window.sidebar, row_of(window, title), right=True)
    menu = next(m for m in window.sidebar.findChildren(QMenu) if m.isVisible())
    (action,) = [a for a in menu.actions() if a.text().replace("&", "") == text_]
    qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(action).center())


def rows_of_goal(db, goal_id: int) -> tuple[int, int, int]:
    with db.session() as session:
        return tuple(
            session.execute(
                text(
                    "SELECT (SELECT count(*) FROM goals WHERE id = :g), "
                    "(SELECT count(*) FROM cards WHERE goal_id = :g), "
                    "(SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card_id "
                    " WHERE c.goal_id = :g)"
                ),
                {"g": goal_id},
            ).one()
        )


def test_rename_archive_order_and_delete_with_undo(
    qtbot, main_window, db, profile, tmp_path
) -> None:
    window = main_window
    a = make_goal(db, profile.id, "Algebra")
    b = make_goal(db, profile.id, "Biology")
    make_goal(db, profile.id, "Chemistry")
    d = make_goal(db, profile.id, "Drawing")
    cards = make_cards(db, profile.id, d, 3)
    for card in cards[:2]:
        record_review(db, profile.id, card, 3)
    opened(qtbot, window)
    qtbot.waitUntil(lambda: window.goal_page.goal_id == a)

    # F2: rename the goal highlighted in the list. A 501-character title is refused as typed.
    select(qtbot, window, "Algebra")
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F2)
    rename = dialog_of(qtbot, TextDialog)
    assert rename.field.text() == "Algebra"
    rename.field.setText("x" * 501)
    assert not rename.ok.isEnabled() and "at most 500 characters" in rename.note.text()
    rename.field.selectAll()
    qtbot.keyClicks(rename.field, "Linear algebra")
    reloaded(qtbot, window, lambda: click(qtbot, rename.ok))
    assert listed(window) == ["Linear algebra", "Biology", "Chemistry", "Drawing"]
    qtbot.waitUntil(lambda: window.goal_page.title.text() == "Linear algebra", timeout=10_000)

    # The context menu's Archive: out of the list; Goal → Archived goals… brings it back.
    reloaded(qtbot, window, lambda: context_action(qtbot, window, "Biology", "Archive goal"))
    assert listed(window) == ["Linear algebra", "Chemistry", "Drawing"]
    choose_menu(qtbot, window, "goal", "archived-goals")
    archived = dialog_of(qtbot, ArchivedGoalsDialog)
    qtbot.waitUntil(lambda: archived.list.count() == 1)
    assert archived.list.item(0).text() == "Biology  (0 cards)"
    with qtbot.waitSignal(window.goals_loaded, timeout=10_000):
        click(qtbot, archived.back_button)
    assert listed(window) == ["Linear algebra", "Biology", "Chemistry", "Drawing"]
    qtbot.waitUntil(lambda: window.goal_page.goal_id == b)  # opened where it was

    # Ctrl+Shift+Up moves the highlighted goal up; a drag puts Drawing first.
    select(qtbot, window, "Chemistry")
    reloaded(
        qtbot,
        window,
        lambda: qtbot.keyClick(
            window.sidebar,
            Qt.Key.Key_Up,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        ),
    )
    assert listed(window) == ["Linear algebra", "Chemistry", "Biology", "Drawing"]
    top = window.sidebar.visualRect(row_of(window, "Linear algebra"))
    mime = window.goal_model.mimeData([row_of(window, "Drawing")])  # what the drag carries
    with qtbot.waitSignal(window.goals_loaded, timeout=10_000):
        assert _drop(qtbot, window.sidebar.viewport(), QPoint(20, top.top() + 2), mime)
    assert listed(window) == ["Drawing", "Linear algebra", "Chemistry", "Biology"]
    assert [g.title for g in goals.list_goals(db, profile.id)] == listed(window)

    # Delete in the list asks, with the counts; Cancel keeps everything.
    select(qtbot, window, "Drawing")
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Delete)
    question = dialog_of(qtbot, QMessageBox)
    assert question.text() == (
        "Delete the goal \u201cDrawing\u201d? Its 3 cards and 2 reviews go with it. You can "
        "undo this until you close Studyapp."
    )
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))
    assert rows_of_goal(db, d) == (1, 3, 2)

    # Delete for real: gone, and the page moved on; the bar and Ctrl+Z bring it back whole.
    select(qtbot, window, "Drawing")
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Delete)
    question = dialog_of(qtbot, QMessageBox)
    delete = next(b for b in question.buttons() if b.text() == "Delete")
    reloaded(qtbot, window, lambda: click(qtbot, delete))
    assert listed(window) == ["Linear algebra", "Chemistry", "Biology"]
    assert rows_of_goal(db, d) == (0, 0, 0)
    bar = window.goal_actions.undo_bar
    assert bar.isVisible() and bar.label.text() == (
        "Deleted the goal \u201cDrawing\u201d with its 3 cards and 2 reviews."
    )
    qtbot.waitUntil(lambda: window.goal_page.goal_id == a)  # the next goal took its place
    assert window.menus["undo-review"].text() == "&Undo delete goal"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.goals_loaded, timeout=10_000):
        qtbot.keyClick(window.sidebar, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows_of_goal(db, d) == (1, 3, 2)
    assert listed(window) == ["Drawing", "Linear algebra", "Chemistry", "Biology"]
    assert not bar.isVisible()

    # Deleted again with the context menu and the bar's Undo not pressed: final at quit.
    context_action(qtbot, window, "Chemistry", "Delete goal\u2026")
    question = dialog_of(qtbot, QMessageBox)
    assert "It has no cards yet." in question.text()
    delete = next(b for b in question.buttons() if b.text() == "Delete")
    reloaded(qtbot, window, lambda: click(qtbot, delete))
    assert len(list((tmp_path / "undo").glob("*.jsonl.gz"))) == 1
    window.close()
    assert list((tmp_path / "undo").iterdir()) == []  # final: the copy and the lock are gone
    assert [g.title for g in goals.list_goals(db, profile.id)] == [
        "Drawing",
        "Linear algebra",
        "Biology",
    ]


def test_profiles_are_made_renamed_and_switched_in_the_window(
    qtbot, main_window, db, profile, tmp_path
) -> None:
    window = main_window
    mine = make_goal(db, profile.id, "Default's goal")
    make_card(db, profile.id, mine, "Q", "A")
    opened(qtbot, window)
    qtbot.waitUntil(lambda: window.goal_page.goal_id == mine)

    choose_menu(qtbot, window, "file", "switch-profile")
    chooser = dialog_of(qtbot, ProfilesDialog)
    qtbot.waitUntil(lambda: chooser.list.count() == 1)
    assert chooser.list.item(0).text() == "default  (open)"
    assert not chooser.open_button.isEnabled()  # it is open already

    click(qtbot, chooser.new_button)
    asker = dialog_of(qtbot, TextDialog)
    qtbot.keyClicks(asker.field, "default")
    click(qtbot, asker.ok)
    qtbot.waitUntil(lambda: "already exists" in asker.note.text())  # refused, dialog kept
    asker.field.selectAll()
    qtbot.keyClicks(asker.field, "Work")
    with qtbot.waitSignal(chooser.loaded, timeout=10_000):
        click(qtbot, asker.ok)
    assert [chooser.list.item(r).text() for r in range(2)] == ["default  (open)", "Work"]
    assert chooser.list.currentRow() == 1

    click(qtbot, chooser.rename_button)
    asker = dialog_of(qtbot, TextDialog)
    asker.field.setText("Work\x07")  # pasted: a key click cannot type a control character
    assert not asker.ok.isEnabled() and "control characters" in asker.note.text()
    asker.field.selectAll()
    qtbot.keyClicks(asker.field, "Evening")
    with qtbot.waitSignal(chooser.loaded, timeout=10_000):
        click(qtbot, asker.ok)
    assert [chooser.list.item(r).text() for r in range(2)] == ["default  (open)", "Evening"]

    with qtbot.waitSignals([window.profile_opened, window.goals_loaded], timeout=20_000):
        click(qtbot, chooser.open_button)
    assert "profile Evening" in window.db_label.text()
    assert window.windowTitle() == "Evening"  # shown as "Evening — Studyapp"
    assert window.pages.currentWidget() is window.empty_page and listed(window) == []
    key = database_key(db)
    assert last_profile.remembered(tmp_path, key) == "Evening"
    # Every page follows: the browser shows none of the other profile's cards.
    with qtbot.waitSignal(window.browser_page.searched, timeout=10_000) as searched:
        choose_menu(qtbot, window, "go", "browser")
    assert searched.args == [0]
    assert window.ctx is not None and window.ctx.profile.name == "Evening"
    assert window.ctx.watcher.profile_id == window.ctx.profile.id

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window.sidebar,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    chooser = dialog_of(qtbot, ProfilesDialog)
    qtbot.waitUntil(lambda: chooser.list.count() == 2)
    chooser.list.setCurrentRow(0)
    with qtbot.waitSignals([window.profile_opened, window.goals_loaded], timeout=20_000):
        click(qtbot, chooser.open_button)
    assert listed(window) == ["Default's goal"] and "profile default" in window.db_label.text()
    qtbot.waitUntil(lambda: window.goal_page.goal_id == mine)
    assert last_profile.remembered(tmp_path, key) == "default"


def test_the_start_opens_the_last_profile_unless_one_is_named(db, profile, tmp_path) -> None:
    from studyapp.config import AppConfig
    from studyapp.gui.main_window import start_profile
    from studyapp.services.profiles import create_profile, list_profiles, rename_profile

    work = create_profile(db, "Work")
    key = database_key(db)
    plain = AppConfig(data_dir=tmp_path, database_url=None)
    assert start_profile(db, plain).name == "default"  # nothing remembered yet
    last_profile.remember(tmp_path, key, "Work")
    assert start_profile(db, plain).id == work.id
    named = AppConfig(data_dir=tmp_path, database_url=None, profile="default", profile_given=True)
    assert start_profile(db, named).id == profile.id  # --profile wins
    assert last_profile.remembered(tmp_path, "another database") is None
    rename_profile(db, work.id, "Evening")  # renamed by another process: the name is gone
    assert start_profile(db, plain).id == profile.id  # default, and no "Work" made
    assert [p.name for p in list_profiles(db)] == ["default", "Evening"]
    (tmp_path / last_profile.FILE_NAME).write_text("{not json")
    assert start_profile(db, plain).id == profile.id
    assert AppConfig.resolve(profile="Work").profile_given


def test_delete_in_the_deck_suspends_cards_and_in_the_goal_list_asks_about_the_goal(
    qtbot, main_window, db, profile
) -> None:
    """The deck's Delete (suspend the selected cards) was a window-wide shortcut: pressed in
    the goal list, it suspended the deck's cards. Each list now has its own Delete."""
    window = main_window
    goal = make_goal(db, profile.id, "Geology")
    first, second = (
        make_card(db, profile.id, goal, "Q1", "A1"),
        make_card(db, profile.id, goal, "Q2", "A2"),
    )
    opened(qtbot, window)
    page = window.goal_page
    qtbot.waitUntil(lambda: page.goal_id == goal and page.deck_model.card_count() == 2)

    def suspended() -> set[int]:
        with db.session() as session:
            return set(session.execute(text("SELECT id FROM cards WHERE archived")).scalars())

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    click_row(qtbot, page.deck, page.deck_model.index(0, 0))
    with qtbot.waitSignal(page.snapshot_applied, timeout=10_000):
        qtbot.keyClick(page.deck, Qt.Key.Key_Delete)
    assert suspended() == {first}
    click_row(qtbot, page.deck, page.deck_model.index(0, 0))  # Q2 selected in the deck
    select(qtbot, window, "Geology")
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Delete)
    question = dialog_of(qtbot, QMessageBox)
    assert question.text().startswith("Delete the goal \u201cGeology\u201d?")
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))
    assert suspended() == {first} and second not in suspended()
