"""The real app on a real X server (Xvfb, the xcb platform), driven with real input events on
its real window: new goal → add material by the button → placeholders → cards → study three
cards with the keyboard → a generation in flight → Ctrl+Q. The process must be gone within one
second of the quit and leave no embedded PostgreSQL running.

The generator is Claude through the official SDK against the fake Messages API, which answers
the tree and the material's cards and never answers the last generation: the quit happens with
an HTTP call in flight, as a learner's would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from tests.fake_anthropic import serve
from tests.window_driver import MARKER

pytestmark = [pytest.mark.gui, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent
QUIT_BUDGET_S = 1.0


@pytest.fixture
def xvfb():
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
def fake_api():
    """Answers everything whose request carries the material's marker, and the skill tree;
    hangs (until the test ends) on any other flashcard request."""
    with serve() as fake:
        answer = fake.handle

        def handle(body, headers):
            wants_cards = body.get("tool_choice", {}).get("name") == "record_flashcards"
            if wants_cards and MARKER not in json.dumps(body):
                fake.release.wait(timeout=60)
                return 500, {}, b""
            return answer(body, headers)

        fake.handle = handle
        yield fake


def postgres_running(pgdata: Path) -> bool:
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().split()[0])
    return psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE


def test_learner_path_in_the_real_window_and_a_prompt_quit(xvfb, fake_api, tmp_path):
    data = tmp_path / "data"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("STUDYAPP_", "QT_", "ANTHROPIC_"))
    }
    env.update(
        DISPLAY=xvfb,
        QT_QPA_PLATFORM="xcb",
        STUDYAPP_DATA_DIR=str(data),
        STUDYAPP_NO_KEYRING="1",
        ANTHROPIC_API_KEY="sk-ant-smoke-test-key-0000",
        ANTHROPIC_BASE_URL=fake_api.url,
        PYTHONPATH=str(ROOT),
    )
    log = tmp_path / "app.log"  # a file, not a pipe: a full pipe would stall the app
    with log.open("w") as errors_out:
        app = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "window_driver.py"), "smoke"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=errors_out,
            text=True,
        )
    lines: list[str] = []
    quit_at: list[float] = []

    def read() -> None:
        assert app.stdout is not None
        for line in app.stdout:
            lines.append(line.strip())
            if line.startswith("QUIT "):
                quit_at.append(float(line.split()[1]))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        app.wait(timeout=180)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()
        pytest.fail(f"the app did not finish its path: {lines}\n{log.read_text()[-3000:]}")
    gone = time.time()
    reader.join(5)
    app.stdout.close()
    errors = log.read_text()
    steps = [line.split()[1] for line in lines if line.startswith("STEP")]
    assert steps == ["ready", "tree", "placeholder", "cards", "studied", "in-flight"], (
        f"{lines}\n{errors[-3000:]}"
    )
    assert app.returncode == 0, errors[-3000:]
    assert "STEP studied 3" in " ".join(lines)
    assert quit_at, lines
    took = gone - quit_at[0]
    print(f"quit with a generation in flight -> process gone: {took:.3f} s")
    assert took <= QUIT_BUDGET_S, f"the process took {took:.2f} s to exit after the quit"
    # The server's shutdown checkpoint is left to a detached helper: it must be down shortly.
    deadline = time.monotonic() + 15
    while postgres_running(data / "pgdata") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not postgres_running(data / "pgdata"), "the embedded PostgreSQL is still running"
    assert json.loads((data / "pgdata" / ".handle_pids.json").read_text()) == []
    assert "Traceback" not in errors, errors[-3000:]
