"""The job engine across real worker processes: concurrency, kill -9, graceful SIGTERM, CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg.conninfo
import pytest
from sqlalchemy import text

from studyapp.jobs import store
from tests.helpers import run_cli, run_cli_here, wait_for
from tests.job_handlers import make_registry

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
WORKER_ENV = {"STUDYAPP_HANDLER_MODULES": "tests.job_handlers"}


def start_worker(url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, **WORKER_ENV}
    return subprocess.Popen(
        [sys.executable, "-m", "studyapp", "--database-url", url, "worker", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def bulk_jobs(db, profile_id: int, job_type: str, count: int, payload: dict) -> None:
    """Insert many jobs at once (the rate limit is per learner action, not for fixtures)."""
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO jobs (profile_id, type, payload) SELECT :p, :t, "
                "jsonb_set(CAST(:payload AS jsonb), '{i}', to_jsonb(g)) "
                "FROM generate_series(1, :n) g"
            ),
            {"p": profile_id, "t": job_type, "payload": json.dumps(payload), "n": count},
        )


def scalar(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def test_two_workers_drain_2000_jobs_exactly_once(effects, profile, pg_server_url) -> None:
    bulk_jobs(effects, profile.id, "noop", 2000, {})
    workers = [start_worker(pg_server_url, "--threads", "4", "--until-idle") for _ in range(2)]
    results = [finish(w) for w in workers]
    for code, err in results:
        assert code == 0, err
    assert scalar(effects, "SELECT count(*) FROM jobs WHERE status = 'completed'") == 2000
    assert scalar(effects, "SELECT count(*) FROM test_effects") == 2000
    assert scalar(effects, "SELECT count(DISTINCT job_id) FROM test_effects") == 2000
    assert scalar(effects, "SELECT count(*) FROM workers") == 0
    # Both processes took part (SKIP LOCKED spreads the work).
    assert scalar(effects, "SELECT count(DISTINCT pid) FROM test_effects") == 2


def test_kill_9_then_a_new_worker_finishes_everything(effects, profile, pg_server_url) -> None:
    bulk_jobs(effects, profile.id, "slow", 6, {"seconds": 2})
    victim = start_worker(pg_server_url, "--threads", "4")
    try:
        wait_for(
            lambda: scalar(effects, "SELECT count(*) FROM jobs WHERE status = 'processing'") == 4,
            60,
            "the victim to run 4 jobs",
        )
    finally:
        victim.send_signal(signal.SIGKILL)
        victim.communicate(timeout=30)
    rescuer = start_worker(pg_server_url, "--threads", "4", "--until-idle")
    code, err = finish(rescuer)
    assert code == 0, err
    assert scalar(effects, "SELECT count(*) FROM jobs WHERE status = 'completed'") == 6
    # Every result applied exactly once.
    assert scalar(effects, "SELECT count(*) FROM test_effects") == 6
    assert scalar(effects, "SELECT count(DISTINCT job_id) FROM test_effects") == 6
    # The 4 interrupted jobs were rescued through the dead worker's free advisory lock (at
    # once), not by the 5-minute heartbeat backstop (whose message differs), and the loss
    # did not cost them an attempt: one attempt each, one loss each.
    dead_lock = json.dumps(
        [
            {
                "kind": "worker_lost",
                "message": "The worker running this job stopped unexpectedly; the job was reset.",
            }
        ]
    )
    assert (
        scalar(effects, "SELECT count(*) FROM jobs WHERE errors @> CAST(:e AS jsonb)", e=dead_lock)
        == 4
    )
    assert scalar(effects, "SELECT count(*) FROM jobs WHERE errors::text LIKE '%No progress%'") == 0
    assert scalar(effects, "SELECT count(*) FROM jobs WHERE attempts = 1 AND lost = 1") == 4
    assert scalar(effects, "SELECT count(*) FROM jobs WHERE attempts = 1 AND lost = 0") == 2


def test_sigterm_releases_running_jobs(effects, profile, pg_server_url) -> None:
    bulk_jobs(effects, profile.id, "slow", 1, {"seconds": 60})
    worker = start_worker(pg_server_url, "--threads", "2", "--grace", "0.5")
    wait_for(
        lambda: scalar(effects, "SELECT count(*) FROM jobs WHERE status = 'processing'") == 1,
        60,
        "the worker to start the job",
    )
    worker.send_signal(signal.SIGTERM)
    code, err = finish(worker, timeout=30)
    assert code == 0, err
    assert "released 1 running job(s)" in err
    row = None
    with effects.engine.connect() as conn:
        row = conn.execute(text("SELECT status, attempts, locked_by FROM jobs")).one()
    assert tuple(row) == ("pending", 0, None)


def test_jobs_cli_contract(effects, profile, other_profile, pg_server_url) -> None:
    registry = make_registry()
    job = store.submit(effects, profile.id, "noop", {"n": 1}, registry=registry).job
    listed = run_cli("--database-url", pg_server_url, "jobs", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    [entry] = json.loads(listed.stdout)
    assert set(entry) >= {
        "id",
        "type",
        "status",
        "attempts",
        "max_attempts",
        "error",
        "errors",
        "payload",
        "result",
        "progress",
        "created_at",
        "started_at",
        "completed_at",
    }
    assert entry["id"] == job.id and entry["status"] == "pending" and entry["payload"] == {"n": 1}
    shown = run_cli_here("--database-url", pg_server_url, "jobs", "show", str(job.id), "--json")
    assert json.loads(shown.stdout)["id"] == job.id
    # Another profile cannot see it: "not found", exit 5.
    hidden = run_cli_here(
        "--database-url", pg_server_url, "--profile", "other", "jobs", "show", str(job.id)
    )
    assert hidden.returncode == 5 and f"No job {job.id}" in hidden.stderr
    filtered = run_cli_here(
        "--database-url", pg_server_url, "jobs", "list", "--status", "failed", "--json"
    )
    assert json.loads(filtered.stdout) == []
    cancelled = run_cli_here("--database-url", pg_server_url, "jobs", "cancel", str(job.id))
    assert cancelled.returncode == 0 and "cancelled" in cancelled.stdout
    again = run_cli_here("--database-url", pg_server_url, "jobs", "cancel", str(job.id))
    assert again.returncode == 2 and "already ended" in again.stderr


def test_retry_refused_by_rate_limit_exits_3(effects, profile, pg_server_url) -> None:
    registry = make_registry()
    for i in range(19):
        store.submit(effects, profile.id, "scripted", {"i": i}, registry=registry)
    failing = store.submit(
        effects, profile.id, "scripted", {"fail": {"1": "permanent"}}, registry=registry
    ).job
    worker = start_worker(pg_server_url, "--threads", "4", "--until-idle")
    assert finish(worker)[0] == 0
    assert store.get_job(effects, profile.id, failing.id).status == "failed"
    refused = run_cli("--database-url", pg_server_url, "jobs", "retry", str(failing.id))
    assert refused.returncode == 3
    assert "20 scripted per hour: the next one can start at" in refused.stderr
    assert store.get_job(effects, profile.id, failing.id).status == "failed"


def test_worker_exits_2_with_one_line_for_an_unusable_database(pg_server_url) -> None:
    params = psycopg.conninfo.conninfo_to_dict(pg_server_url)
    params["user"] = "no_such_role_here"
    result = run_cli("--database-url", psycopg.conninfo.make_conninfo(**params), "worker")
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "user does not exist" in lines[0], result.stderr


def test_worker_waits_for_an_unreachable_database_instead_of_exiting() -> None:
    worker = start_worker("postgresql://me@127.0.0.1:1/db")
    try:
        assert worker.stderr is not None
        line = worker.stderr.readline()  # said once, then it keeps trying
        assert "waiting for the database" in line and "is the PostgreSQL server running" in line
        assert worker.poll() is None
        worker.send_signal(signal.SIGTERM)
        code, err = finish(worker, timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert code == 0, err
