"""Generation handlers when the database or the vector store goes away mid-job.

A database outage during a job's vector sync is not a vector store failure: the job is run again
once the database is back (no attempt charged), so its near-duplicate check and its choice
candidates are complete, never silently skipped. A vector store that fails on its own (LanceDB
broken) leaves the check to ``apply()``, which then compares against the whole goal: no card is
ever saved unchecked. The outage is real: a PostgreSQL of the test's own (``tests/pg_control``)
is stopped in the middle of the sync and started again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.generation.offline import OfflineProvider
from studyapp.generation.types import CardDraft, CardSet
from studyapp.handlers.common import HandlerEnv
from studyapp.handlers.distractors import DistractorsHandler
from studyapp.handlers.flashcards import DUPLICATE, FlashcardsHandler
from studyapp.jobs import store
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.runner import Runner
from studyapp.services import generation, goals
from studyapp.services.profiles import ensure_profile
from studyapp.vectors.store import VectorStore, open_store
from tests.factories import make_card, make_node
from tests.pg_control import OwnPostgres

EXISTING = ("What does slow start double every round trip?", "The congestion window")
PARAPHRASE = ("What does slow start double each round trip?", "The congestion window")
DISTINCT = ("Which timer resends an unacknowledged segment?", "The retransmission timer")


pytestmark = pytest.mark.usefixtures("offline_provider")


class Cards(OfflineProvider):
    """Two cards for any skill: one saying what a card of the goal already says, one new."""

    def cards(self, request: Any) -> CardSet:
        return CardSet((CardDraft(*PARAPHRASE, "basic"), CardDraft(*DISTINCT, "basic")), "test")


class Outage:
    """The test's PostgreSQL goes away in the middle of a job's vector sync, and comes back at
    the handler's next step that is not a database read (its next call into the vector store
    or for its provider), or after 1.5 s, whichever is first. So a handler that carries on past
    the failed sync finds the database back and saves what it made with the sync half done,
    while one that lets the outage through is run again by the engine once the server is back."""

    def __init__(self, server: OwnPostgres) -> None:
        self.server = server
        self.count = 0
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def begin(self) -> None:
        with self._lock:
            if self.count:
                return
            self.count += 1
            self.server.stop()
            self._timer = threading.Timer(1.5, self.end)
            self._timer.start()

    def end(self) -> None:
        with self._lock:
            if not self.server.running():
                self.server.start()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self.end()


class FaultyStore:
    """The real store, with a fault: an :class:`Outage` that begins when the sync asks the
    store for its fingerprint (between the database's fingerprint and its list of card ids), or
    ``broken_search``: neighbour queries fail the way a damaged LanceDB table does."""

    def __init__(self, inner: VectorStore, outage: Outage | None = None) -> None:
        self.inner = inner
        self.outage = outage
        self.broken_search = False

    def __getattr__(self, name: str) -> Any:
        if self.outage is not None:
            self.outage.end()
        return getattr(self.inner, name)

    def fingerprint(self, *args: Any, **kwargs: Any) -> tuple[int, int]:
        if self.outage is not None:
            self.outage.begin()
        return self.inner.fingerprint(*args, **kwargs)

    def nearest_many(self, *args: Any, **kwargs: Any) -> Any:
        if self.broken_search:
            raise OSError("lance error: corrupt fragment")
        return self.inner.nearest_many(*args, **kwargs)


@dataclass(frozen=True)
class FaultyEnv(HandlerEnv):
    faulty: FaultyStore | None = None

    def store(self, db: Database) -> Any:
        if self.faulty is None:
            raise PermissionError("the vectors folder is not writable")
        return self.faulty

    def provider(self, db: Database, profile_id: int, requires: str | None = None) -> Any:
        if self.faulty is not None and self.faulty.outage is not None:
            self.faulty.outage.end()
        return super().provider(db, profile_id, requires=requires)


def registry_for(faulty: FaultyStore | None) -> HandlerRegistry:
    env = FaultyEnv(provider_factory=lambda _settings: Cards(), faulty=faulty)
    registry = HandlerRegistry()
    registry.register(FlashcardsHandler(env))
    registry.register(DistractorsHandler(env))
    return registry


def run_one(db: Database, registry: HandlerRegistry, job_id: int) -> None:
    runner = Runner(db, registry, threads=1).start(listen=False)
    try:
        (job,) = runner.claim()
        assert job.id == job_id
        runner.execute(job)
    finally:
        runner.shutdown(grace=0)


def run_through_an_outage(
    server: OwnPostgres, db: Database, tmp_path: Path, submit: Callable[[HandlerRegistry], JobInfo]
) -> tuple[JobInfo, FaultyStore]:
    """Submit a job (``submit(registry)``) and run it with an outage in its vector sync; its
    final state (completed) and the store."""
    outage = Outage(server)
    faulty = FaultyStore(open_store(tmp_path / "vectors"), outage)
    registry = registry_for(faulty)
    job = submit(registry)
    try:
        run_one(db, registry, job.id)
    finally:
        outage.close()
    assert outage.count == 1
    final = store.get_job(db, job.profile_id, job.id)
    assert final.status == "completed", final.error
    return final, faulty


def goal_with_a_card(db: Database) -> tuple[int, int, int, int]:
    """(profile, goal, node, the existing card)."""
    profile = ensure_profile(db, "default")
    goal = goals.create_goal(db, profile.id, "TCP congestion control")
    node = make_node(db, goal.id, "Slow start")
    card = make_card(db, profile.id, goal.id, *EXISTING, node_id=node)
    return profile.id, goal.id, node, card


def fronts(db: Database, goal_id: int) -> list[str]:
    with db.engine.connect() as conn:
        return list(
            conn.execute(
                text("SELECT front FROM cards WHERE goal_id = :g ORDER BY id"), {"g": goal_id}
            ).scalars()
        )


@pytest.mark.slow
def test_an_outage_during_the_card_jobs_vector_sync_is_waited_out_not_skipped(
    own_pg: OwnPostgres, own_db: Database, tmp_path: Path
) -> None:
    profile_id, goal_id, node, existing = goal_with_a_card(own_db)
    final, faulty = run_through_an_outage(
        own_pg,
        own_db,
        tmp_path,
        lambda registry: (
            generation.submit_cards(
                own_db, profile_id, goal_id, node_id=node, count=2, registry=registry
            ).job
        ),
    )
    assert (final.attempts, final.lost, final.errors) == (1, 0, ())  # an outage costs nothing
    # The sync ran to the end after the outage: the existing card is in the store, and the
    # paraphrase was caught by the job's own check, not left to the commit's.
    assert existing in faulty.inner.card_id_list(profile_id, goal_id)
    assert [r["reason"] for r in final.result["rejected"]] == [DUPLICATE]
    assert fronts(own_db, goal_id) == [EXISTING[0], DISTINCT[0]]


@pytest.mark.slow
def test_an_outage_during_the_choice_jobs_vector_sync_does_not_fail_the_job(
    own_pg: OwnPostgres, own_db: Database, tmp_path: Path
) -> None:
    """Without the sync the offline provider has no candidates and would fail for good."""
    profile_id, goal_id, _node, _existing = goal_with_a_card(own_db)
    phases = [
        ("Which phase grows the window by one segment per round trip?", "Congestion avoidance"),
        ("What follows fast retransmit?", "Fast recovery"),
        ("What resends a segment after three duplicate ACKs?", "Fast retransmit"),
        ("Which phase doubles the window every round trip?", "Slow start"),
    ]
    card_ids = [make_card(own_db, profile_id, goal_id, *card) for card in phases]
    final, _store = run_through_an_outage(
        own_pg,
        own_db,
        tmp_path,
        lambda registry: (
            generation.submit_distractors(own_db, profile_id, card_ids[0], registry=registry).job
        ),
    )
    assert (final.attempts, final.errors) == (1, ())
    assert len(final.result["options"]) == 3
    others = {"Fast recovery", "Fast retransmit", "Slow start", EXISTING[1]}
    assert set(final.result["options"]) <= others  # the goal's other answers


@pytest.mark.parametrize("fault", ["search fails", "no store"])
def test_a_failing_vector_store_leaves_the_whole_check_to_the_commit(
    db: Database, tmp_path: Path, fault: str
) -> None:
    """The goal's cards could not be searched: the card that repeats one of them is still
    refused, by apply() comparing against the whole goal. (Before, a failed search left apply()
    checking only cards newer than the search, and without a store apply() checked nothing:
    the repeat was saved.)"""
    profile_id, goal_id, node, _existing = goal_with_a_card(db)
    faulty = None
    if fault == "search fails":
        faulty = FaultyStore(open_store(tmp_path / "vectors"))
        faulty.broken_search = True
    registry = registry_for(faulty)
    job = generation.submit_cards(
        db, profile_id, goal_id, node_id=node, count=2, registry=registry
    ).job
    run_one(db, registry, job.id)
    final = store.get_job(db, profile_id, job.id)
    assert final.status == "completed", final.error
    assert final.result["created"] == 1 and final.result["skipped_duplicates"] == 1
    assert fronts(db, goal_id) == [EXISTING[0], DISTINCT[0]]
