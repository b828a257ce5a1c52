"""The worker's side of the queue: claim, heartbeat, release at shutdown, adopt after a reconnect.

Claims and heartbeats are the hot path: plain psycopg, server-side prepared statements, a narrow
RETURNING built straight into :class:`JobInfo` (no ORM, no re-parsed ``text()``). Everything is
durable: a claim that a server crash forgot would let a paid call run twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from functools import cache
from typing import Any

import psycopg

from studyapp.db.database import Database
from studyapp.jobs.clock import Clock
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.store.sql import PG_NOW, now_of, pooled_raw, run

# A worker that started moments ago (maybe a replacement in a crash loop) leaves freshly
# rescued jobs to workers that have been alive for a while (if there are any), unless none
# takes them in time.
RESCUE_HOLD = timedelta(seconds=2)
FRESH_FOR = timedelta(seconds=10)

_CLAIMED = (
    "j.id, j.profile_id, j.type, j.payload, j.attempts, j.max_attempts, j.priority, "
    "j.parent_id, j.goal_id, j.cancel_requested, j.errors, j.lost, j.input_tokens, "
    "j.output_tokens, j.cost_usd, j.duration_ms, j.created_at, j.started_at, j.run_after, j.requires"
)


@cache
def _claim_sql(by_type: bool, fresh: bool, holding: bool = False) -> str:
    """The claim: a CTE picks (the fence: without it PostgreSQL may lock and update more rows
    than the LIMIT), the UPDATE takes them, in one round trip. ``holding``: the worker said
    what it holds, so jobs requiring anything else are left for a worker that has it."""
    conditions = [f"status = 'pending' AND run_after <= {PG_NOW}"]
    if holding:
        conditions.append("(requires IS NULL OR requires = ANY(%(holds)s::text[]))")
    if by_type:
        conditions.append("type = ANY(%(types)s::text[])")
    if fresh:
        conditions.append(
            f"(lost = 0 OR run_after <= {PG_NOW} - %(hold)s::interval OR NOT EXISTS ("
            "SELECT 1 FROM workers w WHERE w.id <> %(w)s "
            "AND w.started_at < now() - %(fresh_for)s::interval))"
        )
    return f"""
        WITH next AS (
            SELECT id FROM jobs WHERE {" AND ".join(conditions)}
            ORDER BY priority DESC, id
            LIMIT %(n)s
            FOR UPDATE SKIP LOCKED
        )
        UPDATE jobs j SET status = 'processing', attempts = j.attempts + 1,
            locked_by = %(w)s, heartbeat_at = {PG_NOW}, updated_at = {PG_NOW},
            started_at = COALESCE(j.started_at, {PG_NOW})
        FROM next WHERE j.id = next.id AND j.attempts < j.max_attempts
        RETURNING {_CLAIMED}
    """


def _claimed(row: tuple[Any, ...], worker_id: str) -> JobInfo:
    return JobInfo(
        id=row[0],
        profile_id=row[1],
        type=row[2],
        status="processing",
        payload=row[3] or {},
        attempts=row[4],
        max_attempts=row[5],
        priority=row[6],
        parent_id=row[7],
        goal_id=row[8],
        cancel_requested=row[9],
        errors=tuple(row[10] or ()),
        lost=row[11],
        input_tokens=row[12],
        output_tokens=row[13],
        cost_usd=float(row[14] or 0),
        duration_ms=row[15],
        created_at=row[16],
        started_at=row[17],
        run_after=row[18],
        requires=row[19],
        locked_by=worker_id,
    )


def _fetch(
    db: Database, conn: psycopg.Connection | None, sql: str, params: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """Run a prepared statement on the caller's autocommit connection, or a pooled one."""
    if conn is not None:
        with db.boundary():
            return conn.execute(sql, params, prepare=True).fetchall()
    with pooled_raw(db) as raw:
        return raw.execute(sql, params, prepare=True).fetchall()


def claim(
    db: Database,
    worker_id: str,
    n: int,
    clock: Clock | None = None,
    *,
    conn: psycopg.Connection | None = None,
    types: Sequence[str] | None = None,
    fresh: bool = False,
    holds: Sequence[str] | None = None,
) -> list[JobInfo]:
    """Take up to ``n`` runnable jobs in one statement, ordered by priority then age.
    ``types`` restricts the claim (the runner prefetches only cheap job types); ``fresh``
    leaves jobs rescued moments ago to older workers. ``conn``: the caller's own connection
    (autocommit); by default a pooled one. ``holds``: what this worker holds (e.g. the
    profiles' keys it can pay with); None: it did not say, and takes any job."""
    if n <= 0:
        return []
    params = {
        "n": n,
        "w": worker_id,
        "now": now_of(clock),
        "types": list(types) if types is not None else None,
        "hold": RESCUE_HOLD,
        "fresh_for": FRESH_FOR,
        "holds": list(holds) if holds is not None else None,
    }
    rows = _fetch(db, conn, _claim_sql(types is not None, fresh, holds is not None), params)
    jobs = [_claimed(row, worker_id) for row in rows]
    jobs.sort(key=lambda job: (-job.priority, job.id))
    return jobs


_HEARTBEAT = f"""
    WITH seen AS (UPDATE workers SET last_seen = now() WHERE id = %(w)s)
    UPDATE jobs SET heartbeat_at = {PG_NOW}
    WHERE id = ANY(%(ids)s::bigint[]) AND locked_by = %(w)s AND status = 'processing'
    RETURNING id, cancel_requested
"""


def heartbeat(
    db: Database,
    worker_id: str,
    job_ids: Sequence[int],
    clock: Clock | None = None,
    *,
    conn: psycopg.Connection | None = None,
) -> tuple[set[int], set[int]]:
    """Refresh running jobs' heartbeats and the worker's last_seen, in one statement. Returns
    (ids still ours, ids whose cancellation was requested)."""
    params = {"w": worker_id, "ids": list(job_ids), "now": now_of(clock)}
    rows = _fetch(db, conn, _HEARTBEAT, params)
    return {r[0] for r in rows}, {r[0] for r in rows if r[1]}


_GIVE_BACK = (
    f"status = 'pending', attempts = GREATEST(attempts - 1, 0), locked_by = NULL, "
    f"heartbeat_at = NULL, run_after = {PG_NOW}, updated_at = {PG_NOW}"
)


def release(
    db: Database, worker_id: str, clock: Clock | None = None, *, job_ids: Sequence[int] = ()
) -> list[int]:
    """Graceful shutdown: our running jobs (or just ``job_ids``) go back to pending without
    spending an attempt."""
    only = " AND id = ANY(%(ids)s)" if job_ids else ""
    with db.session() as session:
        return list(
            run(
                session,
                f"UPDATE jobs SET {_GIVE_BACK} WHERE status = 'processing' "
                f"AND locked_by = %(w)s{only} RETURNING id",
                {"w": worker_id, "now": now_of(clock), "ids": list(job_ids)},
            ).scalars()
        )


def unregister(db: Database, worker_id: str) -> None:
    """Delete a worker's row (its lease connection is gone, so it cannot do it itself)."""
    with db.session() as session:
        run(session, "DELETE FROM workers WHERE id = %(w)s", {"w": worker_id})


def adopt(
    db: Database,
    old_id: str,
    new_id: str,
    mine: Sequence[int],
    clock: Clock | None = None,
) -> tuple[list[int], list[int]]:
    """After a lost connection the worker registers again under ``new_id``. In one transaction:
    its old registration goes; the jobs it still holds in memory (``mine``) and that are still
    locked by ``old_id`` move to ``new_id`` (resumed: nobody rescued them meanwhile); any other
    job still locked by ``old_id`` (a claim whose answer the outage swallowed) goes back to
    pending without spending an attempt. Returns (adopted, released). A job rescued meanwhile
    matches neither: its result, if any, will be refused by the completion guard."""
    now = now_of(clock)
    with db.session() as session:
        # Delete first: a concurrent rescuer that already read the row blocks on our row lock
        # and then finds nothing; from here on nobody can rescue by ``old_id``.
        run(session, "DELETE FROM workers WHERE id = %(old)s", {"old": old_id})
        adopted = list(
            run(
                session,
                f"UPDATE jobs SET locked_by = %(new)s, heartbeat_at = {PG_NOW}, updated_at = {PG_NOW} "
                "WHERE locked_by = %(old)s AND status = 'processing' AND id = ANY(%(mine)s) "
                "RETURNING id",
                {"old": old_id, "new": new_id, "mine": list(mine), "now": now},
            ).scalars()
        )
        released = list(
            run(
                session,
                f"UPDATE jobs SET {_GIVE_BACK} WHERE locked_by = %(old)s "
                "AND status = 'processing' RETURNING id",
                {"old": old_id, "now": now},
            ).scalars()
        )
    return adopted, released


def advertise(db: Database, worker_id: str, holds: Sequence[str] | None) -> None:
    """Write what a worker holds on its row (read by :func:`waiting_for`)."""
    with pooled_raw(db) as raw:
        raw.execute(
            "UPDATE workers SET capabilities = %(holds)s WHERE id = %(w)s",
            {"holds": list(holds) if holds is not None else None, "w": worker_id},
        )


def unmet(db: Database, jobs: Sequence[JobInfo]) -> set[int]:
    """The pending jobs among ``jobs`` whose requirement no live worker holds now: each waits
    for a worker that has it (the front ends say whose key)."""
    wanted = {job.id: job.requires for job in jobs if job.status == "pending" and job.requires}
    if not wanted:
        return set()
    with pooled_raw(db) as raw:
        met = raw.execute(
            "SELECT DISTINCT r FROM unnest(%(wanted)s::text[]) AS r WHERE EXISTS (SELECT 1 FROM workers w "
            "WHERE w.capabilities IS NULL OR r = ANY(w.capabilities))",
            {"wanted": sorted(set(wanted.values()))},
        ).fetchall()
    have = {row[0] for row in met}
    return {job_id for job_id, needs in wanted.items() if needs not in have}


# -- the lease's own connection (liveness.py): a workers row and a session advisory lock ------


def register_lease(
    conn: psycopg.Connection, worker_id: str, host: str, pid: int, lock_key: int
) -> None:
    """Take the lease's advisory lock (held for the connection's life) and add its row."""
    params = {"k": lock_key, "w": worker_id, "host": host, "pid": pid}
    conn.execute("SELECT pg_advisory_lock(%(k)s)", params)
    conn.execute(
        "INSERT INTO workers (id, host, pid, lock_key) VALUES (%(w)s, %(host)s, %(pid)s, %(k)s)",
        params,
    )


def dead_workers(conn: psycopg.Connection, me: str, restart_grace: timedelta) -> list[str]:
    """Workers whose advisory lock is free (their processes are gone), except those not seen
    since the server started less than ``restart_grace`` ago (they are coming back)."""
    dead: list[str] = []
    rows = conn.execute(
        "SELECT id, lock_key, last_seen < pg_postmaster_start_time() "
        "AND now() - pg_postmaster_start_time() < %(grace)s "
        "FROM workers WHERE id <> %(me)s",
        {"grace": restart_grace, "me": me},
    ).fetchall()
    for worker_id, key, coming_back in rows:
        if coming_back:
            continue
        got = conn.execute("SELECT pg_try_advisory_lock(%(k)s)", {"k": key}).fetchone()
        if got and got[0]:
            conn.execute("SELECT pg_advisory_unlock(%(k)s)", {"k": key})
            dead.append(worker_id)
    return dead


def close_lease(conn: psycopg.Connection, worker_id: str, lock_key: int) -> None:
    """Delete the lease's row and give its lock back (on its own, still working connection)."""
    conn.execute("DELETE FROM workers WHERE id = %(w)s", {"w": worker_id})
    conn.execute("SELECT pg_advisory_unlock(%(k)s)", {"k": lock_key})
