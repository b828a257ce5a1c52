"""Every export (CSV, .apkg, backup) is written to a temp file, fsynced, renamed, and its folder
fsynced; a failed write leaves nothing; a temp file of a writer killed with -9 is ours and goes."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from studyapp.services import apkg, backup, interop_csv
from studyapp.services.interop_csv import write_atomically
from tests.factories import make_card, make_goal

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def goal(db, profile, media_root) -> int:
    goal_id = make_goal(db, profile.id, "Atomic")
    make_card(db, profile.id, goal_id, "What is fsync?", "A flush to the disk")
    return goal_id


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("kind", ["csv", "apkg", "backup"])
def test_the_file_is_fsynced_before_the_rename_and_the_folder_after(
    db, profile, goal, tmp_path, monkeypatch, kind
) -> None:
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"))
        real_fsync(fd)

    def replace(src, dst) -> None:  # type: ignore[no-untyped-def]
        events.append(("rename", Path(dst).name))
        real_replace(src, dst)

    out = tmp_path / "out"
    out.mkdir()
    target = out / f"export.{'json' if kind == 'backup' else kind}"
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    if kind == "csv":
        interop_csv.export_csv(db, profile.id, goal, target)
    elif kind == "apkg":
        apkg.export_apkg(db, profile.id, goal, target)
    else:
        backup.backup_profile(db, profile.id, target)
    mine = [e for e in events if e[0] == "fsync" or e[1] == target.name]
    assert mine[-3:] == [("fsync", "file"), ("rename", target.name), ("fsync", "folder")]
    assert target.stat().st_size > 0 and leftovers(out) == []


def test_a_failed_write_leaves_nothing(tmp_path) -> None:
    target = tmp_path / "cards.csv"
    target.write_bytes(b"the learner's old file")

    def broken(handle) -> None:  # type: ignore[no-untyped-def]
        handle.write(b"half a file")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomically(target, broken)
    assert target.read_bytes() == b"the learner's old file"
    assert leftovers(tmp_path) == []


WRITER = """
import sys, time
from pathlib import Path
from studyapp.services.interop_csv import write_atomically

def slow(handle):
    handle.write(b"front,back\\n" * 10_000)
    handle.flush()
    print("writing", flush=True)
    time.sleep(600)

write_atomically(Path(sys.argv[1]), slow)
"""


def test_a_writer_killed_mid_write_leaves_a_temp_the_next_export_removes(
    db, profile, goal, tmp_path
) -> None:
    target = tmp_path / "deck.csv"
    writer = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(WRITER), str(target)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(30)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(30)
        assert writer.stdout is not None
        writer.stdout.close()
    (temp,) = leftovers(tmp_path)
    assert not target.exists()  # the learner's name never held half a file
    assert temp.startswith(f".deck.csv.studyapp-{writer.pid}-")  # recognisably ours, and whose
    old = time.time() - 300  # the writer died five minutes ago
    os.utime(tmp_path / temp, (old, old))
    # The next export into that folder (any file) clears what the dead writer left.
    interop_csv.export_csv(db, profile.id, goal, tmp_path / "other.csv")
    assert leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".csv") == ["other.csv"]


def test_a_live_writers_temp_is_left_alone(tmp_path) -> None:
    """Another process still writing (alive) or a temp touched just now is not ours to take."""
    mine = tmp_path / f".a.csv.studyapp-{os.getppid()}-abc.part"
    fresh = tmp_path / ".b.csv.studyapp-999999999-abc.part"
    for path in (mine, fresh):
        path.write_bytes(b"x")
    write_atomically(tmp_path / "c.csv", lambda h: h.write(b"ok"))
    assert sorted(leftovers(tmp_path)) == sorted([mine.name, fresh.name])
