"""One object per process for "the database": its URL, an engine, short sessions, raw connections.

SQLAlchemy builds connections through ``psycopg.connect(conninfo)`` (``creator=``) so the URL is
parsed by libpq exactly as the user wrote it; raw psycopg connections (LISTEN, advisory locks, the
job engine's hot path) use the same conninfo.

This is also THE error boundary for a lost database: :meth:`Database.boundary` (used by
:meth:`Database.session` and :meth:`Database.connect`, and by raw-connection code around its
statements) turns a psycopg or SQLAlchemy ``OperationalError``/``InterfaceError`` that means
"the connection is gone or cannot be made" into :class:`DatabaseUnavailable`, with
``permanent`` set when retrying cannot help. Nothing else in the code base looks at driver
exception types. Errors that are not about the connection (a deadlock, a serialization failure,
a cancelled query: also ``OperationalError`` subclasses in psycopg) pass through unchanged.
"""

from __future__ import annotations

import enum
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import psycopg.errors
import sqlalchemy.exc
from psycopg.abc import ConnParam
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from studyapp.db import urls
from studyapp.errors import DatabaseUnavailable, PermissionRefused

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5


class ErrorKind(enum.Enum):
    """What a database error means for the code that met it (qutebrowser's ``misc/sql.py``
    keeps the same kind of table): the one place driver errors are sorted."""

    OUTAGE = "outage"  # the connection is gone or cannot be made now: back off, reconnect
    PERMANENT = "permanent"  # this database is unusable for good (login refused, dropped)
    CONFLICT = "conflict"  # lost a race with another transaction: run the transaction again
    ERROR = "error"  # anything else (a bug, bad data): retrying the same thing cannot help


# By SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html). Whole classes
# are named by their two first characters.
_SQLSTATES: dict[str, ErrorKind] = {
    "08": ErrorKind.OUTAGE,  # connection exception
    "57P01": ErrorKind.OUTAGE,  # admin_shutdown (the server stops or restarts)
    "57P02": ErrorKind.OUTAGE,  # crash_shutdown
    "57P03": ErrorKind.OUTAGE,  # cannot_connect_now (starting up, recovering)
    "53300": ErrorKind.OUTAGE,  # too_many_connections
    "53100": ErrorKind.OUTAGE,  # disk_full
    "53200": ErrorKind.OUTAGE,  # out_of_memory
    "28": ErrorKind.PERMANENT,  # invalid authorization (login refused)
    "3D000": ErrorKind.PERMANENT,  # invalid_catalog_name (no such database)
    "57P04": ErrorKind.PERMANENT,  # database_dropped
    "40": ErrorKind.CONFLICT,  # transaction rollback: serialization failure, deadlock
    "55P03": ErrorKind.CONFLICT,  # lock_not_available (NOWAIT, lock_timeout)
}


def sqlstate_kind(state: str) -> ErrorKind:
    """The kind of a SQLSTATE: the exact code first, then its class; ERROR when unlisted."""
    return _SQLSTATES.get(state) or _SQLSTATES.get(state[:2]) or ErrorKind.ERROR


def _hint(lowered: str) -> tuple[str, str]:
    """(what to do, category) for a connection failure's libpq text."""
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return "the server refused the login: check the user name and password in the URL", "auth"
    if "does not exist" in lowered and "database" in lowered:
        return (
            "that database does not exist on the server: create it (createdb) or fix the name",
            "missing",
        )
    if "role" in lowered and "does not exist" in lowered:
        return "that user does not exist on the server: fix the user name in the URL", "missing"
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return "the host name is unknown: check the URL's host", "host"
    if "connection refused" in lowered or "no such file" in lowered or "timeout" in lowered:
        return (
            "nothing answers there: is the PostgreSQL server running, and are host and port right?",
            "down",
        )
    return "check the URL and that the server is running", "other"


def explain_connect_error(
    url: str, exc: Exception, *, connected_before: bool = False
) -> DatabaseUnavailable:
    """One line: which URL, what failed, what to do. Never includes a password. A refused
    login, a missing database or role, and an unknown host before any connection ever worked
    are permanent; the rest may pass."""
    raw = str(exc).strip().splitlines()
    detail = raw[-1] if raw else type(exc).__name__
    hint, category = _hint(str(exc).lower())
    permanent = category in ("auth", "missing") or (category == "host" and not connected_before)
    detail = detail.replace(url, urls.describe(url))
    return DatabaseUnavailable(
        f"Cannot use the database {urls.describe(url)}: {hint} ({detail}).", permanent=permanent
    )


def error_kind(exc: BaseException) -> ErrorKind:
    """What ``exc`` (psycopg or SQLAlchemy form, or our own DatabaseUnavailable) means."""
    if isinstance(exc, DatabaseUnavailable):
        return ErrorKind.PERMANENT if exc.permanent else ErrorKind.OUTAGE
    if isinstance(exc, sqlalchemy.exc.DBAPIError):
        if exc.connection_invalidated:
            return ErrorKind.OUTAGE
        inner: BaseException | None = exc.orig
        if inner is None:
            is_link = isinstance(
                exc, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError
            )
            return ErrorKind.OUTAGE if is_link else ErrorKind.ERROR
        exc = inner
    if not isinstance(exc, psycopg.Error):
        return ErrorKind.ERROR
    state = exc.sqlstate
    if state is None:
        # No SQLSTATE: the client side failed (cannot connect, server closed the connection,
        # connection is bad/closed); a connect's refusal is told apart by its text
        # (explain_connect_error).
        is_link = isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)
        return ErrorKind.OUTAGE if is_link else ErrorKind.ERROR
    return sqlstate_kind(state)


def is_connection_problem(exc: BaseException) -> bool:
    """Does ``exc`` (psycopg or SQLAlchemy form) mean the connection is gone or impossible?"""
    return error_kind(exc) in (ErrorKind.OUTAGE, ErrorKind.PERMANENT)


_DENIED = re.compile(r"permission denied for (\w+) \"?([\w.]+)\"?")
_NOT_OWNER = re.compile(r"must be owner of (\w+) \"?([\w.]+)\"?")
_POLICY = re.compile(r"row-level security policy for table \"?([\w.]+)\"?")


def explain_permission(url: str, exc: BaseException) -> PermissionRefused | None:
    """``exc`` as one sentence naming the role, what it may not touch and who can fix it, if it
    is a refused permission (SQLSTATE 42501), else None."""
    inner = exc.orig if isinstance(exc, sqlalchemy.exc.DBAPIError) else exc
    if not isinstance(inner, psycopg.errors.InsufficientPrivilege):
        return None
    role = urls.user_of(url)
    detail = (str(inner).strip().splitlines() or [""])[0]
    add = f"ask the server's admin to run `studyapp server add-learner {role}`"
    if match := _NOT_OWNER.search(detail):
        return PermissionRefused(
            f"The role {role} cannot change the database's {match[1]} {match[2]} (this "
            "Studyapp would update its schema): ask the server's admin to start this version of "
            "Studyapp once as the database's owner."
        )
    statement = getattr(exc, "statement", None) or ""
    verb = (
        "read"
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) or not statement
        else "write to"
    )
    if match := _POLICY.search(detail):
        return PermissionRefused(
            f"The role {role} may only write its own profile's rows, and this row of table "
            f"{match[1]} is not one of them: {add} (once, to make it a learner's role), or "
            "open your own profile."
        )
    if match := _DENIED.search(detail):
        what = f"{match[1]} {match[2]}"
        return PermissionRefused(f"The role {role} cannot {verb} {what}: {add}.")
    return PermissionRefused(f"The role {role} was refused by the database ({detail}): {add}.")


@dataclass
class Database:
    """The process's database handle. ``url`` is a libpq conninfo URL (never logged raw)."""

    url: str
    embedded_dir: Path | None = None
    # Brings a dead embedded server back (embedded.Reviver); called whenever a connection is
    # found lost or cannot be made, cheap while the server runs. None for a server we don't own.
    revive: Callable[[], object] | None = None
    engine: Engine = field(init=False)
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        url = self.url
        self._connected_before = threading.Event()

        def create() -> psycopg.Connection:
            conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S)
            self._connected_before.set()
            return conn

        self.engine = create_engine(
            "postgresql+psycopg://",
            creator=create,
            # No pre-ping: it costs a round trip per unit of work. A connection that died with
            # the server is invalidated on first use (SQLAlchemy sees the disconnect and drops
            # the whole pool) and the caller gets DatabaseUnavailable, which it retries.
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

    def unavailable(self, exc: BaseException) -> DatabaseUnavailable | None:
        """``exc`` as :class:`DatabaseUnavailable` if it is about the connection, else None."""
        if isinstance(exc, DatabaseUnavailable):
            return exc
        if not is_connection_problem(exc):
            return None
        inner = exc.orig if isinstance(exc, sqlalchemy.exc.DBAPIError) else exc
        text = str(inner or exc).lower()
        if "connection failed" in text or "could not" in text or "authentication" in text:
            # Could not connect at all: say why, as at start-up.
            return explain_connect_error(
                self.url,
                inner if isinstance(inner, Exception) else Exception(str(exc)),
                connected_before=self._connected_before.is_set(),
            )
        first = (str(inner or exc).strip().splitlines() or [type(exc).__name__])[0]
        if error_kind(exc) is ErrorKind.PERMANENT:
            return DatabaseUnavailable(
                f"The database {self.description} can no longer be used ({first[:200]}).",
                permanent=True,
            )
        return DatabaseUnavailable(
            f"Lost the connection to the database {self.description} ({first[:200]})."
        )

    @contextmanager
    def boundary(self) -> Iterator[None]:
        """Run database work; a lost or impossible connection leaves as DatabaseUnavailable."""
        try:
            yield
        except (psycopg.Error, sqlalchemy.exc.DBAPIError) as exc:
            unavailable = self.unavailable(exc)
            if unavailable is None:
                # A refused permission (a learner's role on a shared server) is said as such.
                refused = explain_permission(self.url, exc)
                if refused is None:
                    raise
                raise refused from None
            # The pooled connections died with this one (a server restart): drop them all now,
            # or each would fail once on its next use, long after the database is back.
            self.engine.dispose()
            self._revive()
            raise unavailable from exc

    def _revive(self) -> None:
        """Give a dead embedded server a chance to come back (never raises: the caller's own
        back-off and reconnect do the rest)."""
        if self.revive is None:
            return
        try:
            self.revive()
        except Exception:
            log.exception("could not restart the embedded database")

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One short unit of work: commit on success, roll back on error."""
        with self.boundary(), self.sessions() as session, session.begin():
            yield session

    def connect(self, *, autocommit: bool = False, **params: ConnParam) -> psycopg.Connection:
        """A raw psycopg connection outside the pool (LISTEN, session advisory locks, the job
        engine's claims). Wrap later statements on it in :meth:`boundary`. ``params`` are
        libpq's connection parameters (``keepalives=1``), merged into the URL's."""
        conninfo = urls.with_params(self.url, **params) if params else self.url
        try:
            conn = psycopg.connect(
                conninfo, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT_S
            )
        except psycopg.Error as exc:
            self._revive()
            raise explain_connect_error(
                self.url, exc, connected_before=self._connected_before.is_set()
            ) from None
        self._connected_before.set()
        return conn

    def check(self) -> str:
        """Connect once; raise a clear :class:`DatabaseUnavailable`; return the server version."""
        with self.connect() as conn, self.boundary():
            row = conn.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else "?"

    def dispose(self) -> None:
        self.engine.dispose()
