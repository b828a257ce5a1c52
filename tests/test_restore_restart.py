"""The window's restore, across a real restart of the process: the learner makes a goal of their
own, restores a backup beside it with File → Restore…, quits; the app is started again as a new
process and shows the restored goal, its cards, its reviews and its pictures and sounds (each
process the real app, offscreen, with its own embedded PostgreSQL; ``tests/restore_driver.py``
is the learner)."""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from studyapp.services import backup, study
from studyapp.services.interop_media import media_dir
from tests.factories import make_card, make_goal, make_node
from tests.helpers import run_driver
from tests.window_driver import postgres_running

pytestmark = [pytest.mark.gui, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "restore_driver.py"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
OGG = b"OggS" + bytes(range(256)) * 4


def drive(workdir: Path, *args: str) -> tuple[int, list[str], str]:
    """Run the real app with a restore_driver script; (exit code, its lines, its log)."""
    return run_driver(DRIVER, args, workdir, 300, STUDYAPP_PROVIDER="offline")


def test_a_restore_in_the_window_is_there_after_a_restart(db, profile, request, media_root):
    # The backup, made from another profile's data: a goal with a skill, cards, reviews, media.
    folder = media_dir(db, profile.id)
    folder.mkdir(parents=True)
    (folder / "chart.png").write_bytes(PNG)
    (folder / "ack.ogg").write_bytes(OGG)
    goal = make_goal(db, profile.id, "Networking")
    node = make_node(db, goal, "Slow start")
    media = [{"name": "chart.png", "side": "front"}, {"name": "ack.ogg", "side": "back"}]
    pictured = make_card(
        db, profile.id, goal, "What does the chart show?", "cwnd", node, media=media
    )
    plain = make_card(db, profile.id, goal, "What halves cwnd?", "A loss", node)
    for card in (pictured, plain, plain):
        study.record_review(db, profile.id, card, 3)
    # Outside pytest's shared basetemp: concurrent pytest sessions of the same user prune each
    # other's numbered folders, and the embedded server's socket path must stay short.
    work = Path(tempfile.mkdtemp(prefix="sa-rr-"))
    request.addfinalizer(lambda: shutil.rmtree(work, ignore_errors=True))
    path = work / "backup.zip"
    made = backup.backup_profile(db, profile.id, path)
    assert made.media_files == 2

    code, lines, log = drive(work, "restore", str(path))
    assert code == 0 and "STEP restored" in " ".join(lines), f"{lines}\n{log[-3000:]}"
    said = json.loads(next(line for line in lines if line.startswith("STEP restored"))[14:])
    assert said.startswith("Restored 1 goal, 2 cards, 3 reviews and 2 media files into")
    assert "beside its 1 goal" in said

    code, lines, log = drive(work, "check")
    assert code == 0, f"{lines}\n{log[-3000:]}"
    shown = json.loads(next(line for line in lines if line.startswith("SHOWN "))[6:])
    assert shown["goals"] == ["My own goal", "Networking"]
    assert shown["fronts"] == ["What does the chart show?", "What halves cwnd?"]
    assert shown["stats"] == {"reviews": "3", "cards": "2"}
    assert shown["media"] == {"chart.png": len(PNG), "ack.ogg": len(OGG)}
    assert "Traceback" not in log, log[-3000:]
    pgdata = work / "data" / "pgdata"
    deadline = time.monotonic() + 30  # the detached helper stops the server after the quit
    while postgres_running(pgdata) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not postgres_running(pgdata)
