"""What the window needs before the database opens, kept in a small file on this machine.

The learner's appearance lives in the profile (PostgreSQL), but the style and palette must be set
before the first widget exists: changing them under live widgets is what crashed every start in
dark mode. So the window keeps a mirror of it here, in ``<data dir>/window.json``, read before
anything is shown and brought in line with the profile once the database answers. The same file
remembers the folder the learner last picked a file in, across restarts.

It also records each start: ``starting`` is written before the window is built and cleared once
the goals are on screen (or at a clean quit). Finding it set, with its process gone, means the
last start died; that start is followed by a *safe* one (default look, nothing restored), which
says what it reset, so a setting that crashes the window can never do so twice in a row.

Every read tolerates a missing, empty or corrupt file (it is only a cache and a convenience);
every write is atomic (a temporary file renamed over the old one).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FILE_NAME = "window.json"
APPEARANCES = ("system", "light", "dark")


@dataclass(frozen=True)
class StartCheck:
    """What :meth:`WindowSettings.begin_start` found: was the last start cut short, and what
    this (safe) start therefore put back to its default."""

    safe: bool = False
    reset_appearance: str | None = None  # the appearance that was given up, if any
    forgot_folder: bool = False

    def sentence(self) -> str:
        """The one line the window shows after a safe start ("" for an ordinary start)."""
        if not self.safe:
            return ""
        parts = []
        if self.reset_appearance is not None:
            parts.append(
                f"Colours were set back from {self.reset_appearance.capitalize()} to Follow the "
                "system (Settings \u2192 Appearance changes them again)"
            )
        if self.forgot_folder:
            parts.append("the last folder you opened files from was forgotten")
        done = "; ".join(parts) if parts else "nothing you chose had to be changed"
        return (
            f"Studyapp did not finish starting last time, so it started with safe defaults: {done}."
        )


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


@dataclass
class WindowSettings:
    """The file's content. Keys: ``profiles`` (name -> {"appearance"}), ``last_folder``,
    ``starting`` ({"pid", "at"} while a start is under way)."""

    path: Path
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path) -> WindowSettings:
        path = Path(data_dir) / FILE_NAME
        data: dict[str, Any] = {}
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raw = ""
        except OSError as exc:
            log.warning("could not read %s: %s", path, exc)
            raw = ""
        if raw.strip():
            try:
                loaded = json.loads(raw)
            except ValueError:
                log.warning("%s is not valid JSON; starting from defaults", path)
            else:
                data = loaded if isinstance(loaded, dict) else {}
        return cls(path, data)

    def save(self) -> None:
        """Write atomically; a data directory that cannot be written only costs the memory."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(
                prefix=".window-", suffix=".json", dir=self.path.parent
            )
        except OSError as exc:
            log.warning("could not write %s: %s", self.path, exc)
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self.data, out, indent=1, sort_keys=True)
            os.replace(temporary, self.path)
        except OSError as exc:
            log.warning("could not write %s: %s", self.path, exc)
            with contextlib.suppress(OSError):
                os.unlink(temporary)

    # -- appearance --------------------------------------------------------------------------

    def appearance(self, profile: str) -> str:
        entry = self.data.get("profiles", {}).get(profile, {})
        value = entry.get("appearance") if isinstance(entry, dict) else None
        return value if value in APPEARANCES else "system"

    def set_appearance(self, profile: str, appearance: str) -> bool:
        """Mirror the profile's appearance; True when it changed (and was written)."""
        appearance = appearance if appearance in APPEARANCES else "system"
        if self.appearance(profile) == appearance:
            return False
        profiles = self.data.setdefault("profiles", {})
        if not isinstance(profiles, dict):
            profiles = self.data["profiles"] = {}
        profiles.setdefault(profile, {})["appearance"] = appearance
        self.save()
        return True

    # -- the last folder ---------------------------------------------------------------------

    def last_folder(self) -> Path:
        """Where a file dialog opens: the last folder used, if it still exists, else home."""
        value = self.data.get("last_folder")
        if isinstance(value, str) and value and Path(value).is_dir():
            return Path(value)
        return Path.home()

    def remember_folder(self, folder: Path) -> None:
        value = str(Path(folder))
        if self.data.get("last_folder") != value:
            self.data["last_folder"] = value
            self.save()

    # -- the start guard ---------------------------------------------------------------------

    def begin_start(self, profile: str) -> StartCheck:
        """Record that a start is under way. If the previous one never finished (its process
        is gone), give up what it had restored: the appearance and the remembered folder."""
        previous = self.data.get("starting")
        died = (
            isinstance(previous, dict)
            and isinstance(previous.get("pid"), int)
            and previous["pid"] != os.getpid()
            and not _alive(previous["pid"])
        )
        check = StartCheck()
        if died:
            had = self.appearance(profile)
            check = StartCheck(
                safe=True,
                reset_appearance=had if had != "system" else None,
                forgot_folder="last_folder" in self.data,
            )
            log.warning("the last start did not finish: starting with safe defaults")
            for entry in self.data.get("profiles", {}).values():
                if isinstance(entry, dict):
                    entry.pop("appearance", None)
            self.data.pop("last_folder", None)
        self.data["starting"] = {"pid": os.getpid(), "at": time.time()}
        self.save()
        return check

    def finish_start(self) -> None:
        """The window is up (or quit cleanly): the next start is an ordinary one."""
        mark = self.data.get("starting")
        if isinstance(mark, dict) and mark.get("pid") == os.getpid():
            self.data.pop("starting", None)
            self.save()
