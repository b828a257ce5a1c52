"""pgqueuer, run side by side with Studyapp's engine in the same benchmark and on the same
database (its own tables). Benchmark-only: installed by ``make bench`` (the ``bench`` extra),
never a runtime dependency. When it is missing the benchmarks say so and skip the comparison.

Note what is compared: pgqueuer is at-least-once (a handler's effects are outside its
completion), Studyapp's engine applies each result exactly once in the completion transaction.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

try:
    import asyncpg  # noqa: F401
    import pgqueuer  # noqa: F401

    AVAILABLE = True
except ImportError:  # pragma: no cover - the bench extra is not installed
    AVAILABLE = False

MISSING = "pgqueuer is not installed (pip install -e '.[bench]', or make bench): comparison skipped"


def _dsn(url: str) -> str:
    """asyncpg takes URLs only; the embedded server's conninfo has a socket directory."""
    import psycopg.conninfo

    params = psycopg.conninfo.conninfo_to_dict(url)
    host = str(params.get("host") or "127.0.0.1")
    user = params.get("user") or "postgres"
    dbname = params.get("dbname") or "postgres"
    port = params.get("port") or 5432
    if host.startswith("/"):
        return f"postgresql://{user}@/{dbname}?host={host}&port={port}"
    return f"postgresql://{user}@{host}:{port}/{dbname}"


async def _connect(url: str):  # type: ignore[no-untyped-def]
    """pgqueuer's recommended driver (asyncpg): its psycopg driver shares one connection
    between LISTEN and dequeue, which delays pickups by up to a second."""
    import asyncpg
    from pgqueuer.db import AsyncpgDriver

    conn = await asyncpg.connect(_dsn(url))
    return conn, AsyncpgDriver(conn)


async def _driver(url: str):  # type: ignore[no-untyped-def]
    from pgqueuer.queries import Queries

    conn, driver = await _connect(url)
    queries = Queries(driver)
    if not await queries.has_table("pgqueuer"):
        await queries.install()
    await queries.clear_queue()
    return conn, driver, queries


async def _throughput(url: str, jobs: int, batch_size: int) -> float:
    from pgqueuer.qm import QueueManager
    from pgqueuer.types import QueueExecutionMode

    conn, _, queries = await _driver(url)
    try:
        for start in range(0, jobs, 1000):
            n = min(1000, jobs - start)
            await queries.enqueue(["noop"] * n, [None] * n, [0] * n)
        qm = QueueManager(queries)

        @qm.entrypoint("noop")
        async def noop(job) -> None:  # type: ignore[no-untyped-def]
            return None

        started = time.perf_counter()
        await qm.run(
            mode=QueueExecutionMode.drain,
            batch_size=batch_size,
            dequeue_timeout=timedelta(seconds=1),
            log_aggregation_interval=timedelta(0),
        )
        return jobs / (time.perf_counter() - started)
    finally:
        await conn.close()


def throughput(url: str, jobs: int, batch_size: int = 10) -> float:
    """No-op jobs per second for pgqueuer draining ``jobs`` queued jobs."""
    return asyncio.run(_throughput(url, jobs, batch_size))


async def _pickup(url: str, samples: int) -> list[float]:
    from pgqueuer.qm import QueueManager
    from pgqueuer.queries import Queries

    conn, _, queries = await _driver(url)
    submit_conn, submit_driver = await _connect(url)
    submitter = Queries(submit_driver)
    qm = QueueManager(queries)
    started: dict[int, float] = {}
    arrived = asyncio.Event()

    @qm.entrypoint("timed")
    async def timed(job) -> None:  # type: ignore[no-untyped-def]
        started[int(job.id)] = time.perf_counter()
        arrived.set()

    runner = asyncio.create_task(qm.run(dequeue_timeout=timedelta(seconds=5)))
    await asyncio.sleep(0.5)
    latencies: list[float] = []
    try:
        for _ in range(samples):
            arrived.clear()
            before = time.perf_counter()
            [job_id] = await submitter.enqueue("timed", None)
            await asyncio.wait_for(arrived.wait(), 10)
            latencies.append((started[int(job_id)] - before) * 1000)
            await asyncio.sleep(0.01)
    finally:
        qm.shutdown.set()
        await runner
        await submit_conn.close()
        await conn.close()
    return latencies


def pickup(url: str, samples: int) -> list[float]:
    """Milliseconds from enqueue() called to the entrypoint started, on an idle pgqueuer."""
    return asyncio.run(_pickup(url, samples))


async def _enqueue_latency(url: str, samples: int) -> list[float]:
    conn, _, queries = await _driver(url)
    latencies: list[float] = []
    try:
        for i in range(samples):
            before = time.perf_counter()
            await queries.enqueue("noop", str(i).encode())
            latencies.append((time.perf_counter() - before) * 1000)
    finally:
        await conn.close()
    return latencies


def enqueue_latency(url: str, samples: int) -> list[float]:
    """Milliseconds per pgqueuer enqueue() (one job, its own transaction)."""
    return asyncio.run(_enqueue_latency(url, samples))
