"""Card media on the study card (issue 12): the pictures of an imported deck show under the
question and with the answer, scaled into the card off the GUI thread; sounds are "▶ name"
buttons that open the file; a file gone from the media folder is a quiet line, not an error.

Driven through the real window: Go → Study, Space to reveal, a click on the sound's button."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSize, Qt, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QImage
from sqlalchemy import update

from studyapp.db.models import Card
from studyapp.gui.main_window import MainWindow
from studyapp.gui.study.media import MAX_HEIGHT, fit
from studyapp.services.interop_media import media_dir
from tests.factories import make_card, make_goal
from tests.gui_driving import choose_menu, click

pytestmark = pytest.mark.gui


@pytest.fixture
def window(main_window: MainWindow, media_root) -> MainWindow:
    main_window.resize(1000, 800)
    return main_window


class Opened(QObject):
    """Stands in for the desktop's file opener (a real one would start a player)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def png(path: Path, width: int, height: int) -> None:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(path), "PNG")


def test_fit_keeps_the_aspect_caps_the_height_and_upscales_at_most_twice() -> None:
    assert fit(QSize(50, 40), 600) == QSize(100, 80)  # small: 2x, no more
    assert fit(QSize(1000, 800), 600) == QSize(MAX_HEIGHT * 1000 // 800, MAX_HEIGHT)
    assert fit(QSize(3000, 300), 600) == QSize(600, 60)  # wide: the card's width
    assert fit(QSize(0, 0), 600) == QSize(0, 0)


def test_study_shows_the_cards_pictures_sounds_and_missing_files(
    qtbot, window, db, profile
) -> None:
    goal = make_goal(db, profile.id, "Anatomy")
    card = make_card(db, profile.id, goal, "Which bone is this?", "The femur")
    folder = media_dir(db, profile.id)
    folder.mkdir(parents=True)
    png(folder / "small.png", 50, 40)
    png(folder / "femur.png", 1000, 800)
    (folder / "femur.mp3").write_bytes(b"ID3 not really a song")
    refs = [
        {"name": "small.png", "side": "front"},
        {"name": "gone.png", "side": "front"},
        {"name": "femur.png", "side": "back"},
        {"name": "femur.mp3", "side": "back"},
    ]
    with db.session() as session:
        session.execute(update(Card).where(Card.id == card).values(media=refs))
    opener = Opened()
    QDesktopServices.setUrlHandler("file", opener, "open")
    try:
        with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=30_000):
            window.open_database()
        qtbot.waitUntil(lambda: window.goal_page.goal_id == goal, timeout=10_000)
        page = window.study_page
        with qtbot.waitSignal(page.media_shown, timeout=10_000):
            choose_menu(qtbot, window, "go", "study")
        view = page.study_view
        # The question: its picture (2x, no more) and the missing file's quiet line.
        [small] = view.front_media.image_labels
        assert not small.pixmap().isNull()
        assert small.pixmap().size() == QSize(100, 80)
        assert small.isVisible()
        assert [n.text() for n in view.front_media.notes] == ["missing media: gone.png"]
        assert not view.back_media.isVisible()  # the answer's picture waits for the reveal
        assert not window.banner.isVisible()  # a missing file is no error
        # Revealed: the answer's picture, height capped, aspect kept; the sound as a button.
        qtbot.keyClick(page, Qt.Key.Key_Space)
        qtbot.waitUntil(view.back_media.isVisible)
        [femur] = view.back_media.image_labels
        assert femur.pixmap().size() == QSize(MAX_HEIGHT * 1000 // 800, MAX_HEIGHT)
        assert femur.isVisible()
        [sound] = view.back_media.file_buttons
        assert sound.text() == "\u25b6 femur.mp3"
        click(qtbot, sound)
        assert opener.urls == [QUrl.fromLocalFile(str(folder / "femur.mp3"))]
        assert not sound.hasFocus()  # the keys (1–4 grade) still go to the page
        assert sound.focusPolicy() == Qt.FocusPolicy.NoFocus
    finally:
        QDesktopServices.unsetUrlHandler("file")
