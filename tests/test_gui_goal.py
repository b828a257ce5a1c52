"""The learner's stories in the real window: offscreen, real PostgreSQL, real job engine, a
scripted provider. No sleeps: every wait is on a signal or a condition."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from sqlalchemy import text

from studyapp.config import AppConfig
from studyapp.gui.deck_model import DeckModel
from studyapp.gui.main_window import MainWindow
from studyapp.gui.placeholder import phase_of
from studyapp.gui.tree_model import JOB_ROLE, KIND_ROLE, NODE_ID_ROLE, SkillTreeModel
from studyapp.jobs import store
from studyapp.services import generation, goals
from tests.factories import make_card, make_goal, make_node
from tests.gui_support import TOP_LEVEL, ScriptedProvider, scripted_registry

pytestmark = pytest.mark.gui


@pytest.fixture
def provider():
    p = ScriptedProvider()
    yield p
    p.release_all()


@pytest.fixture
def open_window(qtbot, db, profile, pg_server_url, tmp_path, provider):
    """Open the real main window; after the test, shut it down and check nothing leaked."""
    windows: list[MainWindow] = []

    def make(*, run_jobs: bool = True, listen: bool = False) -> MainWindow:
        registry = scripted_registry(provider, tmp_path / "vectors")
        window = MainWindow(
            AppConfig(data_dir=tmp_path, database_url=pg_server_url),
            registry=registry,
            run_jobs=run_jobs,
            threads=2,
            listen=listen,
        )
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.database_ready, timeout=30_000):
            window.open_database()
        qtbot.waitUntil(lambda: window.ctx is not None)
        windows.append(window)
        return window

    yield make
    provider.release_all()
    for window in windows:
        window.shutdown()
        active = [t for t in window.findChildren(QTimer) if t.isActive()]
        assert active == [], (
            f"timers left running: {[(t.objectName(), t.parent(), t.interval()) for t in active]}"
        )
        assert not window.clock.running
    assert QThreadPool.globalInstance().waitForDone(10_000), "global pool work leaked"


def deck_rows(window: MainWindow) -> list[tuple[str, str]]:
    model: DeckModel = window.goal_page.deck_model
    out = []
    for row in model.rows():
        if row.card is not None:
            out.append(("card", row.card.front))
        else:
            out.append(("job", phase_of(row.job).value))
    return out


def tree_items(model: SkillTreeModel) -> list[tuple[int, str, str]]:
    """(depth, kind, text) of every row, depth-first."""
    out = []

    def walk(parent, depth):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append((depth, index.data(KIND_ROLE), index.data()))
            walk(index, depth + 1)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex(), 0)
    return out


def select_node(window: MainWindow, node_id: int) -> None:
    page = window.goal_page
    index = page.tree_model.index_for_node(node_id)
    assert index.isValid()
    page.tree.setCurrentIndex(index)


# (1) Start card generation, go to another goal and back while it runs: the cards are there.
def test_cards_arrive_after_navigating_away_and_back(open_window, qtbot, db, profile, provider):
    goal_a = make_goal(db, profile.id, "Networking")
    node = make_node(db, goal_a, "Slow start")
    make_card(db, profile.id, goal_a, front="Existing card", back="kept", node_id=node)
    goal_b = make_goal(db, profile.id, "Cooking")
    provider.hold("cards")
    window = open_window()
    qtbot.waitUntil(lambda: window.goal_model.rowCount() == 2)
    page = window.goal_page
    with qtbot.waitSignal(page.snapshot_applied):
        window.show_goal(goal_a)
    select_node(window, node)
    page.generate_for_selected()
    # The placeholder shows at once, before the submission returned.
    assert deck_rows(window) == [("card", "Existing card"), ("job", "pending")]
    qtbot.waitUntil(lambda: provider.entered["cards"].is_set(), timeout=15_000)
    qtbot.waitUntil(lambda: ("job", "processing") in deck_rows(window), timeout=10_000)
    # Away, then back, while the job runs.
    with qtbot.waitSignal(page.snapshot_applied):
        window.show_goal(goal_b)
    assert deck_rows(window) == []
    with qtbot.waitSignal(page.snapshot_applied):
        window.show_goal(goal_a)
    assert ("job", "processing") in deck_rows(window)
    provider.release("cards")
    qtbot.waitUntil(
        lambda: (
            deck_rows(window)
            == [("card", "Existing card")]
            + [("card", f"Question {i} about Slow start?") for i in (1, 2, 3)]
        ),
        timeout=15_000,
    )
    assert page.deck_label.text() == "4 cards in this goal"


# (3) New goal → tree skeleton → branches appear → one fails → Retry fixes it.
def test_new_goal_tree_grows_and_a_failed_branch_is_retried(
    open_window, qtbot, db, profile, provider
):
    provider.hold("tree")
    provider.fail_branch("Congestion window", times=1)
    window = open_window()
    page = window.goal_page
    window.create_goal("Understand TCP congestion control")
    # The skeleton: one placeholder row saying what is being made.
    qtbot.waitUntil(lambda: page.goal_id is not None, timeout=10_000)
    qtbot.waitUntil(
        lambda: [k for _d, k, _t in tree_items(page.tree_model)] == ["placeholder"], timeout=10_000
    )
    assert tree_items(page.tree_model)[0][2].startswith("Generating skills")
    provider.release("tree")

    # Top level appears, then each branch fills in; the failing one shows its error and Retry.
    def settled():
        items = tree_items(page.tree_model)
        top = [t for d, k, t in items if d == 0 and k == "node"]
        failed = [t for d, k, t in items if k == "placeholder" and t.startswith("Skills could not")]
        return (
            top == list(TOP_LEVEL)
            and len(failed) == 1
            and sum(1 for d, k, _t in items if d == 1 and k == "node") == 4
        )

    qtbot.waitUntil(settled, timeout=20_000)
    items = tree_items(page.tree_model)
    assert (1, "node", "Basics: first idea") in items
    assert (1, "node", "Loss recovery: second idea") in items
    failed_text = next(t for _d, k, t in items if k == "placeholder")
    assert "declined to outline" in failed_text
    # Retry by keyboard on the failed row.
    model = page.tree_model
    branch = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, 0).data() == "Congestion window"
    )
    failed_index = model.index(0, 0, branch)
    assert failed_index.data(KIND_ROLE) == "placeholder"
    page.tree.setCurrentIndex(failed_index)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (1, "node", "Congestion window: first idea") in tree_items(page.tree_model),
        timeout=20_000,
    )
    assert not [k for _d, k, _t in tree_items(page.tree_model) if k == "placeholder"]
    tree_job = page.snapshot.tree_job
    assert tree_job is not None and store.get_job(db, profile.id, tree_job.id).status == "completed"


# (4) Every in-progress generation has a visible placeholder; a failure shows Retry within one
# refresh, also when the job ran in ANOTHER process (here: changed behind the window's back).
def test_placeholders_and_failure_within_one_refresh(open_window, qtbot, db, profile):
    goal = make_goal(db, profile.id, "Biology")
    nodes = [make_node(db, goal, f"Topic {i}", position=i) for i in range(3)]
    window = open_window(run_jobs=False)  # nothing runs here: another worker would
    registry = window.ctx.registry
    jobs = [
        generation.submit_cards(db, profile.id, goal, node_id=n, registry=registry).job
        for n in nodes
    ]
    page = window.goal_page
    with qtbot.waitSignal(page.snapshot_applied):
        window.show_goal(goal)
    assert deck_rows(window) == [("job", "pending")] * 3
    for row in page.deck_model.rows():
        index = page.deck_model.index(page.deck_model.row_of(row.key))
        assert index.data().startswith("Generating flashcards")
        assert not (page.deck_model.flags(index) & Qt.ItemFlag.ItemIsSelectable)
    assert window.clock.running  # spinners animate while placeholders are busy
    # Another process fails one job for good and starts another.
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE jobs SET status='failed', attempts=3, error='Overloaded (529), 3 times.', "
                "completed_at=now() WHERE id=:id"
            ),
            {"id": jobs[0].id},
        )
        conn.execute(
            text("UPDATE jobs SET status='processing', attempts=2 WHERE id=:id"), {"id": jobs[1].id}
        )
    with qtbot.waitSignal(window.ctx.watcher.jobs_changed, timeout=5_000):  # one 3-s refresh
        pass
    qtbot.waitUntil(lambda: deck_rows(window)[0] == ("job", "failed"), timeout=5_000)
    failed = page.deck_model.index(0)
    assert "Overloaded (529), 3 times." in failed.data()
    assert failed.data(Qt.ItemDataRole.AccessibleTextRole).endswith("Press Enter to retry.")
    retrying = page.deck_model.index(1)
    assert "retrying, attempt 2 of 3" in retrying.data()
    # Retry with the keyboard: Enter on the failed row.
    page.deck.setCurrentIndex(failed)
    page.deck.setFocus()
    qtbot.keyClick(page.deck, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: store.get_job(db, profile.id, jobs[0].id).status == "pending", timeout=5_000
    )
    qtbot.waitUntil(lambda: deck_rows(window)[0] == ("job", "pending"), timeout=5_000)


def test_rate_limit_message_and_markup_shown_literally(open_window, qtbot, db, profile):
    goal = make_goal(db, profile.id, "<b>Bold</b> goal")
    node = make_node(db, goal, "<i>node</i>")
    make_card(
        db, profile.id, goal, front="<script>alert(1)</script>", back="&amp; <br>", node_id=node
    )
    window = open_window(run_jobs=False)
    registry = window.ctx.registry
    for i in range(20):  # the hour's 20 flashcard generations are used
        other = make_node(db, goal, f"n{i}")
        generation.submit_cards(db, profile.id, goal, node_id=other, registry=registry)
    page = window.goal_page
    with qtbot.waitSignal(page.snapshot_applied):
        window.show_goal(goal)
    assert page.title.text() == "<b>Bold</b> goal"
    assert page.title.textFormat() == Qt.TextFormat.PlainText
    card_row = next(r for r in page.deck_model.rows() if r.card is not None)
    index = page.deck_model.index(page.deck_model.row_of(card_row.key))
    assert index.data() == "<script>alert(1)</script>\n&amp; <br>"
    assert page.tree_model.index_for_node(node).data() == "<i>node</i>"
    select_node(window, node)
    with qtbot.waitSignal(page.error, timeout=10_000) as refused:
        page.generate_for_selected()
    assert refused.args[0].startswith(
        "20 flashcard generations per hour: the next one can start at"
    )
    qtbot.waitUntil(lambda: window.banner.isVisible())
    assert window.banner.label.text() == refused.args[0]
    # The optimistic placeholder was taken back: no phantom generation.
    assert not any(r.job is not None and r.job.id < 0 for r in page.deck_model.rows())


def test_job_finished_by_a_studyapp_worker_appears_by_itself(
    open_window, qtbot, db, profile, pg_server_url, tmp_path
):
    """A real `studyapp worker` process (offline generator) runs the job; the window runs no
    jobs and its 3-s poll is stopped, so only the NOTIFY can tell it: the cards appear."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from studyapp.services.material import Material

    goal = make_goal(db, profile.id, "Networking")
    window = open_window(run_jobs=False, listen=True)
    assert window.ctx.watcher.wait_listening()
    window.ctx.watcher.timer.stop()  # prove it is the notification, not the poll
    prose = (Path(__file__).parent / "fixtures" / "congestion.md").read_text(encoding="utf-8")
    material = Material(text=prose, source="notes", encoding="utf-8")
    job = generation.submit_cards(
        db, profile.id, goal, material=material, registry=window.ctx.registry
    ).job
    page = window.goal_page
    with qtbot.waitSignal(page.snapshot_applied):
        window.show_goal(goal)
    assert deck_rows(window) == [("job", "pending")]
    env = dict(
        os.environ,
        STUDYAPP_PROVIDER="offline",
        STUDYAPP_VECTORS_DIR=str(tmp_path / "worker-vectors"),
    )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studyapp",
            "--database-url",
            pg_server_url,
            "worker",
            "--until-idle",
        ],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        qtbot.waitUntil(lambda: worker.poll() is not None, timeout=60_000)
    finally:
        if worker.poll() is None:
            worker.kill()
        _, err = worker.communicate(timeout=30)
    assert worker.returncode == 0, err
    assert store.get_job(db, profile.id, job.id).status == "completed"
    qtbot.waitUntil(
        lambda: deck_rows(window) and all(kind == "card" for kind, _ in deck_rows(window)),
        timeout=10_000,
    )
    fronts = [front for _kind, front in deck_rows(window)]
    assert "What is the congestion window?" in fronts
    window.ctx.watcher.timer.start()


def test_models_pass_qtmodeltester(qtmodeltester, db, profile):
    from studyapp.jobs.contract import JobInfo
    from studyapp.services.cards import CardInfo

    deck = DeckModel()
    card = CardInfo(1, 1, None, "front", "back", "basic", "offline", None, False, None)
    job = JobInfo(
        id=7,
        profile_id=1,
        type="flashcard_generation",
        status="processing",
        payload={},
        attempts=1,
        max_attempts=3,
    )
    deck.set_content([card], [job])
    qtmodeltester.check(deck)
    tree = SkillTreeModel()
    nodes = [
        goals.NodeInfo(
            1, "Root", "", "generating", (goals.NodeInfo(2, "Child", "", "ready"),), job_id=7
        )
    ]
    tree.set_tree(nodes, jobs={7: job}, card_counts={2: 3})
    qtmodeltester.check(tree)
    assert tree.index_for_node(2).data() == "Child"
    assert tree.index(0, 1).data() == "3"
    root = tree.index(0, 0)
    assert tree.index(1, 0, root).data(JOB_ROLE) == job
    assert tree.index(0, 0, root).data(NODE_ID_ROLE) == 2
