"""Submit latency: store.submit() (validation, dedupe, sliding-window rate limit, insert, NOTIFY)
end to end, one transaction each; pgqueuer's enqueue() (insert + NOTIFY, no dedupe or rate
limit) on the same database for comparison."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _pgqueuer
from benchmarks._common import open_bench_database, parser, report_latencies
from benchmarks.bench_handlers import bench_registry
from studyapp.jobs import store


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--samples", type=int, default=2000)
    args = p.parse_args()
    db, profile = open_bench_database(args.database_url)
    registry = bench_registry()
    for i in range(50):  # warm up the pool and prepared statements
        store.submit(db, profile.id, "bench_noop", {"warm": i}, registry=registry, limit=10**9)
    latencies = []
    for i in range(args.samples):
        started = time.perf_counter()
        # The real limit (20/h) counts rows in the window; keep the window realistic: ≤ 20 rows.
        store.submit(db, profile.id, "bench_noop", {"i": i}, registry=registry, limit=10**9)
        latencies.append((time.perf_counter() - started) * 1000)
        if i % 20 == 19:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM job_submissions")
    report_latencies(
        "submit",
        latencies,
        lambda: _pgqueuer.enqueue_latency(db.url, args.samples),
        p=99,
        theirs="enqueue",
    )


if __name__ == "__main__":
    main()
