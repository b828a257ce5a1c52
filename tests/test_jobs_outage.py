"""Database outages under running workers: a real PostgreSQL of the test's own is stopped (fast
shutdown) with LLM-like calls in flight and started again at the same address.

What must hold: the workers stay up; the calls that finished while the database was away are
committed after it returns; no job is charged an attempt or a loss, and no call is made (paid)
twice; the workers then carry on with new work.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.services.profiles import ensure_profile
from tests.helpers import wait_for
from tests.pg_control import OwnPostgres

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
OUTAGE_S = 3.0  # longer than the 2 s cap of the back-off, so the workers retry at the cap


def scalar(db: Database, sql: str, **params):
    with db.session() as session:
        return session.execute(text(sql), params).scalar_one()


def start_worker(url: str, threads: int, log: Path) -> subprocess.Popen[str]:
    """A ``studyapp worker`` process whose stderr (its log, -v) goes to ``log``."""
    env = {**os.environ, "STUDYAPP_HANDLER_MODULES": "tests.job_handlers"}
    args = ["-v", "--database-url", url, "worker", "--threads", str(threads), "--grace", "0.5"]
    with log.open("w") as err:  # the child has its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "studyapp", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            text=True,
        )


def insert_jobs(db: Database, profile_id: int, job_type: str, payloads: list[dict]) -> None:
    with db.session() as session:
        for payload in payloads:
            session.execute(
                text(
                    "INSERT INTO jobs (profile_id, type, payload) VALUES (:p, :t, CAST(:j AS jsonb))"
                ),
                {"p": profile_id, "t": job_type, "j": json.dumps(payload)},
            )


def test_workers_ride_out_a_restart_with_calls_in_flight(
    own_pg: OwnPostgres, own_db: Database, tmp_path: Path
) -> None:
    profile = ensure_profile(own_db, "default")
    gate = tmp_path / "gate"
    gate.mkdir()
    insert_jobs(own_db, profile.id, "gated", [{"dir": str(gate), "i": i} for i in range(6)])
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    workers = [start_worker(own_pg.url, 4, logs[0]), start_worker(own_pg.url, 2, logs[1])]
    try:
        entered = gate / "entered"
        wait_for(
            lambda: entered.exists() and len(entered.read_text().split()) == 6,
            60,
            "all six calls to be in flight",
        )
        own_pg.stop()
        stopped = time.monotonic()
        # The calls return while the database is away: their results can only wait in memory.
        (gate / "open").touch()
        wait_for(
            lambda: (gate / "calls").exists() and len((gate / "calls").read_text().split()) == 6,
            30,
            "the six calls to return",
        )
        wait_for(
            lambda: all("wait for the database" in log.read_text() for log in logs),
            30,
            "both workers to hold results for the database",
        )
        time.sleep(max(OUTAGE_S - (time.monotonic() - stopped), 0))  # the outage itself
        assert [w.poll() for w in workers] == [None, None], "a worker died in the outage"
        own_pg.start()
        wait_for(
            lambda: scalar(own_db, "SELECT count(*) FROM jobs WHERE status = 'completed'") == 6,
            60,
            "the held results to be committed",
            outage_is_false=True,
        )
        # Committed once each; no attempt or loss charged; no call made twice.
        assert scalar(own_db, "SELECT count(*) FROM test_effects") == 6
        assert scalar(own_db, "SELECT count(DISTINCT job_id) FROM test_effects") == 6
        assert scalar(own_db, "SELECT count(*) FROM jobs WHERE attempts = 1 AND lost = 0") == 6
        assert scalar(own_db, "SELECT count(*) FROM jobs WHERE errors <> '[]'::jsonb") == 0
        calls = Counter((gate / "calls").read_text().split())
        assert len(calls) == 6 and set(calls.values()) == {1}, calls
        # And they carry on: new work after the outage is picked up and done.
        insert_jobs(own_db, profile.id, "noop", [{"after": i} for i in range(5)])
        wait_for(
            lambda: scalar(own_db, "SELECT count(*) FROM jobs WHERE status = 'completed'") == 11,
            60,
            "new jobs after the outage to complete",
            outage_is_false=True,
        )
        assert [w.poll() for w in workers] == [None, None]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
    codes = [w.wait(timeout=30) for w in workers]
    assert codes == [0, 0], [log.read_text()[-2000:] for log in logs]
    with own_db.session() as session:
        left = session.execute(text("SELECT id FROM workers")).scalars().all()
    assert left == [], (left, [log.read_text()[-3000:] for log in logs])
