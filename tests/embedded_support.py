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
