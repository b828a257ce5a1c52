"""Database roles for the shared-server tests: made with unique names (roles are cluster-wide,
and CI runs the suite on a shared server) and always dropped after the test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import sql

from studyapp.db import urls


def unique_role(stem: str) -> str:
    return f"sa_{stem}_{uuid.uuid4().hex[:8]}"


def drop_role(url: str, role: str) -> None:
    """Drop ``role`` and what it owns or was granted, in this database (roles are global: other
    databases of the cluster never granted it anything)."""
    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            return
        conn.execute(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(role)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@contextmanager
def bare_role(url: str, stem: str = "nobody") -> Iterator[tuple[str, str]]:
    """A login role with no rights on any table; yields (role, its URL)."""
    role = unique_role(stem)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)))
    try:
        yield role, urls.with_user(url, role)
    finally:
        drop_role(url, role)
