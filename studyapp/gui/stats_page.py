"""The statistics page: how study went and what is coming, for one goal or the whole profile.

Everything is loaded in ONE background op (statistics, then mastery per top-level skill, or per
goal for the profile) and painted with the QPainter charts of :mod:`studyapp.gui.charts`. A
result from an earlier request is dropped, so flipping between goals never shows stale numbers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studyapp.db.database import Database
from studyapp.gui import charts
from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.services import goals as goals_service
from studyapp.services import mastery as mastery_service
from studyapp.services import stats as stats_service
from studyapp.services.mastery import Mastery
from studyapp.services.stats import StudyStats

log = logging.getLogger(__name__)

MAX_FORECASTS = 12  # charts beyond this say little and cost layout time


@dataclass(frozen=True)
class StatsData:
    title: str
    stats: StudyStats
    mastery: tuple[Mastery, ...]  # top-level skills of the goal, or each goal of the profile


def load_stats(db: Database, profile_id: int, goal_id: int | None) -> StatsData:
    """Runs off the GUI thread: the queries for one page view."""
    stats = stats_service.study_stats(db, profile_id, goal_id=goal_id)
    if goal_id is not None:
        goal = goals_service.get_goal(db, profile_id, goal_id)
        top = [node.id for node in goals_service.skill_tree(db, profile_id, goal_id)]
        by_node = mastery_service.goal_mastery(db, profile_id, goal_id).nodes
        found = tuple(by_node[i] for i in top[:MAX_FORECASTS] if i in by_node)
        return StatsData(goal.title, stats, found)
    overall = tuple(
        mastery_service.goal_mastery(db, profile_id, goal.id).overall
        for goal in goals_service.list_goals(db, profile_id)[:MAX_FORECASTS]
    )
    return StatsData("All goals", stats, overall)


def _plain(text: str = "", *, scale: float = 1.0, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if scale != 1.0 or bold:
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * scale)
        font.setBold(bold)
        label.setFont(font)
    return label


class Tile(QFrame):
    """One headline number with its caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        # Palette roles (not a style sheet), so a switch to dark mode repaints it.
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.value = _plain("\u2013", scale=1.7, bold=True)
        self.caption = _plain(caption)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.detail = _plain()
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)
        self.setAccessibleName(caption)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.setAccessibleDescription(f"{value} {detail}".strip())


class StatsPage(QWidget):
    """Embed with ``StatsPage(ctx)``; call :meth:`show_goal` (None: the whole profile)."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.goal_id: int | None = None
        self._token = 0
        self.data: StatsData | None = None
        self.forecasts: list[charts.LineChart] = []
        self.setAccessibleName("Statistics")
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(16)

        self.title = _plain("Statistics", scale=1.5, bold=True)
        self.status = _plain("Loading statistics\u2026")
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.title)
        layout.addWidget(self.status)

        tiles = QHBoxLayout()
        self.retention_tile = Tile("True retention (30 days)")
        self.reviews_tile = Tile("Reviews (30 days)")
        self.cards_tile = Tile("Cards")
        self.due_tile = Tile("Due today")
        for tile in (self.retention_tile, self.reviews_tile, self.cards_tile, self.due_tile):
            tiles.addWidget(tile)
        layout.addLayout(tiles)

        bars = self.bars = QHBoxLayout()
        self.reviews_chart = charts.BarChart("Reviews per day")
        self.due_chart = charts.BarChart("Cards due per day")
        for chart in (self.reviews_chart, self.due_chart):
            chart.setMinimumHeight(220)
            bars.addWidget(chart)
        layout.addLayout(bars)

        self.mastery_title = _plain(
            "Mastery of each skill, and how it fades without study", bold=True
        )
        layout.addWidget(self.mastery_title)
        self.mastery_grid = QGridLayout()
        self.mastery_grid.setSpacing(12)
        layout.addLayout(self.mastery_grid)
        self.mastery_empty = _plain("No skills yet.")
        self.mastery_empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.mastery_empty)
        layout.addStretch(1)

    # --- loading -----------------------------------------------------------------------------

    def show_goal(self, goal_id: int | None) -> None:
        """Statistics of ``goal_id``, or of every goal of the profile when None."""
        self.goal_id = goal_id
        self.refresh()

    def refresh(self) -> None:
        self._token += 1
        token, db, pid, goal_id = self._token, self.ctx.db, self.ctx.profile.id, self.goal_id
        self.status.setText("Loading statistics\u2026")
        self.status.show()

        def done(data: StatsData) -> None:
            if token == self._token:
                self._show(data)

        def failed(exc: BaseException) -> None:
            if token != self._token:
                return
            message = error_text(exc)
            self.status.setText(message)
            self.failed.emit(message)

        run_op(lambda: load_stats(db, pid, goal_id), done, failed, owner=self)

    # --- showing -----------------------------------------------------------------------------

    def _show(self, data: StatsData) -> None:
        self.data = data
        stats = data.stats
        self.title.setText(f"Statistics \u2014 {data.title}")
        self.status.hide()
        rate = stats.true_retention.rate
        counted = stats.true_retention.passed + stats.true_retention.failed
        self.retention_tile.set(
            charts.percent(rate) if rate is not None else "\u2013",
            f"of {counted} mature reviews" if counted else "no mature reviews yet",
        )
        days_studied = sum(1 for d in stats.reviews_per_day if d.reviews)
        self.reviews_tile.set(
            str(stats.total_reviews),
            f"on {days_studied} day{'s' if days_studied != 1 else ''}",
        )
        self.cards_tile.set(
            str(stats.total_cards),
            f"{stats.new_cards} new \u00b7 {stats.learning_cards} learning \u00b7 "
            f"{stats.review_cards} review",
        )
        due_today = stats.due_per_day[0].due if stats.due_per_day else 0
        self.due_tile.set(str(due_today), "including overdue")
        self.reviews_chart = self._swap(self.reviews_chart, charts.reviews_chart(stats))
        self.due_chart = self._swap(self.due_chart, charts.due_chart(stats))
        self._show_mastery(data.mastery)
        self.loaded.emit()

    def _swap(self, old: charts.BarChart, new: charts.BarChart) -> charts.BarChart:
        """charts.py builds a chart from service data; put it where the old one was."""
        new.setMinimumHeight(old.minimumHeight())
        self.bars.replaceWidget(old, new)
        old.hide()
        old.deleteLater()
        new.show()  # at once, not at the layout's deferred show: a grab right after sees it
        return new

    def _show_mastery(self, items: tuple[Mastery, ...]) -> None:
        while self.mastery_grid.count():
            taken = self.mastery_grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.forecasts = []
        self.mastery_empty.setVisible(not items)
        for index, item in enumerate(items):
            box = QFrame()
            box.setObjectName("tile")
            column = QVBoxLayout(box)
            column.setContentsMargins(10, 8, 10, 8)
            if item.mastery is None:
                headline = f"{item.title}: {item.label}"
            else:
                headline = f"{item.title}: {item.label} now"
                if item.in_30_days is not None:
                    fades = charts.percent(item.in_30_days)
                    headline += f", {fades} in 30 days without study"
            summary = _plain(
                f"{headline} \u00b7 {item.reviewed_cards} of {item.total_cards} cards studied"
                if item.total_cards
                else f"{headline} \u00b7 no cards yet"
            )
            chart = charts.forecast_chart(item)
            chart.set_title(f"Mastery forecast: {item.title}")
            chart.setMinimumHeight(180)
            column.addWidget(summary)
            column.addWidget(chart)
            self.forecasts.append(chart)
            self.mastery_grid.addWidget(box, index // 2, index % 2)
            box.show()
