"""Row-level security on a shared server (issue 20): each learner is a database role.

The tables are listed from the catalog, so a new table holding a profile's rows (a
``profile_id``, or a foreign key leading to one) fails here until it has a policy and a row
in the seed below. Alice's role then reads 0 of bob's rows in every one of them; a worker's
role claims and completes jobs and reads only what running jobs need. Both the server and the
embedded runs make real roles (the embedded server runs as a superuser too); the table owner
(the role that migrates) bypasses the policies, which is how the embedded default works as
before.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import text

from studyapp.db import urls
from studyapp.db.database import Database
from studyapp.errors import PermissionRefused
from studyapp.generation import paying_keys
from studyapp.generation.keys import ApiKey
from studyapp.handlers.goal_material import keep_material
from studyapp.jobs import store
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.runner import Runner
from studyapp.services import goals
from studyapp.services.server_roles import add_learner, add_worker
from tests.factories import make_card, make_distractors, make_history, make_node
from tests.gen_support import submit_material
from tests.helpers import run_cli_here
from tests.job_handlers import SCAFFOLDING_TABLES
from tests.role_support import drop_role, unique_role

NOT_A_PROFILE_S = {"alembic_version", "workers", *SCAFFOLDING_TABLES}  # no learner's rows


def catalog_tables(conn: psycopg.Connection) -> dict[str, bool]:
    """Every table of the schema → whether row-level security is on."""
    rows = conn.execute(
        "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def owner_sql(conn: psycopg.Connection, table: str, seen: frozenset[str] = frozenset()) -> str:
    """SQL giving each row of ``table`` (alias t0) its profile id, found through the catalog:
    the row itself (profiles), its ``profile_id``, or a foreign key leading to one."""
    if table == "profiles":
        return "SELECT t0.ctid::text, t0.id FROM profiles t0"
    columns = {
        r[0]
        for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,)
        )
    }
    if "profile_id" in columns:
        return f"SELECT t0.ctid::text, t0.profile_id FROM {table} t0"
    fks = conn.execute(
        "SELECT a.attname, f.relname, fa.attname FROM pg_constraint k "
        "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid "
        "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] "
        "JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND fa.attnum = k.confkey[1] "
        "WHERE k.contype = 'f' AND c.relname = %s ORDER BY f.relname",
        (table,),
    ).fetchall()
    for column, parent, parent_column in fks:
        if parent in seen | {table}:
            continue
        inner = owner_sql(conn, parent, seen | {table})
        if inner:
            return (
                f"SELECT t0.ctid::text, o.owner FROM {table} t0 JOIN (SELECT p.{parent_column} "
                f"AS k, q.owner FROM {parent} p JOIN ({inner}) AS q(tid, owner) "
                f"ON q.tid = p.ctid::text) o ON o.k = t0.{column}"
            )
    return ""


@pytest.fixture
def learners(db: Database) -> Iterator[dict[str, tuple[int, Database]]]:
    """alice and bob: each a profile and a role, with rows in every table; → (profile, db)."""
    made: dict[str, tuple[int, Database]] = {}
    roles = []
    try:
        for stem in ("alice", "bob"):
            role = unique_role(stem)
            roles.append(role)
            info = add_learner(db, role)
            assert info.profile is not None
            made[stem] = (info.profile.id, Database(urls.with_user(db.url, role)))
        yield made
    finally:
        for _pid, database in made.values():
            database.dispose()
        for role in roles:
            drop_role(db.url, role)


def seed(db: Database, profile_id: int, registry: HandlerRegistry, clock) -> None:
    goal = goals.create_goal(db, profile_id, "TCP")
    node = make_node(db, goal.id, "Congestion control")
    card = make_card(db, profile_id, goal.id, "What is cwnd?", "The congestion window", node)
    make_distractors(db, card, ["a", "b", "c"])
    make_history(db, profile_id, goal.id, cards=2, reviews_per_card=3)
    submit_material(db, profile_id, goal.id, registry, clock)  # a job and its submission row
    with db.session() as session:  # what a material job keeps of the text it read
        keep_material(session, goal.id, "Slow start doubles the window each round trip.", None)
    paying_keys.share_key(db, profile_id, ApiKey("sk-ant-api03-seed-0123456789"), "x" * 16)
    with db.engine.begin() as conn:
        type_id = conn.exec_driver_sql(
            "INSERT INTO note_types (profile_id, anki_id, model) VALUES "
            f"({profile_id}, 1, '{{}}') RETURNING id"
        ).scalar_one()
        conn.exec_driver_sql(
            "INSERT INTO notes (profile_id, guid, note_type_id, anki_id, fields, mod) VALUES "
            f"({profile_id}, 'g{profile_id}', {type_id}, 1, '{{a,b}}', 1)"
        )


def test_every_profile_table_has_policies_and_alice_reads_none_of_bobs_rows(
    db: Database, learners, registry, clock, offline_provider
) -> None:
    for pid, _ in learners.values():
        seed(db, pid, registry, clock)
    bob, (alice_id, as_alice) = learners["bob"][0], learners["alice"]
    with psycopg.connect(db.url) as admin:
        tables = catalog_tables(admin)
        assert "cards" in tables and "reviews" in tables  # the catalog really was read
        held = {t: owner_sql(admin, t) for t in tables if t not in NOT_A_PROFILE_S}
        assert all(held.values()), [t for t, q in held.items() if not q]
        unprotected = sorted(t for t in held if not tables[t])
        assert unprotected == [], f"tables without row-level security: {unprotected}"
        owners = {t: admin.execute(q).fetchall() for t, q in held.items()}
    with as_alice.engine.connect() as conn:
        for table, rows in owners.items():
            bobs = {tid for tid, owner in rows if owner == bob}
            alices = {tid for tid, owner in rows if owner == alice_id}
            assert bobs, f"the seed has no row of bob in {table}: add one"
            seen = {r[0] for r in conn.exec_driver_sql(f"SELECT ctid::text FROM {table}")}
            assert seen & bobs == set(), f"alice's role reads bob's rows in {table}"
            assert alices <= seen, f"alice's role cannot read her own rows in {table}"


def test_a_learner_role_writes_only_its_own_rows(db: Database, learners) -> None:
    (alice_id, as_alice), (bob_id, _) = learners["alice"], learners["bob"]
    bob_goal = goals.create_goal(db, bob_id, "Bob's goal")
    own = goals.create_goal(as_alice, alice_id, "Alice's goal")  # works as the role
    assert own.id > 0
    with pytest.raises(PermissionRefused, match="may only write its own profile's rows"):
        make_card(as_alice, bob_id, bob_goal.id, "planted", "card")
    with as_alice.engine.begin() as conn:
        changed = conn.exec_driver_sql(
            f"UPDATE goals SET title = 'taken' WHERE id = {bob_goal.id}"
        ).rowcount
    assert changed == 0
    # The policies' helpers answer for the session's own role only.
    bob_role = urls.user_of(learners["bob"][1].url)
    with as_alice.engine.connect() as conn:
        asked = conn.execute(text("SELECT studyapp_my_profiles(:r)"), {"r": bob_role}).scalar()
    assert asked == []
    # The learner's Studyapp connects as her role and opens her own profile by itself.
    listed = run_cli_here("--database-url", as_alice.url, "goals", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Alice's goal" in listed.stdout and "Bob's goal" not in listed.stdout


def test_a_worker_role_completes_jobs_and_reads_only_what_they_need(
    db: Database, learners, registry, clock, offline_provider
) -> None:
    (alice_id, _), (bob_id, _) = learners["alice"], learners["bob"]
    idle_goal = goals.create_goal(db, bob_id, "Nothing running here")
    make_card(db, bob_id, idle_goal.id, "private", "card")
    make_history(db, bob_id, idle_goal.id, cards=1, reviews_per_card=2)
    goal = goals.create_goal(db, alice_id, "TCP")
    make_node(db, goal.id, "Congestion control")
    job = submit_material(db, alice_id, goal.id, registry, clock).job
    role = unique_role("worker")
    try:
        add_worker(db, role)
        as_worker = Database(urls.with_user(db.url, role))
        try:
            with as_worker.engine.connect() as conn:
                for table in ("reviews", "notes", "note_types", "study_presets", "job_submissions"):
                    assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0
                # No job runs: no goal, skill or card is readable.
                assert conn.exec_driver_sql("SELECT count(*) FROM cards").scalar() == 0
                assert conn.exec_driver_sql("SELECT count(*) FROM goals").scalar() == 0
            # It reads profiles (whose jobs, whose keys) but never makes or changes one.
            with pytest.raises(PermissionRefused), as_worker.session() as session:
                session.execute(text("INSERT INTO profiles (name) VALUES ('planted')"))
            with as_worker.engine.begin() as conn:
                renamed = conn.exec_driver_sql("UPDATE profiles SET name = 'x'").rowcount
            assert renamed == 0
            runner = Runner(as_worker, registry, threads=1, clock=clock).start(listen=False)
            try:
                claimed = runner.claim()
                assert [j.id for j in claimed] == [job.id]
                runner.execute(claimed[0])
                # Material with headings makes a tree first, then a child job per branch;
                # the job completes with its last child.
                while children := runner.claim():
                    for child in children:
                        runner.execute(child)
            finally:
                runner.shutdown(grace=0)
        finally:
            as_worker.dispose()
    finally:
        drop_role(db.url, role)
    final = store.get_job(db, alice_id, job.id)
    assert final.status == "completed", final.error
    assert final.result and final.result.get("created", 0) > 0


def test_the_admin_command_makes_a_learner_role_that_works(db: Database, monkeypatch) -> None:
    role = unique_role("carol")
    monkeypatch.setenv("CAROL_PW", "carol's password 1")
    try:
        made = run_cli_here(
            "--database-url", db.url, "server", "add-learner", role, "--password-env", "CAROL_PW"
        )
        assert made.returncode == 0, made.stderr
        assert f"role {role} made: it is the profile {role}" in made.stdout
        assert "carol's password" not in made.stdout
        again = run_cli_here("--database-url", db.url, "server", "add-learner", role)
        assert "already there" in again.stdout
        as_carol = urls.with_user(db.url, role)
        added = run_cli_here("--database-url", as_carol, "goals", "add", "Carol's goal")
        assert added.returncode == 0, added.stderr
        info = run_cli_here("--database-url", as_carol, "db", "info")
        assert f"profile: {role}" in info.stdout
    finally:
        drop_role(db.url, role)
