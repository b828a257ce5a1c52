"""The window's jobs page says why a Claude job waits: no worker holds its profile's key."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool
from sqlalchemy import text

from studyapp.config import AppConfig
from studyapp.gui.main_window import MainWindow
from studyapp.services.profiles import ensure_profile
from tests.factories import make_goal
from tests.gui_driving import choose_menu


def test_the_jobs_page_says_the_job_waits_for_a_worker_with_the_key(
    qtbot, db, pg_server_url, tmp_path, monkeypatch
) -> None:
    bob = ensure_profile(db, "bob")
    goal = make_goal(db, bob.id, "TCP")
    with db.engine.begin() as conn:
        job_id = conn.execute(
            text(
                "INSERT INTO jobs (profile_id, type, goal_id, payload, requires) VALUES "
                "(:p, 'distractors', :g, '{}', :r) RETURNING id"
            ),
            {"p": bob.id, "g": goal, "r": f"key:{bob.id}"},
        ).scalar_one()
    monkeypatch.setenv("STUDYAPP_VECTORS_DIR", str(tmp_path / "vectors"))
    main_window = MainWindow(
        AppConfig(data_dir=tmp_path, database_url=pg_server_url, profile="bob", profile_given=True),
        run_jobs=False,
        listen=False,
    )
    qtbot.addWidget(main_window)
    main_window.show()
    try:
        _check(qtbot, main_window, job_id)
    finally:
        main_window.shutdown()
        assert QThreadPool.globalInstance().waitForDone(10_000)


def _check(qtbot, main_window: MainWindow, job_id: int) -> None:
    with qtbot.waitSignals([main_window.database_ready, main_window.goals_loaded], timeout=30_000):
        main_window.open_database()
    page = main_window.jobs_page
    with qtbot.waitSignal(page.refreshed, timeout=10_000):
        choose_menu(qtbot, main_window, "go", "jobs")
    row = page.model.row_of(job_id)
    assert row is not None
    status = page.model.index(row, _status_column(page))
    assert status.data() == "waiting for a worker with bob's key"
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "waiting for a worker with bob's key" in page.details.toPlainText()


def _status_column(page) -> int:
    from studyapp.gui.jobs_page import COLUMNS

    return COLUMNS.index("Status")


def test_a_placeholder_says_its_job_waits_for_a_worker_with_the_learners_key() -> None:
    from studyapp.gui.placeholder import placeholder_text
    from studyapp.jobs.contract import JobInfo

    waiting = JobInfo(1, 2, "flashcard_generation", "pending", {}, 0, 3, requires="key:2")
    anywhere = JobInfo(1, 2, "flashcard_generation", "pending", {}, 0, 3)
    assert placeholder_text(waiting).endswith("(waiting for a worker with your API key)")
    assert placeholder_text(anywhere).endswith("(waiting for a free worker)")
