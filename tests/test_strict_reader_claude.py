"""Issue 18 on the Claude path: recorded Claude-shaped answers (one card per strict-reader
pattern, ``tests/fixtures/claude_strict_reader.json``) replayed by the fake Messages API through
the real provider, handler and gate: each flawed card is rejected with its reason, kept in the
job's result; the sound ones are saved; and the prompt names the patterns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studyapp.jobs import store
from studyapp.services import generation, goals
from tests import fake_anthropic as fa
from tests.factories import make_node
from tests.gen_support import card_rows, drain, material

FIXTURES = Path(__file__).parent / "fixtures"
RECORDED = json.loads((FIXTURES / "claude_strict_reader.json").read_text(encoding="utf-8"))


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch):
    with fa.as_claude(monkeypatch, "sk-ant-api03-TESTKEY-strict-reader-000", timeout="5") as server:
        yield server


def test_each_pattern_claude_writes_is_rejected_with_its_reason(
    db, profile, registry, runner, clock, fake
) -> None:
    goal = goals.create_goal(db, profile.id, "Understand HTTP caching and cells")
    make_node(db, goal.id, "Caches and membranes")
    cards = [{k: v for k, v in c.items() if k != "flaw"} for c in RECORDED["cards"]]
    fake.push(fa.tool({"cards": cards}))
    notes = (FIXTURES / "strict_reader_notes.md").read_text(encoding="utf-8")
    submitted = generation.submit_cards(
        db,
        profile.id,
        goal.id,
        material=material(notes, "notes.md"),
        count=len(cards),
        registry=registry,
        clock=clock,
    )
    drain(runner, clock)
    job = store.get_job(db, profile.id, submitted.job.id)
    assert job.status == "completed", job.error
    reasons = {r["text"]: r["reason"] for r in job.result["rejected"]}
    expected = {c["front"]: c["flaw"] for c in RECORDED["cards"] if "flaw" in c}
    assert reasons == expected
    sound = [c["front"] for c in RECORDED["cards"] if "flaw" not in c]
    assert sorted(r[0] for r in card_rows(db, goal.id)) == sorted(sound)


def test_the_card_prompt_names_the_strict_readers_patterns(
    db, profile, registry, runner, clock, fake
) -> None:
    goal = goals.create_goal(db, profile.id, "Understand HTTP caching and cells")
    make_node(db, goal.id, "Caches and membranes")
    fake.push(fa.tool({"cards": [{k: v for k, v in RECORDED["cards"][-1].items()}]}))
    notes = (FIXTURES / "strict_reader_notes.md").read_text(encoding="utf-8")
    generation.submit_cards(
        db, profile.id, goal.id, material=material(notes), count=3, registry=registry, clock=clock
    )
    drain(runner, clock)
    [request] = [r for r in fake.requests if r.body["tool_choice"]["name"] == "record_flashcards"]
    system = " ".join(part["text"] for part in request.body["system"]).lower()
    for named in (
        "one fact",
        "self-contained",
        "filler",
        "anecdote",
        "purpose statement",
        "acronym",
        "more than one",
        "such as",
        "same kind and form",
        # round 3 of the strict read
        "authors' narrative",
        "learning objective",
        "opinion",
        "pointer at more reading",
        "swallows a verb",
        "citation",
    ):
        assert named in system, named
