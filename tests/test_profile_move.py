"""Moving a profile between databases (issue 20): embedded → server → embedded leaves every
row, review and media file identical (ids aside: each database gives its own), in one
transaction on the target, and is refused when the target has that profile already.

The "server" is a second database on the test's cluster, so the test runs on both CI runs.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from studyapp.db import urls
from studyapp.db.database import Database
from studyapp.db.migrate import upgrade
from studyapp.errors import BadInput
from studyapp.generation import paying_keys
from studyapp.generation.keys import ApiKey
from studyapp.jobs import store
from studyapp.services import goals
from studyapp.services.interop_media import media_dir
from studyapp.services.profile_move import move_profile
from studyapp.services.profiles import ensure_profile, find_profile
from tests.factories import make_card, make_distractors, make_history, make_node
from tests.gen_support import submit_material
from tests.helpers import run_cli_here
from tests.job_handlers import SCAFFOLDING_TABLES

NOT_A_PROFILE_S = {"profiles", "workers", "alembic_version", "server_roles", *SCAFFOLDING_TABLES}
THROUGH = {
    "skill_nodes": "goal_id IN (SELECT id FROM goals WHERE profile_id = %(p)s)",
    "goal_materials": "goal_id IN (SELECT id FROM goals WHERE profile_id = %(p)s)",
    "distractor_sets": "card_id IN (SELECT id FROM cards WHERE profile_id = %(p)s)",
}
PICTURE = bytes(range(256)) * 40


@pytest.fixture
def server(db: Database) -> Iterator[Database]:
    """Another database on the same cluster, migrated: the 'server' a profile moves to."""
    name = f"sa_move_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(db.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    other = Database(urls.with_dbname(db.url, name))
    try:
        upgrade(other)
        yield other
    finally:
        other.dispose()
        with psycopg.connect(db.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def snapshot(database: Database, profile_id: int) -> dict[str, Any]:
    """Every row of the profile in every table of the catalog, ids replaced by each row's rank
    in its table (so two databases' copies compare equal exactly when their content does)."""
    with psycopg.connect(database.url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND relkind = 'r' ORDER BY relname"
            )
            if r[0] not in NOT_A_PROFILE_S
        ]
        refs = {
            (r[0], r[1]): r[2]
            for r in conn.execute(
                "SELECT c.relname, a.attname, f.relname FROM pg_constraint k "
                "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid "
                "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
                "WHERE k.contype = 'f'"
            )
        }
        refs.update(
            {
                ("cards", "source_job_id"): "jobs",
                ("skill_nodes", "source_job_id"): "jobs",
                ("distractor_sets", "job_id"): "jobs",
                ("job_submissions", "job_id"): "jobs",
            }
        )
        rows = {}
        for table in tables:
            where = THROUGH.get(table, "profile_id = %(p)s")
            rows[table] = [
                r[0]
                for r in conn.execute(
                    f"SELECT to_jsonb(t) FROM {table} t WHERE {where} ORDER BY "
                    + ("id" if table != "profile_keys" else "profile_id"),
                    {"p": profile_id},
                )
            ]
        profile = conn.execute(
            "SELECT to_jsonb(p) - 'id' FROM profiles p WHERE id = %s", (profile_id,)
        ).fetchone()[0]  # type: ignore[index]
    rank = {
        t: {row["id"]: i for i, row in enumerate(rows[t])}
        for t in tables
        if rows[t] and "id" in rows[t][0]
    }
    out: dict[str, Any] = {"profile": profile}
    for table in tables:
        canon = []
        for row in rows[table]:
            row = dict(row)
            row.pop("profile_id", None)
            if "id" in row:
                row["id"] = rank[table][row["id"]]
            for (t, column), to in refs.items():
                if t == table and column in row and to != "profiles" and row[column] is not None:
                    row[column] = rank.get(to, {}).get(row[column], "dangling")
            canon.append(row)
        out[table] = canon
    return out


def seed(db: Database, profile_id: int, registry, clock) -> None:
    """A profile with something in every table: a tree, cards with media and choices, a long
    review history, notes, a finished and a pending job, a shared key, presets and goal order."""
    goal = goals.create_goal(db, profile_id, "TCP")
    second = goals.create_goal(db, profile_id, "DNS")
    top = make_node(db, goal.id, "Congestion control")
    child = make_node(db, goal.id, "Slow start", parent_id=top)
    card = make_card(
        db,
        profile_id,
        goal.id,
        "What is cwnd?",
        "The congestion window",
        child,
        media=[{"name": "cwnd.png", "side": "front"}],
        tags=["tcp", "tcp::window"],
    )
    make_distractors(db, card, ["The receive window", "The MSS", "The RTT"])
    make_history(db, profile_id, second.id, cards=5, reviews_per_card=4)
    folder = media_dir(db, profile_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cwnd.png").write_bytes(PICTURE)
    job = submit_material(db, profile_id, goal.id, registry, clock).job
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE jobs SET status = 'completed', completed_at = now() WHERE id = :j"),
            {"j": job.id},
        )
        conn.execute(
            text("UPDATE cards SET source_job_id = :j WHERE id = :c"), {"j": job.id, "c": card}
        )
        conn.execute(
            text(
                "UPDATE goals SET position = CASE WHEN id = :a THEN 2 ELSE 1 END WHERE profile_id = :p"
            ),
            {"a": goal.id, "p": profile_id},
        )
        preset = conn.execute(
            text(
                "INSERT INTO study_presets (profile_id, name, new_per_day) VALUES (:p, 'Exam', 50) RETURNING id"
            ),
            {"p": profile_id},
        ).scalar_one()
        conn.execute(
            text("UPDATE goals SET preset_id = :s WHERE id = :g"), {"s": preset, "g": second.id}
        )
        conn.execute(
            text('UPDATE profiles SET settings = \'{"appearance": "dark"}\' WHERE id = :p'),
            {"p": profile_id},
        )
        type_id = conn.execute(
            text(
                'INSERT INTO note_types (profile_id, anki_id, model) VALUES (:p, 7, \'{"css": "x"}\') RETURNING id'
            ),
            {"p": profile_id},
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO notes (profile_id, guid, note_type_id, anki_id, fields, mod) VALUES (:p, 'guid1', :t, 3, '{Q,A}', 9)"
            ),
            {"p": profile_id, "t": type_id},
        )
    submit_material(db, profile_id, second.id, registry, clock)  # still pending: moves too
    paying_keys.share_key(db, profile_id, ApiKey("sk-ant-api03-moved-0123456789"), "s" * 16)


def media_files(db: Database, profile_id: int) -> dict[str, bytes]:
    folder = media_dir(db, profile_id)
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_every_table_of_the_schema_moves_or_is_named_as_staying(db: Database) -> None:
    """The move's tables come from the models (a new table of a profile's rows, goal_materials,
    was once left behind by a hand-kept list): so every table the migrations make must have a
    model, or it would be left behind now."""
    from studyapp.db.models import Base
    from studyapp.services.profile_move import NOT_MOVED, TABLES

    with psycopg.connect(db.url) as conn:
        made = {
            r[0]
            for r in conn.execute(
                "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND relkind = 'r'"
            )
        }
    assert made - set(Base.metadata.tables) - {"alembic_version"} - SCAFFOLDING_TABLES == set()
    assert set(Base.metadata.tables) - set(TABLES) - NOT_MOVED == set()
    assert not set(TABLES) & NOT_MOVED


def test_embedded_to_server_and_back_leaves_everything_identical(
    db: Database, server: Database, registry, clock, offline_provider, media_root
) -> None:
    learner = ensure_profile(db, "ann")
    seed(db, learner.id, registry, clock)
    ensure_profile(server, "someone else")  # the server's ids differ from ours
    before, files = snapshot(db, learner.id), media_files(db, learner.id)
    assert files == {"cwnd.png": PICTURE} and len(before["reviews"]) == 20

    there = move_profile(db, learner.id, server)
    assert find_profile(db, "ann") is None and not media_dir(db, learner.id).exists()
    assert there.target_profile_id != learner.id
    assert snapshot(server, there.target_profile_id) == before
    assert media_files(server, there.target_profile_id) == files

    back = move_profile(server, there.target_profile_id, db)
    assert find_profile(server, "ann") is None
    assert snapshot(db, back.target_profile_id) == before
    assert media_files(db, back.target_profile_id) == files
    assert back.rows["reviews"] == 20 and back.media_files == 1


def test_a_target_with_that_profile_refuses_and_nothing_changes(
    db: Database, server: Database, registry, clock, offline_provider, media_root
) -> None:
    learner = ensure_profile(db, "ann")
    seed(db, learner.id, registry, clock)
    theirs = ensure_profile(server, "ann")
    goals.create_goal(server, theirs.id, "Already here")
    before_server = snapshot(server, theirs.id)
    with pytest.raises(BadInput, match="already has a profile named ann"):
        move_profile(db, learner.id, server)
    assert snapshot(server, theirs.id) == before_server
    assert find_profile(db, "ann") is not None  # nothing left the source either
    with psycopg.connect(server.url) as conn:
        assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0  # type: ignore[index]


def test_a_failed_write_leaves_the_target_untouched(
    db: Database, server: Database, registry, clock, offline_provider, media_root
) -> None:
    """One transaction on the target: a row refused midway (a review of a card the server
    rejects) rolls back every row before it, and the source keeps the profile."""
    learner = ensure_profile(db, "ann")
    seed(db, learner.id, registry, clock)
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute("ALTER TABLE reviews ADD CONSTRAINT no_hard CHECK (rating <> 2) NOT VALID")
    with pytest.raises(psycopg.errors.CheckViolation):
        move_profile(db, learner.id, server)
    with psycopg.connect(server.url) as conn:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM profiles), (SELECT count(*) FROM goals), "
            "(SELECT count(*) FROM cards)"
        ).fetchone()
    assert counts == (0, 0, 0)
    assert find_profile(db, "ann") is not None


def test_the_command_moves_the_profile(db: Database, server: Database, media_root) -> None:
    learner = ensure_profile(db, "ann")
    goals.create_goal(db, learner.id, "TCP")
    result = run_cli_here("--database-url", db.url, "--profile", "ann", "move", "--to", server.url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Moved ann to ")
    moved = find_profile(server, "ann")
    assert moved is not None and [g.title for g in goals.list_goals(server, moved.id)] == ["TCP"]
    again = run_cli_here(
        "--database-url", server.url, "--profile", "ann", "move", "--to", server.url
    )
    assert again.returncode == 2 and "nothing was moved" in again.stderr
    assert store.list_jobs(server, moved.id) == []
    assert json.loads(json.dumps(snapshot(server, moved.id)["profile"]))["name"] == "ann"
