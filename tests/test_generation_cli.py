"""The goals / generate / cards commands, run as a user would (subprocess, offline provider)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gen_support import ORGANELLES
from tests.helpers import run_cli, run_cli_here

FIXTURE = Path(__file__).parent / "fixtures" / "congestion.md"


@pytest.fixture
def env(db, pg_server_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "STUDYAPP_DATABASE_URL": pg_server_url,
        "STUDYAPP_VECTORS_DIR": str(tmp_path / "vectors"),
        "STUDYAPP_PROVIDER": "offline",
        "STUDYAPP_NO_KEYRING": "1",
        "ANTHROPIC_API_KEY": "",
    }


def test_goal_cards_distractors_round_trip(env) -> None:
    added = run_cli("goals", "add", "Understand TCP congestion control", env=env)
    assert added.returncode == 0, added.stderr
    goal_id = added.stdout.strip()
    assert goal_id.isdigit()
    listed = json.loads(run_cli_here("goals", "list", "--json", env=env).stdout)
    assert listed[0]["title"] == "Understand TCP congestion control"

    made = run_cli(
        "generate", "cards", goal_id, "--from", str(FIXTURE), "--count", "8", "--wait", env=env
    )
    assert made.returncode == 0, made.stderr
    assert "completed by offline" in made.stdout and "8 cards created" in made.stdout

    cards = json.loads(run_cli_here("cards", "list", goal_id, "--json", env=env).stdout)
    assert len(cards) == 8 and {c["provider"] for c in cards} == {"offline"}
    # Eight cards of these notes hold no three wrong answers of a card's kind and form (a
    # phase's definition has one sibling, congestion avoidance's): the job refuses and says
    # why, instead of padding the set with a state, a limit and a size (issue 18).
    described = next(c for c in cards if c["front"] == "What is slow start?")
    refused = run_cli("generate", "distractors", str(described["id"]), "--wait", env=env)
    assert refused.returncode != 0
    assert "of the same kind and form" in refused.stderr, refused.stderr

    # Notes that name several things of one kind give a set.
    cells = run_cli("goals", "add", "Cell organelles", env=env).stdout.strip()
    made = run_cli("generate", "cards", cells, "--from", "-", "--wait", env=env, input=ORGANELLES)
    assert made.returncode == 0, made.stderr
    cell_cards = json.loads(run_cli_here("cards", "list", cells, "--json", env=env).stdout)
    card = next(c for c in cell_cards if c["front"] == "What is a ribosome?")
    wrong = run_cli("generate", "distractors", str(card["id"]), "--wait", env=env)
    assert wrong.returncode == 0, (wrong.stderr, [c["front"] for c in cell_cards])
    assert "distractors: " in wrong.stdout
    shown = run_cli_here("cards", "list", cells, env=env).stdout
    assert "[basic, offline]" in shown and "wrong: " in shown and "(offline)" in shown


def test_submit_returns_at_once_and_stdin_works(env) -> None:
    goal_id = run_cli("goals", "add", "TCP", env=env).stdout.strip()
    submitted = run_cli(
        "generate", "cards", goal_id, "--from", "-", env=env, input=FIXTURE.read_text()
    )
    assert submitted.returncode == 0, submitted.stderr
    assert submitted.stdout.strip().isdigit()  # only the job id
    jobs = json.loads(run_cli_here("jobs", "list", "--json", env=env).stdout)
    assert jobs[0]["status"] == "pending" and jobs[0]["type"] == "flashcard_generation"


def test_exit_codes(env, tmp_path: Path) -> None:
    assert run_cli_here("goals", "add", "", env=env).returncode == 2
    goal_id = run_cli_here("goals", "add", "TCP", env=env).stdout.strip()
    missing = run_cli_here("generate", "cards", "999999", "--from", str(FIXTURE), env=env)
    assert missing.returncode == 5 and "No goal 999999" in missing.stderr
    short = tmp_path / "short.txt"
    short.write_text("Too short.")
    refused = run_cli_here("generate", "cards", goal_id, "--from", str(short), env=env)
    assert refused.returncode == 2 and "too short" in refused.stderr
    lonely = run_cli_here("goals", "add", "Empty goal", env=env).stdout.strip()
    # One sentence of material: one card, and (since issue 18 draws wrong options from the
    # material too) still too few terms of its kind for three options.
    one = tmp_path / "one.txt"
    one.write_text(
        "Slow start is the phase in which the congestion window doubles every round-trip time.\n"
    )
    failed = run_cli_here(
        "generate", "cards", lonely, "--from", str(one), "--count", "1", "--wait", env=env
    )
    assert failed.returncode == 0
    card_id = json.loads(run_cli_here("cards", "list", lonely, "--json", env=env).stdout)[0]["id"]
    no_options = run_cli_here("generate", "distractors", str(card_id), "--wait", env=env)
    assert no_options.returncode == 4 and "Not enough of your own cards" in no_options.stderr
