"""The embedded server's handle list and its exit path (issue 16, defect 4): the last process to
leave stops the server whatever happened meanwhile (a garbled handle file, processes killed
without leaving, a server restarted by someone else)."""

from __future__ import annotations

import signal
import time

import pytest

from tests.embedded_support import EmbeddedDir, dead_pid

pytestmark = pytest.mark.slow


@pytest.fixture
def home():
    made = EmbeddedDir()
    yield made
    made.stop_leftovers()


def _first_start(home: EmbeddedDir) -> None:
    done = home.cli("db", "info", "--json")
    assert done.returncode == 0, done.stderr
    assert home.postmaster() is None, "the one-shot command left the server running"


def test_an_empty_handle_file_is_read_as_empty(home: EmbeddedDir) -> None:
    _first_start(home)
    home.handles_file.write_text("")  # a write cut short by a crash
    done = home.cli("db", "info", "--json")
    assert done.returncode == 0, done.stderr
    assert "JSONDecodeError" not in done.stderr
    assert home.postmaster() is None, "a postmaster was left behind"
    assert home.handles() == []


def test_a_garbled_handle_file_is_read_as_empty(home: EmbeddedDir) -> None:
    _first_start(home)
    home.handles_file.write_text('{"not": "a list"')
    done = home.cli("db", "info", "--json")
    assert done.returncode == 0, done.stderr
    assert home.postmaster() is None


def test_dead_processes_are_pruned_at_start_and_stop(home: EmbeddedDir) -> None:
    _first_start(home)
    gone = dead_pid()
    home.handles_file.write_text(f"[{gone}]")  # a process killed with -9 never left
    done = home.cli("db", "info", "--json")
    assert done.returncode == 0, done.stderr
    # The dead process does not keep the server alive for ever after.
    assert home.postmaster() is None, "the server outlived its last live user"
    assert gone not in home.handles()


def test_sigterm_stops_a_server_another_process_restarted(home: EmbeddedDir) -> None:
    worker = home.worker("--threads", "1")
    try:
        first = home.kill_postmaster()
        # Another command brings the server back (or the worker's own revive beats it to it).
        done = home.cli("db", "info", "--json")
        assert done.returncode == 0, done.stderr
        restarted = home.postmaster()
        assert restarted is not None and restarted != first
    finally:
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    deadline = time.monotonic() + 10
    while home.postmaster() is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert home.postmaster() is None, "postgres was left running after the last user quit"
    assert home.handles() == []


def test_a_worker_restarts_its_killed_server_and_finishes_jobs(home: EmbeddedDir) -> None:
    """Defect 3: kill -9 of the embedded postmaster while a worker runs a job. The worker (the
    only user) restarts it with back-off; the held result commits and the next job runs."""
    from tests.embedded_support import kill_9_while_running

    worker = home.worker("--threads", "2")
    try:
        held, next_done = kill_9_while_running(home, timeout=60)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    assert "restarted the embedded database" in err
    assert held <= next_done < 60
    assert home.postmaster() is None


def test_the_window_restarts_its_killed_server_and_runs_the_next_job(home: EmbeddedDir) -> None:
    """Defect 3 with the window as the server's only user: its banner's promise ("keeps
    trying and loses nothing") holds because it brings the server back itself."""
    from tests.embedded_support import kill_9_then_next_job, window

    app = window(home)
    try:
        seconds = kill_9_then_next_job(home, timeout=60)
    finally:
        app.send_signal(signal.SIGTERM)
        _, err = app.communicate(timeout=60)
    assert app.returncode == 0, err
    assert "restarted the embedded database" in err
    assert seconds < 60
    deadline = time.monotonic() + 30  # a detached helper stops it after the window quit
    while home.postmaster() is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert home.postmaster() is None, "the restarted server outlived the window"
