"""What the tests that run the real app on a real X server share: a private Xvfb, a working
directory the embedded server can use, and the check that the server was stopped.

The working directory is NOT under pytest's ``tmp_path``: as root, pgserver runs PostgreSQL as the
``pgserver`` user and opens the path to it (o+rx) when it starts, but pytest tightens
``/tmp/pytest-of-<user>`` back to 0700 whenever another session starts; the server's stop then
cannot reach its own data directory and the server is left running.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.window_driver import postgres_running

SERVER_STOP_WAIT_S = 30  # a busy 2-core machine's shutdown checkpoint has taken over 15 s


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A private X server on a free display (``-displayfd`` picks it)."""
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.fail(
            "Xvfb is missing: `make test` installs it (sysdeps), or: sudo apt-get install xvfb"
        )
    read, write = os.pipe()
    server = subprocess.Popen(
        [binary, "-displayfd", str(write), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        display = pipe.readline().strip()
    assert display, "Xvfb did not report its display"
    yield f":{display}"
    server.terminate()
    server.wait(10)


@pytest.fixture
def app_dir() -> Iterator[Path]:
    """A working directory for one real app (its data directory is ``app_dir / "data"``)."""
    path = Path(tempfile.mkdtemp(prefix="sa-xvfb-"))
    yield path
    stop_leftover_server(path / "data" / "pgdata")
    shutil.rmtree(path, ignore_errors=True)


def stop_leftover_server(pgdata: Path) -> None:
    """A run that crashed (the bug a test caught) leaves its server running: stop it (fast
    shutdown) so a failing test does not leak a PostgreSQL into the machine."""
    if not postgres_running(pgdata):
        return
    pid = int((pgdata / "postmaster.pid").read_text().split()[0])
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + 15
    while postgres_running(pgdata) and time.monotonic() < deadline:
        time.sleep(0.1)


def server_stopped(data_dir: Path, stops: int = 1) -> str:
    """Wait until the app's embedded server is down and released (the ``stops``-th stop in
    ``release.log``, which every run of the app in ``data_dir`` appends to); return the log.
    Fails if it is still running or a handle of ours was left behind."""
    pgdata = data_dir / "pgdata"
    release_log = data_dir / "release.log"

    def said() -> str:
        return release_log.read_text() if release_log.exists() else "(no release.log)"

    # The helper writes its line just after the server is down: wait for both.
    deadline = time.monotonic() + SERVER_STOP_WAIT_S

    def stopped() -> int:
        return sum(" stopped " in line for line in said().splitlines())

    while (postgres_running(pgdata) or stopped() < stops) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not postgres_running(pgdata), f"the embedded PostgreSQL is still running: {said()}"
    assert stopped() >= stops, said()
    assert json.loads((pgdata / ".handle_pids.json").read_text()) == []
    return said()
