"""Files the learner asked for (exports, backups) appear whole or not at all, and survive a crash.

A file is written to a temp file beside its target, flushed and fsynced, renamed over the target,
and then the folder is fsynced too: without the first fsync a power cut after the rename can
leave an empty or half-written file under the learner's name (the rename reached the disk before
the data); without the second the rename itself may be lost. On any failure the temp file goes.

A process killed mid-write (kill -9, a power cut) cannot remove its temp file, so temp files are
named recognisably, ``.<target>.studyapp-<pid>-<random>.part``, and every later write into the
same folder removes the ones whose writer is gone (no such process, and untouched for a while:
the folder may be shared with another machine, whose process ids mean nothing here).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from studyapp.errors import BadInput

log = logging.getLogger(__name__)

MARK = ".studyapp-"
SUFFIX = ".part"
STALE_AFTER_S = 60.0  # a live writer on another machine touches its temp file more often
_TEMP = re.compile(r"^\..+\.studyapp-(?P<pid>\d+)-[^.]+\.part$")


def temp_name_pid(name: str) -> int | None:
    """The writer's process id if ``name`` is one of our temp files, else None."""
    match = _TEMP.match(name)
    return int(match.group("pid")) if match else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


def clean_stale_temps(directory: Path, *, now: float | None = None) -> list[Path]:
    """Remove our temp files in ``directory`` left by writers that died; returns what went.
    Never raises: a folder that cannot be listed just keeps its leftovers."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        pid = temp_name_pid(entry.name)
        if pid is None or pid == os.getpid() or _alive(pid):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER_S:
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    if removed:
        log.info("removed %d unfinished file(s) of a writer that died: %s", len(removed), removed)
    return removed


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable. Platforms without directory file descriptors
    (Windows) make renames durable by themselves."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the file itself is on disk
    finally:
        os.close(fd)


def write_atomically(path: Path, data_writer: Callable[[BinaryIO], object]) -> None:
    """Write ``path`` through ``data_writer(handle)`` so it is never seen half-written (see the
    module docstring). Raises BadInput for a folder that does not exist."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise BadInput(f"Cannot write {path}: the folder {directory} does not exist.")
    clean_stale_temps(directory)
    fd, tmp = tempfile.mkstemp(
        dir=directory, prefix=f".{path.name}{MARK}{os.getpid()}-", suffix=SUFFIX
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            data_writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_directory(directory)
