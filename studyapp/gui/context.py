"""What every page of the window gets: the database, the acting profile and the job machinery.

Built once on the GUI thread after the database opened; pages read it, never replace it.
"""

from __future__ import annotations

from dataclasses import dataclass

from studyapp.db.database import Database
from studyapp.gui.job_pool import JobPool
from studyapp.gui.job_watcher import JobWatcher
from studyapp.gui.local_settings import WindowSettings
from studyapp.jobs.registry import HandlerRegistry
from studyapp.services.profiles import ProfileInfo


@dataclass
class AppContext:
    db: Database
    profile: ProfileInfo
    registry: HandlerRegistry
    watcher: JobWatcher
    pool: JobPool | None  # None when this window runs no jobs itself (a worker does)
    local: WindowSettings | None = None  # this machine's window file (last folder); None: home
