"""A card side with formatting: sanitised HTML in a read-only text view, pictures from memory.

Every other text in the window is plain (``Qt.TextFormat.PlainText``); this widget is the one
place card HTML is rendered, and only HTML that went through ``services/safe_html.sanitize``
(again here, whatever the database holds). Two more fences make it safe to render:

- pictures are never read by Qt: :meth:`RichText.loadResource` answers only from the images the
  caller decoded off the GUI thread (the card's own media, ``gui/study/media.py``), anything
  else is a blank; a name that is not the card's never reaches the file system or the network;
- links do nothing (there are none after sanitising, and opening is off anyway).

The view has no frame, no scroll bars and no focus (the study keys go to the page); its height
follows its content, so it sits in a layout like a label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QFont, QImage, QResizeEvent, QTextDocument, QTextOption
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget

from studyapp.services.safe_html import sanitize

_RUBY_TEXT = re.compile(r"<rt>(.*?)</rt>", re.DOTALL)
_RUBY_PARENS = re.compile(r"<rp>.*?</rp>", re.DOTALL)


def display_html(markup: str, media: Callable[[str], str | None] | None = None) -> str:
    """Sanitised ``markup`` as Qt's rich text engine shows it best: Qt knows no ruby, so a
    reading (``<rt>``) becomes a small raised annotation after its base text; a table sits in
    the middle of the card like the rest of it."""
    clean = sanitize(markup, media)
    if "<rt>" in clean:
        clean = _RUBY_PARENS.sub("", clean)
        clean = _RUBY_TEXT.sub(r"<sup>\1</sup>", clean)
    if "<table" in clean:
        clean = clean.replace("<table", '<table align="center"')
    return clean


class RichText(QTextBrowser):
    """See the module docstring. :meth:`show_html` replaces the content."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("richText")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # No background of its own, so the card shows through; no palette or style sheet of its
        # own either: the text follows the application's colours (dark mode) like any label.
        self.setAutoFillBackground(False)
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(2)
        option = QTextOption()
        option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())
        self._images: dict[str, QImage] = {}
        self._html = ""
        self._fitting = False
        self._blank = QImage(1, 1, QImage.Format.Format_ARGB32)
        self._blank.fill(Qt.GlobalColor.transparent)

    def show_html(self, html: str, images: Mapping[str, QImage] | None = None) -> None:
        """Show sanitised ``html`` (see :func:`display_html`); ``images`` by media name."""
        self._images = dict(images or {})
        self._html = html
        self.document().clear()  # drops cached pictures too
        self.setHtml(html)
        self._fit()

    def set_images(self, images: Mapping[str, QImage]) -> None:
        """The card's pictures arrived (decoded on a worker thread): lay them in."""
        if self._html:
            self.show_html(self._html, images)

    def html_shown(self) -> str:
        return self._html

    def plain_text(self) -> str:
        return self.document().toPlainText()

    def set_point_size(self, size: float, *, bold: bool = False) -> None:
        font = QFont(self.font())
        font.setPointSizeF(size)
        font.setBold(bold)
        self.setFont(font)
        self.document().setDefaultFont(font)
        self._fit()

    # --- Qt ------------------------------------------------------------------------------------

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        """Pictures only from memory (see the module docstring); nothing else is ever loaded."""
        if int(kind) == int(QTextDocument.ResourceType.ImageResource):
            key = name.toString() if isinstance(name, QUrl) else name
            image = self._images.get(key) or self._images.get(
                QUrl.fromPercentEncoding(key.encode("utf-8"))
            )
            return image if image is not None else self._blank
        return None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def _height(self) -> int:
        self.document().setTextWidth(max(1, self.viewport().width()))
        return int(self.document().size().height()) + 2

    def _fit(self) -> None:
        if self._fitting:  # a relayout while measuring: already being fitted
            return
        self._fitting = True
        try:
            height = self._height()
            if self.height() != height:
                self.setFixedHeight(height)
        finally:
            self._fitting = False
