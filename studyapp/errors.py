"""Known errors: the ones a learner or operator can act on.

Every front end turns a :class:`StudyappError` into one clear line (CLI: stderr plus its
``exit_code``; GUI: a banner or message). Anything else is a bug and gets a traceback in the log
(the qutebrowser KnownError/BugError split).
"""

from __future__ import annotations

from datetime import datetime

from studyapp.plural import counted


class StudyappError(Exception):
    """Base of all errors with a message meant for people. ``exit_code`` is the CLI contract."""

    exit_code = 2


class BadInput(StudyappError):
    """The request itself is wrong (empty title, unreadable file, bad payload): exit 2."""

    exit_code = 2


class ProfileNotEmpty(BadInput):
    """A backup is restored only into a profile without goals. The message names no way out:
    the way out differs per front end (the CLI's ``--profile NAME``, the window's File → Import),
    so each adds its own."""

    def __init__(self, goals: int) -> None:
        super().__init__(
            f"This profile already has {counted(goals, 'goal')}; a backup is restored only into "
            "an empty profile, so nothing is mixed or duplicated."
        )
        self.goals = goals


class DatabaseUnavailable(StudyappError):
    """The database cannot be reached, refused the login, or its data directory is unusable.

    ``permanent`` separates "unusable for good" (a malformed URL, an unknown host before any
    connection ever worked, a refused login, a missing database or role, an unusable data
    directory) from an outage (server restarting, network gone, connection dropped): a worker
    or window rides out the second kind and gives up only on the first."""

    exit_code = 2

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class PermissionRefused(DatabaseUnavailable):
    """The database refused this role something (SQLSTATE 42501): a learner's role without
    rights on a table, on a shared server. Retrying cannot help; the server's admin can."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)


class DatabaseTooNew(StudyappError):
    """The database was migrated by a newer Studyapp; we refuse rather than corrupt it."""

    exit_code = 2


class RateLimited(StudyappError):
    """Too many submissions of one job type within the sliding hour: exit 3."""

    exit_code = 3

    def __init__(self, message: str, *, next_slot_at: datetime, job_type: str, limit: int) -> None:
        super().__init__(message)
        self.next_slot_at = next_slot_at
        self.job_type = job_type
        self.limit = limit


class JobFailed(StudyappError):
    """A job a command waited on ended as failed: exit 4."""

    exit_code = 4


class NotFound(StudyappError):
    """No such object for this profile (another profile's object is also 'not found'): exit 5."""

    exit_code = 5
