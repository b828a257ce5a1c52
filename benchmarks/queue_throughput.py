"""Queue throughput: drain N no-op jobs with one runner of T threads (default 20,000 × 4).

Jobs are inserted in bulk first; the clock runs from the first claim to the last completion.
Each job is claimed (batched up to the free threads), run, and completed in its own guarded
transaction, exactly as production jobs are.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import open_bench_database, parser
from benchmarks.bench_handlers import register
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.runner import Runner


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--jobs", type=int, default=20_000)
    p.add_argument("--threads", type=int, default=4)
    args = p.parse_args()
    db, profile = open_bench_database(args.database_url)
    registry = HandlerRegistry()
    register(registry)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            f"INSERT INTO jobs (profile_id, type, payload) SELECT {profile.id}, 'bench_noop', "
            f"jsonb_build_object('i', g) FROM generate_series(1, {args.jobs}) g"
        )
        conn.exec_driver_sql("ANALYZE jobs")
    runner = Runner(db, registry, threads=args.threads).start(listen=False)
    started = time.perf_counter()
    runner.run(until_idle=True)
    elapsed = time.perf_counter() - started
    runner.shutdown(grace=0)
    with db.engine.connect() as conn:
        done = conn.exec_driver_sql("SELECT count(*) FROM jobs WHERE status='completed'").scalar()
    assert done == args.jobs, f"only {done} of {args.jobs} completed"
    print(f"jobs: {args.jobs}  threads: {args.threads}  seconds: {elapsed:.2f}")
    print(f"jobs/s: {args.jobs / elapsed:.0f}")


if __name__ == "__main__":
    main()
