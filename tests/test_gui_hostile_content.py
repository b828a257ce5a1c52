"""Hostile content on screen (issue 19, defects 4 and 5): cards as an import or a backup may
store them (``<img src="file:///…">`` naming a local file, a ``<script>``, a 5 MB field, 10,000
nested tags) shown in the deck with a hover on every row, in the browser with a hover, studied
as flashcards and as a quiz, in the real window.

Two things must hold. No file outside the media folder is opened: watched at the Python level by
an audit hook on ``open`` and at the Qt level by the file's access time (set before its
modification time, so the first read moves it, even on a ``relatime`` mount). And no frame is
longer than 100 ms: a 10 ms timer on the GUI thread records the thread's CPU time between two
ticks (CPU, not wall time, so a loaded machine does not make it fail; a 5 MB layout is seconds
of CPU).
"""

from __future__ import annotations

import os
import sys
import time

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from studyapp.gui.window_parts import GOAL_ID_ROLE
from tests.factories import make_card, make_distractors, make_goal, make_node
from tests.gui_driving import choose_menu, click_row

pytestmark = pytest.mark.gui
WAIT = 30_000
FRAME_BUDGET_S = 0.100
_opened: list[str] = []  # paths under the watched folder opened from Python (audit hook)
_watched: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _watched and args and isinstance(args[0], str | bytes | os.PathLike):
        path = os.fsdecode(args[0])
        if any(path.startswith(folder) for folder in _watched):
            _opened.append(path)


_hooked: list[bool] = []


def watch_opens(folder: str) -> None:
    """Record Python-level opens under ``folder`` (a hook cannot be removed: it is added once,
    when this test first runs, and records only while a folder is watched)."""
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked.append(True)
    _watched.append(folder)


class FrameWatch:
    """The GUI thread's CPU time between ticks of a 10 ms timer: the longest is the longest
    the window could not paint."""

    def __init__(self, parent) -> None:
        self.longest = 0.0
        self.where = ""
        self.step = ""
        self._last = time.thread_time()
        self.timer = QTimer(parent)
        self.timer.setObjectName("test-frame-watch")
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.thread_time()
        if now - self._last > self.longest:
            self.longest, self.where = now - self._last, self.step
        self._last = now

    def stop(self) -> None:
        self.timer.stop()


def hover(qtbot, view, index) -> str:
    """What a learner's pointer resting on the row does: a ToolTip help event there."""
    view.scrollTo(index)
    point = view.visualRect(index).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.wait(30)
    shown = QToolTip.text()
    QToolTip.hideText()
    return shown


def test_hostile_cards_open_no_file_and_never_freeze_the_window(
    qtbot, main_window, db, profile, tmp_path, media_root, monkeypatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.red)
    assert image.save(str(secret))
    stat = secret.stat()
    os.utime(secret, (stat.st_mtime - 3600, stat.st_mtime))  # atime before mtime: a read moves it
    before = secret.stat().st_atime
    src = secret.as_uri()
    hostile = [
        (f'<img src="{src}">', f'<script>alert("{src}")</script>'),
        ("A field of five megabytes", ("<img src='" + src + "'> words " * 160_000)[:5_000_000]),
        ("<b>" * 10_000 + "deep" + "</b>" * 10_000, f"<p><img src='{src}'></p>" * 3),
    ]
    goals, cards = [], []
    for title in ("Hostile deck", "Hostile quiz"):  # one studied as flashcards, one as a quiz
        goal = make_goal(db, profile.id, title)
        node = make_node(db, goal, "Everything")
        for front, back in hostile:
            card = make_card(db, profile.id, goal, front, back, node_id=node)
            options = [f'<img src="{src}"> a', "<script>b</script>", "c" * 2_000]
            make_distractors(db, card, options)
            cards.append(card)
        goals.append(goal)
    window = main_window
    with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=WAIT):
        window.open_database()
    page = window.goal_page
    qtbot.waitUntil(lambda: page.deck_model.card_count() == 3, timeout=WAIT)
    watch_opens(str(outside))
    watch = FrameWatch(window)
    try:
        watch.step = "deck"
        tips = [hover(qtbot, page.deck, page.deck_model.index(row, 0)) for row in range(3)]
        assert secret.stat().st_atime == before, "hovering the deck read a file a card named"
        watch.step = "browser"
        browser = window.browser_page
        with qtbot.waitSignal(browser.searched, timeout=WAIT):
            choose_menu(qtbot, window, "go", "browser")
        qtbot.waitUntil(lambda: all(browser.model.row(c) for c in cards), timeout=WAIT)
        for row in range(6):
            for column in (0, 1):
                hover(qtbot, browser.table, browser.model.index(row, column))
        study = window.study_page
        for goal, mode, menu in zip(goals, ("flip", "choice"), ("study", "quiz"), strict=True):
            watch.step = mode
            (row,) = window.goal_model.match(
                window.goal_model.index(0, 0), GOAL_ID_ROLE, goal, 1, Qt.MatchFlag.MatchExactly
            )
            click_row(qtbot, window.sidebar, row)  # the goal in the sidebar, as a person opens it
            qtbot.waitUntil(lambda goal=goal: window.current_goal_id() == goal, timeout=WAIT)
            with qtbot.waitSignal(study.card_shown, timeout=WAIT):
                choose_menu(qtbot, window, "go", menu)
            for _ in range(3):
                shown = study.current().card_id
                if mode == "choice":
                    qtbot.waitUntil(study.study_view.options_box.isVisible, timeout=WAIT)
                    with qtbot.waitSignal(study.review_recorded, timeout=WAIT):
                        qtbot.keyClick(study, Qt.Key.Key_1)
                    qtbot.keyClick(study, Qt.Key.Key_Space)
                else:
                    qtbot.keyClick(study, Qt.Key.Key_Space)  # reveal
                    with qtbot.waitSignal(study.review_recorded, timeout=WAIT):
                        qtbot.keyClick(study, Qt.Key.Key_4)  # Easy: not due again today
                qtbot.waitUntil(
                    lambda shown=shown: study.current() is None or study.current().card_id != shown,
                    timeout=WAIT,
                )
        qtbot.keyClick(study, Qt.Key.Key_Escape)
    finally:
        watch.stop()
        _watched.clear()
    print(
        f"hostile content: longest GUI-thread frame {watch.longest * 1000:.0f} ms ({watch.where})"
    )
    assert _opened == [], _opened
    assert secret.stat().st_atime == before, "the window read a file named by a card"
    assert watch.longest < FRAME_BUDGET_S, (
        f"a frame of {watch.longest * 1000:.0f} ms during {watch.where}"
    )
    assert "&lt;img src=" in tips[0]  # shown literally (escaped), never as an image
    assert all(len(tip) < 10_000 for tip in tips)
