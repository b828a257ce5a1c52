"""Queue throughput: drain N no-op jobs with one runner of T threads (default 20,000 × 4), and
pgqueuer draining the same number on the same database, in alternating rounds. With
``--processes P`` both sides drain with P worker processes (each of ours with T threads), started
and registered first, then released together; the clock runs to the last one's finish.

Jobs are inserted in bulk first; the clock runs from the start of the drain to the last
completion. Ours are claimed in batches, run, and committed by the group completer under the
exactly-once guard, durably (no synchronous_commit=off), exactly as production jobs are.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datetime import timedelta

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


# -- several processes -------------------------------------------------------------------------


def _insert_ours(db: Database, profile_id: int, jobs: int) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE jobs, workers RESTART IDENTITY CASCADE")
        conn.exec_driver_sql(
            f"INSERT INTO jobs (profile_id, type, payload) SELECT {profile_id}, 'bench_noop', "
            f"jsonb_build_object('i', g) FROM generate_series(1, {jobs}) g"
        )
        conn.exec_driver_sql("ANALYZE jobs")


def _child_ours(url: str, threads: int) -> None:
    """One worker process: register, say ready, wait for go, drain, say when it finished."""
    db = Database(url)
    runner = Runner(db, bench_registry(), threads=threads).start(listen=False)
    print("ready", flush=True)
    sys.stdin.readline()
    runner.run(until_idle=True)
    print(json.dumps({"done": time.time()}), flush=True)
    runner.shutdown(grace=0)


def _child_pgqueuer(url: str) -> None:
    async def drain() -> None:
        from pgqueuer.qm import QueueManager
        from pgqueuer.queries import Queries
        from pgqueuer.types import QueueExecutionMode

        conn, driver = await _pgqueuer._connect(url)
        try:
            qm = QueueManager(Queries(driver))

            @qm.entrypoint("noop")
            async def noop(job) -> None:  # type: ignore[no-untyped-def]
                return None

            print("ready", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
            await qm.run(
                mode=QueueExecutionMode.drain,
                batch_size=10,
                dequeue_timeout=timedelta(seconds=1),
                log_aggregation_interval=timedelta(0),
            )
            print(json.dumps({"done": time.time()}), flush=True)
        finally:
            await conn.close()

    asyncio.run(drain())


def _race(args: list[str], processes: int, jobs: int) -> float:
    """Start ``processes`` children, release them together, jobs/s to the last finish."""
    children = [
        subprocess.Popen(
            [sys.executable, __file__, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    go = time.time()
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    finished = []
    for child in children:
        assert child.stdout is not None
        finished.append(json.loads(child.stdout.readline())["done"])
        child.communicate(timeout=60)
    return jobs / (max(finished) - go)


def ours_processes(db: Database, profile_id: int, jobs: int, threads: int, n: int) -> float:
    _insert_ours(db, profile_id, jobs)
    rate = _race(["--child", "ours", "--url", db.url, "--threads", str(threads)], n, jobs)
    with db.engine.connect() as conn:
        done = conn.exec_driver_sql("SELECT count(*) FROM jobs WHERE status='completed'").scalar()
    assert done == jobs, f"only {done} of {jobs} completed"
    return rate


def pgqueuer_processes(url: str, jobs: int, n: int) -> float:
    async def fill() -> None:
        conn, _, queries = await _pgqueuer._driver(url)
        try:
            for start in range(0, jobs, 1000):
                count = min(1000, jobs - start)
                await queries.enqueue(["noop"] * count, [None] * count, [0] * count)
        finally:
            await conn.close()

    asyncio.run(fill())
    return _race(["--child", "pgqueuer", "--url", url], n, jobs)


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--jobs", type=int, default=20_000)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--processes", type=int, default=1, help="worker processes on each side")
    p.add_argument("--child", choices=("ours", "pgqueuer"), help=argparse_hidden())
    p.add_argument("--url", help=argparse_hidden())
    args = p.parse_args()
    if args.child == "ours":
        _child_ours(args.url, args.threads)
        return
    if args.child == "pgqueuer":
        _child_pgqueuer(args.url)
        return
    db, profile = open_bench_database(args.database_url)
    mine: list[float] = []
    theirs: list[float] = []
    for index in range(args.rounds):
        if args.processes > 1:
            mine.append(ours_processes(db, profile.id, args.jobs, args.threads, args.processes))
        else:
            mine.append(ours(db, profile.id, args.jobs, args.threads))
        line = f"round {index + 1}: studyapp {mine[-1]:.0f} jobs/s"
        if _pgqueuer.AVAILABLE:
            if args.processes > 1:
                theirs.append(pgqueuer_processes(db.url, args.jobs, args.processes))
            else:
                theirs.append(_pgqueuer.throughput(db.url, args.jobs))
            line += f"  pgqueuer {theirs[-1]:.0f} jobs/s"
        print(line, flush=True)
    best = statistics.median(mine)
    print(
        f"jobs: {args.jobs}  threads: {args.threads}  processes: {args.processes}  "
        f"rounds: {args.rounds} (medians below)"
    )
    if theirs:
        ratio = best / statistics.median(theirs)
        print(f"pgqueuer jobs/s: {statistics.median(theirs):.0f}")
        print(f"jobs/s: {best:.0f} ({ratio:.2f}x pgqueuer)")
    else:
        print(_pgqueuer.MISSING)
        print(f"jobs/s: {best:.0f}")


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
