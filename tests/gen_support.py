"""Shared pieces of the generation tests: a registry with the real handlers on a tmp vector
store, a runner on a fake clock, and a drain loop that advances that clock past retry delays."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.jobs import handlers
from studyapp.jobs.clock import FakeClock
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.runner import Runner


def make_registry(vectors_dir: Path, **kwargs: object) -> HandlerRegistry:
    registry = HandlerRegistry()
    handlers.register(registry, vectors_dir=vectors_dir, **kwargs)  # type: ignore[arg-type]
    return registry


def pending(db: Database) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM jobs WHERE status = 'pending'")).scalar_one()


def drain(runner: Runner, clock: FakeClock, rounds: int = 100) -> int:
    """Run every job (children, retries) to its end on this thread; returns jobs executed."""
    executed = 0
    for _ in range(rounds):
        claimed = runner.claim()
        for job in claimed:
            runner.execute(job)
            executed += 1
        if not claimed:
            if not pending(runner.db):
                return executed
            clock.advance(seconds=30)  # past any backoff or Retry-After
    raise AssertionError("jobs did not settle")


def card_rows(db: Database, goal_id: int) -> list[tuple[str, str, str, str]]:
    with db.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT front, back, kind, provider FROM cards WHERE goal_id = :g ORDER BY id"
                ),
                {"g": goal_id},
            )
        ]
