"""The browser's preview of the current card: both faces as the study card shows them.

A card from Anki keeps its formatting (bold, lists, tables, furigana, its pictures in place);
the preview is where the browser shows it, the table's cells stay one line of plain text. Faces
and pictures are read and decoded off the GUI thread (``run_op``, ``gui/study/media.py``); a
result for a card that is no longer current is dropped.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from studyapp.gui.context import AppContext
from studyapp.gui.ops import run_op
from studyapp.gui.rich_text import RichText, display_html
from studyapp.gui.study.media import LoadedMedia, load_media
from studyapp.services.card_faces import CardFaces, card_faces

WIDTH = 360  # pictures are decoded at most this wide for the preview
HEIGHT = 110  # ... and this tall: the table keeps most of the page


class Face(QWidget):
    """One face: a plain label, or the rich view for a formatted side."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setObjectName("muted")
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a card made here is plain text
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rich = RichText()
        self.rich.hide()
        layout.addWidget(heading)
        layout.addWidget(self.label)
        layout.addWidget(self.rich)
        layout.addStretch(1)

    def show_side(self, text: str, markup: str | None, media: tuple[LoadedMedia, ...]) -> None:
        names = {item.media.name for item in media}
        images: dict[str, QImage] = {i.media.name: i.image for i in media if i.image is not None}
        if markup:
            self.rich.show_html(display_html(markup, lambda n: n if n in names else None), images)
            self.rich.setAccessibleName(text)
        self.label.setText("" if markup else text)
        self.label.setVisible(not markup)
        self.rich.setVisible(bool(markup))


def _smaller(image: QImage | None) -> QImage | None:
    """A picture at most :data:`HEIGHT` tall (on the worker thread: QImage is safe there)."""
    if image is None or image.height() <= HEIGHT:
        return image
    return image.scaledToHeight(HEIGHT, Qt.TransformationMode.SmoothTransformation)


class CardPreview(QFrame):
    """Call :meth:`show_card` with the current card (None: nothing)."""

    shown = Signal(int)  # card id, once its faces (and pictures) are on screen

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("cardPreview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Card preview")
        layout = QHBoxLayout(self)
        self.front = Face("Front")
        self.back = Face("Answer")
        layout.addWidget(self.front, 1)
        layout.addWidget(self.back, 1)
        self.card_id: int | None = None
        self.setMaximumHeight(260)

    def show_card(self, card_id: int | None) -> None:
        self.card_id = card_id
        if card_id is None:
            self.front.show_side("", None, ())
            self.back.show_side("", None, ())
            return
        db, pid = self.ctx.db, self.ctx.profile.id

        def work() -> tuple[CardFaces, tuple[LoadedMedia, ...]]:
            media = tuple(
                replace(item, image=_smaller(item.image))
                for item in load_media(db, pid, card_id, WIDTH)
            )
            return card_faces(db, pid, card_id), media

        run_op(
            work,
            self._shown,
            lambda _exc: None,  # a card deleted meanwhile: the table refreshes anyway
            owner=self,
            is_current=lambda: self.card_id == card_id,
        )

    def _shown(self, result: tuple[CardFaces, tuple[LoadedMedia, ...]]) -> None:
        faces, media = result
        self.front.show_side(faces.front, faces.front_html, media)
        self.back.show_side(faces.back, faces.back_html, media)
        self.shown.emit(faces.card_id)
