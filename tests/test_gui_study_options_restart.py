"""Study options saved in the real window hold across a real restart of the process: the app
runs as a child process (its own QApplication and exit path) that saves a new preset through the
dialog and quits with Ctrl+Q; a second process opens the dialog and shows the same values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.factories import make_cards, make_goal
from tests.helpers import run_driver

pytestmark = [pytest.mark.gui, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "study_options_driver.py"


def drive(script: str, url: str, workdir: Path) -> list[str]:
    returncode, lines, log = run_driver(
        DRIVER,
        [script],
        workdir,
        120,
        STUDYAPP_DATABASE_URL=url,
        STUDYAPP_VECTORS_DIR=str(workdir / "vectors"),
    )
    assert returncode == 0, f"{lines}\n{log[-3000:]}"
    assert not any(line.startswith("FAIL") for line in lines), lines
    return lines


def test_saved_study_options_hold_after_a_restart(db, profile, pg_server_url, tmp_path) -> None:
    goal = make_goal(db, profile.id, "Organic chemistry")
    make_cards(db, profile.id, goal, 3)

    saved = drive("save", pg_server_url, tmp_path)
    assert "STEP saved" in saved and "STEP window-shown True" in saved
    with db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT s.name, s.new_per_day, s.reviews_per_day, s.desired_retention, "
                "s.learning_steps, s.bury_siblings FROM goals g "
                "JOIN study_presets s ON s.id = g.preset_id WHERE g.id = :g"
            ),
            {"g": goal},
        ).one()
    assert tuple(row) == ("Exam", 7, 150, pytest.approx(0.85), [120, 1200], False)

    shown = drive("show", pg_server_url, tmp_path)
    assert "STEP window-shown True" in shown
    (line,) = [line for line in shown if line.startswith("SHOWN ")]
    assert json.loads(line.removeprefix("SHOWN ")) == {
        "preset": "Exam",
        "new_per_day": 7,
        "reviews_per_day": 150,
        "retention": 0.85,
        "learning_steps": "2m 20m",
        "bury_siblings": False,
    }
