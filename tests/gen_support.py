"""Shared pieces of the generation tests: a registry with the real handlers on a tmp vector
store, a runner on a fake clock, a drain loop that advances that clock past retry delays, and
the material they generate from.

The fixtures (``offline_provider``, ``vectors_dir``, ``registry``, ``runner``) reach every test
module through ``conftest.py``; a module that needs another registry or runner (the engine's
tests) defines its own under the same name, which wins.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.generation.types import MarkedTerm
from studyapp.handlers import registry as handlers
from studyapp.jobs.clock import FakeClock
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.runner import Runner
from studyapp.jobs.store import SubmitResult
from studyapp.services import generation
from studyapp.services.material import Material

FIXTURE = Path(__file__).parent / "fixtures" / "congestion.md"
# Notes whose definitions are of one kind (six organelles): each one's wrong options are the
# others' definitions, an honest choice set (tests of choices, and the quiz screenshot).
ORGANELLES_FILE = Path(__file__).parent / "fixtures" / "organelles.md"
ORGANELLES = ORGANELLES_FILE.read_text(encoding="utf-8")
# The notes' top-level headings: the skills a tree made from them starts with.
FIXTURE_SKILLS = [
    "Why congestion happens",
    "The congestion window",
    "Detecting loss",
    "Modern algorithms",
]


@pytest.fixture
def offline_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    """Generation with the offline provider, whatever key or keyring the machine has."""
    monkeypatch.setenv("STUDYAPP_PROVIDER", "offline")
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.setenv("STUDYAPP_NO_KEYRING", "1")


@pytest.fixture
def vectors_dir(tmp_path: Path) -> Path:
    return tmp_path / "vectors"


@pytest.fixture
def registry(vectors_dir: Path) -> HandlerRegistry:
    return make_registry(vectors_dir)


@pytest.fixture
def runner(db: Database, registry: HandlerRegistry, clock: FakeClock) -> Iterator[Runner]:
    """A started runner the test drives itself (``drain``, or ``claim`` and ``execute``)."""
    r = Runner(db, registry, threads=2, clock=clock).start(listen=False)
    yield r
    r.shutdown(grace=0)


def material(text_: str | None = None, source: str = "notes.md") -> Material:
    """``text_`` (the congestion-control notes by default) as a UTF-8 file the learner added."""
    return Material(FIXTURE.read_text() if text_ is None else text_, source, "utf-8")


def submit_tree_material(
    db: Database, profile_id: int, goal_id: int, registry: HandlerRegistry, clock: FakeClock
) -> SubmitResult:
    """A skill-tree job for the congestion-control notes."""
    return generation.submit_skill_tree(
        db, profile_id, goal_id, material=material(), registry=registry, clock=clock
    )


def submit_material(
    db: Database,
    profile_id: int,
    goal_id: int,
    registry: HandlerRegistry,
    clock: FakeClock,
    *,
    count: int = 12,
    text: str | None = None,
) -> SubmitResult:
    """A card job for material (the congestion-control notes unless ``text``)."""
    return generation.submit_cards(
        db,
        profile_id,
        goal_id,
        material=material(text),
        count=count,
        registry=registry,
        clock=clock,
    )


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


@cache
def marked_corpus(name: str) -> tuple[str, tuple[MarkedTerm, ...]]:
    """A corpus text as a card job gets it: its cleaned text and the terms it marks."""
    from studyapp.services.generation import clean_material, material_marks
    from studyapp.services.material import read_file

    found = read_file(Path(__file__).parent / "fixtures" / "corpus" / name)
    return clean_material(found), material_marks(found)
