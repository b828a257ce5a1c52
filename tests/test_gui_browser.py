"""The card browser against real PostgreSQL, driven like a person drives it: keys to the focused
widget, clicks on the real buttons, header sections and rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QThreadPool
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from studyapp.gui.browser import BrowserPage
from studyapp.gui.browser.model import CardTableModel, fetcher, removed_ranges, row_runs
from studyapp.gui.context import AppContext
from studyapp.gui.job_watcher import JobWatcher
from studyapp.gui.main_window import MainWindow
from studyapp.jobs.registry import HandlerRegistry
from studyapp.services import browser, cards, study
from tests.factories import make_card, make_cards, make_goal, make_node
from tests.gui_driving import choose_menu
from tests.gui_input import choose_by_keys, click, press

pytestmark = pytest.mark.gui

WAIT = 30_000
FRONT, SKILL, REVIEWS = 0, 3, 8


@pytest.fixture
def ctx(db, profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    monkeypatch.setenv("STUDYAPP_VECTORS_DIR", str(tmp_path / "vectors"))
    watcher = JobWatcher(db, profile.id, listen=False)
    yield AppContext(db, profile, HandlerRegistry(), watcher, None)
    watcher.stop()
    QThreadPool.globalInstance().waitForDone(10_000)


@pytest.fixture
def deck(db, profile):
    tcp = make_goal(db, profile.id, "TCP")
    dns = make_goal(db, profile.id, "DNS")
    basics = make_node(db, tcp, "Basics")
    loss = make_node(db, tcp, "Loss recovery", position=1)
    resolvers = make_node(db, dns, "Resolvers")
    ids = {
        "ack": make_card(db, profile.id, tcp, "What is an ACK?", "An acknowledgement", basics),
        "cwnd": make_card(db, profile.id, tcp, "What is cwnd?", "The congestion window", basics),
        "rto": make_card(db, profile.id, tcp, "What is RTO?", "Retransmission timeout", loss),
        "port": make_card(db, profile.id, dns, "Port of DNS?", "53", resolvers),
        "axfr": make_card(
            db, profile.id, dns, "Zone transfer?", "AXFR", resolvers, provider="manual"
        ),
    }
    for rating in (3, 1):
        study.record_review(db, profile.id, ids["rto"], rating)
    return {"tcp": tcp, "dns": dns, "basics": basics, "loss": loss, **ids}


def open_page(qtbot, window: MainWindow, goal: str | None = None) -> BrowserPage:
    """Open the browser as a learner does (Go → Browse cards), then pick ``goal`` in its goal
    filter."""
    window.resize(1300, 700)
    with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=WAIT):
        window.open_database()
    page = window.browser_page
    assert page is not None
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        choose_menu(qtbot, window, "go", "browser")
    window.activateWindow()  # as clicking it would: keys and shortcuts need an active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    wait_loaded(qtbot, page)
    if goal is not None:
        choose(qtbot, page, page.goal_box, goal)
    return page


def selected_ids(page: BrowserPage) -> list[int]:
    """The ids of the rows selected in the table, top to bottom."""
    rows = sorted(index.row() for index in page.table.selectionModel().selectedRows())
    return [page.model.ids()[row] for row in rows]


def wait_loaded(qtbot, page: BrowserPage) -> None:
    model = page.model
    qtbot.waitUntil(
        lambda: all(model.loaded(r) for r in range(min(model.rowCount(), 30))), timeout=WAIT
    )


def fronts(page: BrowserPage) -> list[str]:
    model = page.model
    return [model.data(model.index(r, FRONT)) for r in range(model.rowCount())]


def click_row(qtbot, page: BrowserPage, row: int, modifier=Qt.KeyboardModifier.NoModifier):
    table = page.table
    rect = table.visualRect(page.model.index(row, FRONT))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def click_header(qtbot, page: BrowserPage, column: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )
    wait_loaded(qtbot, page)


def choose(qtbot, page: BrowserPage, box, label: str) -> None:
    """Pick an entry of a filter box with the keyboard and wait for its search."""
    box.setFocus()
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        choose_by_keys(qtbot, box, label)
    wait_loaded(qtbot, page)


def type_search(qtbot, page: BrowserPage, words: str) -> None:
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search_edit
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        qtbot.keyClicks(page.search_edit, words)
    wait_loaded(qtbot, page)


def db_cards(db) -> dict[int, tuple]:
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, front, node_id, archived FROM cards")).all()
    return {r[0]: tuple(r[1:]) for r in rows}


# --- the model, busy -----------------------------------------------------------------------------


def test_row_runs() -> None:
    assert row_runs([7, 1, 2, 3, 9, 8]) == [(1, 3), (7, 9)]
    assert row_runs([]) == []


def test_removed_ranges() -> None:
    assert removed_ranges([1, 2, 3, 4, 5], [1, 4]) == [(4, 4), (1, 2)]
    assert removed_ranges([1, 2, 3], [2, 3]) == [(0, 0)]
    assert removed_ranges([1, 2, 3], [3, 2]) is None  # reordered
    assert removed_ranges([1, 2], [1, 2, 3]) is None  # grew
    assert removed_ranges([1, 2, 3], [1, 9]) is None  # a new id


@pytest.mark.parametrize("force_py", [False, True])
def test_model_passes_the_model_tester_while_rows_arrive_and_leave(
    qtbot, qtmodeltester, db, profile, ctx, force_py: bool
) -> None:
    goal = make_goal(db, profile.id)
    ids = make_cards(db, profile.id, goal, 240)  # more than one block (150)
    model = CardTableModel(fetcher(lambda i: browser.card_rows(db, profile.id, i)))
    qtmodeltester.check(model, force_py=force_py)
    with qtbot.waitSignal(model.modelReset, timeout=WAIT):
        model.set_ids(ids)
    assert model.rowCount() == 240 and not model.loaded(0)  # rows not here yet: blank
    assert model.data(model.index(0, FRONT)) == ""
    with qtbot.waitSignal(model.rows_loaded, timeout=WAIT):
        pass  # the first block arrives by itself
    assert model.data(model.index(0, FRONT)) == "front 0"
    assert not model.loaded(239)
    with qtbot.waitSignal(model.rows_loaded, timeout=WAIT):
        model.data(model.index(239, FRONT))  # painting a far row asks for its block
    assert model.data(model.index(239, FRONT)) == "front 239"
    removed: list[tuple[int, int]] = []
    model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    keep = [i for n, i in enumerate(ids) if n % 100 not in (5, 6, 7)]
    model.set_ids(keep)  # an archive under a filter: rows leave, no reset
    assert model.rowCount() == 231 and len(removed) == 3
    assert model.data(model.index(5, FRONT)) == "front 8"
    cards.edit_card(db, profile.id, ids[0], front="changed front")
    with qtbot.waitSignal(model.dataChanged, timeout=WAIT):
        model.refresh([ids[0]])
    qtbot.waitUntil(lambda: model.data(model.index(0, FRONT)) == "changed front", timeout=WAIT)
    backwards = list(reversed(keep))
    first_screen = model.fetch(backwards[:10])  # a search brings its first rows along
    with qtbot.waitSignal(model.modelReset, timeout=WAIT):
        model.set_ids(backwards, first_screen)
    assert model.loaded(0) and model.data(model.index(0, FRONT)) == "front 239"
    assert not model.loaded(10)  # the rest of the old cache is dropped by a new search
    with qtbot.waitSignal(model.rowsRemoved, timeout=WAIT):
        model.set_ids([])  # nothing matches any more
    assert model.rowCount() == 0


# --- the page ----------------------------------------------------------------------------------


def test_search_filters_and_sorting(qtbot, db, profile, main_window, deck) -> None:
    page = open_page(qtbot, main_window)
    assert sorted(fronts(page)) == sorted(
        ["What is an ACK?", "What is cwnd?", "What is RTO?", "Port of DNS?", "Zone transfer?"]
    )
    click_row(qtbot, page, 0)  # the table has the focus; Ctrl+F goes back to the search
    assert QApplication.focusWidget() is page.table
    type_search(qtbot, page, "what is")
    assert fronts(page) == ["What is an ACK?", "What is cwnd?", "What is RTO?"]
    assert page.status_label.text().startswith("3 cards")

    # Sort by skill, then by reviews descending (a second click on the header).
    click_header(qtbot, page, SKILL)
    assert fronts(page)[-1] == "What is RTO?"  # Basics, Basics, Loss recovery
    click_header(qtbot, page, REVIEWS)
    click_header(qtbot, page, REVIEWS)
    assert fronts(page)[0] == "What is RTO?"
    model = page.model
    assert model.data(model.index(0, REVIEWS)) == "2"
    assert model.data(model.index(0, REVIEWS + 1)) == "0"  # Again in learning is no lapse

    # Filters: goal, then skill within it, then state.
    page.search_edit.clear()
    qtbot.waitSignal(page.searched, timeout=WAIT).wait()
    choose(qtbot, page, page.goal_box, "DNS")
    assert sorted(fronts(page)) == ["Port of DNS?", "Zone transfer?"]
    assert [page.skill_box.itemText(i) for i in range(page.skill_box.count())] == [
        "All skills",
        "Resolvers",
    ]
    choose(qtbot, page, page.goal_box, "TCP")
    choose(qtbot, page, page.skill_box, "Loss recovery")
    assert fronts(page) == ["What is RTO?"]
    choose(qtbot, page, page.status_box, "New")
    assert fronts(page) == []
    assert page.status_label.text() == "No cards match."

    # Who made the card, in words: the learner's own cards.
    choose(qtbot, page, page.goal_box, "All goals")
    assert page.skill_box.currentText() == "TCP \u203a Loss recovery"  # kept across goals
    choose(qtbot, page, page.skill_box, "All skills")
    choose(qtbot, page, page.status_box, "Active cards")
    assert page.maker_box.itemText(0) == "Made by anyone"
    choose(qtbot, page, page.maker_box, "By hand")
    assert fronts(page) == ["Zone transfer?"]


def test_multi_select_archive_move_and_delete(qtbot, db, profile, main_window, deck) -> None:
    page = open_page(qtbot, main_window, "TCP")
    assert page.goal_box.currentText() == "TCP"
    assert fronts(page) == ["What is an ACK?", "What is cwnd?", "What is RTO?"]
    click_row(qtbot, page, 0)
    click_row(qtbot, page, 1, Qt.KeyboardModifier.ShiftModifier)
    assert selected_ids(page) == [deck["ack"], deck["cwnd"]]
    assert page.status_label.text().endswith("2 selected")

    # Move both to "Loss recovery" through the dialog.
    click(qtbot, page.move_button)
    qtbot.waitUntil(lambda: page.mover is not None and page.mover.isVisible(), timeout=WAIT)
    mover = page.mover
    # It belongs to the page and is modal to the window (it was once made without a parent:
    # the page went in as the current skill id, and nothing was blocked behind it).
    assert mover.parentWidget() is page
    assert mover.windowModality() == Qt.WindowModality.WindowModal
    assert mover.windowHandle().transientParent() is main_window.windowHandle()
    choose_by_keys(qtbot, mover.skill_box, "TCP \u203a Loss recovery")
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        click(qtbot, mover.ok_button)
    assert db_cards(db)[deck["ack"]][1] == deck["loss"]
    assert db_cards(db)[deck["cwnd"]][1] == deck["loss"]
    assert selected_ids(page) == [deck["ack"], deck["cwnd"]]  # still selected
    qtbot.waitUntil(
        lambda: getattr(page.model.row(deck["ack"]), "skill_title", None) == "Loss recovery"
    )

    # Suspend them: they leave the "Active" list as removed rows, not a reset.
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    assert page.archive_button.text() == "Suspend"
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        click(qtbot, page.archive_button)
    assert fronts(page) == ["What is RTO?"] and resets == []
    assert page.status_label.text().startswith("Suspended 2 cards.")
    assert db_cards(db)[deck["ack"]][2] is True

    # In "Suspended" they can be unsuspended.
    choose(qtbot, page, page.status_box, "Suspended")
    assert sorted(fronts(page)) == ["What is an ACK?", "What is cwnd?"]
    click_row(qtbot, page, 0)
    (restored,) = selected_ids(page)
    assert page.archive_button.text() == "Unsuspend"
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        click(qtbot, page.archive_button)
    assert db_cards(db)[restored][2] is False and restored not in page.model.ids()
    assert page.status_label.text().startswith("Unsuspended 1 card.")
    choose(qtbot, page, page.status_box, "Active")

    # Delete asks first: Cancel keeps the card, Delete removes it.
    rto_row = fronts(page).index("What is RTO?")
    click_row(qtbot, page, rto_row)
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.confirm is not None and page.confirm.isVisible(), timeout=WAIT)
    click(qtbot, page.confirm.cancel_button)
    qtbot.waitUntil(lambda: page.confirm is None, timeout=WAIT)
    assert deck["rto"] in db_cards(db)
    click_row(qtbot, page, fronts(page).index("What is RTO?"))
    click(qtbot, page.delete_button)
    qtbot.waitUntil(lambda: page.confirm is not None and page.confirm.isVisible(), timeout=WAIT)
    with qtbot.waitSignal(page.searched, timeout=WAIT):
        click(qtbot, page.confirm.delete_button)
    assert deck["rto"] not in db_cards(db)
    assert "What is RTO?" not in fronts(page)
    assert page.status_label.text().startswith("Deleted 1 card.")


def test_enter_edits_the_current_card(qtbot, db, profile, main_window, deck) -> None:
    page = open_page(qtbot, main_window, "DNS")
    click_row(qtbot, page, fronts(page).index("Port of DNS?"))
    changed: list[bool] = []
    page.cards_changed.connect(lambda: changed.append(True))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is not None, timeout=WAIT)
    editor = page.editor
    qtbot.waitUntil(lambda: editor.front_edit.toPlainText() == "Port of DNS?", timeout=WAIT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.front_edit, timeout=WAIT)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.front_edit, "Which port does DNS use?")
    with qtbot.waitSignal(page.model.rows_loaded, timeout=WAIT):
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves
    assert "Which port does DNS use?" in fronts(page) and changed == [True]
    assert db_cards(db)[deck["port"]][0] == "Which port does DNS use?"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table, timeout=WAIT)


def test_search_by_meaning_keeps_the_best_match_first(qtbot, db, profile, main_window) -> None:
    goal = make_goal(db, profile.id, "Networks")
    for i in range(8):
        make_card(db, profile.id, goal, f"Filler card number {i}", f"nothing {i}")
    best = make_card(db, profile.id, goal, "slow start threshold", "ssthresh halves on loss")
    page = open_page(qtbot, main_window)
    click(qtbot, page.meaning_box)
    type_search(qtbot, page, "slow start threshold")
    expected = [info.id for info, _ in cards.search_cards(db, profile.id, "slow start threshold")]
    assert page.model.ids() == expected[: len(page.model.ids())]
    assert page.model.ids()[0] == best and page.model.ids() != sorted(page.model.ids())
    assert fronts(page)[0] == "slow start threshold"
    assert "best match first" in page.status_label.text()
    assert page.table.horizontalHeader().sortIndicatorSection() == -1
    # A header click sorts the hits by that column instead.
    click_header(qtbot, page, FRONT)
    assert fronts(page) == sorted(fronts(page), key=str.lower)


def test_bad_search_is_explained(qtbot, db, profile, main_window, deck) -> None:
    page = open_page(qtbot, main_window)
    qtbot.keyClicks(page.search_edit, " ".join(f"w{i}" for i in range(13)))
    message = "Search for at most 12 words at once."
    qtbot.waitUntil(lambda: page.status_label.text() == message, timeout=WAIT)
    assert page.status_label.palette().color(QPalette.ColorRole.WindowText) == QColor("#b91c1c")


def test_archived_rows_are_muted_in_the_palettes_colour(
    qtbot, db, profile, main_window, deck
) -> None:
    cards.set_archived(db, profile.id, [deck["axfr"]])
    page = open_page(qtbot, main_window)
    choose(qtbot, page, page.status_box, "All cards")
    model = page.model
    row = model.row_of(deck["axfr"])
    placeholder = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
    assert model.data(model.index(row, FRONT), Qt.ItemDataRole.ForegroundRole).color() == (
        placeholder
    )
    assert model.data(model.index(row, 4)) == "Suspended"
    active = model.row_of(deck["port"])
    assert model.data(model.index(active, FRONT), Qt.ItemDataRole.ForegroundRole) is None
    app = QApplication.instance()
    original = app.palette()
    try:
        app.setPalette(QPalette(QColor("#202124")))
        qtbot.waitUntil(
            lambda: (
                model.data(model.index(row, FRONT), Qt.ItemDataRole.ForegroundRole).color()
                != placeholder
            ),
            timeout=WAIT,
        )
    finally:
        app.setPalette(original)
