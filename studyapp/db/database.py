"""One object per process for "the database": its URL, an engine, short sessions, raw connections.

SQLAlchemy builds connections through ``psycopg.connect(conninfo)`` (``creator=``) so the URL is
parsed by libpq exactly as the user wrote it; raw psycopg connections (LISTEN, advisory locks) use
the same conninfo.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from studyapp.config import AppConfig
from studyapp.db import urls
from studyapp.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5


def explain_connect_error(url: str, exc: Exception) -> DatabaseUnavailable:
    """One line: which URL, what failed, what to do. Never includes a password."""
    raw = str(exc).strip().splitlines()
    detail = raw[-1] if raw else type(exc).__name__
    lowered = str(exc).lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        hint = "the server refused the login: check the user name and password in the URL"
    elif "does not exist" in lowered and "database" in lowered:
        hint = "that database does not exist on the server: create it (createdb) or fix the name"
    elif "role" in lowered and "does not exist" in lowered:
        hint = "that user does not exist on the server: fix the user name in the URL"
    elif "connection refused" in lowered or "no such file" in lowered or "timeout" in lowered:
        hint = (
            "nothing answers there: is the PostgreSQL server running, and are host and port right?"
        )
    elif "could not translate host name" in lowered or "name or service not known" in lowered:
        hint = "the host name is unknown: check the URL's host"
    else:
        hint = "check the URL and that the server is running"
    detail = detail.replace(url, urls.describe(url))
    return DatabaseUnavailable(f"Cannot use the database {urls.describe(url)}: {hint} ({detail}).")


@dataclass
class Database:
    """The process's database handle. ``url`` is a libpq conninfo URL (never logged raw)."""

    url: str
    embedded_dir: Path | None = None
    engine: Engine = field(init=False)
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        url = self.url
        self.engine = create_engine(
            "postgresql+psycopg://",
            creator=lambda: psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S),
            # No pre-ping: it costs a round trip per unit of work. A connection that died with
            # the server is invalidated on first use (SQLAlchemy sees the disconnect) and the
            # caller's error is a known, retried one.
            pool_size=8,
            max_overflow=8,
        )
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def description(self) -> str:
        """What the status bar shows: the embedded server's folder, or the masked URL."""
        if self.embedded_dir is not None:
            return f"embedded PostgreSQL in {self.embedded_dir}"
        return urls.describe(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One short unit of work: commit on success, roll back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def connect(self, *, autocommit: bool = False, **params: object) -> psycopg.Connection:
        """A raw psycopg connection outside the pool (LISTEN, session advisory locks)."""
        try:
            return psycopg.connect(
                self.url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT_S, **params
            )
        except psycopg.OperationalError as exc:
            raise explain_connect_error(self.url, exc) from None

    def check(self) -> str:
        """Connect once; raise a clear :class:`DatabaseUnavailable`; return the server version."""
        try:
            with psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT_S) as conn:
                row = conn.execute("SHOW server_version").fetchone()
                return str(row[0]) if row else "?"
        except psycopg.Error as exc:
            raise explain_connect_error(self.url, exc) from None

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(config: AppConfig, *, migrate: bool = True) -> Database:
    """Resolve, connect, migrate. Raises only :class:`studyapp.errors.StudyappError` subclasses
    for problems a user can fix."""
    if config.database_url:
        url = urls.normalize(config.database_url)
        db = Database(url)
    else:
        from studyapp.db import embedded

        url = embedded.start(config.data_dir)
        db = Database(url, embedded_dir=config.data_dir / "pgdata")
    version = db.check()
    log.info("database %s (PostgreSQL %s)", db.description, version)
    if migrate:
        from studyapp.db.migrate import upgrade

        upgrade(db)
    return db
