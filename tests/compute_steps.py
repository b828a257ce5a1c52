"""Steps the compute-pool tests run in a compute process (importable there, and light: a
spawned process imports this module to find them), and a handler that runs one."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from studyapp.handlers import compute
from studyapp.jobs.contract import CompletionTx, JobContext

STEP = "pooled_step"


def pid() -> int:
    return os.getpid()


def die() -> None:
    """The process is killed in the middle of a step (the OOM killer, ``kill -9``)."""
    os.kill(os.getpid(), signal.SIGKILL)


def die_once(marker: str) -> int:
    """Killed the first time (``marker`` does not exist yet), then returns its pid."""
    path = Path(marker)
    if not path.exists():
        path.write_text("died once")
        die()
    return os.getpid()


def sleep_marked(marker: str, seconds: float) -> None:
    """Says it started (``marker``), then works for ``seconds``. The marker appears whole
    (written aside, then renamed): a test waiting for it to exist must never read it empty,
    which under CI load it once did ("invalid literal for int() with base 10: ''")."""
    aside = Path(f"{marker}.part")
    aside.write_text(str(os.getpid()))
    os.replace(aside, marker)
    time.sleep(seconds)


class PooledStep:
    """A job whose slow part is one compute step, named by its payload:
    {"step": "die_once" | "sleep_marked", "args": [...]}."""

    job_type = STEP

    def validate(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        return dict(payload)

    def run(self, ctx: JobContext) -> Any:
        step = globals()[ctx.job.payload["step"]]
        return compute.run(step, *ctx.job.payload.get("args", []))

    def apply(self, tx: CompletionTx, outcome: Any) -> dict[str, Any]:
        return {"step_pid": outcome}
