"""Apply Alembic migrations at start-up; refuse databases from a newer Studyapp.

Two processes may start at once (the window and a worker), so the upgrade runs under a
session-level advisory lock; the second one finds the schema at head and does nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, text

from studyapp.db.database import Database
from studyapp.errors import DatabaseTooNew

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATION_LOCK_KEY = 0x5354_5544_5901  # "STUDY" + 1: one constant shared by every process


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Upgrade to ``revision`` (head by default); an older database is upgraded, never recreated."""
    script = ScriptDirectory.from_config(alembic_config())
    with db.boundary(), db.engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        conn.commit()
        try:
            current = current_revision(conn)
            if current is not None:
                try:
                    script.get_revision(current)
                except CommandError:
                    raise DatabaseTooNew(
                        f"This database ({db.description}) was set up by a newer version of "
                        f"Studyapp (schema {current}). Update Studyapp; nothing was changed."
                    ) from None
            if current != script.get_current_head() or revision != "head":
                log.info("migrating database from %s to %s", current, revision)
                command.upgrade(alembic_config(conn), revision)
                conn.commit()
        finally:
            # A failed statement (a role without rights: "permission denied") left the
            # transaction aborted; roll it back first, or the unlock would fail in its turn and
            # hide the real error behind InFailedSqlTransaction.
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
            conn.commit()
