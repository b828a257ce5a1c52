"""The material limit is one rule, applied once, on what the learner gave: a file of exactly the
documented 2,000,000 bytes is accepted (its cleaned text may be a little longer), one byte more
is refused with a message that says both sizes, in the command line and in the window."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.handlers.common import MAX_MATERIAL_BYTES
from studyapp.jobs import store
from tests.factories import make_goal
from tests.gen_support import FIXTURE
from tests.helpers import run_cli_here


def material_file(path: Path, size: int) -> Path:
    """Markdown notes repeated to exactly ``size`` bytes (ASCII: one byte a character). Its
    cleaned text is longer than ``size`` (headings and lists are rewritten), which is what
    refused a file of exactly the limit."""
    raw = FIXTURE.read_bytes()
    path.write_bytes((raw * (size // len(raw) + 1))[:size])
    assert path.stat().st_size == size
    return path


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    return (
        material_file(tmp_path / "exact.md", MAX_MATERIAL_BYTES),
        material_file(tmp_path / "over.md", MAX_MATERIAL_BYTES + 1),
    )


def test_the_command_line_takes_exactly_the_limit_and_refuses_one_byte_more(
    db, profile, pg_server_url, two_files
) -> None:
    exact, over = two_files
    goal = make_goal(db, profile.id, "Congestion")
    url = ["--database-url", pg_server_url]
    taken = run_cli_here(*url, "generate", "cards", str(goal), "--from", str(exact))
    assert taken.returncode == 0, taken.stderr
    job = store.get_job(db, profile.id, int(taken.stdout.split()[-1]))
    assert job.status == "pending" and job.payload.get("material_z")
    refused = run_cli_here(*url, "generate", "cards", str(goal), "--from", str(over))
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "studyapp: over.md is too large (2,000,001 bytes of text; the limit is 2,000,000 bytes, "
        "2 MB). Split it into smaller files."
    )
    assert len(store.list_jobs(db, profile.id)) == 1  # nothing else was queued


@pytest.mark.gui
def test_the_window_takes_exactly_the_limit_and_refuses_one_byte_more(
    qtbot, main_window, db, profile, two_files
) -> None:
    from tests.gui_driving import drop_files

    exact, over = two_files
    make_goal(db, profile.id, "Congestion")
    window = main_window
    window.show()
    with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=30_000):
        window.open_database()
    page = window.goal_page
    qtbot.waitUntil(lambda: page.snapshot is not None, timeout=10_000)
    # Dropped on the page: the submission is accepted and its real job gets the placeholder.
    assert drop_files(qtbot, page, [exact])
    rows = page.deck_model.placeholder_rows
    qtbot.waitUntil(lambda: len(rows()) == 1 and rows()[0].job.id > 0, timeout=20_000)
    assert not window.banner.isVisible()
    # One byte more: refused in one sentence on the banner, and no job.
    assert drop_files(qtbot, page, [over])
    qtbot.waitUntil(window.banner.isVisible, timeout=20_000)
    assert "over.md is too large (2,000,001 bytes of text" in window.banner.label.text()
    assert len(store.list_jobs(db, profile.id)) == 1
