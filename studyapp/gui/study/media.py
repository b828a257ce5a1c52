"""A card's media on the study card: images scaled into the card, other files as "▶ name" links.

Imported Anki decks carry pictures and sounds (``cards.media``, resolved by
``services/interop_media.card_media``). :func:`load_media` reads and decodes them on a worker
thread (the page runs it through ``run_op``): a photo of several megabytes decodes in tens of
milliseconds, which must not freeze the window. Decoding produces a ``QImage`` (safe off the GUI
thread) already scaled by :func:`fit` — keep the aspect, never taller than ``MAX_HEIGHT``, never
wider than the card, never blown up more than 2x (a 16-pixel icon stays crisp-ish, not a blur).
The GUI thread only turns it into a pixmap.

Sounds, videos and other files are small flat buttons that open the file with the desktop's
player (``QDesktopServices``); they take no focus, so the study keys keep working. A file that is
gone from the media folder is a quiet "missing media: name" line, not an error: the card is still
worth studying.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from studyapp.db.database import Database
from studyapp.gui.plain_text import tooltip
from studyapp.services.interop_media import CardMedia, card_media

MAX_HEIGHT = 260  # px: the question and the buttons stay on screen beside a tall picture
MAX_UPSCALE = 2.0
MISSING = "missing media: {name}"
UNREADABLE = "media could not be shown: {name}"


@dataclass(frozen=True)
class LoadedMedia:
    """One file of a card, ready to show: ``image`` is the scaled picture (images that exist
    and decode), else None."""

    media: CardMedia
    image: QImage | None = None


def fit(size: QSize, max_width: int, max_height: int = MAX_HEIGHT) -> QSize:
    """``size`` scaled to fit ``max_width`` x ``max_height``, aspect kept, at most 2x larger."""
    if size.isEmpty() or max_width <= 0 or max_height <= 0:
        return QSize(0, 0)
    scale = min(max_width / size.width(), max_height / size.height(), MAX_UPSCALE)
    return QSize(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)))


def _decode(media: CardMedia, max_width: int) -> QImage | None:
    reader = QImageReader(str(media.path))
    reader.setAutoTransform(True)  # a phone photo's EXIF rotation
    original = reader.size()
    target = fit(original, max_width) if original.isValid() else QSize()
    if target.isValid() and not target.isEmpty() and target.width() < original.width():
        reader.setScaledSize(target)  # decode small: a 24-megapixel JPEG never lands whole
    image = reader.read()
    if image.isNull():
        return None
    wanted = fit(image.size(), max_width)
    if wanted != image.size():
        image = image.scaled(
            wanted,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return image


def load_media(
    db: Database, profile_id: int, card_id: int, max_width: int
) -> tuple[LoadedMedia, ...]:
    """The card's media with its images decoded and scaled (worker thread)."""
    out = []
    for media in card_media(db, profile_id, card_id):
        image = _decode(media, max_width) if media.kind == "image" and media.exists else None
        out.append(LoadedMedia(media, image))
    return tuple(out)


class MediaStrip(QWidget):
    """The media of one side of the card, stacked and centred; hidden while empty."""

    def __init__(self, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.image_labels: list[QLabel] = []
        self.file_buttons: list[QPushButton] = []
        self.notes: list[QLabel] = []  # missing or unreadable files
        self.hide()

    def clear(self) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.image_labels, self.file_buttons, self.notes = [], [], []
        self.hide()

    def has_content(self) -> bool:
        return bool(self.image_labels or self.file_buttons or self.notes)

    def show_media(self, items: Sequence[LoadedMedia]) -> None:
        """Replace what is shown with this side's ``items``."""
        self.clear()
        for item in items:
            if item.media.side != self.side:
                continue
            media = item.media
            if not media.exists:
                self._note(MISSING.format(name=media.name))
            elif media.kind == "image":
                if item.image is None:
                    self._note(UNREADABLE.format(name=media.name))
                else:
                    self._image(media, item.image)
            else:
                self._file_button(media)
        self.setVisible(self.has_content())

    def _image(self, media: CardMedia, image: QImage) -> None:
        label = QLabel()
        label.setPixmap(QPixmap.fromImage(image))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The pixmap must not set the window's minimum width: a narrow window clips, not grows.
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        label.setMinimumHeight(image.height())
        label.setAccessibleName(f"Picture: {media.name}")
        label.setToolTip(tooltip(media.name))
        self.image_labels.append(label)
        self._layout.addWidget(label)

    def _file_button(self, media: CardMedia) -> None:
        button = QPushButton(f"\u25b6 {media.name}")
        button.setObjectName("mediaLink")
        button.setFlat(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the study keys go to the page
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.setToolTip(tooltip(f"Open {media.name} with the system's player"))
        button.setAccessibleName(f"Play {media.name}")
        url = QUrl.fromLocalFile(str(media.path))
        button.clicked.connect(lambda: QDesktopServices.openUrl(url))
        self.file_buttons.append(button)
        self._layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)

    def _note(self, text: str) -> None:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setObjectName("muted")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        self.notes.append(label)
        self._layout.addWidget(label)
