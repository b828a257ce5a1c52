"""Claim latency with 1,000,000 finished jobs in the table: the partial index on pending rows
must keep claims independent of history. (pgqueuer is not compared here: it deletes finished
jobs from its queue table, so it has no such history to stay independent of.)"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import open_bench_database, parser, percentile, summary
from studyapp.jobs import store
from studyapp.jobs.liveness import WorkerLease


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--finished", type=int, default=1_000_000)
    p.add_argument("--samples", type=int, default=2000)
    p.add_argument("--batch", type=int, default=4)
    args = p.parse_args()
    db, profile = open_bench_database(args.database_url)
    started = time.perf_counter()
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO jobs (profile_id, type, status, payload, attempts, result, "
            "created_at, completed_at) SELECT %(p)s, 'bench_noop', "
            "(ARRAY['completed','failed','cancelled'])[1 + g %% 3], jsonb_build_object('i', g), "
            "1, '{}'::jsonb, now() - interval '1 day', now() - interval '1 day' "
            "FROM generate_series(1, %(n)s) g",
            {"p": profile.id, "n": args.finished},
        )
        conn.exec_driver_sql(
            "INSERT INTO jobs (profile_id, type, payload) SELECT %(p)s, 'bench_noop', "
            "jsonb_build_object('i', g) FROM generate_series(1, %(n)s) g",
            {"p": profile.id, "n": args.samples * args.batch},
        )
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE jobs")
        conn.commit()
    print(f"built {args.finished} finished jobs in {time.perf_counter() - started:.1f} s")
    lease = WorkerLease(db)
    latencies = []
    try:
        for _ in range(args.samples):
            t = time.perf_counter()
            jobs = store.claim(db, lease.id, args.batch)
            latencies.append((time.perf_counter() - t) * 1000)
            assert len(jobs) == args.batch
    finally:
        store.release(db, lease.id)
        lease.close()
    print(summary(f"claim latency (batch {args.batch})", latencies))
    print(f"claim p99 ms: {percentile(latencies, 99):.2f}")


if __name__ == "__main__":
    main()
