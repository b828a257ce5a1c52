"""Tests that kill the mutants issue 16 found surviving (defect 8), and the table of how database
errors are classified (as qutebrowser tests its SQL error table). Each test names its mutant."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import text

from studyapp.db import urls
from studyapp.db.database import Database, ErrorKind, error_kind, sqlstate_kind
from studyapp.errors import DatabaseUnavailable, RateLimited
from studyapp.generation.quality import CardContext, card_problem
from studyapp.generation.types import CardDraft
from studyapp.jobs import store
from studyapp.jobs.runner import Runner
from tests.job_handlers import make_registry

# -- mutant: the heartbeat's UPDATE without its owner check -----------------------------------


def test_a_heartbeat_touches_only_the_workers_own_jobs(effects, profile, clock) -> None:
    registry = make_registry()
    owner = Runner(effects, registry, threads=1, clock=clock).start(listen=False)
    other = Runner(effects, registry, threads=1, clock=clock).start(listen=False)
    try:
        job = store.submit(effects, profile.id, "noop", {}, registry=registry, clock=clock).job
        [claimed] = owner.claim()
        assert claimed.id == job.id
        claimed_at = _heartbeat_at(effects, job.id)
        clock.advance(seconds=30)
        mine, cancelled = store.heartbeat(effects, other.worker_id, [job.id], clock)
        assert (mine, cancelled) == (set(), set())  # not its job: nothing refreshed
        assert _heartbeat_at(effects, job.id) == claimed_at
        mine, _ = store.heartbeat(effects, owner.worker_id, [job.id], clock)
        assert mine == {job.id}
        assert _heartbeat_at(effects, job.id) == claimed_at + timedelta(seconds=30)
    finally:
        owner.shutdown(grace=0)
        other.shutdown(grace=0)


def _heartbeat_at(db: Database, job_id: int):
    with db.engine.connect() as conn:
        return conn.execute(
            text("SELECT heartbeat_at FROM jobs WHERE id = :id"), {"id": job_id}
        ).scalar_one()


# -- mutant: the rate-limit window halved on the retry path ------------------------------------


def test_a_retry_counts_the_whole_hour_not_half_of_it(effects, profile, clock) -> None:
    """Two submissions (the job and one retry) fill a window of 2; 45 minutes later the first
    is still inside the hour, so a second retry is refused until the hour has passed."""
    registry = make_registry()
    runner = Runner(effects, registry, threads=1, clock=clock).start(listen=False)
    try:
        start = clock.now()
        fail = {"fail": {"1": "permanent"}}
        job = store.submit(
            effects, profile.id, "scripted", fail, registry=registry, clock=clock, limit=2
        ).job
        _run_claimed(runner)
        clock.advance(minutes=1)
        store.retry(effects, profile.id, job.id, clock=clock, limit=2)
        _run_claimed(runner)
        clock.set(start + timedelta(minutes=45))
        with pytest.raises(RateLimited) as refused:
            store.retry(effects, profile.id, job.id, clock=clock, limit=2)
        assert refused.value.next_slot_at == start + timedelta(hours=1)
        clock.set(start + timedelta(hours=1, seconds=1))
        assert store.retry(effects, profile.id, job.id, clock=clock, limit=2).status == "pending"
    finally:
        runner.shutdown(grace=0)


def _run_claimed(runner: Runner) -> None:
    for job in runner.claim():
        assert runner.execute(job) is not None


# -- mutant: the quality gate's "a list is not one fact" check turned off ---------------------


@pytest.mark.parametrize(
    ("card", "kind"),
    [
        (("Which congestion control algorithms can Linux load?", "Reno, CUBIC, and BBR"), "basic"),
        (("Which states does a closing socket pass?", "FIN_WAIT1; FIN_WAIT2; TIME_WAIT"), "basic"),
        (
            (
                "Fill in the blank: Linux ships the _____ congestion control algorithms.",
                "Reno, CUBIC, and BBR",
            ),
            "cloze",
        ),
    ],
)
def test_a_list_is_not_one_fact(card, kind) -> None:
    front, back = card
    problem = card_problem(CardDraft(front, back, kind), CardContext(goal_title="Linux TCP"))
    assert problem == "not one fact (a list)"


def test_two_items_are_one_fact() -> None:
    card = CardDraft("Which congestion control algorithms can Linux load?", "CUBIC and BBR")
    assert card_problem(card, CardContext(goal_title="Linux TCP")) is None


# -- mutant: a deadlock classified as a database outage; and the whole SQLSTATE table ---------

SQLSTATES = [
    # (SQLSTATE, condition name, kind)
    ("08000", "connection_exception", ErrorKind.OUTAGE),
    ("08006", "connection_failure", ErrorKind.OUTAGE),
    ("08001", "sqlclient_unable_to_establish_sqlconnection", ErrorKind.OUTAGE),
    ("57P01", "admin_shutdown", ErrorKind.OUTAGE),
    ("57P02", "crash_shutdown", ErrorKind.OUTAGE),
    ("57P03", "cannot_connect_now", ErrorKind.OUTAGE),
    ("53300", "too_many_connections", ErrorKind.OUTAGE),
    ("53100", "disk_full", ErrorKind.OUTAGE),
    ("53200", "out_of_memory", ErrorKind.OUTAGE),
    ("28P01", "invalid_password", ErrorKind.PERMANENT),
    ("28000", "invalid_authorization_specification", ErrorKind.PERMANENT),
    ("3D000", "invalid_catalog_name", ErrorKind.PERMANENT),
    ("57P04", "database_dropped", ErrorKind.PERMANENT),
    ("40P01", "deadlock_detected", ErrorKind.CONFLICT),
    ("40001", "serialization_failure", ErrorKind.CONFLICT),
    ("40000", "transaction_rollback", ErrorKind.CONFLICT),
    ("55P03", "lock_not_available", ErrorKind.CONFLICT),
    ("57014", "query_canceled", ErrorKind.ERROR),
    ("23505", "unique_violation", ErrorKind.ERROR),
    ("23503", "foreign_key_violation", ErrorKind.ERROR),
    ("42P01", "undefined_table", ErrorKind.ERROR),
    ("42601", "syntax_error", ErrorKind.ERROR),
    ("22P02", "invalid_text_representation", ErrorKind.ERROR),
    ("P0001", "raise_exception", ErrorKind.ERROR),
    ("XX000", "internal_error", ErrorKind.ERROR),
]


def _raised_by_the_server(db: Database, sqlstate: str) -> psycopg.Error:
    """A real error of that SQLSTATE, as the server sends it (the driver builds its class and
    fills ``sqlstate`` from the wire, as it does for a real deadlock)."""
    probe = f"DO $$ BEGIN RAISE EXCEPTION 'probe' USING ERRCODE = '{sqlstate}'; END $$"
    with psycopg.connect(db.url, autocommit=True) as conn, pytest.raises(psycopg.Error) as raised:
        conn.execute(probe)
    assert raised.value.sqlstate == sqlstate
    return raised.value


@pytest.mark.parametrize(("sqlstate", "name", "kind"), SQLSTATES)
def test_each_sqlstate_is_classified(migrated_database, sqlstate, name, kind) -> None:
    error = _raised_by_the_server(migrated_database, sqlstate)
    assert sqlstate_kind(sqlstate) is kind, name
    assert error_kind(error) is kind, name
    # And the boundary every database call goes through acts on it: an outage or a lost
    # database becomes DatabaseUnavailable (permanent or not); anything else passes unchanged.
    with pytest.raises(Exception) as seen, migrated_database.boundary():
        raise error
    if kind is ErrorKind.OUTAGE:
        assert isinstance(seen.value, DatabaseUnavailable) and not seen.value.permanent
    elif kind is ErrorKind.PERMANENT:
        assert isinstance(seen.value, DatabaseUnavailable) and seen.value.permanent
    else:
        assert seen.value is error


def test_a_real_deadlock_is_a_conflict_not_an_outage(migrated_database) -> None:
    """Two transactions lock two rows in opposite orders: PostgreSQL kills one with 40P01."""
    import threading

    db = migrated_database
    with psycopg.connect(db.url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS mutant_deadlock")
        conn.execute("CREATE TABLE mutant_deadlock (id int PRIMARY KEY)")
        conn.execute("INSERT INTO mutant_deadlock VALUES (1), (2)")
    first, second = psycopg.connect(db.url), psycopg.connect(db.url)
    both_locked = threading.Barrier(2)
    errors: list[BaseException] = []

    def lock(conn: psycopg.Connection, a: int, b: int) -> None:
        try:
            conn.execute("UPDATE mutant_deadlock SET id = id WHERE id = %s", (a,))
            both_locked.wait(10)
            conn.execute("UPDATE mutant_deadlock SET id = id WHERE id = %s", (b,))
            conn.commit()
        except psycopg.Error as exc:
            errors.append(exc)
            conn.rollback()

    threads = [
        threading.Thread(target=lock, args=(first, 1, 2)),
        threading.Thread(target=lock, args=(second, 2, 1)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    first.close()
    second.close()
    with psycopg.connect(db.url, autocommit=True) as conn:
        conn.execute("DROP TABLE mutant_deadlock")
    [deadlock] = errors
    assert deadlock.sqlstate == "40P01"
    assert error_kind(deadlock) is ErrorKind.CONFLICT
    with pytest.raises(psycopg.errors.DeadlockDetected), db.boundary():
        raise deadlock


def test_connect_failures_are_outages_or_permanent(migrated_database) -> None:
    """A connect carries no SQLSTATE: nothing listening is an outage (retry), a database that
    does not exist is permanent (say so and stop)."""
    missing = Database(urls.with_dbname(migrated_database.url, "studyapp_no_such_db"))
    with pytest.raises(DatabaseUnavailable) as refused:
        missing.check()
    assert refused.value.permanent
    nobody = Database("postgresql://postgres@127.0.0.1:1/studyapp")
    with pytest.raises(DatabaseUnavailable) as down:
        nobody.check()
    assert not down.value.permanent
    missing.dispose()
    nobody.dispose()
