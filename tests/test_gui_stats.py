"""The statistics page renders real numbers from PostgreSQL into the charts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QSize, QThreadPool

from studyapp.gui.context import AppContext
from studyapp.gui.job_watcher import JobWatcher
from studyapp.gui.stats_page import StatsPage
from studyapp.jobs.registry import HandlerRegistry
from studyapp.services import study
from tests.factories import make_card, make_goal, make_node

pytestmark = pytest.mark.gui

WAIT = 30_000


@pytest.fixture
def ctx(db, profile) -> Iterator[AppContext]:
    watcher = JobWatcher(db, profile.id, listen=False)
    yield AppContext(db, profile, HandlerRegistry(), watcher, None)
    watcher.stop()
    QThreadPool.globalInstance().waitForDone(10_000)


def studied_goal(db, profile_id: int) -> tuple[int, int, int]:
    """A goal with two top-level skills: one studied over the last days, one never."""
    goal = make_goal(db, profile_id, "TCP <b>basics</b>")
    studied = make_node(db, goal, "Congestion control")
    make_node(db, goal, "Window scaling", parent_id=studied)
    untouched = make_node(db, goal, "Handshakes", position=1)
    start = datetime.now(UTC) - timedelta(days=6)
    for i in range(4):
        card = make_card(db, profile_id, goal, f"q{i}", f"a{i}", studied, created_at=start)
        study.record_review(db, profile_id, card, 3, reviewed_at=start + timedelta(hours=1))
        study.record_review(db, profile_id, card, 3, reviewed_at=start + timedelta(days=3))
        study.record_review(db, profile_id, card, 3, reviewed_at=start + timedelta(days=5))
    make_card(db, profile_id, goal, "h", "h", untouched, created_at=start)
    return goal, studied, untouched


def show(qtbot, ctx: AppContext, goal_id: int | None) -> StatsPage:
    page = StatsPage(ctx)
    qtbot.addWidget(page)
    page.resize(QSize(1000, 900))
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show_goal(goal_id)
    return page


def painted(chart, where):
    """The colour at ``where(chart)``, measured after the grab laid the chart out."""
    image = chart.grab().toImage()
    point = where(chart)
    return image.pixelColor(QPoint(round(point.x()), round(point.y())))


def test_goal_statistics_render_charts_with_data(qtbot, db, profile, ctx) -> None:
    goal, _studied, _untouched = studied_goal(db, profile.id)
    page = show(qtbot, ctx, goal)
    assert page.title.text() == "Statistics \u2014 TCP <b>basics</b>"  # plain text
    assert page.reviews_tile.value.text() == "12"
    assert page.cards_tile.value.text() == "5"
    assert page.retention_tile.value.text() == "100%"  # every mature review passed
    assert page.retention_tile.detail.text() == "of 4 mature reviews"
    assert page.reviews_tile.detail.text() == "on 3 days"

    reviews = page.reviews_chart.values
    assert len(reviews) == 30 and sum(reviews) == 12 and reviews.count(4) == 3
    tallest = reviews.index(4)
    assert painted(page.reviews_chart, lambda c: c.bar_rect(tallest).center()) == (
        page.reviews_chart.series_color()
    )
    assert sum(page.due_chart.values) == 4  # every studied card is due within 30 days

    # Mastery per top-level skill, in tree order; the studied one has a fading forecast.
    titles = [chart.title for chart in page.forecasts]
    assert titles == ["Mastery forecast: Congestion control", "Mastery forecast: Handshakes"]
    fading = page.forecasts[0].values
    assert len(fading) == 31 and 0 < fading[-1] < fading[0] <= 1
    assert painted(page.forecasts[0], lambda c: c.point_at(0)) == (page.forecasts[0].series_color())
    assert page.forecasts[1].values == []  # never studied: the chart says "No data yet"


def test_profile_statistics_cover_every_goal(qtbot, db, profile, ctx) -> None:
    studied_goal(db, profile.id)
    make_goal(db, profile.id, "Empty goal")
    page = show(qtbot, ctx, None)
    assert page.title.text() == "Statistics \u2014 All goals"
    assert sum(page.reviews_chart.values) == 12
    assert sorted(chart.title for chart in page.forecasts) == [
        "Mastery forecast: Empty goal",
        "Mastery forecast: TCP <b>basics</b>",
    ]


def test_unknown_goal_says_so(qtbot, db, profile, ctx) -> None:
    page = StatsPage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.failed, timeout=WAIT) as blocker:
        page.show_goal(424242)
    assert blocker.args == ["No goal 424242."]
    assert page.status.text() == "No goal 424242."


def test_one_day_of_study_is_one_day(qtbot, db, profile, ctx) -> None:
    """Issue 9, defect 7: the tile said "on 1 days"."""
    goal = make_goal(db, profile.id, "Once")
    card = make_card(db, profile.id, goal, "q", "a")
    study.record_review(db, profile.id, card, 3)
    page = show(qtbot, ctx, goal)
    assert page.reviews_tile.value.text() == "1"
    assert page.reviews_tile.detail.text() == "on 1 day"
