"""Submit latency: store.submit() (validation, dedupe, sliding-window rate limit, insert, NOTIFY)
end to end, one transaction each; pgqueuer's enqueue() (insert + NOTIFY, no dedupe or rate
limit) on the same database for comparison."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _pgqueuer
from benchmarks._common import open_bench_database, parser, percentile, summary
from benchmarks.bench_handlers import register
from studyapp.jobs import store
from studyapp.jobs.registry import HandlerRegistry


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--samples", type=int, default=2000)
    args = p.parse_args()
    db, profile = open_bench_database(args.database_url)
    registry = HandlerRegistry()
    register(registry)
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
    print(summary("submit latency", latencies))
    theirs = ""
    if _pgqueuer.AVAILABLE:
        pgq = _pgqueuer.enqueue_latency(db.url, args.samples)
        print(summary("pgqueuer enqueue latency", pgq))
        theirs = f" (pgqueuer enqueue {percentile(pgq, 99):.2f})"
    else:
        print(_pgqueuer.MISSING)
    print(f"submit p99 ms: {percentile(latencies, 99):.2f}{theirs}")


if __name__ == "__main__":
    main()
