"""Media files of cards (images, sounds from Anki decks): where they live and how names are kept safe.

Files live in a folder per profile beside the vector store: ``<data dir>/media/<profile id>/`` for
the embedded database, ``<user data dir>/media/<hash of the server URL>/<profile id>/`` for a server
database (so two servers never mix files), or under ``STUDYAPP_MEDIA_DIR`` when that is set (tests,
portable installs). A card stores references only, ``[{"name": ..., "side": "front"|"back"}]``
in ``cards.media``; :func:`card_media` turns them into paths for the window.

Names come from other people's packages, so they are hostile until checked: a name with a path
separator, ``..``, a NUL or another control character, or one that is empty or longer than 255
bytes is refused (the whole import stops, as Anki does). Harmless oddities are normalised as Anki
normalises them (NFC; Windows device names and trailing dots or spaces get a ``_``). A name that is
already taken by a different file gets a short content hash before its extension, so two decks'
``image.png`` never overwrite each other, and importing the same deck twice stores its files once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studyapp.db.database import Database
from studyapp.db.models import Card
from studyapp.errors import BadInput
from studyapp.services.owned import card_value

ENV_MEDIA_DIR = "STUDYAPP_MEDIA_DIR"
MAX_NAME_BYTES = 255
SIDES = ("front", "back")

IMAGE_EXTENSIONS = frozenset(
    ["png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "avif", "ico", "tif", "tiff", "heic", "jxl"]
)
AUDIO_EXTENSIONS = frozenset(
    ["mp3", "ogg", "oga", "opus", "wav", "m4a", "aac", "flac", "spx", "amr", "3gp"]
)
VIDEO_EXTENSIONS = frozenset(["mp4", "webm", "mkv", "mov", "ogv", "avi", "mpg", "mpeg", "m4v"])
_WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{i}" for i in range(1, 10)]
    + [f"lpt{i}" for i in range(1, 10)]
)


def media_root_for(db: Database) -> Path:
    """The folder holding every profile's media folder for this database."""
    override = os.environ.get(ENV_MEDIA_DIR)
    if override:
        return Path(override).expanduser()
    if db.embedded_dir is not None:
        return db.embedded_dir.parent / "media"
    from studyapp.config import default_data_dir
    from studyapp.db import urls

    key = hashlib.sha256(urls.describe(db.url).encode("utf-8")).hexdigest()[:16]
    return default_data_dir() / "media" / key


def media_dir(db: Database, profile_id: int) -> Path:
    """The profile's media folder (not created here: readers must not make folders)."""
    return media_root_for(db) / str(int(profile_id))


def kind_of(name: str) -> str:
    """'image', 'audio', 'video' or 'file', from the extension (how the window shows it)."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext in IMAGE_EXTENSIONS:
        return "image"
    if ext in AUDIO_EXTENSIONS:
        return "audio"
    if ext in VIDEO_EXTENSIONS:
        return "video"
    return "file"


def unsafe_reason(name: str) -> str | None:
    """Why a media name must be refused, or None when it can be stored (after :func:`safe_name`)."""
    if not name or not name.strip():
        return "an empty name"
    if "/" in name or "\\" in name:
        return "a path separator"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return "a control character" if "\x00" not in name else "a NUL character"
    if name.strip() in {".", ".."}:
        return "a relative path"
    if len(unicodedata.normalize("NFC", name).encode("utf-8")) > MAX_NAME_BYTES:
        return f"more than {MAX_NAME_BYTES} bytes"
    if len(name) >= 2 and name[1] == ":" and name[0].isalpha():
        return "a drive letter"
    return None


def safe_name(name: str) -> str:
    """A checked name as it is stored: NFC, no Windows device name, no trailing dot or space.
    Raises BadInput for a name :func:`unsafe_reason` refuses."""
    reason = unsafe_reason(name)
    if reason:
        raise BadInput(f"A media file name contains {reason}: {name[:60]!r}.")
    out = unicodedata.normalize("NFC", name)
    stem, dot, ext = out.partition(".")
    if stem.lower() in _WINDOWS_DEVICES:
        out = f"{stem}_{dot}{ext}"
    stripped = out.rstrip(". ")
    if stripped != out:
        out = stripped + "_"
    return out


def _hash_file(path: Path) -> str:
    digest = hashlib.sha1()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def store_file(folder: Path, name: str, source: Path, sha1: str) -> str:
    """Move ``source`` (a finished temp file) into ``folder`` as ``name``; return the stored name.

    Same name and same content: the existing file is kept. Same name, other content: the new file
    is stored as ``stem-<hash>.ext``. The final rename is atomic, so a reader never sees half a
    file."""
    folder.mkdir(parents=True, exist_ok=True)
    name = safe_name(name)
    target = folder / name
    if target.exists():
        if target.is_file() and _hash_file(target) == sha1:
            source.unlink(missing_ok=True)
            _touch(target)
            return name
        stem, dot, ext = name.rpartition(".") if "." in name[1:] else (name, "", "")
        name = safe_name(f"{stem}-{sha1[:8]}{dot}{ext}")
        target = folder / name
        if target.exists() and target.is_file() and _hash_file(target) == sha1:
            source.unlink(missing_ok=True)
            _touch(target)
            return name
    os.replace(source, target)
    return name


def _touch(path: Path) -> None:
    """A file kept for a new reference is marked as just used: the clean-up of a deleted goal
    (``goal_deletion``) leaves files written after the deletion alone, so an import reusing a
    file while the clean-up runs keeps it."""
    with contextlib.suppress(OSError):
        os.utime(path)


def temp_file_in(folder: Path) -> Path:
    """An empty temp file inside ``folder`` (same file system, so :func:`store_file` can rename)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".incoming-", suffix=".part")
    os.close(fd)
    return Path(tmp)


def parse_references(value: Any) -> list[tuple[str, str]]:
    """(name, side) pairs of a ``cards.media`` value, ignoring anything malformed."""
    if not isinstance(value, list):
        return []
    out = []
    for item in value:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            side = item.get("side") if item.get("side") in SIDES else "front"
            out.append((item["name"], str(side)))
    return out


@dataclass(frozen=True)
class CardMedia:
    """One media file of a card, ready for the window: ``exists`` is False when the file was
    removed from the media folder (show a placeholder, not an error)."""

    name: str
    side: str  # "front" or "back"
    kind: str  # "image", "audio", "video" or "file"
    path: Path
    exists: bool


def card_media(db: Database, profile_id: int, card_id: int) -> tuple[CardMedia, ...]:
    """The card's media files as paths in the profile's media folder, front side first.

    Names are re-checked here, so a reference edited by hand in the database can never point
    outside the folder."""
    with db.session() as session:
        value = card_value(session, profile_id, card_id, Card.media)
    folder = media_dir(db, profile_id)
    out = []
    for name, side in sorted(parse_references(value), key=lambda r: SIDES.index(r[1])):
        if unsafe_reason(name):
            continue
        path = folder / name
        out.append(CardMedia(name, side, kind_of(name), path, path.is_file()))
    return tuple(out)
