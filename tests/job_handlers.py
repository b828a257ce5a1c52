"""Handlers the job-engine tests register (also loaded into worker subprocesses through
``STUDYAPP_HANDLER_MODULES=tests.job_handlers``). Their effect is a row in ``test_effects``,
written in the completion transaction, so a test can count how often each job took effect."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import text

from studyapp.errors import BadInput
from studyapp.jobs.contract import CompletionTx, JobContext, PermanentError, TransientError
from studyapp.jobs.registry import HandlerRegistry

# Tables the suite's own job handlers write (here, and ``bench_effects`` of
# benchmarks/bench_handlers.py, which a benchmark test runs): not Studyapp's, so the tests that
# walk every table of the catalog (row-level security, moving a profile) leave them out.
SCAFFOLDING_TABLES = frozenset({"test_effects", "bench_effects"})

EFFECTS_DDL = (
    "CREATE TABLE IF NOT EXISTS test_effects (id bigserial PRIMARY KEY, job_id bigint NOT NULL, "
    "pid int NOT NULL, attempt int NOT NULL)"
)


def _effect(tx: CompletionTx) -> None:
    tx.session.execute(
        text("INSERT INTO test_effects (job_id, pid, attempt) VALUES (:j, :p, :a)"),
        {"j": tx.job.id, "p": os.getpid(), "a": tx.job.attempts},
    )


class Noop:
    """Does nothing slow; writes its effect row."""

    job_type = "noop"

    def validate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        if "reject" in payload:
            raise BadInput(f"rejected: {payload['reject']}")
        return dict(payload)

    def run(self, ctx: JobContext) -> Any:
        return None

    def apply(self, tx: CompletionTx, outcome: Any) -> dict[str, Any]:
        _effect(tx)
        return {"ok": True}


class Scripted(Noop):
    """Fails as its payload says on the given attempts: {"fail": {"1": "transient", ...},
    "retry_after": 5}."""

    job_type = "scripted"

    def run(self, ctx: JobContext) -> Any:
        plan = ctx.job.payload.get("fail", {})
        kind = plan.get(str(ctx.job.attempts))
        if kind == "transient":
            raise TransientError(
                f"flaky on attempt {ctx.job.attempts}",
                retry_after=ctx.job.payload.get("retry_after"),
            )
        if kind == "permanent":
            raise PermanentError("the API key was refused")
        if kind == "crash":
            raise ValueError("a bug")
        ctx.add_usage(100, 20, 0.001)
        return None


class Slow(Noop):
    """Runs for payload["seconds"], checking for cancellation; a crash test's victim."""

    job_type = "slow"

    def run(self, ctx: JobContext) -> Any:
        deadline = time.monotonic() + float(ctx.job.payload.get("seconds", 1))
        started = ctx.db.engine  # touch the db attribute: it must be there
        assert started is not None
        while time.monotonic() < deadline:
            ctx.raise_if_cancelled()
            time.sleep(0.02)
        return None


class Gated(Noop):
    """An LLM call stand-in across processes: it says it started (a line in
    ``payload["dir"]/entered``), blocks until the file ``payload["dir"]/open`` exists, then
    records one paid call (a line in ``calls``) and returns. Counting lines per job id tells
    whether any call was made (paid for) twice."""

    job_type = "gated"

    def run(self, ctx: JobContext) -> Any:
        folder = Path(ctx.job.payload["dir"])
        with (folder / "entered").open("a") as f:
            f.write(f"{ctx.job.id}\n")
        while not (folder / "open").exists():
            ctx.raise_if_cancelled()
            time.sleep(0.02)
        with (folder / "calls").open("a") as f:
            f.write(f"{ctx.job.id}\n")
        return None


class Parent(Noop):
    """Spawns payload["children"] noop children in its completion transaction."""

    job_type = "parent"

    def apply(self, tx: CompletionTx, outcome: Any) -> dict[str, Any]:
        _effect(tx)
        kind = tx.job.payload.get("child_type", "noop")
        for index in range(int(tx.job.payload.get("children", 2))):
            child_payload: dict[str, Any] = {"index": index}
            if kind == "scripted":
                child_payload["fail"] = tx.job.payload.get("child_fail", {}).get(str(index), {})
            tx.spawn(kind, child_payload)
        return {"spawned": True}


def register(registry: HandlerRegistry) -> None:
    for handler in (Noop(), Scripted(), Slow(), Gated(), Parent()):
        registry.register(handler)


def make_registry() -> HandlerRegistry:
    registry = HandlerRegistry()
    register(registry)
    return registry
