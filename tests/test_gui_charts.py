"""The QPainter charts: they really paint bars and lines where the data says."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QColor, QImage

from studyapp.gui.charts import (
    EMPTY_TEXT,
    BarChart,
    LineChart,
    due_chart,
    forecast_chart,
    nice_ticks,
    reviews_chart,
)
from studyapp.services.mastery import Mastery
from studyapp.services.stats import DayDue, DayReviews, Retention, StudyStats

pytestmark = pytest.mark.gui


def render(chart) -> QImage:
    chart.resize(QSize(420, 260))
    return chart.grab().toImage()


def colour_at(image: QImage, x: float, y: float) -> QColor:
    return image.pixelColor(QPoint(round(x), round(y)))


def test_bars_are_painted_in_proportion(qtbot) -> None:
    chart = BarChart("Reviews per day")
    qtbot.addWidget(chart)
    chart.set_data(["1/6", "2/6", "3/6", "4/6"], [10, 0, 5, 20])
    image = render(chart)
    tall, empty, half = chart.bar_rect(3), chart.bar_rect(1), chart.bar_rect(0)
    BAR_COLOR = chart.series_color()
    assert colour_at(image, tall.center().x(), tall.center().y()) == BAR_COLOR
    assert colour_at(image, half.center().x(), half.bottom() - 3) == BAR_COLOR
    # The zero bar's slot is background at mid-height, and the half bar is half as tall.
    assert colour_at(image, empty.center().x(), chart.plot_rect().center().y()) != BAR_COLOR
    assert half.height() == pytest.approx(tall.height() / 2, rel=0.02)
    # Above the tallest bar there is no bar colour.
    assert colour_at(image, tall.center().x(), tall.top() - 3) != BAR_COLOR
    assert chart.accessibleName() == "Reviews per day"
    assert "4/6: 20" in chart.accessibleDescription()
    assert chart.sizeHint() == QSize(480, 240)


def test_line_chart_marks_each_point(qtbot) -> None:
    chart = LineChart("Retention")
    qtbot.addWidget(chart)
    chart.set_data(["a", "b", "c"], [1.0, 0.5, 0.25], y_max=1.0)
    image = render(chart)
    plot = chart.plot_rect()
    first, second = chart.point_at(0), chart.point_at(1)
    LINE_COLOR = chart.series_color()
    assert first.y() == pytest.approx(plot.top(), abs=1)
    assert second.y() == pytest.approx(plot.center().y(), abs=1)
    assert colour_at(image, second.x(), second.y()) == LINE_COLOR
    assert colour_at(image, second.x(), plot.bottom() - 2) != LINE_COLOR


def test_empty_chart_says_so(qtbot) -> None:
    chart = BarChart("Cards due per day")
    qtbot.addWidget(chart)
    chart.set_data([], [])
    image = render(chart)
    bar = QColor(chart.series_color())
    assert not any(
        image.pixelColor(x, y) == bar
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
    )
    assert EMPTY_TEXT == "No data yet"


def test_labels_are_plain_text(qtbot) -> None:
    chart = BarChart("<b>not bold</b>")
    qtbot.addWidget(chart)
    chart.set_data(["<i>x</i>"], [1])
    render(chart)  # paints without interpreting markup; the title is kept verbatim
    assert chart.title == "<b>not bold</b>"
    assert chart.accessibleName() == "<b>not bold</b>"


def test_mismatched_data_is_refused(qtbot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    with pytest.raises(ValueError, match="differ"):
        chart.set_data(["a"], [1, 2])


def test_nice_ticks() -> None:
    assert nice_ticks(20) == [0, 5, 10, 15, 20]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(1.0)[-1] >= 1.0


def test_charts_from_service_data(qtbot) -> None:
    stats = StudyStats(
        goal_id=None,
        reviews_per_day=(
            DayReviews(date(2025, 6, 1), 3, 2, 0),
            DayReviews(date(2025, 6, 2), 6, 6, 0),
        ),
        due_per_day=(DayDue(date(2025, 6, 2), 4),),
        true_retention=Retention(8, 1),
        total_cards=10,
        new_cards=2,
        learning_cards=1,
        review_cards=7,
    )
    reviews, due = reviews_chart(stats), due_chart(stats)
    qtbot.addWidget(reviews)
    qtbot.addWidget(due)
    assert reviews.values == [3, 6] and due.values == [4]
    image = render(reviews)
    bar = reviews.bar_rect(1)
    assert colour_at(image, bar.center().x(), bar.center().y()) == reviews.series_color()

    studied = forecast_chart(
        Mastery(1, "TCP", 3, 2, 0.9, tuple(0.9 - i / 100 for i in range(1, 31)))
    )
    unstudied = forecast_chart(Mastery(2, "UDP", 1, 0, None, ()))
    qtbot.addWidget(studied)
    qtbot.addWidget(unstudied)
    assert len(studied.values) == 31 and studied.values[0] == 0.9
    assert unstudied.values == []


def test_a_long_title_wraps_and_is_never_cut_at_both_ends(qtbot) -> None:
    """Issue 9: "tery forecast: … cor" — a centred title wider than the chart lost both ends."""
    title = "Mastery forecast: Congestion window growth and multiplicative decrease after loss"
    chart = LineChart(title)
    qtbot.addWidget(chart)
    chart.resize(QSize(260, 220))
    lines = chart.title_lines()
    metrics = chart.fontMetrics()
    assert 1 < len(lines) <= 2
    assert lines[0].startswith("Mastery forecast:")  # the start is never lost
    assert all(metrics.horizontalAdvance(line) <= 260 - 2 * chart.MARGIN for line in lines)
    assert lines[-1].endswith("\u2026")  # the rest elided, visibly
    # The plot starts below both title lines.
    assert chart.plot_rect().top() >= chart.MARGIN + 2 * metrics.lineSpacing()
    chart.resize(QSize(900, 220))
    assert chart.title_lines() == [title]


def test_charts_take_their_colours_from_the_palette(qtbot) -> None:
    from PySide6.QtGui import QPalette

    from studyapp.gui.theme import dark_palette

    chart = BarChart("Reviews per day")
    qtbot.addWidget(chart)
    chart.set_data(["a", "b"], [3, 5])
    chart.setPalette(dark_palette())
    image = render(chart)
    background = colour_at(image, chart.width() - 3, chart.height() - 3)
    assert background == dark_palette().color(QPalette.ColorRole.Base)
    bar = chart.bar_rect(1)
    assert colour_at(image, bar.center().x(), bar.center().y()) == chart.series_color()
    assert chart.series_color() == dark_palette().color(QPalette.ColorRole.Highlight)


def test_counted_things_get_whole_ticks() -> None:
    """One review a day must not read "0.75 reviews"; a percentage scale keeps its steps."""
    assert nice_ticks(1, whole=True) == [0.0, 1.0]
    assert nice_ticks(3, whole=True) == [0.0, 1.0, 2.0, 3.0]
    assert nice_ticks(1.0) == [0.0, 0.25, 0.5, 0.75, 1.0]
