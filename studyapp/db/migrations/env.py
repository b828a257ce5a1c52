"""Alembic environment: always runs on a connection handed in by ``studyapp.db.migrate``."""

from __future__ import annotations

from alembic import context

from studyapp.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - we never run alembic from its own CLI
    raise RuntimeError("run migrations through studyapp.db.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    compare_type=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
