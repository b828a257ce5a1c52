"""Kill storm: 4 worker processes, a random one SIGKILLed every few seconds and replaced at once,
until every job has ended. A worker's death is not the job's failure: the headline is the number
of jobs that failed because of worker deaths alone (must be 0), and every result must have
landed exactly once (effect rows written in the completion transaction, counted per job).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._common import open_bench_database, parser  # noqa: E402
from benchmarks.bench_handlers import EFFECTS_DDL  # noqa: E402
from studyapp.db.database import Database  # noqa: E402


@dataclass
class StormResult:
    jobs: int
    completed: int
    failed: int
    failed_by_losses: int
    kills: int
    effects: int
    duplicated: int
    max_lost: int
    seconds: float


def _worker(url: str, threads: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STUDYAPP_HANDLER_MODULES": "benchmarks.bench_handlers"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "studyapp",
            "--database-url",
            url,
            "worker",
            "--threads",
            str(threads),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _scalar(db: Database, sql: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql(sql).scalar() or 0)


def storm(
    db: Database,
    profile_id: int,
    *,
    jobs: int = 510,
    job_seconds: float = 1.0,
    workers: int = 4,
    threads: int = 4,
    kill_every: float = 4.0,
    timeout: float = 600.0,
    seed: int = 11,
) -> StormResult:
    rng = random.Random(seed)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(EFFECTS_DDL)
        conn.exec_driver_sql("TRUNCATE bench_effects")
        conn.exec_driver_sql(
            "INSERT INTO jobs (profile_id, type, payload) SELECT %(p)s, 'bench_sleep', "
            "jsonb_build_object('seconds', %(s)s::float, 'i', g) FROM generate_series(1, %(n)s) g",
            {"p": profile_id, "s": job_seconds, "n": jobs},
        )
    url = db.url
    procs = [_worker(url, threads) for _ in range(workers)]
    started = time.monotonic()
    kills = 0
    next_kill = started + kill_every
    try:
        while _scalar(db, "SELECT count(*) FROM jobs WHERE status IN ('pending', 'processing')"):
            if time.monotonic() - started > timeout:
                raise SystemExit(f"the storm did not settle within {timeout:.0f} s")
            if time.monotonic() >= next_kill:
                next_kill += kill_every
                victim = rng.randrange(len(procs))
                procs[victim].send_signal(signal.SIGKILL)
                procs[victim].wait()
                kills += 1
                procs[victim] = _worker(url, threads)
            time.sleep(0.05)
        seconds = time.monotonic() - started
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    return StormResult(
        jobs=jobs,
        completed=_scalar(db, "SELECT count(*) FROM jobs WHERE status = 'completed'"),
        failed=_scalar(db, "SELECT count(*) FROM jobs WHERE status = 'failed'"),
        failed_by_losses=_scalar(
            db,
            "SELECT count(*) FROM jobs WHERE status = 'failed' AND NOT EXISTS ("
            "SELECT 1 FROM jsonb_array_elements(errors) e WHERE e->>'kind' <> 'worker_lost')",
        ),
        kills=kills,
        effects=_scalar(db, "SELECT count(*) FROM bench_effects"),
        duplicated=_scalar(
            db,
            "SELECT count(*) FROM (SELECT job_id FROM bench_effects GROUP BY job_id "
            "HAVING count(*) > 1) d",
        ),
        max_lost=_scalar(db, "SELECT max(lost) FROM jobs"),
        seconds=seconds,
    )


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--jobs", type=int, default=510)
    p.add_argument("--job-seconds", type=float, default=1.0)
    p.add_argument("--kill-every", type=float, default=4.0)
    args = p.parse_args()
    db, profile = open_bench_database(args.database_url)
    result = storm(
        db, profile.id, jobs=args.jobs, job_seconds=args.job_seconds, kill_every=args.kill_every
    )
    print(
        f"jobs: {result.jobs}  completed: {result.completed}  failed: {result.failed}  "
        f"kills: {result.kills}  seconds: {result.seconds:.1f}"
    )
    print(
        f"effects: {result.effects}  jobs with a duplicated effect: {result.duplicated}  "
        f"most losses of one job: {result.max_lost}"
    )
    print(f"jobs failed by worker deaths alone: {result.failed_by_losses}")


if __name__ == "__main__":
    main()
