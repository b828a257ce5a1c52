"""What the tests that run the real app on a real X server share: a private Xvfb, a working
directory the embedded server can use, the check that the server was stopped, and the walk.

The walk (:func:`walked_app`, once per session) is two processes of the real app on one data
directory: the learner's first path ending in a quit with a generation in flight, then a
restart that uses every menu action once and saves every setting of the settings × restart
matrix. ``test_gui_xvfb_smoke.py`` checks the two runs, ``test_gui_restart_matrix.py`` starts a
third process and reads the settings back. One walk for both: each start of the app costs
seconds, and the suite has a budget.

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
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fake_anthropic import serve
from tests.window_driver import DrivenRun, drive_app, hang_unless_marked, postgres_running

SERVER_STOP_WAIT_S = 30  # a busy 2-core machine's shutdown checkpoint has taken over 15 s


@pytest.fixture
def xvfb() -> Iterator[str]:
    """A private X server on a free display (``-displayfd`` picks it)."""
    yield from _xvfb()


def _xvfb() -> Iterator[str]:
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


# The keyring of the walk's later runs: a file in the app's directory, no key in the environment,
# so the API key saved in Settings must come back from the keyring after the restart.
def keyring_env(app_dir: Path) -> dict[str, str | None]:
    return {
        "ANTHROPIC_API_KEY": None,
        "STUDYAPP_NO_KEYRING": None,
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
        "STUDYAPP_TEST_KEYRING_FILE": str(app_dir / "keyring.json"),
    }


@dataclass
class Walk:
    app_dir: Path
    display: str
    first: DrivenRun  # new goal, material, study, a generation in flight, Ctrl+Q
    first_stop: str  # "" when the server was stopped after it, else why not
    second: DrivenRun  # the restart: every menu action, every matrix setting saved
    plan: dict[str, str]


@pytest.fixture(scope="session")
def walked_app() -> Iterator[Walk]:
    display_server = _xvfb()
    display = next(display_server)
    app_dir = Path(tempfile.mkdtemp(prefix="sa-walk-"))
    try:
        with serve() as fake:
            hang_unless_marked(fake)
            first = drive_app(app_dir, fake.url, display=display)
        try:
            server_stopped(app_dir / "data")
            first_stop = ""
        except AssertionError as exc:
            first_stop = str(exc)
        decks, out = app_dir / "decks", app_dir / "out"
        decks.mkdir()
        out.mkdir()
        (decks / "walk.csv").write_text(
            "front,back\nWhat does ssthresh hold?,The slow start threshold\n", encoding="utf-8"
        )
        plan = {
            "csv": str(decks / "walk.csv"),
            "export": str(out / "walk.apkg"),
            "backup": str(out / "walk.zip"),
        }
        with serve() as fake:
            hang_unless_marked(fake)
            second = drive_app(
                app_dir,
                fake.url,
                display=display,
                script="menus",
                env_changes={**keyring_env(app_dir), "STUDYAPP_DRIVE_PLAN": json.dumps(plan)},
                log_name="walk.log",
            )
        yield Walk(app_dir, display, first, first_stop, second, plan)
    finally:
        stop_leftover_server(app_dir / "data" / "pgdata")
        shutil.rmtree(app_dir, ignore_errors=True)
        with contextlib.suppress(StopIteration):
            next(display_server)
