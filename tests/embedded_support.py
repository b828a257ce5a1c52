"""Driving the app's own embedded server from a test: a private data directory, the processes
that use it (worker, one-shot commands), its postmaster, and its handle list."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import psycopg

ROOT = Path(__file__).resolve().parent.parent


class EmbeddedDir:
    """A data directory of its own (short path: the socket lives in it)."""

    def __init__(self) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix="sa-emb-"))
        self.pgdata = self.data_dir / "pgdata"
        self.env = {
            **os.environ,
            "STUDYAPP_DATA_DIR": str(self.data_dir),
            "STUDYAPP_DATABASE_URL": "",
            "STUDYAPP_HANDLER_MODULES": "tests.job_handlers",
        }

    @property
    def handles_file(self) -> Path:
        return self.pgdata / ".handle_pids.json"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@/studyapp?host={self.pgdata}"

    def cli(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "studyapp", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def worker(self, *args: str) -> subprocess.Popen[str]:
        """``studyapp worker`` on this directory, once it says it runs."""
        proc = subprocess.Popen(
            [sys.executable, "-m", "studyapp", "worker", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        said = []
        while not said or "running" not in said[-1]:
            line = proc.stderr.readline()  # warnings may come first
            if not line:
                proc.wait(30)
                raise AssertionError("the worker did not start: " + "".join(said))
            said.append(line)
        return proc

    def postmaster(self) -> int | None:
        """The live postmaster's pid, or None. A zombie is dead: nobody reaps here (a
        container's init may not), so a killed postmaster stays one."""
        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
            alive = psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except (OSError, ValueError, psutil.NoSuchProcess):
            return None
        return pid if alive else None

    def kill_postmaster(self) -> int:
        pid = self.postmaster()
        assert pid is not None, "no postmaster to kill"
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while self.postmaster() == pid:
            assert time.monotonic() < deadline, "the postmaster survived kill -9"
            time.sleep(0.01)
        return pid

    def handles(self) -> list[int]:
        return list(json.loads(self.handles_file.read_text() or "[]"))

    def stop_leftovers(self) -> None:
        """After a failed test: leave no server of ours running."""
        pid = self.postmaster()
        if pid is not None:
            process = psutil.Process(pid)
            process.terminate()
            process.wait(10)

    def query(self, sql: str, params: tuple[object, ...] = ()) -> object:
        with psycopg.connect(self.url, connect_timeout=2, autocommit=True) as conn:
            row = conn.execute(sql, params).fetchone()
            return row[0] if row else None


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def prepare_jobs(home: EmbeddedDir) -> int:
    """The effects table and a profile on the (running, migrated) server; the profile's id."""
    from studyapp.db.database import Database
    from studyapp.services.profiles import ensure_profile
    from tests.job_handlers import EFFECTS_DDL

    db = Database(home.url)
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql(EFFECTS_DDL)
        return ensure_profile(db, "default").id
    finally:
        db.dispose()


def add_job(home: EmbeddedDir, profile_id: int, job_type: str, payload: str = "{}") -> int:
    job_id = home.query(
        "INSERT INTO jobs (profile_id, type, payload) VALUES (%s, %s, CAST(%s AS jsonb)) "
        "RETURNING id",
        (profile_id, job_type, payload),
    )
    assert isinstance(job_id, int)
    return job_id


def job_status(home: EmbeddedDir, job_id: int) -> str | None:
    """The job's status, or None while the server does not answer."""
    try:
        status = home.query("SELECT status FROM jobs WHERE id = %s", (job_id,))
    except psycopg.OperationalError:
        return None
    return str(status)


def wait_status(home: EmbeddedDir, job_id: int, wanted: str, timeout: float) -> float:
    """Seconds until the job reaches ``wanted``; AssertionError after ``timeout``."""
    started = time.monotonic()
    while job_status(home, job_id) != wanted:
        assert time.monotonic() - started < timeout, f"job {job_id} never became {wanted}"
        time.sleep(0.02)
    return time.monotonic() - started


def kill_9_while_running(home: EmbeddedDir, timeout: float = 60) -> tuple[float, float]:
    """A worker on the embedded server runs a job when its postmaster is killed with -9.
    Returns (seconds from the kill to the running job's commit, to a job submitted after the
    kill being completed). Nothing but the worker may bring the server back."""
    profile_id = prepare_jobs(home)
    wait_status(home, add_job(home, profile_id, "noop"), "completed", timeout)
    running = add_job(home, profile_id, "slow", '{"seconds": 1.0}')
    wait_status(home, running, "processing", timeout)
    home.kill_postmaster()
    killed = time.monotonic()
    wait_status(home, running, "completed", timeout)
    held = time.monotonic() - killed
    after = add_job(home, profile_id, "noop")
    wait_status(home, after, "completed", timeout)
    return held, time.monotonic() - killed


def window(home: EmbeddedDir) -> subprocess.Popen[str]:
    """The real window (offscreen) on this directory, once it has run a job: its runner and
    the embedded server are up. Quit it with SIGTERM (it closes the ordinary way)."""
    env = {**home.env, "QT_QPA_PLATFORM": "offscreen", "STUDYAPP_NO_KEYRING": "1"}
    app = subprocess.Popen(
        [sys.executable, "-m", "studyapp"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while True:
        assert app.poll() is None, "the window exited: " + (app.stderr.read() if app.stderr else "")
        try:
            profile_id = prepare_jobs(home)
            break
        except Exception:  # not up yet, or not migrated yet
            assert time.monotonic() < deadline, "the window's database never came up"
            time.sleep(0.2)
    wait_status(home, add_job(home, profile_id, "noop"), "completed", 60)
    return app


def kill_9_then_next_job(home: EmbeddedDir, timeout: float = 60) -> float:
    """Kill -9 the postmaster under a running app; submit a job as soon as the server answers
    again (nothing but the app may bring it back). Seconds from the kill to that job's end."""
    profile_id = prepare_jobs(home)
    home.kill_postmaster()
    killed = time.monotonic()
    while True:
        try:
            job = add_job(home, profile_id, "noop")
            break
        except psycopg.OperationalError:
            assert time.monotonic() - killed < timeout, "the server was never restarted"
            time.sleep(0.05)
    wait_status(home, job, "completed", timeout)
    return time.monotonic() - killed
