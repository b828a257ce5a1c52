"""Outage recovery: a running worker (4 threads) has 4 LLM-like jobs in flight when its
PostgreSQL (a private server, never the shared one) is stopped (fast shutdown); the calls return
during the outage, so their results wait in memory. Measured: seconds from the database's
return (``pg_ctl start`` done) to the first completed job, and to all four, for a 5 s and a
60 s outage. pgqueuer is not compared here: it has no notion of results held across an outage.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from benchmarks._common import parser
from studyapp.db.database import Database
from studyapp.db.migrate import upgrade
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.runner import Runner
from studyapp.services.profiles import ensure_profile
from tests.pg_control import OwnPostgres


class GatedJob:
    """Blocks like an LLM call until the gate opens."""

    job_type = "bench_gated"
    gate = threading.Event()
    entered = threading.Semaphore(0)

    def validate(self, payload: Any) -> dict[str, Any]:
        return dict(payload)

    def run(self, ctx: Any) -> None:
        self.entered.release()
        self.gate.wait()

    def apply(self, tx: Any, outcome: Any) -> dict[str, Any]:
        return {}


def completed(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=1) as conn:
            row = conn.execute("SELECT count(*) FROM jobs WHERE status = 'completed'").fetchone()
            return int(row[0]) if row else 0
    except psycopg.OperationalError:
        return 0


def one_outage(server: OwnPostgres, seconds: float) -> tuple[float, float]:
    db = Database(server.url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE jobs, job_submissions, workers RESTART IDENTITY CASCADE")
    profile = ensure_profile(db, "bench")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            f"INSERT INTO jobs (profile_id, type) SELECT {profile.id}, 'bench_gated' "
            "FROM generate_series(1, 4)"
        )
    registry = HandlerRegistry()
    registry.register(GatedJob())  # type: ignore[arg-type]
    GatedJob.gate.clear()
    runner = Runner(db, registry, threads=4).start(listen=True)
    loop = threading.Thread(target=runner.run, daemon=True)
    loop.start()
    for _ in range(4):
        if not GatedJob.entered.acquire(timeout=30):
            raise SystemExit("the jobs did not start")
    server.stop()
    GatedJob.gate.set()  # the calls return while the database is away
    time.sleep(seconds)
    server.start()
    back = time.monotonic()
    first = all_done = None
    while all_done is None:
        done = completed(server.url)
        now = time.monotonic() - back
        if done and first is None:
            first = now
        if done == 4:
            all_done = now
        if now > 120:
            raise SystemExit("the held results were not committed within 120 s")
        time.sleep(0.01)
    runner.request_stop()
    loop.join(10)
    runner.shutdown(grace=1)
    db.dispose()
    assert first is not None
    return first, all_done


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--outages", default="5,60", help="outage lengths in seconds")
    args = p.parse_args()
    if args.database_url:
        raise SystemExit("this benchmark stops its own private server; --database-url is unused")
    server = OwnPostgres()
    server.start()
    try:
        upgrade(Database(server.url))
        worst = 0.0
        for seconds in (float(s) for s in args.outages.split(",")):
            first, all_done = one_outage(server, seconds)
            worst = max(worst, first)
            print(
                f"outage {seconds:.0f} s: first job completed {first:.2f} s after the database "
                f"returned, all 4 after {all_done:.2f} s",
                flush=True,
            )
        print(f"seconds from the database's return to the first completed job: {worst:.2f}")
    finally:
        server.destroy()


if __name__ == "__main__":
    main()
