"""No-op handlers for the queue benchmarks (also loadable into workers by module name)."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

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


def register(registry: HandlerRegistry) -> None:
    registry.register(NoopJob())
    registry.register(TimedJob())
