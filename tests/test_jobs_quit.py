"""Quit with a generation in flight: the real Claude provider (the ``anthropic`` SDK) is blocked
on a request the fake Messages API never answers. A ``studyapp worker`` on SIGTERM, and the
window's JobPool on stop(), are gone at once: the HTTP call is closed under the job, the job
goes back to pending with its attempt given back, and the next start completes it.

"At once" is checked against the call's own timeout (30 s): a quit that waited for the call
takes that long, one that closed it takes a fraction of a second. The figure itself (target
1 s) is measured by benchmarks/worker_quit.py and, for the window, benchmarks/gui_figures.py:
a loaded test machine must not turn a timing into a failure."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.handlers import registry as handlers
from studyapp.jobs import store
from studyapp.jobs.registry import HandlerRegistry
from studyapp.services import generation, goals
from tests import fake_anthropic as fa
from tests.helpers import wait_for

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-ant-api03-TESTKEY-quit-0123456789"
LLM_TIMEOUT_S = 30
QUIT_WITHIN_S = LLM_TIMEOUT_S / 3  # far below the call's timeout, far above a closed call


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    with fa.serve() as server:
        env = {
            "ANTHROPIC_API_KEY": KEY,
            "ANTHROPIC_BASE_URL": server.url,
            "STUDYAPP_PROVIDER": "claude",
            # Only closing the client can end the hung call before this timeout.
            "STUDYAPP_LLM_TIMEOUT": str(LLM_TIMEOUT_S),
            "STUDYAPP_NO_KEYRING": "1",
            "STUDYAPP_VECTORS_DIR": str(tmp_path / "vectors"),
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        server.push(fa.hang())
        yield server


def waiting_for_claude() -> list[str]:
    """Threads waiting in the Claude provider for a request to end (a job's thread)."""
    from studyapp.generation.claude import ClaudeProvider

    waiting = ClaudeProvider._create.__code__
    frames = sys._current_frames()
    names = []
    for thread in threading.enumerate():
        frame = frames.get(thread.ident or -1)
        while frame is not None:
            if frame.f_code is waiting:
                names.append(thread.name)
                break
            frame = frame.f_back
    return names


def job_row(db, job_id: int) -> tuple:
    with db.engine.connect() as conn:
        return tuple(
            conn.execute(
                text("SELECT status, attempts, lost, locked_by FROM jobs WHERE id = :j"),
                {"j": job_id},
            ).one()
        )


def start_worker(url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "studyapp", "--database-url", url, "worker", *args],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_worker_quits_at_once_with_a_call_hanging(db, profile, pg_server_url, fake) -> None:
    goal = goals.create_goal(db, profile.id, "Understand TCP congestion control")
    registry = HandlerRegistry()
    handlers.register(registry)
    job = generation.submit_skill_tree(db, profile.id, goal.id, registry=registry).job
    worker = start_worker(pg_server_url, "--threads", "2", "--grace", "0.3")
    try:
        wait_for(lambda: len(fake.requests) == 1, 60, "the worker's request to hang")
        assert job_row(db, job.id)[:2] == ("processing", 1)
        sent = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=30)
        took = time.monotonic() - sent
    finally:
        if worker.poll() is None:
            worker.kill()
        _, err = worker.communicate(timeout=30)
    assert code == 0, err
    assert took < QUIT_WITHIN_S, f"the worker took {took:.2f}s to quit"
    assert "released 1 running job(s)" in err
    # Back to pending, the attempt given back, not counted as a loss.
    assert job_row(db, job.id) == ("pending", 0, 0, None)
    # The next start completes it (the fake answers from now on).
    again = start_worker(pg_server_url, "--threads", "2", "--until-idle")
    code, err = again.wait(timeout=120), again.communicate(timeout=30)[1]
    assert code == 0, err
    assert store.get_job(db, profile.id, job.id).status == "completed"


@pytest.mark.gui
def test_job_pool_stops_at_once_with_a_call_hanging(qtbot, db, profile, fake) -> None:
    from studyapp.gui.job_pool import JobPool

    goal = goals.create_goal(db, profile.id, "Understand TCP congestion control")
    registry = HandlerRegistry()
    handlers.register(registry)
    pool = JobPool(db, registry, threads=2)
    with qtbot.waitSignal(pool.started, timeout=30_000):
        pool.start()
    job = generation.submit_skill_tree(db, profile.id, goal.id, registry=registry).job
    pool.wake()
    qtbot.waitUntil(lambda: len(fake.requests) == 1, timeout=30_000)
    started = time.monotonic()
    released = pool.stop(grace=0.3)
    took = time.monotonic() - started
    assert took < QUIT_WITHIN_S, f"JobPool.stop took {took:.2f}s"
    assert released == [job.id]
    assert job_row(db, job.id) == ("pending", 0, 0, None)
    assert pool.pool.activeThreadCount() == 0
    # Nothing of ours may keep the process alive (the fake server's request threads aside).
    lingering = [
        t.name
        for t in threading.enumerate()
        if not t.daemon and t is not threading.main_thread() and "process_request" not in t.name
    ]
    assert lingering == []
    # The hung call was closed under the job: no job thread still waits for it (left alone,
    # it would wait for the call's 30 s timeout). The request's own daemon thread may stay
    # blocked in the socket read; it keeps nothing alive.
    wait_for(lambda: not waiting_for_claude(), 5, "the job to stop waiting for the hung call")
    # The interrupted call did not become a failure, and the next start completes the job.
    again = JobPool(db, registry, threads=2)
    with qtbot.waitSignal(again.started, timeout=30_000):
        again.start()
    try:
        qtbot.waitUntil(
            lambda: store.get_job(db, profile.id, job.id).status == "completed", timeout=60_000
        )
    finally:
        again.stop()
    assert store.get_job(db, profile.id, job.id).errors == ()
