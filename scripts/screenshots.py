"""Render the window to PNGs in docs/screenshots/ (offscreen), against a throwaway embedded database.

Run with ``make screenshots``. It builds a real goal with the offline generator (skill tree and
cards, each filed under the section it came from), then leaves one generation
waiting (so its placeholder shows) and one failed (so its error and Retry show), and photographs
the real window: the empty state, the goal page (tree, deck with each card's skill), its File
menu, a flashcard with its grade buttons, multiple-choice study, the card browser (Go → Browse
cards), statistics, the jobs page, a card with pictures and a sound (as an imported Anki deck
brings them), and the goal page and a flashcard again in dark mode. Menus are separate windows: they are painted
onto the window's picture where they open.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STUDYAPP_PROVIDER"] = "offline"
os.environ.setdefault("STUDYAPP_NO_KEYRING", "1")

from PySide6.QtCore import QEventLoop, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from studyapp.config import AppConfig
from studyapp.db.models import Card
from studyapp.gui import theme
from studyapp.gui.main_window import MainWindow
from studyapp.handlers.registry import default_registry
from studyapp.services import generation, goals, study
from studyapp.services.cards import create_card, list_cards
from studyapp.services.interop_media import media_dir
from studyapp.services.material import read_file

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
MATERIAL = ROOT / "tests" / "fixtures" / "congestion.md"
QUIZ_NOTES = ROOT / "tests" / "fixtures" / "organelles.md"  # six definitions of one kind


def wait_for(signal, timeout_ms: int = 60_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(window: MainWindow, name: str, popup=None) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    path = OUT / name
    picture = window.grab()
    if popup is not None:  # a menu is its own window: paint it where it opened
        painter = QPainter(picture)
        painter.drawPixmap(window.mapFromGlobal(popup.pos()), popup.grab())
        painter.end()
    picture.save(str(path))
    print(f"wrote {path}")


OVERLOADED = (
    "["
    + ", ".join(
        f'{{"attempt": {n}, "kind": "transient", "message": "Overloaded (HTTP 529); retried."}}'
        for n in (1, 2)
    )
    + ', {"attempt": 3, "kind": "transient", "message": "Overloaded (HTTP 529) on the last '
    'attempt; giving up."}]'
)


def build_quiz(window: MainWindow) -> int:
    """A second goal for the quiz shot. Offline, a set is made only where the material holds
    three wrong answers of the card's kind (issue 18): the congestion notes' definitions (a
    phase, a state, a limit) hold none, notes that define six organelles do. The set is made
    for the card the quiz shows first."""
    db, profile = window.db, window.profile
    assert db is not None and profile is not None
    registry = default_registry()
    goal = goals.create_goal(db, profile.id, "Cell biology", "Organelles, from my own notes")
    made = generation.submit_cards(
        db, profile.id, goal.id, material=read_file(QUIZ_NOTES), registry=registry
    )
    generation.run_and_wait(db, profile.id, made.job.id, registry=registry)
    first = study.due_queue(db, profile.id, goal_id=goal.id).cards[0]
    wrong = generation.submit_distractors(db, profile.id, first.card_id, registry=registry)
    state = generation.run_and_wait(db, profile.id, wrong.job.id, registry=registry)
    assert state.status == "completed", state.error
    return goal.id


def build_content(window: MainWindow) -> int:
    """A goal with a generated tree and cards, one waiting and one failed generation."""
    db, profile = window.db, window.profile
    assert db is not None and profile is not None
    registry = default_registry()
    goal = goals.create_goal(
        db, profile.id, "Understand TCP congestion control", "From my networking course notes"
    )
    material = read_file(MATERIAL)
    tree = generation.submit_skill_tree(
        db, profile.id, goal.id, material=material, registry=registry
    )
    generation.run_and_wait(db, profile.id, tree.job.id, registry=registry)
    cards = generation.submit_cards(db, profile.id, goal.id, material=material, registry=registry)
    generation.run_and_wait(db, profile.id, cards.job.id, registry=registry)
    # Two weeks of a learner's reviews of the cards from the later sections (the quiz below
    # starts with the first, still new ones), so the statistics have something to show.
    started = datetime.now(UTC) - timedelta(days=14)
    for day in range(0, 14, 2):
        for n, card in enumerate(list_cards(db, profile.id, goal.id)[5:]):
            rating = 1 if (day + n) % 5 == 0 else 3
            study.record_review(
                db,
                profile.id,
                card.id,
                rating,
                reviewed_at=started + timedelta(days=day, minutes=n),
            )
    # Each card is filed under the section it came from (issue 18): no hand filing, which
    # dealt cards round-robin and showed "What is CUBIC?" under "Slow start".
    nodes = goals.skill_tree(db, profile.id, goal.id)
    leaf = nodes[0].children[0] if nodes and nodes[0].children else nodes[0]
    generation.submit_cards(db, profile.id, goal.id, node_id=leaf.id, registry=registry)
    failed = generation.submit_cards(
        db, profile.id, goal.id, node_id=nodes[-1].id, registry=registry
    )
    with db.engine.begin() as conn:  # a generation that failed after its retries
        conn.execute(
            text(
                "UPDATE jobs SET status = 'failed', attempts = 3, completed_at = now(), "
                "error = 'The model service was overloaded (529) on all 3 attempts.', "
                "errors = CAST(:history AS jsonb) WHERE id = :id"
            ),
            {"id": failed.job.id, "history": OVERLOADED},
        )
    return goal.id


def shoot_grade_buttons(window: MainWindow, goal_id: int) -> None:
    """Flashcard study with the answer shown: the grade buttons with their next intervals."""
    window.show_study(goal_id, None, "flip")
    page = window.study_page
    assert page is not None
    wait_for(page.card_shown)
    page.study_view.reveal_button.click()
    if page.study_view.grade_buttons[0].interval_label.text() == "":
        wait_for(page.previewed)
    settle()
    shoot(window, "study-grades.png")


def shoot_browser(window: MainWindow) -> None:
    """The card browser inside the window (Go → Browse cards) over every goal, two rows
    selected."""
    page = window.browser_page
    assert page is not None
    window.menus["browser"].trigger()
    wait_for(page.searched)
    page.table.selectRow(1)
    page.table.selectionModel().select(
        page.model.index(3, 0),
        page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows,
    )
    settle()
    shoot(window, "browser.png")


def diagram(path: Path) -> None:
    """A small labelled drawing standing in for an imported deck's picture."""
    image = QImage(480, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#fdfaf3"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#1f4e79"), 3))
    points = [QPointF(40 + 40 * i, 260 - min(2**i, 16) * 13) for i in range(6)]
    points += [QPointF(280, 156), QPointF(320, 260 - 8 * 13), QPointF(360, 260 - 9 * 13)]
    points += [QPointF(400, 260 - 10 * 13), QPointF(440, 260 - 11 * 13)]
    for a, b in itertools.pairwise(points):
        painter.drawLine(a, b)
    painter.setPen(QPen(QColor("#555555"), 1))
    painter.drawLine(QPointF(30, 270), QPointF(460, 270))
    painter.drawLine(QPointF(30, 20), QPointF(30, 270))
    painter.setPen(QColor("#222222"))
    painter.drawText(QRectF(36, 272, 420, 24), "round trips →")
    painter.drawText(QRectF(36, 20, 200, 24), "cwnd")
    painter.drawText(QRectF(250, 120, 200, 24), "loss: halve")
    painter.end()
    image.save(str(path), "PNG")


def shoot_media(window: MainWindow) -> None:
    """A card as an imported Anki deck brings it: a picture under the question, a sound with
    the answer (revealed)."""
    db, profile = window.db, window.profile
    assert db is not None and profile is not None
    goal = goals.create_goal(db, profile.id, "Networking deck (from Anki)", "")
    card = create_card(
        db,
        profile.id,
        goal.id,
        "What happens to the congestion window at the drop in this graph?",
        "It is halved (multiplicative decrease), then grows by one segment per round trip.",
    )
    folder = media_dir(db, profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    diagram(folder / "cwnd-sawtooth.png")
    (folder / "aimd-explained.mp3").write_bytes(b"ID3")
    refs = [
        {"name": "cwnd-sawtooth.png", "side": "front"},
        {"name": "aimd-explained.mp3", "side": "back"},
    ]
    with db.session() as session:
        session.query(Card).filter(Card.id == card.id).update({"media": refs})
    window.load_goals(select=goal.id)
    wait_for(window.goals_loaded)
    window.show_study(goal.id, None, "flip")
    page = window.study_page
    assert page is not None
    wait_for(page.media_shown)
    QTest.keyClick(page, Qt.Key.Key_Space)
    settle()
    shoot(window, "study-media.png")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Studyapp")
    theme.controller(app).set_appearance("light")
    data_dir = Path(tempfile.mkdtemp(prefix="sa-shots-"))
    os.environ["STUDYAPP_MEDIA_DIR"] = str(data_dir / "media")  # never the learner's folder
    url = os.environ.get("STUDYAPP_DATABASE_URL")
    # No job runner in this window: the waiting generation keeps its placeholder on screen.
    window = MainWindow(AppConfig(data_dir=data_dir, database_url=url), run_jobs=False)
    window.resize(1180, 760)
    window.show()
    window.open_database()
    wait_for(window.database_ready)
    wait_for(window.goals_loaded)
    shoot(window, "empty-state.png")
    goal_id = build_content(window)
    window.load_goals(select=goal_id)
    wait_for(window.goals_loaded)
    window.show_goal(goal_id)
    assert window.goal_page is not None
    wait_for(window.goal_page.snapshot_applied)
    window.goal_page.tree.expandAll()
    window.goal_page.deck.scrollToBottom()
    settle()
    shoot(window, "goal-page.png")
    file_menu = window.menus.menus["file"]
    bar = window.menuBar()
    file_menu.popup(bar.mapToGlobal(bar.actionGeometry(file_menu.menuAction()).bottomLeft()))
    settle()
    shoot(window, "menu-bar.png", popup=file_menu)
    file_menu.hide()
    quiz_goal = build_quiz(window)
    window.load_goals(select=quiz_goal)
    wait_for(window.goals_loaded)
    window.show_study(quiz_goal, None, "choice")
    assert window.study_page is not None
    wait_for(window.study_page.card_shown)
    settle()
    shoot(window, "study-choice.png")
    window.load_goals(select=goal_id)
    wait_for(window.goals_loaded)
    shoot_grade_buttons(window, goal_id)
    shoot_browser(window)
    window.show_stats()
    assert window.stats_page is not None
    wait_for(window.stats_page.loaded)
    shoot(window, "statistics.png")
    window.show_jobs()
    assert window.jobs_page is not None
    wait_for(window.jobs_page.refreshed)
    jobs = window.jobs_page
    failed_row = next(  # the failed generation: its error history fills the detail pane
        row
        for row in range(jobs.model.rowCount())
        if (job := jobs.model.job(row)) is not None and job.status == "failed" and job.attempts > 1
    )
    jobs.table.selectRow(failed_row)
    settle()
    shoot(window, "jobs-page.png")
    shoot_media(window)
    theme.controller().set_appearance("dark")
    window.show_goal(goal_id)
    wait_for(window.goal_page.snapshot_applied)
    window.goal_page.tree.expandAll()
    settle(500)
    shoot(window, "goal-page-dark.png")
    window.show_study(goal_id, None, "flip")  # the study page follows the dark palette too
    wait_for(window.study_page.card_shown)
    window.study_page.study_view.reveal_button.click()
    if window.study_page.study_view.grade_buttons[0].interval_label.text() == "":
        wait_for(window.study_page.previewed)
    settle(500)
    shoot(window, "study-dark.png")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
