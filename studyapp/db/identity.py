"""Which database this is, as a stable key for files kept on this machine about it (the last
profile opened, undo copies): a data folder may serve the embedded server and, another day, a
server URL, whose profiles and goals are not the same."""

from __future__ import annotations

from pathlib import Path

from studyapp.db import urls
from studyapp.db.database import Database


def database_key(db: Database) -> str:
    """``embedded:<folder>`` for the embedded server (its socket path changes between starts),
    else the URL with any password masked."""
    if db.embedded_dir is not None:
        return f"embedded:{Path(db.embedded_dir).resolve()}"
    return urls.describe(db.url)
