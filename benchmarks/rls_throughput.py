"""Claim + completion throughput with row-level security on, against the same run with it off
(issue 20; target ratio >= 0.8).

Off: the runner connects as the tables' owner, which bypasses the policies (the embedded
default, or a single-role server). On: the same runner connects as a shared worker's role
(``studyapp server add-worker``), so every claim, heartbeat and completion goes through the
policies on ``jobs``; and as a learner's role (``add-learner``), which claims its own profile's
jobs only. N no-op jobs × T threads per run, rounds alternating, medians reported. The roles are
made for the run and dropped after (the database must let the URL's role create roles).
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg
from psycopg import sql

from benchmarks._common import open_bench_database, parser
from benchmarks.bench_handlers import bench_registry
from studyapp.db import urls
from studyapp.db.database import Database
from studyapp.jobs.runner import Runner
from studyapp.services.server_roles import add_learner, add_worker


def drain(admin: Database, runner_db: Database, profile_id: int, jobs: int, threads: int) -> float:
    with admin.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE jobs, workers RESTART IDENTITY CASCADE")
        conn.exec_driver_sql(
            f"INSERT INTO jobs (profile_id, type, payload) SELECT {profile_id}, 'bench_noop', "
            f"jsonb_build_object('i', g) FROM generate_series(1, {jobs}) g"
        )
        conn.exec_driver_sql("ANALYZE jobs")
    runner = Runner(runner_db, bench_registry(), threads=threads).start(listen=False)
    started = time.perf_counter()
    runner.run(until_idle=True)
    elapsed = time.perf_counter() - started
    runner.shutdown(grace=0)
    with admin.engine.connect() as conn:
        done = conn.exec_driver_sql("SELECT count(*) FROM jobs WHERE status='completed'").scalar()
    assert done == jobs, f"only {done} of {jobs} completed"
    return jobs / elapsed


def drop(url: str, role: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(role)))
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--jobs", type=int, default=10_000)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    admin, _ = open_bench_database(args.database_url)
    tag = uuid.uuid4().hex[:6]
    worker_role, learner_role = f"bench_worker_{tag}", f"bench_learner_{tag}"
    add_worker(admin, worker_role)
    learner = add_learner(admin, learner_role).profile
    assert learner is not None
    as_worker = Database(urls.with_user(admin.url, worker_role))
    as_learner = Database(urls.with_user(admin.url, learner_role))
    off: list[float] = []
    on_worker: list[float] = []
    on_learner: list[float] = []
    try:
        for index in range(args.rounds):
            off.append(drain(admin, admin, learner.id, args.jobs, args.threads))
            on_worker.append(drain(admin, as_worker, learner.id, args.jobs, args.threads))
            on_learner.append(drain(admin, as_learner, learner.id, args.jobs, args.threads))
            print(
                f"round {index + 1}: RLS off {off[-1]:.0f} jobs/s  on (worker role) "
                f"{on_worker[-1]:.0f}  on (learner role) {on_learner[-1]:.0f}",
                flush=True,
            )
    finally:
        as_worker.dispose()
        as_learner.dispose()
        admin.dispose()
        drop(admin.url, worker_role)
        drop(admin.url, learner_role)
    base = statistics.median(off)
    worker_ratio = statistics.median(on_worker) / base
    learner_ratio = statistics.median(on_learner) / base
    print(f"jobs: {args.jobs}  threads: {args.threads}  rounds: {args.rounds} (medians)")
    print(f"RLS off jobs/s: {base:.0f}")
    print(f"learner role: {statistics.median(on_learner):.0f} jobs/s ({learner_ratio:.2f}x)")
    print(
        f"RLS on / off throughput: {worker_ratio:.2f} (worker role, "
        f"{statistics.median(on_worker):.0f} vs {base:.0f} jobs/s)"
    )


if __name__ == "__main__":
    main()
