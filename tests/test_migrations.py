"""Schema: migrations reach head, match the models, upgrade old databases, refuse newer ones."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from studyapp.db.database import Database
from studyapp.db.migrate import current_revision, head_revision, upgrade
from studyapp.db.models import Base
from studyapp.errors import DatabaseTooNew
from tests.helpers import scratch_database


def test_empty_database_upgrades_to_head_and_matches_models(pg_server_url: str) -> None:
    with scratch_database(pg_server_url) as url:
        db = Database(url)
        try:
            upgrade(db)
            with db.engine.connect() as conn:
                assert current_revision(conn) == head_revision()
                diff = compare_metadata(
                    MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
                )
                assert diff == [], f"models and migrations differ: {diff}"
                tables = set(inspect(conn).get_table_names())
            assert {
                "profiles",
                "goals",
                "skill_nodes",
                "cards",
                "distractor_sets",
                "reviews",
                "jobs",
                "job_submissions",
                "workers",
            } <= tables
        finally:
            db.dispose()


def test_upgrade_keeps_existing_rows(pg_server_url: str) -> None:
    """An existing database is upgraded in place, never recreated: its rows survive a restart."""
    with scratch_database(pg_server_url) as url:
        db = Database(url)
        try:
            upgrade(db)
            with db.engine.begin() as conn:
                conn.execute(text("INSERT INTO profiles (name) VALUES ('kept')"))
            upgrade(db)  # second start: no-op, nothing lost
            with db.engine.connect() as conn:
                names = conn.execute(text("SELECT name FROM profiles")).scalars().all()
            assert names == ["kept"]
        finally:
            db.dispose()


def test_database_from_newer_version_is_refused(pg_server_url: str) -> None:
    with scratch_database(pg_server_url) as url:
        db = Database(url)
        try:
            upgrade(db)
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
                conn.execute(text("INSERT INTO profiles (name) VALUES ('precious')"))
            with pytest.raises(DatabaseTooNew, match="newer version of Studyapp"):
                upgrade(db)
            with db.engine.connect() as conn:
                assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                    "9999_future"
                )
                assert conn.execute(text("SELECT count(*) FROM profiles")).scalar() == 1
        finally:
            db.dispose()
