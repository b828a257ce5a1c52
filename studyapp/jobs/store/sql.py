"""What every part of the job store shares: limits, the column list, row → JobInfo, the clock
parameter, error-history entries and the usage columns.

Times come from :mod:`studyapp.jobs.clock`: ``now`` is NULL in production (the server's
``now()`` is the one clock every machine shares) and a fixed time in tests.

One parameter style for all queue SQL: psycopg's ``%(name)s``. The hot path runs it on plain
psycopg connections (prepared); everything that runs inside a SQLAlchemy Session goes through
:func:`run`, which hands the statement to the same driver unparsed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy import CursorResult, Row
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.jobs.clock import Clock, DatabaseClock
from studyapp.jobs.contract import JobInfo, Usage
from studyapp.jobs.texts import texts_for

RATE_LIMIT = 20
RATE_WINDOW = timedelta(hours=1)
MAX_ATTEMPTS = 3
MAX_LOST = 10  # worker losses (crash, kill -9, stale heartbeat) a job survives; apart from attempts
MAX_PAYLOAD_BYTES = 1_000_000
STALE_AFTER = timedelta(minutes=5)
RETENTION = timedelta(days=30)
MAX_ERROR_CHARS = 2000

# The store's clock: the ``now`` parameter (a test's fake clock), else the server's now().
PG_NOW = "COALESCE(%(now)s::timestamptz, now())"
COLUMNS = (
    "id, profile_id, type, status, payload, attempts, max_attempts, priority, result, error, "
    "errors, progress, parent_id, goal_id, cancel_requested, run_after, locked_by, input_tokens, "
    "output_tokens, cost_usd, duration_ms, created_at, started_at, completed_at, updated_at, lost, requires"
)

_SECRET = re.compile(r"sk-ant-[A-Za-z0-9_\-]{8,}|(?i:x-api-key:?\s*)\S+")


def type_label(job_type: str, plural: bool = False) -> str:
    """ "flashcard generation(s)": declared once, in ``handlers/kinds.py``."""
    texts = texts_for(job_type)
    return texts.plural if plural else texts.name


def scrub(message: str) -> str:
    """Error text is shown and stored: never let an API key through, and keep it bounded."""
    cleaned = _SECRET.sub("[redacted]", message)
    return cleaned if len(cleaned) <= MAX_ERROR_CHARS else cleaned[: MAX_ERROR_CHARS - 1] + "…"


def to_info(row: Row[Any] | Mapping[str, Any]) -> JobInfo:
    m = row._mapping if isinstance(row, Row) else row
    return JobInfo(
        id=m["id"],
        profile_id=m["profile_id"],
        type=m["type"],
        status=m["status"],
        payload=m["payload"] or {},
        attempts=m["attempts"],
        max_attempts=m["max_attempts"],
        priority=m["priority"],
        result=m["result"],
        error=m["error"],
        errors=tuple(m["errors"] or ()),
        progress=m["progress"],
        parent_id=m["parent_id"],
        goal_id=m["goal_id"],
        cancel_requested=m["cancel_requested"],
        run_after=m["run_after"],
        locked_by=m["locked_by"],
        input_tokens=m["input_tokens"],
        output_tokens=m["output_tokens"],
        cost_usd=float(m["cost_usd"] or 0),
        duration_ms=m["duration_ms"],
        created_at=m["created_at"],
        started_at=m["started_at"],
        completed_at=m["completed_at"],
        updated_at=m["updated_at"],
        lost=m["lost"],
        requires=m["requires"],
    )


def now_of(clock: Clock | None) -> datetime | None:
    return (clock or DatabaseClock()).now()


def advisory_key(*parts: object) -> int:
    """A stable signed 64-bit key for pg_advisory_xact_lock (hash() differs per process)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def error_entry(attempt: int, kind: str, message: str, at: datetime | None) -> str:
    return json.dumps(
        [
            {
                "attempt": attempt,
                "kind": kind,
                "message": message,
                "at": at.isoformat() if at else None,
            }
        ]
    )


@contextmanager
def pooled_raw(db: Database) -> Iterator[psycopg.Connection]:
    """A pooled connection as plain psycopg, committed on success (callers without their own)."""
    with db.boundary(), db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, psycopg.Connection)
        try:
            yield raw
            raw.commit()
        except BaseException:
            if not raw.closed:
                raw.rollback()
            raise


def run(session: Session, sql: str, params: Mapping[str, Any] | None = None) -> CursorResult[Any]:
    """Run queue SQL (``%(name)s`` parameters) in the session's transaction."""
    return session.connection().exec_driver_sql(sql, dict(params or {}))


def db_now(session: Session) -> datetime:
    return run(session, "SELECT now()").scalar_one()


# Each attempt's tokens, cost and time are added to the job's totals, success or not.
ADD_USAGE = (
    "input_tokens = input_tokens + %(tin)s, output_tokens = output_tokens + %(tout)s, "
    "cost_usd = cost_usd + %(cost)s, duration_ms = COALESCE(duration_ms, 0) + %(ms)s"
)


def usage_params(usage: Usage, duration_ms: int) -> dict[str, Any]:
    return {
        "tin": usage.input_tokens,
        "tout": usage.output_tokens,
        "cost": usage.cost_usd,
        "ms": duration_ms,
    }
