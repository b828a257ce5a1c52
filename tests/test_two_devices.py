"""One learner, two devices, one server (issue 20).

The study queue does not hand the same card to both devices at once, and says so when a card
was already in one device's queue; a review made in another process shows in the window within
its 3-second refresh.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from studyapp.services import study
from studyapp.services.study_presence import LEASE, release, review_stamp, take
from tests.factories import make_card, make_goal

ROOT = Path(__file__).resolve().parent.parent


def test_the_queue_leaves_out_what_the_other_device_shows_and_says_so(db, profile) -> None:
    goal = make_goal(db, profile.id, "TCP")
    cards = [make_card(db, profile.id, goal, f"Q{i}", f"A{i}") for i in range(3)]
    laptop_queue = study.due_queue(db, profile.id, goal_id=goal, device="laptop").cards
    desktop_queue = study.due_queue(db, profile.id, goal_id=goal, device="desktop").cards
    assert [c.card_id for c in laptop_queue] == [c.card_id for c in desktop_queue] == cards
    first = laptop_queue[0]
    assert take(db, profile.id, first.card_id, device="laptop", queued_due=first.due).status == (
        "yours"
    )
    # The desktop's next queue leaves it out; the laptop's own still has it.
    again = study.due_queue(db, profile.id, goal_id=goal, device="desktop").cards
    assert [c.card_id for c in again] == cards[1:]
    assert first.card_id in [
        c.card_id for c in study.due_queue(db, profile.id, goal_id=goal, device="laptop").cards
    ]
    # A card already in the desktop's older queue: not handed over silently.
    taken = take(db, profile.id, first.card_id, device="desktop", queued_due=desktop_queue[0].due)
    assert taken.status == "elsewhere" and taken.by == "laptop"
    assert "open on your other device too (laptop)" in taken.sentence()
    # The laptop grades it: the desktop's old queue entry is skipped, saying why.
    study.record_review(db, profile.id, first.card_id, 3, device="laptop")
    done = take(db, profile.id, first.card_id, device="desktop", queued_due=desktop_queue[0].due)
    assert done.status == "done" and "graded on another device" in done.sentence()
    # A device that vanished holds its cards only until the lease runs out.
    second = laptop_queue[1]
    take(db, profile.id, second.card_id, device="laptop", queued_due=second.due)
    later = second.due + LEASE + timedelta(seconds=120)
    assert take(db, profile.id, second.card_id, device="desktop", now=later).status == "yours"
    assert release(db, profile.id, "desktop") == 1


def test_a_review_in_another_process_shows_within_the_refresh(
    qtbot, main_window, db, profile
) -> None:
    goal = make_goal(db, profile.id, "TCP")
    card = make_card(db, profile.id, goal, "What is cwnd?", "The congestion window")
    with qtbot.waitSignals([main_window.database_ready, main_window.goals_loaded], timeout=30_000):
        main_window.open_database()
    qtbot.waitUntil(lambda: main_window.goal_page.snapshot is not None, timeout=10_000)
    page, watcher = main_window.goal_page, main_window.ctx.watcher
    assert page.snapshot.version.reviewed is None
    with qtbot.waitSignal(watcher.refreshed, timeout=10_000):
        pass  # one tick first: the window knows the stamp before the other device studies
    before = review_stamp(db, profile.id)
    script = textwrap.dedent(
        f"""
        from studyapp.db.database import Database
        from studyapp.services import study
        db = Database({db.url!r})
        study.record_review(db, {profile.id}, {card}, 3)
        db.dispose()
        """
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert other.returncode == 0, other.stderr
    assert review_stamp(db, profile.id) != before
    # Within the 3 s poll (plus its round trip): the window hears of it and re-reads the goal.
    with qtbot.waitSignals([watcher.reviews_changed, page.snapshot_applied], timeout=6_000):
        pass
    with db.engine.connect() as conn:
        at = conn.execute(text("SELECT reviewed_at FROM reviews")).scalar_one()
    assert page.snapshot.version.reviewed == at


def test_the_study_page_says_when_the_other_device_shows_the_card_too(
    qtbot, db, profile, tmp_path, monkeypatch
) -> None:
    """The laptop opened the second card after this window's queue was made: when this window
    comes to it, the card says so; a card the laptop graded meanwhile is skipped, saying so."""
    from PySide6.QtCore import Qt, QThreadPool

    from studyapp.gui.context import AppContext
    from studyapp.gui.job_watcher import JobWatcher
    from studyapp.gui.study import StudyPage
    from studyapp.jobs.registry import HandlerRegistry
    from tests.gui_input import press

    goal = make_goal(db, profile.id, "TCP")
    cards = [make_card(db, profile.id, goal, f"card {i}", f"answer {i}") for i in range(3)]
    watcher = JobWatcher(db, profile.id, listen=False)
    page = StudyPage(AppContext(db, profile, HandlerRegistry(), watcher, None))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    try:
        with qtbot.waitSignal(page.leased, timeout=10_000) as first:
            page.start(goal, mode="flip")
        assert first.args == [cards[0], "yours"]
        queued = {c.card_id: c.due for c in page.session.queue}
        take(db, profile.id, cards[1], device="laptop", queued_due=queued[cards[1]])
        press(qtbot, Qt.Key.Key_Space)
        with qtbot.waitSignal(page.leased, timeout=10_000) as second:
            press(qtbot, Qt.Key.Key_3)
        assert second.args == [cards[1], "elsewhere"]
        assert page.study_view.front_label.text() == "card 1"
        assert "open on your other device too (laptop)" in page.study_view.status_label.text()
        # The laptop grades the third card before this window gets to it: skipped, said.
        study.record_review(db, profile.id, cards[2], 3, device="laptop")
        press(qtbot, Qt.Key.Key_Space)
        with qtbot.waitSignal(page.leased, timeout=10_000) as third:
            press(qtbot, Qt.Key.Key_3)
        assert third.args == [cards[2], "done"]
        qtbot.waitUntil(
            lambda: "graded on another device" in page.study_view.status_label.text(),
            timeout=10_000,
        )
    finally:
        page.stop()
        watcher.stop()
        QThreadPool.globalInstance().waitForDone(10_000)
