"""Pickup latency: submit() called → handler started, on an idle worker woken by NOTIFY.

One runner (4 threads, LISTEN on) sits idle; jobs are submitted one at a time and the time
from the submit call to the handler's first line is recorded. Then the same for an idle
pgqueuer (enqueue → entrypoint started) on the same database.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _pgqueuer
from benchmarks._common import open_bench_database, parser, report_latencies
from benchmarks.bench_handlers import TimedJob, bench_registry
from studyapp.jobs import store
from studyapp.jobs.runner import Runner


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--samples", type=int, default=300)
    args = p.parse_args()
    db, profile = open_bench_database(args.database_url)
    registry = bench_registry()
    runner = Runner(db, registry, threads=4).start(listen=True)
    assert runner.wait_listening(), "LISTEN connection did not come up"
    loop = threading.Thread(target=runner.run, daemon=True)
    loop.start()
    latencies: list[float] = []
    try:
        time.sleep(0.5)  # let the loop reach its idle wait
        for i in range(args.samples):
            before = time.perf_counter()
            job = store.submit(
                db, profile.id, "bench_timed", {"i": i}, registry=registry, limit=10**9
            ).job
            deadline = time.monotonic() + 10
            while job.id not in TimedJob.started:
                if time.monotonic() > deadline:
                    raise SystemExit(f"job {job.id} was not picked up within 10 s")
                time.sleep(0.0002)
            latencies.append((TimedJob.started[job.id] - before) * 1000)
            time.sleep(0.01)  # the worker goes idle again between samples
    finally:
        runner.request_stop()
        loop.join(10)
        runner.shutdown(grace=1)
    report_latencies("pickup", latencies, lambda: _pgqueuer.pickup(db.url, args.samples), p=50)


if __name__ == "__main__":
    main()
