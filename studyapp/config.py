"""Where things live: data directory, database URL, provider choice, from flags and environment.

Resolved once at start-up into a frozen :class:`AppConfig` that every front end passes down, so no
module reads the environment behind the caller's back.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "studyapp"
ENV_DATABASE_URL = "STUDYAPP_DATABASE_URL"
ENV_DATA_DIR = "STUDYAPP_DATA_DIR"
ENV_PROFILE = "STUDYAPP_PROFILE"


def default_data_dir() -> Path:
    """The platform's user data directory (``~/.local/share/studyapp`` on Linux)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class AppConfig:
    """Start-up choices. ``database_url`` None means the embedded PostgreSQL in ``data_dir``.
    ``profile_given``: the profile was named (``--profile``, ``STUDYAPP_PROFILE``); otherwise
    the window opens the profile it had open last."""

    data_dir: Path
    database_url: str | None
    profile: str = "default"
    profile_given: bool = False

    @classmethod
    def resolve(
        cls,
        database_url: str | None = None,
        profile: str | None = None,
        data_dir: Path | None = None,
    ) -> AppConfig:
        url = database_url or os.environ.get(ENV_DATABASE_URL) or None
        named = profile or os.environ.get(ENV_PROFILE) or None
        return cls(
            data_dir=data_dir or default_data_dir(),
            database_url=url,
            profile=named or "default",
            profile_given=named is not None,
        )
