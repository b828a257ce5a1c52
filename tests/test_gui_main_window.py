"""The first window: it shows at once, opens the database in the background, says which one."""

from __future__ import annotations

import pytest

from studyapp.config import AppConfig
from studyapp.gui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_window_opens_and_reports_database(qtbot, pg_server_url: str, db, tmp_path) -> None:
    window = MainWindow(AppConfig(data_dir=tmp_path, database_url=pg_server_url))
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "Studyapp"
    assert window.db_label.text() == "Opening the database\u2026"
    with qtbot.waitSignal(window.database_ready, timeout=30_000):
        window.open_database()
    assert "Database:" in window.db_label.text()
    assert "profile default" in window.db_label.text()
    assert window.pages.currentWidget() is window.empty_page
    assert window.empty_page.button.text() == "Create your first goal"
    window.shutdown()


def test_window_survives_dead_database(qtbot, tmp_path) -> None:
    window = MainWindow(AppConfig(data_dir=tmp_path, database_url="postgresql://me@127.0.0.1:1/x"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.database_failed, timeout=30_000) as blocker:
        window.open_database()
    assert "is the PostgreSQL server running" in blocker.args[0]
    assert window.db_label.text() == "No database"
