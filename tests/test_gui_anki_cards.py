"""Cards from Anki in the window (issue 17): formatting shown, sanitised, in study and in the
browser's preview; pictures in their place; a "type in the answer" card asks for the answer,
shows the difference after Enter, then grades as usual. Driven through the real window with real
keys to the focused widget."""

from __future__ import annotations

from pathlib import Path

import pytest
from anki.collection import DeckIdLimit, ExportAnkiPackageOptions
from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from studyapp.gui.main_window import MainWindow
from studyapp.services.apkg import import_apkg
from tests.anki_support import open_collection
from tests.factories import make_card
from tests.gui_driving import choose_menu
from tests.gui_input import press

pytestmark = pytest.mark.gui

WAIT = 30_000
PNG = b"\x89PNG\r\n\x1a\n"  # replaced by a real picture below


@pytest.fixture
def window(main_window: MainWindow, media_root) -> MainWindow:
    main_window.resize(1100, 820)
    return main_window


def anki_deck(tmp_path: Path, notes: list[tuple[str, list[str]]], picture: bytes = b"") -> Path:
    """A deck made and exported by Anki itself."""
    col = open_collection(tmp_path / "anki")
    if picture:
        col.media.write_data("cell.png", picture)
    deck = col.decks.id("Cells")
    for kind, fields in notes:
        note = col.new_note(col.models.by_name(kind))
        for i, value in enumerate(fields):
            note.fields[i] = value
        col.add_note(note, deck)
    out = tmp_path / "cells.apkg"
    col.export_anki_package(
        out_path=str(out),
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
        ),
        limit=DeckIdLimit(deck),
    )
    col.close()
    return out


def a_png() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(data.data())


def open_window(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=WAIT):
        window.open_database()
    back_to(qtbot, window)


def back_to(qtbot, window: MainWindow) -> None:
    """The window active again after a menu closed, as clicking into it would make it."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def ink_against_paper(widget) -> int:
    """How much lighter the text of ``widget`` is than the card behind it, as painted."""
    image = widget.parentWidget().grab(widget.geometry()).toImage()
    paper = image.pixelColor(1, 1).lightness()
    ink = [
        image.pixelColor(x, y).lightness()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if abs(image.pixelColor(x, y).lightness() - paper) > 60
    ]
    assert ink, "nothing painted"
    return sum(ink) // len(ink) - paper


def as_text(markup: str) -> str:
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(markup)
    return document.toPlainText()


def grades(db) -> list[int]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT rating FROM reviews ORDER BY id")).scalars())


def test_a_typed_answer_is_asked_compared_and_then_graded(
    qtbot, window, db, profile, tmp_path
) -> None:
    package = anki_deck(
        tmp_path, [("Basic (type in the answer)", ["Powerhouse of the cell?", "mitochondria"])]
    )
    import_apkg(db, profile.id, None, package)
    open_window(qtbot, window)
    page = window.study_page
    with qtbot.waitSignal(page.card_shown, timeout=WAIT):
        choose_menu(qtbot, window, "go", "study")
    back_to(qtbot, window)
    view = page.study_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.type_box, timeout=WAIT)
    assert view.front_label.text() == "Powerhouse of the cell?"
    assert view.type_box.isVisible() and not view.back_label.isVisible()
    # Typing goes into the box: digits and Space are letters here, not grades or "reveal".
    qtbot.keyClicks(QApplication.focusWidget(), "mito 3ondria")
    assert view.type_box.text() == "mito 3ondria" and grades(db) == []
    assert not view.back_label.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(view.type_result.isVisible)
    assert view.back_label.text() == "mitochondria" and not view.type_box.isVisible()
    # Anki's comparison: right letters, wrong ones, and the answer under an arrow.
    shown = view.type_result.text()
    assert as_text(shown) == "mito 3ondria\n\u2193\nmitochondria"
    assert shown.count("<span") == 6  # mito|" 3" wrong|ondria, then mito|"ch" missed|ondria
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page)
    with qtbot.waitSignal(page.review_recorded, timeout=WAIT):
        press(qtbot, Qt.Key.Key_3)  # grading is the learner's, as always
    assert grades(db) == [3]


def test_typed_markup_is_shown_as_text(qtbot, window, db, profile, tmp_path) -> None:
    package = anki_deck(tmp_path, [("Basic (type in the answer)", ["Tag?", "<b>b</b>"])])
    import_apkg(db, profile.id, None, package)
    open_window(qtbot, window)
    page = window.study_page
    with qtbot.waitSignal(page.card_shown, timeout=WAIT):
        choose_menu(qtbot, window, "go", "study")
    back_to(qtbot, window)
    view = page.study_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.type_box, timeout=WAIT)
    qtbot.keyClicks(view.type_box, "<img src=x onerror=alert(1)>")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(view.type_result.isVisible)
    shown = view.type_result.text()
    assert "<img" not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert as_text(shown).startswith("<img src=x onerror=alert(1)>")
    # The answer's own markup was Anki's: a bold "b", sanitised and rendered.
    assert view.back_rich.isVisible() and view.back_rich.html_shown() == "<b>b</b>"


def test_formatting_is_shown_safely_in_study_and_in_the_browser(
    qtbot, window, db, profile, tmp_path
) -> None:
    picture = a_png()
    package = anki_deck(
        tmp_path,
        [
            (
                "Basic",
                [
                    'What does <i>homozygous</i> mean?<br><img src="cell.png">',
                    '<b>Two</b> identical alleles<script>alert(1)</script><img src="http://e/x.png">',
                ],
            )
        ],
        picture,
    )
    result = import_apkg(db, profile.id, None, package)
    plain = make_card(db, profile.id, result.goal_id, "<b>made here</b>", "plain & simple")
    open_window(qtbot, window)
    page = window.study_page
    with qtbot.waitSignal(page.media_shown, timeout=WAIT):
        choose_menu(qtbot, window, "go", "study")
    back_to(qtbot, window)
    view = page.study_view
    assert view.front_rich.isVisible() and not view.front_label.isVisible()
    shown = view.front_rich.html_shown()
    assert shown == 'What does <i>homozygous</i> mean?<br><img src="cell.png">'
    assert view.front_rich.plain_text().startswith("What does homozygous mean?")
    assert view.front_media.image_labels == []  # the picture is in the text, not repeated
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(view.back_rich.isVisible)
    assert view.back_rich.html_shown() == "<b>Two</b> identical alleles"
    assert ink_against_paper(view.back_rich) < 0  # painted: dark text on the light card
    with qtbot.waitSignal(page.card_shown, timeout=WAIT):
        press(qtbot, Qt.Key.Key_3)
    # A card made here stays plain text: its markup is text.
    assert page.current().card_id == plain
    assert view.front_label.isVisible() and view.front_label.text() == "<b>made here</b>"
    assert view.front_label.textFormat() == Qt.TextFormat.PlainText
    assert not view.front_rich.isVisible()

    # The browser: the current card's faces in the preview, formatting and picture in place.
    window.resize(1300, 820)
    browser_page = window.browser_page
    with qtbot.waitSignal(browser_page.searched, timeout=WAIT):
        choose_menu(qtbot, window, "go", "browser")
    back_to(qtbot, window)
    table = browser_page.table
    rich_row = browser_page.model.row_of(next(i for i in browser_page.model.ids() if i != plain))
    with qtbot.waitSignal(browser_page.preview.shown, timeout=WAIT):
        rect = table.visualRect(browser_page.model.index(rich_row, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    front = browser_page.preview.front
    assert front.rich.isVisible() and "<i>homozygous</i>" in front.rich.html_shown()
    image = front.rich.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("cell.png"))
    assert image.size() == QSize(80, 60)  # decoded off the GUI thread (40x30 shown at 2x)
    other = front.rich.loadResource(QTextDocument.ResourceType.ImageResource, QUrl("x.png"))
    assert other.size() == QSize(1, 1)  # anything else: a blank, never a file read
    assert "<script" not in browser_page.preview.back.rich.html_shown()
    with qtbot.waitSignal(browser_page.preview.shown, timeout=WAIT):
        press(qtbot, Qt.Key.Key_Down if rich_row == 0 else Qt.Key.Key_Up)
    assert front.label.isVisible() and front.label.text() == "<b>made here</b>"


def test_formatted_text_follows_a_dark_palette(qtbot) -> None:
    """Like the labels beside it: light text on the card once the palette turns dark."""
    from studyapp.gui.study.widgets import StudyView, style_sheet

    view = StudyView()
    qtbot.addWidget(view)
    view.setStyleSheet(style_sheet(view.palette()))
    view.front_rich.show_html("<b>bold</b> and <i>italic</i> words")
    view.front_rich.show()
    view.front_label.setText("plain words")
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    assert ink_against_paper(view.front_rich) < 0 and ink_against_paper(view.front_label) < 0
    app = QApplication.instance()
    original = app.palette()
    try:
        app.setPalette(QPalette(QColor("#202124")))  # dark: Qt derives the other roles
        view.setStyleSheet(style_sheet(app.palette()))  # as the study page re-applies its sheet
        qtbot.waitUntil(lambda: ink_against_paper(view.front_rich) > 0, timeout=WAIT)
        assert ink_against_paper(view.front_label) > 0
    finally:
        app.setPalette(original)
