"""The Claude provider through the real SDK and the real job engine, against a fake Messages API.

Each fault ends as the engine's rules say: transient ones are retried (honouring Retry-After)
and then complete; permanent ones fail at once with a message a learner understands. The API key
is sent to the API and appears nowhere else.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import text

from studyapp.generation.claude import ClaudeProvider
from studyapp.generation.keys import ApiKey
from studyapp.generation.settings import ModelChoice
from studyapp.generation.types import TreeRequest
from studyapp.jobs import store
from studyapp.services import generation, goals
from studyapp.services.material import Material
from tests import fake_anthropic as fa
from tests.factories import make_card, make_node
from tests.gen_support import (
    FIXTURE,
    card_rows,
    drain,
    submit_material,
    submit_tree_material,
)

FAKE_KEY = "sk-ant-api03-TESTKEY-must-never-leak-0123456789"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch):
    with fa.as_claude(monkeypatch, FAKE_KEY, timeout="0.5") as server:
        yield server


def submit_cards(
    db, profile, registry, clock, text_: str | None = None, count: int = 3, tree: bool = True
):
    """A card job for material; ``tree`` gives the goal a skill first (else the job makes the
    goal's tree from the material before its cards)."""
    goal = goals.create_goal(db, profile.id, "Understand TCP congestion control")
    if tree:
        make_node(db, goal.id, "Congestion control")
    job = submit_material(db, profile.id, goal.id, registry, clock, count=count, text=text_).job
    return goal, job


def test_cards_made_by_claude_record_provider_and_usage(
    db, profile, registry, runner, clock, fake
) -> None:
    goal, job = submit_cards(db, profile, registry, clock)
    drain(runner, clock)
    final = store.get_job(db, profile.id, job.id)
    assert final.status == "completed", final.error
    rows = card_rows(db, goal.id)
    assert len(rows) == 3 and {r[3] for r in rows} == {"claude/claude-sonnet-5-5"}
    assert final.input_tokens > 0 and final.output_tokens > 0 and final.cost_usd > 0
    [request] = fake.requests
    body = request.body
    assert body["tool_choice"] == {"type": "tool", "name": "record_flashcards"}
    assert body["model"] == "claude-sonnet-5-5"
    assert request.headers["x-stainless-retry-count"] == "0"  # the SDK does not retry itself
    material_block = body["messages"][0]["content"][0]
    assert material_block["cache_control"] == {"type": "ephemeral"}
    assert "slow start" in material_block["text"]


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        (fa.rate_limited(7), "rate_limited"),
        (fa.overloaded(), "overloaded"),
        (fa.server_error(), "server_error"),
        (fa.hang(), "timeout"),
        (fa.malformed_json(), "invalid_output"),
        (fa.wrong_schema(), "invalid_output"),
        (fa.max_tokens(), "truncated"),
    ],
)
def test_transient_faults_are_retried_then_complete(
    db, profile, registry, runner, clock, fake, fault, kind
) -> None:
    goal, job = submit_cards(db, profile, registry, clock)
    fake.push(fault)
    [claimed] = runner.claim()
    after_first = runner.execute(claimed)
    assert after_first.status == "pending" and after_first.attempts == 1
    assert after_first.errors[0]["kind"] == kind
    if kind == "rate_limited":  # the provider's Retry-After (7 s) beats the 1 s backoff
        assert after_first.run_after - clock.now() >= timedelta(seconds=7)
    drain(runner, clock)
    final = store.get_job(db, profile.id, job.id)
    assert final.status == "completed" and final.attempts == 2
    assert len(card_rows(db, goal.id)) == 3  # nothing from the bad answer was stored


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (fa.unauthorized(), "API key was refused"),
        (fa.refusal(), "declined"),
        (fa.status(400, "invalid_request_error", "prompt is too long"), "prompt is too long"),
        (fa.status(404, "not_found_error", "model not found"), "was not found"),
    ],
)
def test_permanent_faults_fail_at_once(
    db, profile, registry, runner, clock, fake, fault, words
) -> None:
    goal, job = submit_cards(db, profile, registry, clock)
    fake.push(fault)
    drain(runner, clock)
    final = store.get_job(db, profile.id, job.id)
    assert final.status == "failed" and final.attempts == 1
    assert words in final.error
    assert card_rows(db, goal.id) == []


def test_three_transient_faults_fail_with_a_clear_message(
    db, profile, registry, runner, clock, fake
) -> None:
    _goal, job = submit_cards(db, profile, registry, clock)
    fake.push(fa.overloaded(), fa.overloaded(), fa.overloaded())
    drain(runner, clock)
    final = store.get_job(db, profile.id, job.id)
    assert final.status == "failed" and final.attempts == 3
    assert final.error == "Claude is overloaded right now; it is usually temporary."
    assert [e["kind"] for e in final.errors] == ["overloaded"] * 3


def test_chunks_share_the_cached_material_prefix(
    db, profile, registry, runner, clock, fake
) -> None:
    page = FIXTURE.read_text()
    long_text = "\n\n".join([page, page.replace("TCP", "SCTP"), page.replace("TCP", "QUIC")])
    _goal, job = submit_cards(db, profile, registry, clock, long_text)
    drain(runner, clock)
    assert store.get_job(db, profile.id, job.id).status == "completed"
    assert len(fake.requests) >= 2
    prefixes = {r.body["messages"][0]["content"][0]["text"] for r in fake.requests}
    assert len(prefixes) == 1  # every chunk sends the same, cache-marked material block
    tasks = [r.body["messages"][0]["content"][1]["text"] for r in fake.requests]
    assert len(set(tasks)) == len(tasks) and all("part " in t for t in tasks)
    with db.engine.connect() as conn:
        children = conn.execute(
            text("SELECT input_tokens, cost_usd FROM jobs WHERE parent_id = :p ORDER BY id"),
            {"p": job.id},
        ).all()
    # The first chunk paid to write the cache; the later ones read it at a tenth of the price.
    assert children[1].cost_usd < children[0].cost_usd


def test_skill_tree_and_distractors_via_claude(db, profile, registry, runner, clock, fake) -> None:
    goal = goals.create_goal(db, profile.id, "Understand TCP congestion control")
    tree_job = generation.submit_skill_tree(
        db, profile.id, goal.id, registry=registry, clock=clock
    ).job
    drain(runner, clock)
    assert store.get_job(db, profile.id, tree_job.id).status == "completed"
    tree = goals.skill_tree(db, profile.id, goal.id)
    assert len(tree) == 3 and all(n.status == "ready" and len(n.children) == 2 for n in tree)
    card_id = make_card(
        db, profile.id, goal.id, "Who proposed TCP congestion control?", "Van Jacobson"
    )
    d_job = generation.submit_distractors(
        db, profile.id, card_id, registry=registry, clock=clock
    ).job
    drain(runner, clock)
    final = store.get_job(db, profile.id, d_job.id)
    assert final.status == "completed" and len(final.result["options"]) == 3
    assert final.result["provider"] == "claude/claude-haiku-5-5"
    assert fake.requests[-1].body["model"] == "claude-haiku-5-5"


def test_api_key_never_leaves_the_request(
    db, profile, registry, runner, clock, fake, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.push(fa.unauthorized())
    _, failed = submit_cards(db, profile, registry, clock)
    drain(runner, clock)
    fake.push(fa.status(400, "invalid_request_error", f"bad header {FAKE_KEY}"), fa.server_error())
    goal2 = goals.create_goal(db, profile.id, "Second")
    submit_material(db, profile.id, goal2.id, registry, clock)
    drain(runner, clock)
    # It was really sent (so the checks below can fail)...
    assert all(r.headers.get("authorization") == f"Bearer {FAKE_KEY}" for r in fake.requests)
    # ...and it is nowhere else: no job row, error, card, or log line.
    with db.engine.connect() as conn:
        dump = conn.execute(
            text("SELECT coalesce(string_agg(row_to_json(j)::text, ''), '') FROM jobs j")
        ).scalar_one()
        dump += conn.execute(
            text("SELECT coalesce(string_agg(row_to_json(c)::text, ''), '') FROM cards c")
        ).scalar_one()
    assert "API key was refused" in dump  # the errors are there, without the key
    assert FAKE_KEY not in dump and "TESTKEY" not in dump
    assert FAKE_KEY not in caplog.text and "TESTKEY" not in caplog.text
    job = store.get_job(db, profile.id, failed.id)
    assert FAKE_KEY not in repr(job)


def test_no_key_falls_back_to_offline(db, profile, registry, runner, clock, monkeypatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("STUDYAPP_PROVIDER", raising=False)
    monkeypatch.setenv("STUDYAPP_NO_KEYRING", "1")
    goal, _job = submit_cards(db, profile, registry, clock)
    drain(runner, clock)
    assert {r[3] for r in card_rows(db, goal.id)} == {"offline"}


def test_claude_forced_without_key_fails_clearly(
    db, profile, registry, runner, clock, monkeypatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.setenv("STUDYAPP_PROVIDER", "claude")
    monkeypatch.setenv("STUDYAPP_NO_KEYRING", "1")
    _, job = submit_cards(db, profile, registry, clock)
    drain(runner, clock)
    final = store.get_job(db, profile.id, job.id)
    assert final.status == "failed" and "no API key" in final.error


# -- the grounded contract (issue 10, item 4) ---------------------------------------------------
def test_cards_request_is_grounded_strict_and_sized_for_the_count(
    db, profile, registry, runner, clock, fake
) -> None:
    goal, first = submit_cards(db, profile, registry, clock, count=3)
    drain(runner, clock)
    first_cards = {r[0]: r[1] for r in card_rows(db, goal.id)}
    submit_material(db, profile.id, goal.id, registry, clock, count=50)
    drain(runner, clock)
    bodies = [r.body for r in fake.requests if r.body["tool_choice"]["name"] == "record_flashcards"]
    small, large = bodies[0], bodies[-1]
    assert large["max_tokens"] > 4096 * 3 > small["max_tokens"]  # 50 cards with quotes fit
    tool = small["tools"][0]
    assert tool["strict"] is True
    card = tool["input_schema"]["properties"]["cards"]["items"]
    assert card["additionalProperties"] is False
    assert set(card["required"]) == {"front", "back", "kind", "quote", "skill"}
    assert card["properties"]["skill"]["enum"] == ["Congestion control"]
    task = small["messages"][0]["content"][-1]["text"]
    assert "Write up to 3 flashcards" in task and "Write 3" not in task
    system = small["system"][0]["text"]
    assert "What is following?" in system and "Minimum information" in system
    # the second job's avoid list holds the goal's nearest cards, front and answer
    later_task = large["messages"][0]["content"][-1]["text"]
    assert first_cards and all(
        f"- {front} → {back}" in later_task for front, back in first_cards.items()
    )
    assert store.get_job(db, profile.id, first.id).result["summary"].startswith("3 made")


def test_cache_breakpoints_only_on_prefixes_the_model_can_cache(
    db, profile, registry, runner, clock, fake
) -> None:
    """Sonnet caches from 1,024 tokens: tools, the long system prompt and the material are
    marked. Haiku needs 4,096: the short distractor request carries no marker at all."""
    from studyapp.generation.claude import min_cache_tokens

    _goal, _ = submit_cards(db, profile, registry, clock, count=2)
    drain(runner, clock)
    cards = fake.requests[-1]
    assert cards.body["messages"][0]["content"][0]["cache_control"] == {"type": "ephemeral"}
    assert cards.cached_prefix_chars >= min_cache_tokens("claude-sonnet-5-5") * 4
    with db.engine.connect() as conn:
        card_id = conn.execute(text("SELECT min(id) FROM cards")).scalar_one()
    generation.submit_distractors(db, profile.id, card_id, registry=registry, clock=clock)
    drain(runner, clock)
    choices = fake.requests[-1]
    assert choices.body["model"] == "claude-haiku-5-5"
    assert choices.cached_prefix_chars == 0
    assert not any(b.get("cache_control") for b in choices.body["system"])
    assert not any(b.get("cache_control") for b in choices.body["messages"][0]["content"])
    assert choices.chars < min_cache_tokens("claude-haiku-5-5") * 4


def test_a_quote_not_in_the_chunk_is_rejected_and_the_reason_kept(
    db, profile, registry, runner, clock, fake
) -> None:
    grounded = {
        "front": "Which phase doubles the congestion window every round-trip time?",
        "back": "Slow start",
        "kind": "basic",
        "quote": "Slow start is the phase in which the congestion window grows",
        "skill": "Congestion control",
    }
    invented = {
        **grounded,
        "front": "Who named slow start?",
        "back": "Van Jacobson",
        "quote": "Van Jacobson named the phase slow start in 1987",
    }
    fake.push(fa.tool({"cards": [grounded, invented]}))
    goal, job = submit_cards(db, profile, registry, clock, count=2)
    drain(runner, clock)
    result = store.get_job(db, profile.id, job.id).result
    assert [r[0] for r in card_rows(db, goal.id)] == [grounded["front"]]
    assert result["rejected"] == [
        {"text": "Who named slow start?", "reason": "the source quote is not in the material"}
    ]
    assert result["summary"] == "1 made, 1 rejected: 1 the source quote is not in the material"
    with db.engine.connect() as conn:
        quote, node = conn.execute(text("SELECT source_quote, node_id FROM cards")).one()
    assert quote == grounded["quote"] and node is not None


def test_a_cut_off_answer_keeps_its_complete_cards(db, profile, registry, runner, clock, fake):
    whole = {
        "front": "Which phase doubles the congestion window every round-trip time?",
        "back": "Slow start",
        "kind": "basic",
        "quote": "Slow start is the phase in which the congestion window grows",
        "skill": "Congestion control",
    }
    fake.push(fa.tool({"cards": [whole, {"front": "Half a"}]}, stop_reason="max_tokens"))
    goal, job = submit_cards(db, profile, registry, clock, count=2)
    drain(runner, clock)
    final = store.get_job(db, profile.id, job.id)
    assert final.status == "completed" and final.attempts == 1
    assert "cut off" in final.result["note"]
    assert [r[0] for r in card_rows(db, goal.id)] == [whole["front"]]


def test_distractor_prompt_has_goal_skill_and_source(db, profile, registry, runner, clock, fake):
    fake.push(
        fa.tool(
            {
                "cards": [
                    {
                        "front": "Which phase doubles the congestion window every round-trip time?",
                        "back": "Slow start",
                        "kind": "basic",
                        "quote": "Slow start is the phase in which the congestion window grows",
                        "skill": "Congestion control",
                    }
                ]
            }
        )
    )
    _goal, _ = submit_cards(db, profile, registry, clock, count=1)
    drain(runner, clock)
    with db.engine.connect() as conn:
        card_id = conn.execute(text("SELECT id FROM cards")).scalar_one()
    fake.push(
        fa.tool(
            {
                "distractors": [
                    "Fast recovery",
                    "All of the above",
                    "Fast retransmit",
                    "Congestion avoidance",
                ]
            }
        )
    )
    job = generation.submit_distractors(db, profile.id, card_id, registry=registry, clock=clock).job
    drain(runner, clock)
    final = store.get_job(db, profile.id, job.id)
    task = fake.requests[-1].body["messages"][0]["content"][-1]["text"]
    assert "<goal>Understand TCP congestion control</goal>" in task
    assert "<skill>Congestion control</skill>" in task
    assert "<source>Slow start is the phase in which the congestion window grows</source>" in task
    assert final.result["options"] == ["Fast recovery", "Fast retransmit", "Congestion avoidance"]
    assert final.result["summary"] == "3 options, 1 rejected: 1 a catch-all option"


def test_the_tree_prompt_carries_the_materials_outline(db, profile, registry, runner, clock, fake):
    goal = goals.create_goal(db, profile.id, "Understand TCP congestion control")
    submit_tree_material(db, profile.id, goal.id, registry, clock)
    drain(runner, clock)
    task = fake.requests[0].body["messages"][0]["content"][-1]["text"]
    assert "<outline>" in task and "- The congestion window" in task and "  - Slow start" in task


# A textbook chapter (the shape of the OpenStax tuning texts): two topics, then the furniture
# every chapter has and its bibliography.
TEXTBOOK = """# Chapter 5 Cell Transport

## Diffusion

Diffusion is the net movement of particles from a region of higher concentration to a region
of lower concentration. Particles spread down a concentration gradient until they are evenly
mixed.

## Osmosis

Osmosis is the diffusion of water across a selectively permeable membrane. A red blood cell in
a hypertonic solution shrivels as water leaves it, and pure water makes it swell instead.

## Key Terms

**hypertonic solution**: a solution whose solute concentration is higher than that of the cell

## Summary

Diffusion moves particles down their concentration gradient without energy from the cell.

## References

Becker, Howard. 1963. Outsiders: Studies in the Sociology of Deviance. New York: Free Press.

Sumner, William Graham. 1955 [1906]. Folkways. New York, NY: Dover.
"""


def _skill(title: str, *children: str) -> dict[str, object]:
    return {
        "title": title,
        "description": f"{title}.",
        "children": [{"title": c, "description": f"{c}."} for c in children],
    }


def test_claudes_tree_drops_furniture_skills_and_files_their_cards_by_term(
    db, profile, registry, runner, clock, fake
) -> None:
    goal = goals.create_goal(db, profile.id, "Understand cell transport")
    card = make_card(
        db,
        profile.id,
        goal.id,
        "What is a hypertonic solution?",
        "A solution whose solute concentration is higher than that of the cell",
        source_quote="hypertonic solution: a solution whose solute concentration is higher "
        "than that of the cell",
    )
    # Claude's answer names the chapter's furniture and bibliography as skills.
    fake.push(
        fa.tool(
            {
                "skills": [
                    _skill("Diffusion"),
                    _skill("Key Terms"),
                    _skill("Osmosis"),
                    _skill("Summary"),
                    _skill("References"),
                ]
            }
        )
    )
    job = generation.submit_skill_tree(
        db,
        profile.id,
        goal.id,
        material=Material(TEXTBOOK, "chapter5.md", "utf-8"),
        registry=registry,
        clock=clock,
    ).job
    drain(runner, clock)
    assert store.get_job(db, profile.id, job.id).status == "completed"
    tree = goals.skill_tree(db, profile.id, goal.id)
    assert [n.title for n in tree] == ["Diffusion", "Osmosis"]
    # the outline Claude was asked to build on lists no furniture either
    task = fake.requests[0].body["messages"][0]["content"][-1]["text"]
    assert "- Osmosis" in task and "- Key Terms" not in task and "- References" not in task
    # the glossary's card went to the skill whose section discusses its term
    with db.engine.connect() as conn:
        title = conn.execute(
            text(
                "SELECT n.title FROM cards c JOIN skill_nodes n ON n.id = c.node_id WHERE c.id = :c"
            ),
            {"c": card},
        ).scalar_one()
    assert title == "Osmosis"


def test_a_furniture_sub_skill_from_claude_gives_way_to_its_own_children(fake) -> None:
    models = ModelChoice("claude-sonnet-5-5", "claude-sonnet-5-5", "claude-haiku-5-5")
    claude = ClaudeProvider(ApiKey(FAKE_KEY), models, base_url=fake.url)
    fake.push(
        fa.tool(
            {
                "skills": [
                    _skill("Tonicity"),
                    _skill("Chapter 5 Review", "Water potential", "Key Terms"),
                    _skill("Review Questions"),
                ]
            }
        )
    )
    request = TreeRequest(
        "Understand cell transport", material=TEXTBOOK, branch="Osmosis", siblings=("Diffusion",)
    )
    tree = claude.skill_tree(request)
    assert [n.title for n in tree.nodes] == ["Tonicity", "Water potential"]
