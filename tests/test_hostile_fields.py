"""One long card text cannot take the app down: the hostile values themselves, each step in a
real process under an address-space limit (so a regression fails here, never the machine).

- a CSV with a 1,000,000-character field imports, and searches afterwards work;
- an .apkg with a 5 MB field is refused, naming the field and the limit;
- a backup with a 200 MB front is refused the same way, and nothing is written;
- a 200 MB row already in the database (an older version wrote it) is synced, searched and
  worked on by a generation job without blowing up, its text kept whole.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from studyapp.db.models import Card, Goal
from studyapp.jobs import store
from studyapp.limits import DERIVED_CHARS, MAX_CARD_SIDE
from studyapp.services import apkg
from studyapp.vectors.sync import store_for
from tests.factories import make_card, make_goal
from tests.gen_support import FIXTURE, drain

ROOT = Path(__file__).resolve().parent.parent
LIMIT_BYTES = 3 * 1024**3  # address space of each step: the fixed app needs far less
T0 = "2025-01-01T00:00:00+00:00"
PASSAGE = "the congestion window grows by one segment per round trip until a loss "


def run_limited(
    *args: str, url: str, env: dict[str, str] | None = None, code: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m studyapp ARGS`` (or ``python -c CODE ARGS``) under ``LIMIT_BYTES``."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))

    head = ["-c", code] if code else ["-m", "studyapp", "--database-url", url]
    return subprocess.run(
        [sys.executable, *head, *args],
        cwd=ROOT,
        env={**os.environ, "STUDYAPP_PROVIDER": "offline", **(env or {})},
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=600,
    )


COMMANDS = """
import json, sys
from studyapp.cli import main
for argv in json.loads(sys.argv[1]):
    code = main(argv)
    print(f"\\n@@EXIT {code}", flush=True)
"""


def run_commands(url: str, *commands: list[str]) -> list[tuple[int, str]]:
    """Several CLI commands, one after another in ONE process under ``LIMIT_BYTES`` (one
    interpreter start instead of one each): [(exit code, what it printed)]."""
    argvs = [["--database-url", url, *command] for command in commands]
    done = run_limited(json.dumps(argvs), url=url, code=COMMANDS)
    assert done.returncode == 0, done.stderr[-3000:]
    parts = done.stdout.split("\n@@EXIT ")
    out = [(int(part.split("\n", 1)[0]), parts[i].split("\n", 1)[-1] if i else parts[0])
           for i, part in enumerate(parts[1:])]  # fmt: skip
    assert len(out) == len(commands), done.stderr[-3000:]
    return out


def passage(size: int) -> str:
    return (PASSAGE * (size // len(PASSAGE) + 1))[:size]


def test_a_csv_with_a_one_megabyte_field_imports_and_is_searched(
    db, profile, pg_server_url, tmp_path
) -> None:
    goal = make_goal(db, profile.id, "Hostile CSV")
    path = tmp_path / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["front", "back"])
        for i in range(100):  # a batch of ordinary cards around the long one
            writer.writerow([f"What is term {i}?", f"Definition {i} of the notes"])
        writer.writerow(["What does the long passage say?", passage(1_000_000)])
    (imported, said), (searched, found) = run_commands(
        pg_server_url,
        ["import", str(path), "--goal", str(goal)],
        ["cards", "search", "the long passage", "--goal", str(goal), "--limit", "200", "--json"],
    )
    assert imported == 0 and said.startswith("Imported 101 cards"), said
    assert searched == 0
    backs = [len(c["back"]) for c in json.loads(found)]
    assert 1_000_000 in backs  # found, and whole: only what is embedded was cut
    vectors = store_for(db).table().to_arrow()
    assert max(len(t) for t in vectors.column("text").to_pylist()) <= DERIVED_CHARS


def test_an_apkg_with_a_five_megabyte_field_is_refused_by_name(
    db, profile, pg_server_url, tmp_path, media_root
) -> None:
    source = make_goal(db, profile.id, "Exported")
    make_card(db, profile.id, source, "What does the long passage say?", passage(5 * 1024**2))
    package = tmp_path / "hostile.apkg"
    apkg.export_apkg(db, profile.id, source, package)
    target = make_goal(db, profile.id, "Target")
    refused = run_limited(
        "import", str(package), "--goal", str(target), url=pg_server_url,
        env={"STUDYAPP_MEDIA_DIR": str(media_root)},
    )  # fmt: skip
    assert refused.returncode == 2, refused.stderr[-2000:]
    assert refused.stderr.strip().startswith("studyapp: hostile.apkg: the field \u201cBack\u201d")
    assert f"is {5 * 1024**2:,} characters; a card side holds at most {MAX_CARD_SIDE:,}" in (
        refused.stderr
    )
    with db.session() as session:
        assert session.scalar(select(func.count()).where(Card.goal_id == target)) == 0


def write_huge_backup(path: Path, front_chars: int) -> None:
    """A backup whose one card has a ``front_chars`` front, written in pieces (the test never
    holds the front in memory)."""
    card = {
        "id": 1, "goal_id": 1, "node_id": None, "front": "@FRONT@", "back": "a",
        "kind": "basic", "provider": None, "archived": False, "fsrs_state": 1, "fsrs_step": 0,
        "stability": None, "difficulty": None, "due": T0, "last_review": None,
        "created_at": T0, "updated_at": T0,
    }  # fmt: skip
    goal = {"id": 1, "title": "G", "description": "", "archived": False, "created_at": T0}
    document = {
        "format": "studyapp-backup",
        "version": 1,
        "profile": {"desired_retention": 0.9, "new_cards_per_day": 20, "settings": {}},
        "goals": [goal],
        "skill_nodes": [],
        "cards": [card],
        "distractor_sets": [],
        "reviews": [],
    }
    before, after = json.dumps(document).split('"@FRONT@"')
    chunk = passage(1024**2).encode()
    with path.open("wb") as handle:
        handle.write(before.encode() + b'"')
        for _ in range(front_chars // len(chunk)):
            handle.write(chunk)
        handle.write(chunk[: front_chars % len(chunk)])
        handle.write(b'"' + after.encode())


def test_a_backup_with_a_200_megabyte_front_is_refused_and_writes_nothing(
    db, profile, pg_server_url, tmp_path
) -> None:
    path = tmp_path / "huge.json"
    write_huge_backup(path, 200_000_000)
    refused = run_limited("--profile", "fresh", "restore", str(path), url=pg_server_url)
    assert refused.returncode == 2, refused.stderr[-2000:]
    assert refused.stderr.strip() == (
        "studyapp: huge.json cannot be restored: cards[0].front: 200,000,000 characters is "
        "more than a card side holds (1,048,576 characters). Nothing was changed."
    )
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Goal)) == 0
        assert session.scalar(select(func.count()).select_from(Card)) == 0


def test_a_200_megabyte_row_from_an_older_version_is_synced_searched_and_worked_on(
    db, profile, pg_server_url, tmp_path
) -> None:
    goal = make_goal(db, profile.id, "Old data")
    make_card(db, profile.id, goal, "What grows each round trip?", "The congestion window")
    with db.engine.begin() as conn:  # made by the server: the test holds no copy
        conn.execute(
            text(
                "INSERT INTO cards (profile_id, goal_id, front, back, provider) "
                "VALUES (:p, :g, repeat(:phrase, 200000000 / length(:phrase)), 'A loss', 'import')"
            ),
            {"p": profile.id, "g": goal, "phrase": PASSAGE},
        )
    notes = tmp_path / "notes.md"
    notes.write_text(FIXTURE.read_text(), encoding="utf-8")
    (searched, found), (worked, _said) = run_commands(
        pg_server_url,
        ["cards", "search", "congestion window", "--goal", str(goal), "--json"],
        ["generate", "cards", str(goal), "--from", str(notes), "--wait"],
    )
    assert (searched, worked) == (0, 0)
    # Found; read as at most what a card may hold now (the row keeps all of it, below).
    assert max(len(c["front"]) for c in json.loads(found)) == MAX_CARD_SIDE
    done = [j for j in store.list_jobs(db, profile.id) if j.parent_id is None]
    assert [j.status for j in done] == ["completed"] and done[0].lost == 0
    vectors = store_for(db).table().to_arrow()
    assert max(len(t) for t in vectors.column("text").to_pylist()) <= DERIVED_CHARS
    with db.session() as session:
        longest = session.scalar(select(func.max(func.length(Card.front))))
    assert longest > 199_000_000  # nothing the learner saved was cut


@pytest.mark.parametrize("side", ["front", "back"])
def test_the_choice_job_of_a_long_card_fails_plainly(
    db, profile, registry, runner, clock, side
) -> None:
    """Multiple choice needs a short answer: a long one fails at once, saying so; the card's
    front, however long, only reaches the job cut."""
    from studyapp.services import generation

    goal = make_goal(db, profile.id, "Choices")
    long_text = passage(DERIVED_CHARS * 3)
    card = make_card(
        db, profile.id, goal,
        long_text if side == "front" else "What grows?",
        long_text if side == "back" else "The window",
    )  # fmt: skip
    submitted = generation.submit_distractors(db, profile.id, card, registry=registry, clock=clock)
    drain(runner, clock)
    job = store.get_job(db, profile.id, submitted.job.id)
    if side == "back":
        assert job.status == "failed" and job.attempts == 1
        assert f"{DERIVED_CHARS * 3:,} characters long; multiple choice needs" in job.error
    else:
        assert "characters long" not in (job.error or "")


def test_a_generated_card_over_the_limit_is_rejected_not_saved(
    db, profile, vectors_dir, clock
) -> None:
    """A provider's 1 MB card (a model gone wrong) meets the quality gate like any other: it is
    rejected with its reason, the job's other cards are saved."""
    from studyapp.generation.offline import OfflineProvider
    from studyapp.generation.types import CardDraft, CardSet
    from studyapp.jobs.runner import Runner
    from studyapp.services import generation
    from tests.gen_support import make_registry, material

    class Rambling(OfflineProvider):
        def cards(self, request):  # type: ignore[no-untyped-def]
            huge = CardDraft(passage(1_000_000), passage(1_000_000))
            fine = CardDraft("What does slow start double each round trip?", "The window")
            return CardSet((huge, fine), "offline")

    registry = make_registry(vectors_dir, provider_factory=lambda _s: Rambling())
    runner = Runner(db, registry, threads=1, clock=clock).start(listen=False)
    goal = make_goal(db, profile.id, "Rambling")
    try:
        generation.submit_cards(
            db, profile.id, goal, material=material(), registry=registry, clock=clock
        )
        drain(runner, clock)
    finally:
        runner.shutdown(grace=0)
    (job,) = [j for j in store.list_jobs(db, profile.id) if j.parent_id is None]
    assert job.status == "completed" and job.result["created"] > 0
    assert any(r["text"].startswith(PASSAGE[:40]) for r in job.result["rejected"])
    with db.session() as session:
        assert session.scalar(select(func.max(func.length(Card.front)))) < 1_000
