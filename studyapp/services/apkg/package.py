"""The zip around an Anki collection: which format it is, and getting files out of it safely.

Three generations of package exist, and ``.apkg`` (a deck) and ``.colpkg`` (a whole collection)
share them:

- classic: ``collection.anki2`` (Anki 2.0) or ``collection.anki21`` (2.1, with a placeholder
  ``collection.anki2`` beside it), stored as plain SQLite; ``media`` is a JSON map
  ``{"0": "name.jpg"}`` and each file is the zip member named by its number.
- modern (Anki 2.1.50+, the default export today): a protobuf ``meta`` file says version 3,
  ``collection.anki21b`` is a zstd-compressed schema 18 SQLite file, ``media`` is a zstd-compressed
  protobuf list of entries (name, size, SHA-1; entry *i* is member ``i``), and every media file is
  zstd-compressed too.

Everything read from the archive is bounded: a member's declared size is checked before reading,
decompression stops at a limit (a zip or zstd bomb is refused, not expanded), and a modern media
file must match the size and SHA-1 its entry declares. Member names are never used as paths: only
members Anki's layout names (``collection.*``, ``media``, ``meta``, numbers) are opened.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

import zstandard

from studyapp.errors import BadInput
from studyapp.services.apkg import protobuf

MAX_COLLECTION_BYTES = 2 * 1024 * 1024 * 1024
MAX_MEDIA_LIST_BYTES = 64 * 1024 * 1024
MAX_MEDIA_FILE_BYTES = 512 * 1024 * 1024
MAX_MEDIA_FILES = 200_000
CHUNK = 1024 * 1024

LEGACY1, LEGACY2, LATEST = 1, 2, 3
MEMBERS = {LEGACY1: "collection.anki2", LEGACY2: "collection.anki21", LATEST: "collection.anki21b"}


def damaged(name: str, detail: str) -> BadInput:
    return BadInput(f"{name} is not a readable Anki package: {detail}.")


@dataclass(frozen=True)
class MediaEntry:
    """A media file of the package: its name as the notes use it, and where it is in the zip."""

    name: str
    member: str
    size: int | None  # declared by modern packages
    sha1: bytes | None  # declared by modern packages


class Package:
    """An open Anki package. Use :func:`open_package`; it closes the zip afterwards."""

    def __init__(self, archive: zipfile.ZipFile, name: str, workdir: Path) -> None:
        self.archive = archive
        self.name = name
        self.workdir = workdir
        self.version = self._version()

    # --- format ----------------------------------------------------------------------------

    def _version(self) -> int:
        names = set(self.archive.namelist())
        if "meta" in names:
            raw = self._read_small("meta", 4096)
            try:
                version = protobuf.first_int(protobuf.fields(raw), 1)
            except protobuf.ProtobufError:
                raise damaged(self.name, "its format marker (meta) is unreadable") from None
            if version not in MEMBERS:
                raise BadInput(
                    f"{self.name} was made by a newer Anki (package format {version}); "
                    "Studyapp reads formats 1 to 3. Export it again from Anki, or update Studyapp."
                )
            if MEMBERS[version] not in names:
                raise damaged(self.name, f"it lacks its collection ({MEMBERS[version]})")
            return version
        for version in (LATEST, LEGACY2, LEGACY1):
            if MEMBERS[version] in names:
                return version
        raise damaged(self.name, "the zip holds no Anki collection (collection.anki2)")

    @property
    def compressed(self) -> bool:
        return self.version == LATEST

    # --- reading members -------------------------------------------------------------------

    def _info(self, member: str, limit: int, what: str) -> zipfile.ZipInfo:
        try:
            info = self.archive.getinfo(member)
        except KeyError:
            raise damaged(self.name, f"{what} ({member}) is missing from the zip") from None
        if info.file_size > limit:
            raise damaged(self.name, f"{what} is implausibly large (a zip bomb?)")
        return info

    def _copy(self, source: IO[bytes], out: _Sink, limit: int, what: str) -> int:
        """Copy, decompressing zstd when the format says so, refusing more than ``limit``."""
        total = 0
        reader: IO[bytes] = (
            zstandard.ZstdDecompressor().stream_reader(source, read_across_frames=True)
            if self.compressed
            else source
        )
        try:
            while chunk := reader.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise damaged(self.name, f"{what} expands beyond {limit // CHUNK} MB (a bomb?)")
                out.write(chunk)
        except zstandard.ZstdError as exc:
            raise damaged(self.name, f"{what} is not valid zstd data ({exc})") from None
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise damaged(self.name, f"it is truncated or damaged ({exc})") from None
        return total

    def _read_small(self, member: str, limit: int) -> bytes:
        info = self._info(member, limit, member)
        try:
            with self.archive.open(info) as source:
                return source.read()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise damaged(self.name, f"it is truncated or damaged ({exc})") from None

    def extract_collection(self) -> Path:
        """The collection as a plain SQLite file in the work folder."""
        member = MEMBERS[self.version]
        info = self._info(member, MAX_COLLECTION_BYTES, "its collection")
        target = self.workdir / "collection.sqlite"
        try:
            with self.archive.open(info) as source, target.open("wb") as out:
                self._copy(source, out, MAX_COLLECTION_BYTES, "its collection")
        except OSError as exc:
            raise damaged(self.name, f"it is truncated or damaged ({exc})") from None
        with target.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise damaged(self.name, "its collection is not a valid Anki database")
        return target

    # --- media -----------------------------------------------------------------------------

    def media_entries(self) -> list[MediaEntry]:
        """The media list (an empty list when the package has none)."""
        if "media" not in self.archive.namelist():
            return []
        info = self._info("media", MAX_MEDIA_LIST_BYTES, "its media list")
        try:
            with self.archive.open(info) as source:
                buffer = io.BytesIO()
                self._copy(source, buffer, MAX_MEDIA_LIST_BYTES, "its media list")
        except OSError as exc:
            raise damaged(self.name, f"its media list is damaged ({exc})") from None
        raw = buffer.getvalue()
        entries = self._modern_entries(raw) if self.compressed else self._legacy_entries(raw)
        if len(entries) > MAX_MEDIA_FILES:
            raise damaged(self.name, f"it lists more than {MAX_MEDIA_FILES:,} media files")
        return entries

    def _legacy_entries(self, raw: bytes) -> list[MediaEntry]:
        if not raw.strip():
            return []
        try:
            mapping = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise damaged(self.name, f"its media list is not valid JSON ({exc})") from None
        if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
        ):
            raise damaged(self.name, "its media list is not a map of numbers to names")
        if not all(k.isdigit() for k in mapping):
            raise damaged(self.name, "its media list names a member that is not a number")
        return [MediaEntry(name, member, None, None) for member, name in mapping.items()]

    def _modern_entries(self, raw: bytes) -> list[MediaEntry]:
        out = []
        try:
            for index, message in enumerate(protobuf.fields(raw).get(1, [])):
                if not isinstance(message, bytes):
                    raise protobuf.ProtobufError("an entry is not a message")
                entry = protobuf.fields(message)
                sha1 = protobuf.first_bytes(entry, 3)
                out.append(
                    MediaEntry(
                        protobuf.first_text(entry, 1),
                        str(index),
                        protobuf.first_int(entry, 2),
                        sha1 if len(sha1) == 20 else None,
                    )
                )
        except protobuf.ProtobufError as exc:
            raise damaged(self.name, f"its media list is unreadable ({exc})") from None
        return out

    def same_as(self, entry: MediaEntry, existing: Path) -> bool:
        """Is the file ``existing`` already this entry's content (so it need not be written
        again)? Sizes first; then the declared SHA-1 of a modern package, or the member read
        and hashed without being written (a classic one)."""
        try:
            size = existing.stat().st_size
        except OSError:
            return False
        info = self._info(entry.member, MAX_MEDIA_FILE_BYTES, f"media file {entry.name!r}")
        if entry.size is not None and entry.size != size:
            return False
        if not self.compressed and info.file_size != size:
            return False
        ours = hashlib.sha1(existing.read_bytes()).digest() if size <= 1 << 24 else None
        if ours is None:
            return False
        if entry.sha1 is not None:
            return entry.sha1 == ours
        digest = hashlib.sha1()
        try:
            with self.archive.open(info) as source:
                self._copy(source, _Hashing(_Discard(), digest), MAX_MEDIA_FILE_BYTES, "media")
        except OSError:
            return False
        return digest.digest() == ours

    def extract_media(self, entry: MediaEntry, target: Path) -> str:
        """Write one media file to ``target``; return its SHA-1 (hex). Checks declared sizes."""
        info = self._info(entry.member, MAX_MEDIA_FILE_BYTES, f"media file {entry.name!r}")
        digest = hashlib.sha1()
        try:
            with self.archive.open(info) as source, target.open("wb") as out:
                size = self._copy(
                    source, _Hashing(out, digest), MAX_MEDIA_FILE_BYTES, f"media {entry.name!r}"
                )
        except OSError as exc:
            raise damaged(self.name, f"media file {entry.name!r} is damaged ({exc})") from None
        if entry.size is not None and entry.size != size:
            raise damaged(self.name, f"media file {entry.name!r} has the wrong size")
        if entry.sha1 is not None and entry.sha1 != digest.digest():
            raise damaged(self.name, f"media file {entry.name!r} does not match its checksum")
        return digest.hexdigest()


class _Sink(Protocol):
    """Where :meth:`Package._copy` writes: a file, or a hash that keeps nothing."""

    def write(self, data: bytes, /) -> int: ...


class _Digest(Protocol):
    """What ``hashlib``'s hashes give :class:`_Hashing` (its own type is private)."""

    def update(self, data: bytes, /) -> None: ...


class _Discard:
    """A sink: hashing a member without keeping its bytes."""

    def write(self, data: bytes) -> int:
        return len(data)


class _Hashing:
    def __init__(self, out: _Sink, digest: _Digest) -> None:
        self.out = out
        self.digest = digest

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.out.write(data)


@contextlib.contextmanager
def open_package(path: Path) -> Iterator[Package]:
    """Open ``path`` as an Anki package, with a private work folder removed afterwards."""
    name = Path(path).name
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BadInput(f"No such file: {path}.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not a file.") from None
    except PermissionError:
        raise BadInput(f"Cannot read {path}: permission denied.") from None
    except (zipfile.BadZipFile, EOFError, OSError):
        raise damaged(name, "it is not a zip archive, or it is truncated or damaged") from None
    with archive, tempfile.TemporaryDirectory(prefix="studyapp-apkg-") as tmp:
        yield Package(archive, name, Path(tmp))
