"""Whose key pays (issue 20): a Claude job is paid with the key of the profile that asked for it.

Two learners share one database and one worker. The fake Messages API logs the key of every
request, so the tests measure what a worker holding only alice's key sends: never bob's
material, never under any key; bob's job waits (and says so) until a worker holding bob's key,
sealed in the database for shared workers, takes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import text

from studyapp.generation import paying_keys
from studyapp.jobs import store
from studyapp.jobs.clock import FakeClock
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.runner import Runner
from studyapp.services import goals
from studyapp.services.job_waits import waiting_notes
from studyapp.services.profiles import ensure_profile
from tests import fake_anthropic as fa
from tests.factories import make_node
from tests.file_keyring import ENV_FILE, FileKeyring
from tests.gen_support import FIXTURE, card_rows, submit_material
from tests.helpers import run_cli_here

ALICE_KEY = "sk-ant-api03-ALICE-only-0123456789abcdef"
BOB_KEY = "sk-ant-api03-BOB-only-0123456789abcdef"
SECRET = "the shared workers' secret, 2026"
BOB_MARKER = "Bobwordzyx"  # in bob's material only


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[fa.FakeAnthropic]:
    with fa.serve() as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        monkeypatch.setenv("STUDYAPP_LLM_TIMEOUT", "5")
        monkeypatch.delenv("STUDYAPP_PROVIDER", raising=False)
        monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
        monkeypatch.delenv(paying_keys.ENV_WORKER_SECRET, raising=False)
        monkeypatch.delenv("STUDYAPP_NO_KEYRING", raising=False)
        monkeypatch.setenv(ENV_FILE, str(tmp_path / "keyring.json"))
        previous = keyring.get_keyring()
        keyring.set_keyring(FileKeyring())
        try:
            yield server
        finally:
            keyring.set_keyring(previous)


def key_of(request: fa.Recorded) -> str:
    return request.headers.get("x-api-key") or request.headers.get(
        "authorization", ""
    ).removeprefix("Bearer ")


def as_process(monkeypatch: pytest.MonkeyPatch, profile_id: int | None, env_key: str | None):
    """Be a process acting for ``profile_id`` whose own key (environment) is ``env_key``."""
    paying_keys.act_for(profile_id)
    if env_key:
        monkeypatch.setenv("ANTHROPIC_API_KEY", env_key)
    else:
        monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)


def work(runner: Runner, clock: FakeClock, rounds: int = 40) -> None:
    """Run what this worker may take until it takes nothing more (others stay pending)."""
    idle = 0
    for _ in range(rounds):
        claimed = runner.claim()
        for job in claimed:
            runner.execute(job)
        idle = 0 if claimed else idle + 1
        if idle >= 2:
            return
        if not claimed:
            clock.advance(seconds=30)


def bob_material() -> str:
    return FIXTURE.read_text() + f"\n\n{BOB_MARKER} is bob's own private term for slow start.\n"


def test_a_worker_with_alice_key_never_sends_bob_material(
    db, registry: HandlerRegistry, clock: FakeClock, fake, monkeypatch
) -> None:
    alice, bob = ensure_profile(db, "alice"), ensure_profile(db, "bob")
    a_goal = goals.create_goal(db, alice.id, "TCP for alice")
    b_goal = goals.create_goal(db, bob.id, "TCP for bob")
    make_node(db, a_goal.id, "Congestion control")
    make_node(db, b_goal.id, "Congestion control")

    # bob saved his key on his own machine (this keyring) and asks for cards there.
    as_process(monkeypatch, bob.id, None)
    saved = run_cli_here(
        "--database-url",
        db.url,
        "--profile",
        "bob",
        "key",
        "save",
        env={"ANTHROPIC_API_KEY": BOB_KEY},
    )
    assert saved.returncode == 0, saved.stderr
    assert BOB_KEY not in saved.stdout + saved.stderr
    bob_job = submit_material(db, bob.id, b_goal.id, registry, clock, text=bob_material()).job
    assert bob_job.requires == f"key:{bob.id}"
    # alice runs a worker elsewhere with her key in its environment; it has no keyring of bob.
    as_process(monkeypatch, alice.id, ALICE_KEY)
    alice_job = submit_material(db, alice.id, a_goal.id, registry, clock).job
    keyring.get_keyring().delete_password("studyapp", paying_keys.keyring_user("bob"))

    shared = Runner(db, registry, threads=2, clock=clock).start(listen=False)
    try:
        work(shared, clock)
        assert shared.holdings() == (f"key:{alice.id}",)
    finally:
        shared.shutdown(grace=0)
    assert store.get_job(db, alice.id, alice_job.id).status == "completed"
    assert fake.requests and {key_of(r) for r in fake.requests} == {ALICE_KEY}
    assert not any(BOB_MARKER in json.dumps(r.body) for r in fake.requests)
    waiting = store.get_job(db, bob.id, bob_job.id)
    assert waiting.status == "pending" and waiting.attempts == 0 and waiting.error is None
    # The worker is gone: still no worker holds bob's key, and both front ends say so.
    assert waiting_notes(db, [waiting]) == {bob_job.id: "waiting for a worker with bob's key"}
    listed = run_cli_here("--database-url", db.url, "--profile", "bob", "jobs", "list")
    assert listed.returncode == 0, listed.stderr
    assert "waiting for a worker with bob's key" in listed.stdout

    # bob leaves his key for shared workers, sealed; a worker given the secret pays with it.
    shared = run_cli_here(
        "--database-url",
        db.url,
        "--profile",
        "bob",
        "key",
        "share",
        env={"ANTHROPIC_API_KEY": BOB_KEY, paying_keys.ENV_WORKER_SECRET: SECRET},
    )
    assert shared.returncode == 0, shared.stderr
    with db.engine.connect() as conn:
        sealed = conn.execute(text("SELECT sealed FROM profile_keys")).scalar_one()
    assert BOB_KEY not in sealed and "BOB-only" not in sealed
    as_process(monkeypatch, paying_keys.NOBODY, ALICE_KEY)  # a worker for nobody in particular
    monkeypatch.setenv(paying_keys.ENV_WORKER_SECRET, "a wrong secret, 12345")
    wrong = Runner(db, registry, threads=2, clock=clock).start(listen=False)
    try:
        assert wrong.holdings() == ()
        work(wrong, clock)
    finally:
        wrong.shutdown(grace=0)
    assert store.get_job(db, bob.id, bob_job.id).status == "pending"
    monkeypatch.setenv(paying_keys.ENV_WORKER_SECRET, SECRET)
    right = Runner(db, registry, threads=2, clock=clock).start(listen=False)
    try:
        assert right.holdings() == (f"key:{bob.id}",)
        work(right, clock)
    finally:
        right.shutdown(grace=0)
    assert store.get_job(db, bob.id, bob_job.id).status == "completed"
    bob_requests = [r for r in fake.requests if BOB_MARKER in json.dumps(r.body)]
    assert bob_requests and {key_of(r) for r in bob_requests} == {BOB_KEY}
    assert {key_of(r) for r in fake.requests if r not in bob_requests} == {ALICE_KEY}


def test_bob_without_a_key_gets_offline_cards_from_alice_worker(
    db, registry: HandlerRegistry, clock: FakeClock, fake, monkeypatch
) -> None:
    """The issue's report: bob (no key) submitted, alice's worker ran it with alice's key."""
    alice, bob = ensure_profile(db, "alice"), ensure_profile(db, "bob")
    goal = goals.create_goal(db, bob.id, "TCP for bob")
    make_node(db, goal.id, "Congestion control")
    as_process(monkeypatch, bob.id, None)
    job = submit_material(db, bob.id, goal.id, registry, clock, text=bob_material()).job
    assert job.requires is None  # an offline job: any worker may run it
    as_process(monkeypatch, alice.id, ALICE_KEY)
    worker = Runner(db, registry, threads=2, clock=clock).start(listen=False)
    try:
        work(worker, clock)
    finally:
        worker.shutdown(grace=0)
    assert store.get_job(db, bob.id, job.id).status == "completed"
    assert fake.requests == []
    assert {row[3] for row in card_rows(db, goal.id)} == {"offline"}
