"""The embedded PostgreSQL a learner gets by default: no server to install.

``pgserver`` ships PostgreSQL binaries in its wheel. The server's data lives in the user data
directory; every Studyapp process (the window, ``studyapp worker``) registers itself as a handle, and
pgserver stops the server when the last handle exits, so two processes share one server safely.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import warnings
from pathlib import Path

import psycopg

from studyapp.db.urls import with_dbname
from studyapp.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

DATABASE_NAME = "studyapp"


def _check_writable(directory: Path) -> None:
    """Fail early with a clear message: pgserver's own errors for this are cryptic."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".write-test-") as handle:
            handle.write(b"x" * 4096)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        what = "is full" if exc.errno == 28 else "is not writable"
        raise DatabaseUnavailable(
            f"The data directory {directory} {what} ({exc.strerror}). Free some space or fix its "
            f"permissions, or choose another with STUDYAPP_DATA_DIR or --database-url.",
            permanent=True,
        ) from None


def start(data_dir: Path, *, cleanup_mode: str | None = "stop") -> str:
    """Start (or join) the embedded server in ``data_dir/pgdata``; return a libpq URL for our DB."""
    _check_writable(data_dir)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; pgserver falls back fine.
        warnings.simplefilter("ignore")
        import pgserver

    pgdata = data_dir / "pgdata"
    try:
        server = pgserver.get_server(pgdata, cleanup_mode=cleanup_mode)
    except Exception as exc:  # pgserver raises bare subprocess / assertion errors
        log.exception("embedded PostgreSQL failed to start")
        raise DatabaseUnavailable(
            f"The embedded database in {pgdata} failed to start ({type(exc).__name__}: "
            f"{str(exc)[:200]}). See {pgdata / 'log'}; or use --database-url to choose a server.",
            permanent=True,
        ) from None
    admin_url = server.get_uri()
    ensure_database(admin_url, DATABASE_NAME)
    return with_dbname(admin_url, DATABASE_NAME)


def ensure_database(admin_url: str, name: str) -> None:
    """CREATE DATABASE if missing; tolerant of a concurrent creator (second process at start)."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return
        with contextlib.suppress(psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            conn.execute(f'CREATE DATABASE "{name}"')
