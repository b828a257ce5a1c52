"""The profile the window opened last, remembered on this machine (as Anki remembers its last
profile): the next start opens it unless ``--profile`` (or ``STUDYAPP_PROFILE``) names one.

Kept in ``<data dir>/last-profile.json`` as ``{database key: profile name}``: the same data
folder may serve the embedded server and a server URL, whose profiles differ. The file is a
convenience: a missing or unreadable one means "default", and a write that fails is logged
and forgotten. A remembered name the database no longer has falls back to "default" (the
window never makes a profile because a file named it).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "last-profile.json"


def _read(data_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((Path(data_dir) / FILE_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("could not read %s: %s", FILE_NAME, exc)
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def remembered(data_dir: Path, database: str) -> str | None:
    return _read(data_dir).get(database)


def remember(data_dir: Path, database: str, name: str) -> None:
    """Write atomically (a temporary file renamed over the old one)."""
    data = _read(data_dir)
    if data.get(database) == name:
        return
    data[database] = name
    folder = Path(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".last-profile-", dir=folder)
    except OSError as exc:
        log.warning("could not remember the profile: %s", exc)
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
        os.replace(temporary, folder / FILE_NAME)
    except OSError as exc:
        log.warning("could not remember the profile: %s", exc)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
