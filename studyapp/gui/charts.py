"""Small charts painted with QPainter: PySide6-Essentials ships no QtCharts.

A chart is a widget holding plain data (labels and values) and painting it: axes, a few "nice"
y ticks, x labels thinned so they never overlap, and bars or a line with point markers. All text is
drawn with ``QPainter.drawText``, which never interprets HTML, so labels stay plain text. Geometry
(``plot_rect``, ``bar_rect``, ``point_at``) is public so tests can check what was painted where.
Colours come from the palette (``theme.series_color``), so charts read in dark mode too; a long
title wraps to two lines and is elided after that, never cut off at both ends.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from studyapp.gui import theme
from studyapp.services.mastery import Mastery
from studyapp.services.stats import StudyStats

EMPTY_TEXT = "No data yet"
TITLE_LINES = 2  # a long title wraps onto a second line, then is elided (never cut off)


def nice_ticks(maximum: float, count: int = 4, *, whole: bool = False) -> list[float]:
    """0 and a few round steps (1, 2, 2.5, 5 x 10^n) reaching at least ``maximum``; ``whole``:
    counted things (reviews, cards) get whole steps, never "0.75 reviews"."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1.0, math.ceil(step))
    top = step * math.ceil(maximum / step)
    return [i * step for i in range(round(top / step) + 1)]


def _default_format(value: float) -> str:
    return f"{value:g}"


class _Chart(QWidget):
    """Shared layout and axes; subclasses paint the series."""

    MARGIN = 8
    SERIES = 0  # which of theme.series_color's colours the series is painted in

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self._labels: list[str] = []
        self._values: list[float] = []
        self._y_format: Callable[[float], str] = _default_format
        self._y_max: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(200, 120)
        self.set_title(title)

    # --- data --------------------------------------------------------------------------------

    def set_title(self, title: str) -> None:
        self._title = title
        self.setAccessibleName(title or "Chart")
        self.update()

    def set_data(
        self,
        labels: Sequence[str],
        values: Sequence[float],
        *,
        y_format: Callable[[float], str] | None = None,
        y_max: float | None = None,
    ) -> None:
        """Replace the series; ``y_max`` fixes the scale (1.0 for percentages)."""
        if len(labels) != len(values):
            raise ValueError("labels and values differ in length")
        self._labels = [str(label) for label in labels]
        self._values = [float(v) for v in values]
        self._y_format = y_format or _default_format
        self._y_max = y_max
        self.setAccessibleDescription(
            ", ".join(
                f"{k}: {self._y_format(v)}" for k, v in zip(self._labels, self._values, strict=True)
            )
        )
        self.update()

    @property
    def values(self) -> list[float]:
        return list(self._values)

    @property
    def title(self) -> str:
        return self._title

    def series_color(self) -> QColor:
        return theme.series_color(self.palette(), self.SERIES)

    def title_lines(self, metrics: QFontMetrics | None = None) -> list[str]:
        """The title as painted: wrapped to the width, at most TITLE_LINES, the last elided."""
        if not self._title:
            return []
        metrics = metrics or QFontMetrics(self.font())
        width = max(20, self.width() - 2 * self.MARGIN)
        lines: list[str] = []
        words = self._title.split()
        current = ""
        for at, word in enumerate(words):
            candidate = f"{current} {word}".strip()
            if metrics.horizontalAdvance(candidate) <= width or not current:
                current = candidate
                continue
            lines.append(current)
            current = word
            if len(lines) == TITLE_LINES - 1:
                current = " ".join(words[at:])
                break
        lines.append(current)
        return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]

    def sizeHint(self) -> QSize:
        return QSize(480, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 120)

    # --- geometry ----------------------------------------------------------------------------

    def ticks(self) -> list[float]:
        top = self._y_max if self._y_max is not None else max(self._values, default=0.0)
        whole = self._y_max is None and all(float(v).is_integer() for v in self._values)
        return nice_ticks(top, whole=whole)

    def plot_rect(self) -> QRectF:
        metrics = QFontMetrics(self.font())
        label_width = max(
            (metrics.horizontalAdvance(self._y_format(t)) for t in self.ticks()), default=0
        )
        lines = len(self.title_lines(metrics))
        top = self.MARGIN + (lines * metrics.lineSpacing() + 4 if lines else 0)
        left = self.MARGIN + label_width + 6
        bottom = self.height() - self.MARGIN - metrics.height() - 4
        right = self.width() - self.MARGIN
        return QRectF(left, top, max(1.0, right - left), max(1.0, bottom - top))

    def _y(self, value: float, plot: QRectF) -> float:
        top = self.ticks()[-1] or 1.0
        return plot.bottom() - (max(0.0, value) / top) * plot.height()

    def _slot(self, index: int, plot: QRectF) -> QRectF:
        width = plot.width() / max(1, len(self._values))
        return QRectF(plot.left() + index * width, plot.top(), width, plot.height())

    # --- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
            text_color = self.palette().color(QPalette.ColorRole.Text)
            metrics = QFontMetrics(self.font())
            painter.setPen(text_color)
            for n, line in enumerate(self.title_lines(metrics)):
                painter.drawText(
                    QRectF(
                        0, self.MARGIN + n * metrics.lineSpacing(), self.width(), metrics.height()
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    line,
                )
            plot = self.plot_rect()
            if not self._values:
                painter.setPen(text_color)
                painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
                return
            self._paint_axes(painter, plot, metrics, text_color)
            self._paint_series(painter, plot)
        finally:
            painter.end()

    def _paint_axes(
        self, painter: QPainter, plot: QRectF, metrics: QFontMetrics, text_color: QColor
    ) -> None:
        axis = self.palette().color(QPalette.ColorRole.PlaceholderText)
        grid = QColor(axis)
        grid.setAlpha(60)
        for tick in self.ticks():
            y = self._y(tick, plot)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_color)
            label = self._y_format(tick)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        painter.setPen(QPen(axis, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        # x labels: as many as fit without overlapping, always including the first.
        widest = max(metrics.horizontalAdvance(label) for label in self._labels) + 8
        slot_width = plot.width() / len(self._labels)
        every = max(1, math.ceil(widest / max(1.0, slot_width)))
        painter.setPen(text_color)
        for index in range(0, len(self._labels), every):
            slot = self._slot(index, plot)
            centre = slot.center().x()
            painter.drawText(
                QRectF(centre - widest / 2, plot.bottom() + 2, widest, metrics.height() + 2),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self._labels[index],
            )

    def _paint_series(self, painter: QPainter, plot: QRectF) -> None:
        raise NotImplementedError


class BarChart(_Chart):
    """One bar per label (reviews per day, cards due per day)."""

    SERIES = 0

    def bar_rect(self, index: int) -> QRectF:
        plot = self.plot_rect()
        slot = self._slot(index, plot)
        gap = min(6.0, slot.width() * 0.2)
        y = self._y(self._values[index], plot)
        return QRectF(slot.left() + gap / 2, y, max(1.0, slot.width() - gap), plot.bottom() - y)

    def _paint_series(self, painter: QPainter, plot: QRectF) -> None:
        color = self.series_color()
        for index, value in enumerate(self._values):
            if value > 0:
                painter.fillRect(self.bar_rect(index), color)


class LineChart(_Chart):
    """A line with point markers (retention, a mastery forecast)."""

    SERIES = 1

    def point_at(self, index: int) -> QPointF:
        plot = self.plot_rect()
        return QPointF(self._slot(index, plot).center().x(), self._y(self._values[index], plot))

    def _paint_series(self, painter: QPainter, plot: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        points = [self.point_at(i) for i in range(len(self._values))]
        color = self.series_color()
        painter.setPen(QPen(color, 2))
        for start, end in pairwise(points):
            painter.drawLine(start, end)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        for point in points:
            painter.drawEllipse(point, 3.5, 3.5)


# --- from service data to charts -------------------------------------------------------------------


def _day_label(day: date) -> str:
    return f"{day.day}/{day.month}"


def percent(value: float) -> str:
    return f"{round(value * 100)}%"


def reviews_chart(stats: StudyStats, parent: QWidget | None = None) -> BarChart:
    chart = BarChart("Reviews per day", parent)
    chart.set_data(
        [_day_label(d.day) for d in stats.reviews_per_day],
        [d.reviews for d in stats.reviews_per_day],
    )
    return chart


def due_chart(stats: StudyStats, parent: QWidget | None = None) -> BarChart:
    chart = BarChart("Cards due per day", parent)
    chart.set_data(
        [_day_label(d.day) for d in stats.due_per_day], [d.due for d in stats.due_per_day]
    )
    return chart


def forecast_chart(mastery: Mastery, parent: QWidget | None = None) -> LineChart:
    """Mastery today and over the next 30 days without study; empty (with its message) when the
    skill was never studied."""
    chart = LineChart(f"Mastery forecast: {mastery.title}", parent)
    if mastery.mastery is None:
        chart.set_data([], [])
        return chart
    values = [mastery.mastery, *mastery.forecast]
    chart.set_data(
        ["today", *[f"+{d}" for d in range(1, len(values))]], values, y_format=percent, y_max=1.0
    )
    return chart
