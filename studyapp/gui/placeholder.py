"""Placeholders: how content that is still being generated looks, in every view.

A placeholder follows its job through a small state machine:
``pending → processing (spinner, what is being made) → done (content replaces it) | failed
(error in plain words + Retry) | cancelled``. While a job waits for an automatic retry the line
says so ("retrying, attempt 2 of 3"). Views paint placeholders with :func:`paint_placeholder`
and animate spinners from one shared :class:`SpinnerClock` that runs only while some view shows
a spinner (no idle timers).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionButton, QStyleOptionViewItem

from studyapp.gui import theme
from studyapp.handlers.kinds import texts_for
from studyapp.jobs.contract import JobInfo


class Phase(Enum):
    PENDING = "pending"
    PROCESSING = "processing"
    RETRYING = "retrying"
    FAILED = "failed"
    CANCELLED = "cancelled"
    DONE = "done"


def phase_of(job: JobInfo) -> Phase:
    if job.status == "completed":
        return Phase.DONE
    if job.status == "failed":
        return Phase.FAILED
    if job.status == "cancelled":
        return Phase.CANCELLED
    if job.status == "pending" and job.attempts >= 1:
        return Phase.RETRYING
    if job.status == "processing":
        return Phase.PROCESSING
    return Phase.PENDING


def part_label(job: JobInfo) -> str:
    """ "part 2 of 5" for a chunk of a long material, "" otherwise."""
    chunk = (job.payload or {}).get("chunk") or {}
    index, total = chunk.get("index"), chunk.get("total")
    if isinstance(index, int) and isinstance(total, int) and total > 1:
        return f" (part {index + 1} of {total})"
    return ""


def placeholder_text(job: JobInfo, what: str | None = None) -> str:
    """The one line a learner reads on a placeholder (the wording is the job type's own,
    declared once: ``handlers/kinds.py``)."""
    texts = texts_for(job.type)
    what = what or texts.working
    phase = phase_of(job)
    part = part_label(job)
    if phase is Phase.PENDING:
        if job.requires:  # paid with the learner's own key: only a worker holding it runs it
            return f"{what}{part} (waiting for a worker with your API key)"
        return f"{what}{part} (waiting for a free worker)"
    if phase is Phase.PROCESSING:
        if job.attempts > 1:
            return f"{what}{part} retrying, attempt {job.attempts} of {job.max_attempts}"
        if job.progress and job.progress.get("total"):
            done, total = job.progress.get("done", 0), job.progress.get("total")
            return f"{what}{part} {done} of {total} parts done"
        return f"{what}{part}"
    if phase is Phase.RETRYING:
        return (
            f"{what}{part} retrying, attempt {job.attempts + 1} of {job.max_attempts} "
            "(the last attempt failed)"
        )
    if phase is Phase.FAILED:
        return f"{texts.failed}{part}: {plain_error(job.error)}"
    if phase is Phase.CANCELLED:
        return f"Cancelled{part}."
    return "Done."


def plain_error(error: str | None) -> str:
    text = " ".join((error or "unknown error").split())
    return text if len(text) <= 300 else text[:299] + "\u2026"


def shows_spinner(job: JobInfo) -> bool:
    return phase_of(job) in (Phase.PENDING, Phase.PROCESSING, Phase.RETRYING)


class SpinnerClock(QObject):
    """One timer for every spinner on screen; it runs only while someone shows a spinner."""

    tick = Signal()
    INTERVAL_MS = 80

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.angle = 0
        self._users: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setObjectName("spinner-clock")
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._advance)

    def set_active(self, user: object, active: bool) -> None:
        key = id(user)
        if active:
            self._users.add(key)
        else:
            self._users.discard(key)
        if self._users and not self._timer.isActive():
            self._timer.start()
        elif not self._users and self._timer.isActive():
            self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _advance(self) -> None:
        self.angle = (self.angle + 30) % 360
        self.tick.emit()


def paint_spinner(painter: QPainter, rect: QRect, angle: int, color: QColor) -> None:
    """Twelve fading spokes, the classic busy indicator."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    side = min(rect.width(), rect.height())
    center = QRectF(rect).center()
    painter.translate(center)
    painter.rotate(angle)
    outer, inner = side * 0.45, side * 0.22
    for spoke in range(12):
        faded = QColor(color)
        faded.setAlphaF(0.15 + 0.85 * (spoke / 11))
        pen = QPen(faded, max(side / 9, 1.5))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        # Points, not ints: drawLine(int, …) truncated the spokes' ends to whole pixels.
        painter.drawLine(QPointF(0, -inner), QPointF(0, -outer))
        painter.rotate(30)
    painter.restore()


def retry_button_rect(row: QRect) -> QRect:
    width, height = 72, min(26, row.height() - 8)
    return QRect(row.right() - width - 8, row.center().y() - height // 2, width, height)


_TEXT_LEFT = 12 + 28  # spinner or "!" before the text
_RETRY_SPACE = 96  # the Retry button after it
_WRAP = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft) | int(
    Qt.TextFlag.TextWordWrap
)


def failed_text_height(font: QFont, job: JobInfo, row_width: int, text: str | None = None) -> int:
    """How tall a failed row must be to show its whole message (the error and what to do are
    read, not hovered for)."""
    width = max(80, row_width - _TEXT_LEFT - _RETRY_SPACE)
    bound = QFontMetrics(font).boundingRect(
        QRect(0, 0, width, 100_000), _WRAP, text or placeholder_text(job)
    )
    return bound.height() + 16


def paint_placeholder(
    painter: QPainter,
    option: QStyleOptionViewItem,
    job: JobInfo,
    angle: int,
    *,
    text: str | None = None,
    retry_focused: bool = False,
) -> None:
    """Greyed row with a spinner and what is being made; or the error with a Retry button.
    Colours come from the palette, so it reads in light and dark schemes alike."""
    rect = option.rect
    palette = option.palette
    painter.save()
    phase = phase_of(job)
    failed = phase is Phase.FAILED
    if failed:
        background = theme.error_background(palette)
    else:
        background = palette.color(QPalette.ColorRole.AlternateBase)
    painter.fillRect(rect.adjusted(2, 2, -2, -2), background)
    grey = palette.color(QPalette.ColorRole.PlaceholderText)
    x = rect.left() + 12
    if shows_spinner(job):
        spinner = QRect(x, rect.center().y() - 9, 18, 18)
        paint_spinner(painter, spinner, angle, grey)
    elif failed:
        painter.setPen(theme.error_color(palette))
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(
            QRect(x, rect.top(), 18, rect.height()), Qt.AlignmentFlag.AlignVCenter, "!"
        )
        painter.setFont(option.font)
    x = rect.left() + _TEXT_LEFT
    line = text or placeholder_text(job)
    right = rect.right() - (_RETRY_SPACE if failed else 12)
    text_rect = QRect(x, rect.top() + 4, right - x, rect.height() - 8)
    painter.setPen(palette.color(QPalette.ColorRole.Text) if failed else grey)
    italic = QFont(option.font)
    italic.setItalic(not failed)
    painter.setFont(italic)
    metrics = QFontMetrics(italic)
    if not failed:
        line = metrics.elidedText(line, Qt.TextElideMode.ElideRight, text_rect.width() * 2)
    painter.drawText(text_rect, _WRAP, line)
    if failed:
        button = QStyleOptionButton()
        button.rect = retry_button_rect(rect)
        button.text = "Retry"
        button.palette = palette
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        if retry_focused:
            button.state |= QStyle.StateFlag.State_HasFocus
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, option.widget)
    painter.restore()
