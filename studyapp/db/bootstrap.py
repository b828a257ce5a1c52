"""The composition root of the database layer: resolve the configured database (a server URL or
the embedded server), connect, migrate. ``database`` and ``migrate`` know nothing of each other;
only this module puts them together (no import circle)."""

from __future__ import annotations

import logging

from studyapp.config import AppConfig
from studyapp.db import urls
from studyapp.db.database import Database
from studyapp.db.migrate import upgrade

log = logging.getLogger(__name__)


def open_database(config: AppConfig, *, migrate: bool = True) -> Database:
    """Resolve, connect, migrate. Raises only :class:`studyapp.errors.StudyappError` subclasses
    for problems a user can fix."""
    if config.database_url:
        db = Database(urls.normalize(config.database_url))
    else:
        from studyapp.db import embedded

        url = embedded.start(config.data_dir)
        db = Database(
            url,
            embedded_dir=config.data_dir / "pgdata",
            revive=embedded.Reviver(config.data_dir),
        )
    version = db.check()
    log.info("database %s (PostgreSQL %s)", db.description, version)
    if migrate:
        try:
            with db.boundary():
                upgrade(db)
        except BaseException:
            db.dispose()  # a refused role or a newer schema: no pooled connection left behind
            raise
    return db
