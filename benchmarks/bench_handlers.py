"""No-op handlers for the queue benchmarks (also loadable into workers by module name)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from typing import Any

from sqlalchemy import text

from studyapp.jobs.registry import HandlerRegistry


class NoopJob:
    job_type = "bench_noop"

    def validate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        return dict(payload)

    def run(self, ctx: Any) -> None:
        return None

    def apply(self, tx: Any, outcome: Any) -> dict[str, Any]:
        return {}


class TimedJob(NoopJob):
    """Records when its handler started (pickup latency)."""

    job_type = "bench_timed"
    started: dict[int, float] = {}
    lock = threading.Lock()

    def run(self, ctx: Any) -> None:
        with self.lock:
            self.started[ctx.job.id] = time.perf_counter()


EFFECTS_DDL = (
    "CREATE TABLE IF NOT EXISTS bench_effects (id bigserial PRIMARY KEY, job_id bigint NOT NULL, "
    "pid int NOT NULL)"
)


class SleepJob(NoopJob):
    """Works for payload["seconds"] (checking for cancellation), then writes one effect row in
    its completion transaction: counting rows per job shows whether any result landed twice."""

    job_type = "bench_sleep"

    def run(self, ctx: Any) -> None:
        deadline = time.monotonic() + float(ctx.job.payload.get("seconds", 0.5))
        while time.monotonic() < deadline:
            ctx.raise_if_cancelled()
            time.sleep(0.02)

    def apply(self, tx: Any, outcome: Any) -> dict[str, Any]:
        tx.session.execute(
            text("INSERT INTO bench_effects (job_id, pid) VALUES (:j, :p)"),
            {"j": tx.job.id, "p": os.getpid()},
        )
        return {}


def register(registry: HandlerRegistry) -> None:
    registry.register(NoopJob())
    registry.register(TimedJob())
    registry.register(SleepJob())


def bench_registry() -> HandlerRegistry:
    """A registry of the benchmark handlers only."""
    registry = HandlerRegistry()
    register(registry)
    return registry
