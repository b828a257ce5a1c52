"""Submission: validation, the payload limits, dedupe and the sliding-window rate limit, then the
INSERT, all in one transaction (nothing half-stored)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.rows import dict_row
from sqlalchemy import Row
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.errors import BadInput, RateLimited
from studyapp.jobs.clock import Clock
from studyapp.jobs.contract import JobInfo
from studyapp.jobs.registry import HandlerRegistry
from studyapp.jobs.store.sql import (
    COLUMNS,
    MAX_ATTEMPTS,
    MAX_PAYLOAD_BYTES,
    PG_NOW,
    RATE_LIMIT,
    RATE_WINDOW,
    advisory_key,
    now_of,
    pooled_raw,
    run,
    to_info,
    type_label,
)


@dataclass(frozen=True)
class SubmitResult:
    job: JobInfo
    created: bool  # False: an identical job was still pending/processing and is returned instead


def encode_payload(payload: Mapping[str, Any]) -> str:
    try:
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise BadInput(f"The job's input cannot be stored ({exc}).") from None
    size = len(encoded.encode())
    if size > MAX_PAYLOAD_BYTES:
        raise BadInput(
            f"The job's input is too large ({size / 1e6:.1f} MB; the limit is "
            f"{MAX_PAYLOAD_BYTES / 1e6:.0f} MB). Split the material into smaller parts."
        )
    if "\x00" in encoded or "\\u0000" in encoded:
        raise BadInput("The job's input contains NUL characters (binary data?); it was not stored.")
    return encoded


# The sliding window of the rate limit, written once: the submissions of (profile, type) in the
# last RATE_WINDOW. Both ways a submission is counted use it (a new job, in _SUBMIT_SQL; a
# manual retry, in check_rate_limit), with the same parameters (window_params).
_PG_WINDOW = (
    "SELECT submitted_at FROM job_submissions WHERE profile_id = %(p)s "
    f"AND job_type = %(t)s AND submitted_at > {PG_NOW} - %(window)s::interval"
)


def window_params(profile_id: int, job_type: str, now: datetime | None) -> dict[str, Any]:
    return {"p": profile_id, "t": job_type, "now": now, "window": RATE_WINDOW}


# After the lock, in one statement: the live identical job if there is one; else, if the window
# has room, the new job and its submission row; and the window's times (for a refusal).
_SUBMIT_SQL = f"""
    WITH existing AS (
        SELECT {COLUMNS} FROM jobs WHERE profile_id = %(p)s AND dedupe_key = %(d)s
        AND status IN ('pending', 'processing') ORDER BY id LIMIT 1
    ), recent AS ({_PG_WINDOW}),
    job AS (
        INSERT INTO jobs (profile_id, type, payload, goal_id, priority, max_attempts,
            dedupe_key, requires, run_after, created_at, updated_at)
        SELECT %(p)s, %(t)s, %(payload)s::jsonb, %(g)s, %(prio)s, %(max)s, %(d)s, %(req)s,
            {PG_NOW}, {PG_NOW}, {PG_NOW}
        WHERE NOT EXISTS (SELECT 1 FROM existing)
            AND (SELECT count(*) FROM recent) < %(limit)s
        RETURNING {COLUMNS}
    ), recorded AS (
        INSERT INTO job_submissions (profile_id, job_type, job_id, submitted_at)
        SELECT %(p)s, %(t)s, id, {PG_NOW} FROM job
    )
    SELECT x.*, w.window_times FROM (
        SELECT true AS created, * FROM job UNION ALL SELECT false, * FROM existing
    ) x RIGHT JOIN (
        SELECT array_agg(submitted_at ORDER BY submitted_at) AS window_times FROM recent
    ) w ON true
"""


def check_rate_limit(
    session: Session,
    profile_id: int,
    job_type: str,
    now: datetime | None,
    limit: int,
) -> None:
    """Sliding window, serialised per (profile, type) by a transaction advisory lock (the
    same key :func:`submit` takes) so that concurrent submits cannot both see 19 and both
    insert."""
    run(
        session,
        "SELECT pg_advisory_xact_lock(%(k)s)",
        {"k": advisory_key("rate", profile_id, job_type)},
    )
    times = (
        run(
            session, _PG_WINDOW + " ORDER BY submitted_at", window_params(profile_id, job_type, now)
        )
        .scalars()
        .all()
    )
    refuse_if_full(list(times), job_type, limit)


def refuse_if_full(times: list[datetime], job_type: str, limit: int) -> None:
    """``times``: the submissions in the window, oldest first."""
    if len(times) >= limit:
        next_slot = times[len(times) - limit] + RATE_WINDOW
        local = next_slot.astimezone()
        raise RateLimited(
            f"{limit} {type_label(job_type, plural=True)} per hour: the next one can start at "
            f"{local:%H:%M}.",
            next_slot_at=next_slot,
            job_type=job_type,
            limit=limit,
        )


def record_submission(
    session: Session, profile_id: int, job_type: str, job_id: int, now: datetime | None
) -> None:
    run(
        session,
        "INSERT INTO job_submissions (profile_id, job_type, job_id, submitted_at) "
        f"VALUES (%(p)s, %(t)s, %(j)s, {PG_NOW})",
        {"p": profile_id, "t": job_type, "j": job_id, "now": now},
    )


def submit(
    db: Database,
    profile_id: int,
    job_type: str,
    payload: Mapping[str, Any],
    *,
    registry: HandlerRegistry,
    goal_id: int | None = None,
    priority: int = 0,
    max_attempts: int = MAX_ATTEMPTS,
    clock: Clock | None = None,
    limit: int = RATE_LIMIT,
) -> SubmitResult:
    """Validate, dedupe, rate-limit and insert, all in one transaction (nothing half-stored)."""
    handler = registry[job_type]
    clean = handler.validate(payload)
    encoded = encode_payload(clean)
    dedupe_key = hashlib.sha256(f"{job_type}\n{goal_id}\n{encoded}".encode()).hexdigest()
    now = now_of(clock)
    requires = getattr(handler, "requires", None)
    params = {
        **window_params(profile_id, job_type, now),
        "req": requires(db, profile_id) if callable(requires) else None,
        "d": dedupe_key,
        "payload": encoded,
        "g": goal_id,
        "prio": priority,
        "max": max_attempts,
        "limit": limit,
    }
    with pooled_raw(db) as raw, raw.pipeline():
        # One network round trip: the lock, then (with a snapshot taken after it) the decision
        # and the writes, then the commit. One lock serialises both checks: the dedupe key
        # includes the job type, so the rate limit's (profile, type) lock also keeps two
        # identical submissions from both inserting.
        raw.execute(
            "SELECT pg_advisory_xact_lock(%s)",
            (advisory_key("rate", profile_id, job_type),),
            prepare=True,
        )
        cur = raw.cursor(row_factory=dict_row)
        cur.execute(_SUBMIT_SQL, params, prepare=True)
        raw.commit()
    row = cur.fetchone()
    assert row is not None
    if row["id"] is None:
        refuse_if_full(list(row["window_times"] or ()), job_type, limit)
        raise AssertionError("a submission was neither stored, found nor refused")
    return SubmitResult(to_info(row), created=bool(row["created"]))


def insert_job(
    session: Session,
    *,
    profile_id: int,
    job_type: str,
    encoded: str,
    goal_id: int | None,
    priority: int,
    max_attempts: int,
    dedupe_key: str | None = None,
    parent_id: int | None = None,
    requires: str | None = None,
    now: datetime | None,
) -> Row[Any]:
    """The INSERT of a child job (submissions insert in :data:`_SUBMIT_SQL`); the trigger
    sends the NOTIFY."""
    return run(
        session,
        "INSERT INTO jobs (profile_id, type, payload, goal_id, priority, max_attempts, "
        "dedupe_key, parent_id, requires, run_after, created_at, updated_at) VALUES (%(p)s, "
        "%(t)s, CAST(%(payload)s AS jsonb), %(g)s, %(prio)s, %(max)s, %(d)s, %(parent)s, "
        f"%(req)s, {PG_NOW}, {PG_NOW}, {PG_NOW}) "
        f"RETURNING {COLUMNS}",
        {
            "p": profile_id,
            "t": job_type,
            "payload": encoded,
            "g": goal_id,
            "prio": priority,
            "max": max_attempts,
            "d": dedupe_key,
            "parent": parent_id,
            "req": requires,
            "now": now,
        },
    ).one()
