"""Queue throughput: drain N no-op jobs with one runner of T threads (default 20,000 × 4), and
pgqueuer draining the same number on the same database, in alternating rounds.

Jobs are inserted in bulk first; the clock runs from the start of the drain to the last
completion. Ours are claimed in batches, run, and committed by the group completer under the
exactly-once guard, durably (no synchronous_commit=off), exactly as production jobs are.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _pgqueuer
from benchmarks._common import open_bench_database, parser
from benchmarks.bench_handlers import bench_registry
from studyapp.db.database import Database
from studyapp.jobs.runner import Runner


def ours(db: Database, profile_id: int, jobs: int, threads: int) -> float:
    registry = bench_registry()
    with db.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE jobs, workers RESTART IDENTITY CASCADE")
        conn.exec_driver_sql(
            f"INSERT INTO jobs (profile_id, type, payload) SELECT {profile_id}, 'bench_noop', "
            f"jsonb_build_object('i', g) FROM generate_series(1, {jobs}) g"
        )
        conn.exec_driver_sql("ANALYZE jobs")
    runner = Runner(db, registry, threads=threads).start(listen=False)
    started = time.perf_counter()
    runner.run(until_idle=True)
    elapsed = time.perf_counter() - started
    runner.shutdown(grace=0)
    with db.engine.connect() as conn:
        done = conn.exec_driver_sql("SELECT count(*) FROM jobs WHERE status='completed'").scalar()
    assert done == jobs, f"only {done} of {jobs} completed"
    return jobs / elapsed


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--jobs", type=int, default=20_000)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    db, profile = open_bench_database(args.database_url)
    mine: list[float] = []
    theirs: list[float] = []
    for index in range(args.rounds):
        mine.append(ours(db, profile.id, args.jobs, args.threads))
        line = f"round {index + 1}: studyapp {mine[-1]:.0f} jobs/s"
        if _pgqueuer.AVAILABLE:
            theirs.append(_pgqueuer.throughput(db.url, args.jobs))
            line += f"  pgqueuer {theirs[-1]:.0f} jobs/s"
        print(line, flush=True)
    best = statistics.median(mine)
    print(f"jobs: {args.jobs}  threads: {args.threads}  rounds: {args.rounds} (medians below)")
    if theirs:
        ratio = best / statistics.median(theirs)
        print(f"pgqueuer jobs/s: {statistics.median(theirs):.0f}")
        print(f"jobs/s: {best:.0f} ({ratio:.2f}x pgqueuer)")
    else:
        print(_pgqueuer.MISSING)
        print(f"jobs/s: {best:.0f}")


if __name__ == "__main__":
    main()
