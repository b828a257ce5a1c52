"""Whole-profile backup and restore in a documented, versioned format (docs/backup-format.md).

A backup is a zip holding ``backup.json`` (JSON because a learner's backup must outlive this app:
any tool can read it, and a person can see what is in it) and the media files its cards show,
each listed in the document with its size and SHA-1. Ids in the document are only references
between its records; a restore gives every row a fresh id from the target database's sequences,
so a backup restores into any database, next to other profiles and beside other goals. Jobs are
not part of a backup (they are work in flight, not knowledge), so their ids are dropped.

A file from a newer format version is refused rather than half-understood; older versions are
read by filling in what they could not have had (version 1 and 2 files are plain JSON without
media; version 1 predates card tags and media references). Every value is checked before anything
is written (:mod:`studyapp.services.backup_format`), and the rows are written in one transaction.

A backup restores three ways: into the acting profile when it has no goals yet (settings too);
into a new profile named by the learner (settings too); or as added goals beside the acting
profile's own, which stay untouched, as do its settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from studyapp import __version__
from studyapp.db.database import Database
from studyapp.db.models import (
    NEW_GUID,
    Card,
    DistractorSet,
    Goal,
    Note,
    NoteType,
    Profile,
    Review,
    SkillNode,
    StudyPreset,
)
from studyapp.errors import BadInput, NotFound, ProfileNotEmpty
from studyapp.plural import counted
from studyapp.services import presets
from studyapp.services.atomic_files import write_atomically
from studyapp.services.backup_format import (
    CARD_FIELDS,
    DISTRACTOR_FIELDS,
    DOCUMENT,
    FORMAT,
    GOAL_FIELDS,
    JSON_FIELDS,
    MAX_MEDIA_FILE_BYTES,
    NODE_FIELDS,
    OWNED,
    REVIEW_FIELDS,
    SECTIONS,
    VERSION,
    MediaFile,
    check_document,
    parse,
)
from studyapp.services.card_vectors import embed_cards
from studyapp.services.goals import MAX_TITLE as MAX_GOAL_TITLE
from studyapp.services.interop_csv import read_file
from studyapp.services.interop_media import (
    media_dir,
    parse_references,
    store_file,
    temp_file_in,
    unsafe_reason,
)
from studyapp.services.interop_notes import allocate_ids, copy_rows
from studyapp.services.profiles import validate_name

__all__ = [
    "CARD_FIELDS",
    "DISTRACTOR_FIELDS",
    "FORMAT",
    "GOAL_FIELDS",
    "NODE_FIELDS",
    "REVIEW_FIELDS",
    "SECTIONS",
    "VERSION",
    "BackupResult",
    "RestoreResult",
    "backup_profile",
    "dump_profile",
    "load_backup",
    "restore_beside",
    "restore_new_profile",
    "restore_profile",
]

# The tables a backup holds (every one has an integer ``id``: the document's row order).
BackedUp = Goal | SkillNode | Card | DistractorSet | Review | NoteType | Note
MODELS: dict[str, type[BackedUp]] = {
    "goals": Goal,
    "skill_nodes": SkillNode,
    "cards": Card,
    "distractor_sets": DistractorSet,
    "reviews": Review,
    "note_types": NoteType,
    "notes": Note,
}
MAX_DOCUMENT_BYTES = 2 * 1024**3
CHUNK = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
NOUNS = {
    "goals": "goal",
    "skill_nodes": "skill",
    "cards": "card",
    "distractor_sets": "choice set",
    "reviews": "review",
    "note_types": "note type",
    "notes": "Anki note",
}
ANKI_ONLY = {"note_types", "notes"}  # named in a sentence only when the profile has some


@dataclass(frozen=True)
class BackupResult:
    path: Path
    profile: str
    counts: dict[str, int]
    media_files: int = 0
    media_missing: tuple[str, ...] = ()  # referenced by cards, gone from the media folder

    def sentence(self) -> str:
        """The window's line (the CLI prints the same)."""
        what = ", ".join(
            counted(n, NOUNS[k]) for k, n in self.counts.items() if n or k not in ANKI_ONLY
        )
        text = f"Backed up to {self.path}: {what}, {counted(self.media_files, 'media file')}."
        return text + _left_out(self.media_missing, "no longer in the media folder")


@dataclass(frozen=True)
class RestoreResult:
    profile_id: int
    counts: dict[str, int]
    profile_name: str = ""
    mode: str = "empty"  # "empty" (the acting, empty profile), "new" (a new profile), "beside"
    kept_goals: int = 0  # goals the profile had before ("beside"), untouched
    media_files: int = 0  # media files copied into the profile's media folder
    media_missing: tuple[str, ...] = ()  # referenced by cards, but not in the backup
    renamed: dict[str, str] = field(default_factory=dict)  # goal title -> title given

    def sentence(self) -> str:
        """What was restored and where, in one or two sentences (the window and the CLI)."""
        what = ", ".join(
            counted(self.counts.get(k, 0), NOUNS[k]) for k in ("goals", "cards", "reviews")
        )
        what += f" and {counted(self.media_files, 'media file')}"
        if self.mode == "new":
            where = f"into the new profile \u201c{self.profile_name}\u201d (switch to it to study)"
        elif self.mode == "beside":
            where = (
                f"into the profile \u201c{self.profile_name}\u201d beside its "
                f"{counted(self.kept_goals, 'goal')}, which "
                f"{'was' if self.kept_goals == 1 else 'were'} not touched (nor its settings)"
            )
        else:
            where = f"into the profile \u201c{self.profile_name}\u201d, with its settings"
        text = f"Restored {what} {where}."
        if self.renamed:
            pairs = [f"\u201c{new}\u201d" for new in self.renamed.values()]
            text += (
                " A goal whose title was taken was renamed: "
                if len(pairs) == 1
                else " Goals whose title was taken were renamed: "
            ) + ", ".join(pairs[:3])
            text += "…." if len(pairs) > 3 else "."
        return text + _left_out(self.media_missing, "not in the backup")


def _left_out(names: tuple[str, ...], why: str) -> str:
    if not names:
        return ""
    shown = ", ".join(names[:5]) + ("…" if len(names) > 5 else "")
    return f" Left out: {counted(len(names), 'media file')} {why} ({shown})."


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


# --- backup ------------------------------------------------------------------------------------


def dump_profile(db: Database, profile_id: int) -> dict[str, Any]:
    """The profile's whole study data as a JSON-ready dict (format ``VERSION``, no media)."""
    with db.session() as session:
        profile = session.get(Profile, profile_id)
        if profile is None:
            raise NotFound(f"No profile {profile_id}.")
        pace = presets.default_preset(session, profile_id)
        data: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "app_version": __version__,
            # The default study preset's pace, under the keys it had when it was the profile's.
            "profile": {
                "name": profile.name,
                "desired_retention": pace.desired_retention,
                "new_cards_per_day": pace.new_per_day,
                "settings": profile.settings,
                "created_at": _plain(profile.created_at),
            },
        }
        goal_ids = select(Goal.id).where(Goal.profile_id == profile_id)
        card_ids = select(Card.id).where(Card.profile_id == profile_id)
        filters = {
            "goals": Goal.profile_id == profile_id,
            "skill_nodes": SkillNode.goal_id.in_(goal_ids),
            "cards": Card.profile_id == profile_id,
            "distractor_sets": DistractorSet.card_id.in_(card_ids),
            "reviews": Review.profile_id == profile_id,
            "note_types": NoteType.profile_id == profile_id,
            "notes": Note.profile_id == profile_id,
        }
        for section, _table, fields, _refs in SECTIONS:
            model = MODELS[section]
            columns = [getattr(model, f) for f in fields]
            rows = session.execute(
                select(*columns).where(filters[section]).order_by(model.id)
            ).all()
            data[section] = [
                {f: _plain(v) for f, v in zip(fields, row, strict=True)} for row in rows
            ]
    return data


def backup_profile(db: Database, profile_id: int, path: Path) -> BackupResult:
    """Write the profile (document and media files) to ``path``, atomically."""
    data = dump_profile(db, profile_id)
    folder = media_dir(db, profile_id)
    names = sorted({name for card in data["cards"] for name, _ in parse_references(card["media"])})
    present = [n for n in names if not unsafe_reason(n) and (folder / n).is_file()]
    present = [n for n in present if (folder / n).stat().st_size <= MAX_MEDIA_FILE_BYTES]
    missing = tuple(n for n in names if n not in set(present))
    listed: list[dict[str, Any]] = []

    def write(handle: IO[bytes]) -> None:
        with zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
            for index, name in enumerate(present):
                member = f"media/{index}"
                digest = hashlib.sha1()
                size = 0
                # Stored, not deflated: pictures and sounds are compressed already.
                with (
                    (folder / name).open("rb") as source,
                    archive.open(
                        zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0)),
                        "w",
                        force_zip64=True,
                    ) as out,
                ):
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                listed.append(
                    {"name": name, "size": size, "sha1": digest.hexdigest(), "member": member}
                )
            data["media_files"] = listed
            document = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
            archive.writestr(DOCUMENT, document, compress_type=zipfile.ZIP_DEFLATED)

    try:
        write_atomically(Path(path), write)
    except OSError as exc:
        raise BadInput(f"Cannot write {path}: {exc.strerror or exc}.") from None
    counts = {section: len(data[section]) for section, *_ in SECTIONS}
    return BackupResult(Path(path), data["profile"]["name"], counts, len(listed), missing)


# --- reading a backup --------------------------------------------------------------------------


@dataclass
class OpenBackup:
    """A checked backup document, and its zip while the media files are copied."""

    data: dict[str, Any]
    archive: zipfile.ZipFile | None
    name: str


def load_backup(raw: bytes, name: str = "The backup") -> dict[str, Any]:
    """Parse and check a backup document completely, before any write."""
    return check_document(parse(raw, name), name)


@contextlib.contextmanager
def open_backup(path: Path) -> Iterator[OpenBackup]:
    """A version 3 backup (a zip) or an older one (plain JSON), checked completely."""
    path = Path(path)
    name = path.name
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError:
        read_file(path)  # the same clear refusal as every file read (missing, a folder, …)
        raise
    if magic != ZIP_MAGIC:
        yield OpenBackup(load_backup(read_file(path), name), None, name)
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise BadInput(f"{name} is not a Studyapp backup (a damaged zip).") from None
    with archive:
        try:
            info = archive.getinfo(DOCUMENT)
        except KeyError:
            raise BadInput(f"{name} is not a Studyapp backup (it holds no {DOCUMENT}).") from None
        if info.file_size > MAX_DOCUMENT_BYTES:
            raise BadInput(f"{name} is not a Studyapp backup ({DOCUMENT} is implausibly large).")
        try:
            raw = archive.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise BadInput(f"{name} is damaged ({exc}); nothing was changed.") from None
        data = load_backup(raw, name)
        del raw
        yield OpenBackup(data, archive, name)


# --- restore -----------------------------------------------------------------------------------


def restore_profile(db: Database, profile_id: int, path: Path) -> RestoreResult:
    """Restore into the acting profile, which must have no goals yet: its settings, goals,
    trees, cards with their FSRS state, choice sets, reviews and media. Refused when it has
    goals (:class:`ProfileNotEmpty`): see :func:`restore_beside` and
    :func:`restore_new_profile` for the other two ways."""
    return _restore(db, path, profile_id=profile_id, mode="empty")


def restore_beside(db: Database, profile_id: int, path: Path) -> RestoreResult:
    """Add the backup's goals (with everything in them) beside the profile's own goals, which
    are not touched, nor are the profile's settings. A goal title the profile already uses
    gets " (restored)" so the two can be told apart."""
    return _restore(db, path, profile_id=profile_id, mode="beside")


def restore_new_profile(db: Database, name: str, path: Path) -> RestoreResult:
    """Restore into a new profile named ``name`` (refused when that name is taken), made in
    the restore's own transaction: a refused backup leaves no empty profile behind."""
    return _restore(db, path, new_name=validate_name(name), mode="new")


def _restore(
    db: Database,
    path: Path,
    *,
    mode: str,
    profile_id: int | None = None,
    new_name: str | None = None,
) -> RestoreResult:
    with open_backup(path) as backup:
        data = backup.data
        _refuse_early(db, mode, profile_id, new_name)  # before any file is copied
        try:
            with db.session() as session:
                if new_name is not None:
                    profile_id = _new_profile(session, new_name)
                assert profile_id is not None
                name = session.execute(
                    select(Profile.name).where(Profile.id == profile_id)
                ).scalar_one_or_none()
                if name is None:
                    raise NotFound(f"No profile {profile_id}.")
                kept = _goal_count(session, profile_id)
                if mode == "empty" and kept:
                    raise ProfileNotEmpty(kept)
                renamed: dict[str, str] = {}
                if mode == "beside":
                    renamed = _free_titles(session, profile_id, data["goals"])
                else:
                    _restore_settings(session, profile_id, data["profile"])
                folder = media_dir(db, profile_id)
                stored = _copy_media(folder, backup)
                _keep_anki_identity(session, profile_id, data)
                remap = _write_rows(session, profile_id, data, stored)
                # A file older than version 3 has no note GUIDs: its cards get their own, as
                # new cards do (so exporting them twice updates Anki's notes, never doubles).
                session.execute(
                    text(
                        f"UPDATE cards SET note_guid = {NEW_GUID} "
                        "WHERE profile_id = :p AND note_guid IS NULL"
                    ),
                    {"p": profile_id},
                )
        except (psycopg.DataError, psycopg.IntegrityError) as exc:
            detail = str(exc).strip().splitlines()[0]
            raise BadInput(
                f"The backup was refused by the database ({detail}); nothing was changed."
            ) from None
    # Searchable at once (best effort, after the commit): see services/card_vectors.py.
    embed_cards(db, profile_id, sorted(remap["cards"].values()), new=True)
    return RestoreResult(
        profile_id,
        {section: len(data[section]) for section, *_ in SECTIONS},
        name,
        mode,
        kept,
        len(set(stored.values())),
        _missing_media(data, stored, folder),
        renamed,
    )


def _keep_anki_identity(session: Session, profile_id: int, data: dict[str, Any]) -> None:
    """An Anki note is one note per profile (its GUID is how Anki and a re-import know it).
    A backup restored beside what the profile has, or into a profile whose notes outlived
    their goals, may bring notes and note types the profile already holds: those are not
    written again. A restored card of such a note becomes a note of its own (a fresh GUID, so
    an export to Anki adds it instead of overwriting the original), and a note of such a type
    uses the type already there."""
    types = data["note_types"]
    if types:
        held = dict(
            session.execute(
                select(NoteType.anki_id, NoteType.id).where(
                    NoteType.profile_id == profile_id,
                    NoteType.anki_id.in_([t["anki_id"] for t in types]),
                )
            ).all()
        )
        same = {t["id"]: held[t["anki_id"]] for t in types if t["anki_id"] in held}
        data["note_types"] = [t for t in types if t["id"] not in same]
        data["reused_note_types"] = same  # backup id -> the profile's own id
    notes = data["notes"]
    if notes:
        held_guids = set(
            session.execute(
                select(Note.guid).where(
                    Note.profile_id == profile_id, Note.guid.in_([n["guid"] for n in notes])
                )
            ).scalars()
        )
        if held_guids:
            data["notes"] = [n for n in notes if n["guid"] not in held_guids]
            for card in data["cards"]:
                if card["note_guid"] in held_guids:
                    card["note_guid"] = None  # given a fresh GUID after the COPY
                    card["note_ord"] = None


def _goal_count(session: Session, profile_id: int) -> int:
    return session.execute(
        select(func.count()).select_from(Goal).where(Goal.profile_id == profile_id)
    ).scalar_one()


def _refuse_early(db: Database, mode: str, profile_id: int | None, new_name: str | None) -> None:
    """The refusals that need no transaction, so no media file is copied for nothing (the
    transaction checks again)."""
    with db.session() as session:
        if new_name is not None:
            if session.execute(select(Profile.id).where(Profile.name == new_name)).first():
                raise BadInput(
                    f"A profile named \u201c{new_name}\u201d already exists; choose another name "
                    "for the restored profile. Nothing was changed."
                )
        elif mode == "empty" and profile_id is not None:
            kept = _goal_count(session, profile_id)
            if kept:
                raise ProfileNotEmpty(kept)


def _new_profile(session: Session, name: str) -> int:
    """The new profile's row, in the restore's transaction (a refused backup leaves none)."""
    try:
        with session.begin_nested():
            profile = Profile(name=name)
            session.add(profile)
            session.flush()
    except IntegrityError:  # another process took the name meanwhile
        raise BadInput(
            f"A profile named \u201c{name}\u201d already exists; choose another name for the "
            "restored profile. Nothing was changed."
        ) from None
    return profile.id


def _restore_settings(session: Session, profile_id: int, settings: dict[str, Any]) -> None:
    """The profile's settings, and the pace its backup carries (retention, new cards a day:
    the profile's own columns when the backup was made, its default study preset now)."""
    session.execute(
        update(Profile)
        .where(Profile.id == profile_id)
        .values(settings=settings.get("settings") or {})
    )
    session.execute(
        update(StudyPreset)
        .where(StudyPreset.id == presets.ensure_default(session, profile_id))
        .values(
            desired_retention=float(settings["desired_retention"]),
            new_per_day=int(settings["new_cards_per_day"]),
        )
    )


def _free_titles(session: Session, profile_id: int, goals: list[dict[str, Any]]) -> dict[str, str]:
    """Give each restored goal a title the profile does not use yet (beside mode)."""
    taken = set(session.execute(select(Goal.title).where(Goal.profile_id == profile_id)).scalars())
    renamed: dict[str, str] = {}
    for goal in goals:
        title = goal["title"]
        if title in taken:
            n = 1
            while True:
                tail = " (restored)" if n == 1 else f" (restored {n})"
                candidate = title[: MAX_GOAL_TITLE - len(tail)] + tail
                if candidate not in taken:
                    break
                n += 1
            renamed[title] = candidate
            goal["title"] = title = candidate
        taken.add(title)
    return renamed


def _write_rows(
    session: Session, profile_id: int, data: dict[str, Any], stored: dict[str, str]
) -> dict[str, dict[int, int]]:
    """COPY every section in, ids remapped through the target's sequences."""
    remap: dict[str, dict[int, int]] = {"reused": data.get("reused_note_types", {})}
    if stored:
        for card in data["cards"]:
            card["media"] = [
                {"name": stored.get(ref["name"], ref["name"]), "side": ref["side"]}
                for ref in card["media"]
            ]
    for section, table, fields, refs in SECTIONS:
        records = data[section]
        fresh = allocate_ids(session, table, len(records))
        remap[section] = {r["id"]: new for r, new in zip(records, fresh, strict=True)}
        owned = section in OWNED  # rows carrying profile_id
        columns = [*fields, "profile_id"] if owned else list(fields)
        ordered = _parents_first(records) if section == "skill_nodes" else records
        owner = profile_id if owned else None
        copy_rows(
            session, table, columns, (_row(r, section, fields, refs, remap, owner) for r in ordered)
        )
    return remap


def _row(
    record: dict[str, Any],
    section: str,
    fields: tuple[str, ...],
    refs: dict[str, str],
    remap: dict[str, dict[int, int]],
    owner: int | None,
) -> tuple[Any, ...]:
    """A record as a COPY row: ids and references remapped, JSON wrapped, owner appended."""
    values = []
    for name in fields:
        value = record[name]
        if name == "id":
            value = remap[section][value]
        elif name in refs and value is not None:
            target = remap[refs[name]]
            value = target[value] if value in target else remap["reused"][value]
        elif name in JSON_FIELDS and value is not None:
            value = Jsonb(value)
        values.append(value)
    return (*values, owner) if owner is not None else tuple(values)


def _parents_first(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Skills ordered so that a parent is written before its children: by depth, found by
    climbing each chain once (no recursion; the check already refused cycles)."""
    parent_of = {n["id"]: n["parent_id"] for n in nodes}
    depth: dict[int, int] = {}
    for node in nodes:
        chain = []
        current: int | None = node["id"]
        while current is not None and current not in depth:
            chain.append(current)
            current = parent_of[current]
        base = -1 if current is None else depth[current]
        for offset, node_id in enumerate(reversed(chain), 1):
            depth[node_id] = base + offset
    return sorted(nodes, key=lambda n: (depth[n["id"]], n["id"]))


# --- media -------------------------------------------------------------------------------------


def _copy_media(folder: Path, backup: OpenBackup) -> dict[str, str]:
    """Copy the backup's media files into the profile's media ``folder``; returns name in the
    backup -> name stored (a name already taken by other content gets a hash suffix, as an
    .apkg import's does). Every file is first extracted beside its place and checked against
    the size and SHA-1 the document declares; only when all are good are they renamed into
    place, so a damaged backup leaves the folder as it was. Should the transaction fail
    afterwards, the files stay as unreferenced files, never half-written ones."""
    files: list[MediaFile] = backup.data["media_files"]
    if not files or backup.archive is None:
        return {}
    created = not folder.exists()
    staged: list[tuple[MediaFile, Path]] = []
    try:
        for entry in files:
            incoming = temp_file_in(folder)
            staged.append((entry, incoming))
            _extract(backup, entry, incoming)
        return {
            entry.name: store_file(folder, entry.name, incoming, entry.sha1)
            for entry, incoming in staged
        }
    except BaseException as exc:
        for _entry, incoming in staged:
            incoming.unlink(missing_ok=True)
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError):
            raise BadInput(
                f"Cannot copy the backup's media into {folder}: {exc.strerror or exc}; nothing "
                "was restored."
            ) from None
        raise


def _extract(backup: OpenBackup, entry: MediaFile, target: Path) -> None:
    assert backup.archive is not None

    def damaged(detail: str) -> BadInput:
        return BadInput(
            f"{backup.name} is damaged: media file {entry.name!r} {detail}; nothing was restored."
        )

    try:
        info = backup.archive.getinfo(entry.member)
    except KeyError:
        raise damaged("is missing from the zip") from None
    if info.file_size != entry.size:
        raise damaged("has the wrong size")
    digest = hashlib.sha1()
    total = 0
    try:
        with backup.archive.open(info) as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                total += len(chunk)
                if total > entry.size:
                    raise damaged("is larger than declared")
                digest.update(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise damaged(f"cannot be read ({exc})") from None
    if total != entry.size or digest.hexdigest() != entry.sha1:
        raise damaged("does not match its checksum")


def _missing_media(data: dict[str, Any], stored: dict[str, str], folder: Path) -> tuple[str, ...]:
    """Names the restored cards refer to that are in neither the backup nor the media folder
    (older backups carry no media): said, so a picture is never silently gone."""
    brought = set(stored.values())
    names = {name for card in data["cards"] for name, _ in parse_references(card["media"])}
    return tuple(sorted(n for n in names if n not in brought and not (folder / n).is_file()))
