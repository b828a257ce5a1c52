"""The study controls an Anki user reaches for, in the real main window on the test database:
keys on the focused study page (I card info, - bury, @ suspend), sibling burying, "Study more"
from the empty page, the browser's state and tag filters, its bury/suspend/tags/card info
actions and menu items, and the study options dialog from the goal page and the Edit menu."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QLineEdit
from sqlalchemy import text

from studyapp.gui.card_info import CardInfoDialog
from studyapp.gui.main_window import MainWindow
from studyapp.gui.study_more import StudyMoreDialog
from studyapp.gui.study_options import StudyOptionsDialog
from studyapp.gui.tags_dialog import TagsDialog
from studyapp.services import study
from tests.factories import make_card, make_goal
from tests.gui_driving import choose_menu, dialog_of
from tests.gui_input import choose_by_keys, click, press

pytestmark = pytest.mark.gui
WAIT = 30_000


def opened(qtbot, window: MainWindow) -> MainWindow:
    window.resize(1300, 760)
    with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=WAIT):
        window.open_database()
    qtbot.waitUntil(lambda: window.goal_page is not None and window.goal_page.goal_id is not None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def column(db, sql: str) -> dict:
    with db.engine.connect() as conn:
        return dict(conn.execute(text(sql)).all())


def study_on_screen(qtbot, window: MainWindow) -> None:
    page = window.study_page
    assert page is not None and window.goal_page is not None
    with qtbot.waitSignal(page.card_shown, timeout=WAIT):
        click(qtbot, window.goal_page.study_button)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page)


def test_study_keys_info_bury_suspend_and_siblings(qtbot, db, profile, main_window) -> None:
    goal = make_goal(db, profile.id, "Chemistry")
    first = make_card(db, profile.id, goal, "alkane", "single bonds", note_guid="n1")
    sibling = make_card(db, profile.id, goal, "single bonds", "alkane", note_guid="n1")
    buried = make_card(db, profile.id, goal, "alkene", "a double bond")
    suspended = make_card(db, profile.id, goal, "alkyne", "a triple bond")
    last = make_card(db, profile.id, goal, "arene", "a benzene ring")
    window = opened(qtbot, main_window)
    page = window.study_page
    assert page is not None
    study_on_screen(qtbot, window)
    assert page.current().card_id == first

    # I: card info of the card on screen, as plain text; Esc closes it, study goes on.
    press(qtbot, Qt.Key.Key_I)
    info = dialog_of(qtbot, CardInfoDialog)
    qtbot.waitUntil(
        lambda: (
            "Review history" in info.text.toPlainText() or "No reviews" in info.text.toPlainText()
        )
    )
    assert "Front:  alkane" in info.text.toPlainText() and "State: New" in info.text.toPlainText()
    qtbot.keyClick(info, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page)

    # Grading the first side buries its sibling: it leaves the session at once.
    press(qtbot, Qt.Key.Key_Space)
    with qtbot.waitSignal(page.review_recorded, timeout=WAIT):
        press(qtbot, Qt.Key.Key_3)
    qtbot.waitUntil(lambda: page.current() is not None and page.current().card_id == buried)
    assert sibling not in [c.card_id for c in page.session.queue[page.session.index :]]
    assert column(db, "SELECT id, buried_until IS NOT NULL FROM cards")[sibling] is True

    # -: bury the card on screen until tomorrow; @: suspend the next one.
    with qtbot.waitSignal(page.card_left, timeout=WAIT):
        press(qtbot, Qt.Key.Key_Minus)
    assert page.current().card_id == suspended
    with qtbot.waitSignal(page.card_left, timeout=WAIT):
        qtbot.keyClicks(QApplication.focusWidget(), "@")
    assert page.current().card_id == last
    states = column(db, "SELECT id, (archived, buried_until IS NOT NULL) FROM cards")
    assert states[buried] == ("f", "t") and states[suspended] == ("t", "f")
    assert "Suspended" in page.study_view.status_label.text()

    # The Edit menu's actions do the same on the card on screen.
    with qtbot.waitSignal(page.card_left, timeout=WAIT):
        choose_menu(qtbot, window, "edit", "bury-card")
    # Nothing left: the empty page offers "Study more…"; review ahead starts a custom session.
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty_page)
    click(qtbot, page.empty_more)
    more = dialog_of(qtbot, StudyMoreDialog)
    click(qtbot, more.forgotten_choice)
    with qtbot.waitSignal(page.finished, timeout=WAIT):
        click(qtbot, more.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert page.custom == ("forgotten", 1)
    assert page.empty_title.text() == "Custom study finished"  # nothing was forgotten


def test_study_more_extends_todays_new_cards(qtbot, db, profile, main_window) -> None:
    goal = make_goal(db, profile.id, "Physics")
    cards = [make_card(db, profile.id, goal, f"q{i}", f"a{i}") for i in range(23)]
    for card_id in cards[:20]:
        study.record_review(db, profile.id, card_id, 4)
    window = opened(qtbot, main_window)
    assert window.goal_page is not None
    click(qtbot, window.goal_page.more_button)
    more = dialog_of(qtbot, StudyMoreDialog)
    assert more.new_choice.isChecked()
    more.new_count.setFocus()
    qtbot.keyClick(more.new_count, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(more.new_count, "2")
    page = window.study_page
    assert page is not None
    with qtbot.waitSignal(page.card_shown, timeout=WAIT):
        click(qtbot, more.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert [c.card_id for c in page.session.queue] == cards[20:22]


def test_browser_state_filter_tags_and_card_info(qtbot, db, profile, main_window) -> None:
    goal = make_goal(db, profile.id, "Biology")
    cell = make_card(db, profile.id, goal, "What is a cell?", "The unit of life", tags=["bio"])
    atp = make_card(db, profile.id, goal, "What is ATP?", "The energy currency")
    moment = datetime.now(UTC) - timedelta(minutes=5)
    study.record_review(db, profile.id, atp, 3, reviewed_at=moment, duration_ms=4200)
    window = opened(qtbot, main_window)
    page = window.browser_page
    assert page is not None
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        choose_menu(qtbot, window, "go", "browser")
    qtbot.waitUntil(lambda: len(page.model.ids()) == 2)
    tags_col = next(
        i
        for i in range(page.model.columnCount())
        if page.model.headerData(i, Qt.Orientation.Horizontal) == "Tags"
    )
    row = page.model.row_of(cell)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(row, tags_col)) == "bio")

    # Select both, add two tags through the Tags dialog.
    page.table.setFocus()
    page.table.selectAll()
    click(qtbot, page.tags_button)
    tagger = dialog_of(qtbot, TagsDialog)
    qtbot.keyClicks(tagger.edit, "exam bio::cells")
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        click(qtbot, tagger.add_button)
    tags = column(db, "SELECT id, array_to_string(tags, ' ') FROM cards")
    assert tags == {cell: "bio exam bio::cells", atp: "exam bio::cells"}
    qtbot.waitUntil(lambda: page.tag_box.findText("exam") >= 0)

    # The tag filter: "bio" finds its child tag too; bury one from the browser.
    page.tag_box.setFocus()
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        choose_by_keys(qtbot, page.tag_box, "bio::cells")
    assert sorted(page.model.ids()) == sorted([cell, atp])
    page.table.setFocus()
    page.table.selectRow(page.model.row_of(atp))
    assert page.bury_button.text() == "Bury"
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        click(qtbot, page.bury_button)
    assert column(db, "SELECT id, buried_until IS NOT NULL FROM cards")[atp] is True

    # State "Buried" lists it; Unbury brings it back.
    page.status_box.setFocus()
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        choose_by_keys(qtbot, page.status_box, "Buried")
    assert page.model.ids() == [atp]
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.bury_button.text() == "Unbury")

    # Card info from the Edit menu shows the review history as plain text.
    page.table.setCurrentIndex(page.model.index(0, 0))
    choose_menu(qtbot, window, "edit", "card-info")
    info = dialog_of(qtbot, CardInfoDialog)
    qtbot.waitUntil(lambda: "Review history" in info.text.toPlainText())
    report = info.text.toPlainText()
    assert "Good" in report and "4.2s" in report and "buried until" in report
    qtbot.keyClick(info, Qt.Key.Key_Escape)

    with qtbot.waitSignal(page.searched, timeout=WAIT):
        click(qtbot, page.bury_button)
    assert page.model.ids() == []
    assert column(db, "SELECT id, buried_until IS NOT NULL FROM cards")[atp] is False


def test_study_options_dialog_presets(qtbot, db, profile, main_window) -> None:
    goal = make_goal(db, profile.id, "Spanish")
    make_card(db, profile.id, goal, "perro", "dog")
    window = opened(qtbot, main_window)
    assert window.goal_page is not None
    click(qtbot, window.goal_page.options_button)
    dialog = dialog_of(qtbot, StudyOptionsDialog)
    qtbot.waitUntil(dialog.new_per_day.isEnabled)
    assert dialog.preset_box.currentText() == "Default" and dialog.new_per_day.value() == 20
    assert not dialog.delete_button.isEnabled()  # the default stays

    # A new preset (a copy of the one shown), then bad steps are refused in the dialog.
    click(qtbot, dialog.new_button)
    asker = dialog_of(qtbot, QInputDialog)
    qtbot.keyClicks(asker.findChild(QLineEdit), "Slow")
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        qtbot.keyClick(asker.findChild(QLineEdit), Qt.Key.Key_Return)
    assert dialog.preset_box.currentText() == "Slow"
    dialog.learning_steps.setFocus()
    qtbot.keyClick(dialog.learning_steps, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.learning_steps, "soon")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    assert "Learning steps" in dialog.status_label.text() and dialog.isVisible()
    qtbot.keyClick(dialog.learning_steps, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.learning_steps, "5m")
    dialog.new_per_day.setFocus()
    qtbot.keyClick(dialog.new_per_day, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.new_per_day, "4")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    with db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT s.name, s.new_per_day, s.learning_steps FROM goals g "
                "JOIN study_presets s ON s.id = g.preset_id WHERE g.id = :g"
            ),
            {"g": goal},
        ).one()
    assert tuple(row) == ("Slow", 4, [300])

    # Edit → Study options… opens it again on "Slow"; Optimise refuses with the reason.
    choose_menu(qtbot, window, "edit", "study-options")
    dialog = dialog_of(qtbot, StudyOptionsDialog)
    qtbot.waitUntil(dialog.new_per_day.isEnabled)
    assert dialog.preset_box.currentText() == "Slow" and dialog.new_per_day.value() == 4
    with qtbot.waitSignal(dialog.optimised, timeout=WAIT) as blocker:
        click(qtbot, dialog.optimise_button)
    assert "needs at least 400 reviews" in blocker.args[0]
    assert "needs at least 400 reviews" in dialog.status_label.text()

    # Delete asks first; the goal falls back to the default preset.
    qtbot.waitUntil(dialog.delete_button.isEnabled)
    click(qtbot, dialog.delete_button)
    question = dialog.asker
    assert question is not None
    qtbot.waitUntil(question.isVisible)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        click(qtbot, question.button(question.StandardButton.Yes))
    assert dialog.preset_box.currentText() == "Default"
    assert column(db, "SELECT id, preset_id FROM goals")[goal] is None
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel))
