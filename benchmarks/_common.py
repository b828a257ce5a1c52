"""Shared set-up for benchmarks: a database (``--database-url`` or a fresh embedded server),
migrated, with a profile; and percentile helpers. Every benchmark prints its figures and ends
with one headline line."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from studyapp.db import embedded
from studyapp.db.database import Database
from studyapp.db.migrate import upgrade
from studyapp.services.profiles import ProfileInfo, ensure_profile


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--database-url", help="default: a fresh embedded PostgreSQL, deleted after")
    return p


def open_bench_database(url: str | None) -> tuple[Database, ProfileInfo]:
    """The database and a profile of this run's own. On a given server (``--database-url``) the
    profile is new each run: a shared "bench" profile carried one run's goals into the next
    (the optimiser's figures counted two runs' reviews)."""
    fresh = url is None
    if url is None:
        url = embedded.start(Path(tempfile.mkdtemp(prefix="sa-bench-")), cleanup_mode="delete")
    db = Database(url)
    upgrade(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("TRUNCATE jobs, job_submissions, workers RESTART IDENTITY CASCADE")
    return db, ensure_profile(db, "bench" if fresh else f"bench-{uuid.uuid4().hex[:8]}")


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(round(p / 100 * (len(ordered) - 1)), len(ordered) - 1)
    return ordered[index]


def report_latencies(
    what: str,
    ours_ms: list[float],
    pgqueuer: Callable[[], list[float]],
    *,
    p: int,
    theirs: str = "",
) -> None:
    """Print our ``what`` latencies, then pgqueuer's ``theirs`` (default: the same operation)
    measured by ``pgqueuer()`` when it is installed, then the headline: our ``p``-th percentile,
    pgqueuer's beside it."""
    from benchmarks import _pgqueuer

    print(summary(f"{what} latency", ours_ms))
    beside = ""
    if _pgqueuer.AVAILABLE:
        theirs_ms = pgqueuer()
        print(summary(f"pgqueuer {theirs or what} latency", theirs_ms))
        beside = f" (pgqueuer {theirs or what} {percentile(theirs_ms, p):.2f})"
    else:
        print(_pgqueuer.MISSING)
    print(f"{what} p{p} ms: {percentile(ours_ms, p):.2f}{beside}")


def summary(name: str, values_ms: list[float]) -> str:
    return (
        f"{name}: n={len(values_ms)} p50={percentile(values_ms, 50):.2f} ms "
        f"p99={percentile(values_ms, 99):.2f} ms mean={statistics.fmean(values_ms):.2f} ms"
    )
