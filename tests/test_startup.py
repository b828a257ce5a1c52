"""Start-up: the window paints its shell before the database stack is loaded; the goals arrive
after (issue 16: start → first paint took 1.0-1.1 s against 0.135 s for a bare PySide6 window,
because SQLAlchemy, Alembic, numpy and pyarrow were imported first). ``benchmarks/startup.py``
measures the time; this checks the order, in a new process running the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.services import goals

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "alembic", "numpy", "pyarrow", "psycopg", "lancedb", "anthropic")

# At the main window's first paint: which heavy modules are loaded, and what the sidebar holds;
# when the goals arrive: the sidebar again. Then the window is closed the ordinary way.
PROBE = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
seen = {}

def sidebar(window):
    model = window.goal_model
    return [model.item(r).text() for r in range(model.rowCount())]

def arrived(window):
    seen["goals"] = sidebar(window)
    print(json.dumps(seen), flush=True)
    QTimer.singleShot(0, window.close)

class Probe(QObject):
    def eventFilter(self, obj, event):
        if "paint" not in seen and event.type() == QEvent.Type.Paint:
            window = obj.window() if hasattr(obj, "window") else None
            if isinstance(window, QMainWindow):
                seen["paint"] = sorted(m for m in HEAVY if m in sys.modules)
                seen["at_paint"] = sidebar(window)
                window.goals_loaded.connect(lambda: arrived(window))
        return False

HEAVY = json.loads(sys.argv[1]); del sys.argv[1]
probe = Probe()
app.installEventFilter(probe)
from studyapp.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.gui
def test_the_window_paints_before_the_database_stack_loads_and_the_goals_arrive_after(
    db, profile, pg_server_url, tmp_path
) -> None:
    goals.create_goal(db, profile.id, "Understand TCP congestion control")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        STUDYAPP_DATA_DIR=str(tmp_path),
        STUDYAPP_NO_KEYRING="1",
        STUDYAPP_PROVIDER="offline",
    )
    run = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(HEAVY), "--database-url", pg_server_url],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    lines = [x for x in run.stdout.splitlines() if x.startswith("{")]
    assert lines, f"no first paint or no goals ({run.returncode}):\n{run.stderr[-3000:]}"
    seen = json.loads(lines[-1])
    assert seen["paint"] == [], f"loaded before the first paint: {seen['paint']}"
    assert seen["at_paint"] == []  # the shell first ...
    assert seen["goals"] == ["Understand TCP congestion control"]  # ... the goals after
    assert run.returncode == 0, run.stderr[-3000:]
