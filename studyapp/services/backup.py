"""Whole-profile backup and restore in a documented, versioned JSON format (docs/backup-format.md).

JSON because a learner's backup must outlive this app: any tool can read it, and a person can see
what is in it. Ids in the file are only references between its records; a restore gives every row a
fresh id from the target database's sequences, so a backup restores into any database, next to
other profiles. Jobs are not part of a backup (they are work in flight, not knowledge), so their ids
are dropped.

A file from a newer format version is refused rather than half-understood; older versions are
read by filling in what they could not have had (version 1 predates card tags and media
references: its cards restore with none). The whole file is checked before anything is written,
and the restore is one transaction.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy import func, select, text, update

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
)
from studyapp.errors import BadInput, NotFound, ProfileNotEmpty
from studyapp.services.card_vectors import embed_cards
from studyapp.services.interop_csv import read_file, write_atomically
from studyapp.services.interop_media import parse_references, unsafe_reason
from studyapp.services.interop_notes import allocate_ids, copy_rows
from studyapp.services.study import SCHEDULE_COLUMNS

FORMAT = "studyapp-backup"
VERSION = 3

GOAL_FIELDS = ("id", "title", "description", "archived", "created_at")
NODE_FIELDS = (
    "id",
    "goal_id",
    "parent_id",
    "title",
    "description",
    "position",
    "status",
    "created_at",
)
CARD_FIELDS = (
    "id",
    "goal_id",
    "node_id",
    "front",
    "back",
    "kind",
    "provider",
    "archived",
    "tags",
    "media",
    "source_quote",
    *SCHEDULE_COLUMNS,
    "created_at",
    "updated_at",
    "note_guid",
    "note_ord",
    "front_html",
    "back_html",
    "type_answer",
    "anki",
    "buried_until",
)
DISTRACTOR_FIELDS = ("id", "card_id", "options", "provider", "created_at")
REVIEW_FIELDS = (
    "id",
    "card_id",
    "rating",
    "mode",
    "reviewed_at",
    "duration_ms",
    "previous",
    "anki_log",
)
NOTE_TYPE_FIELDS = ("id", "anki_id", "model", "created_at", "updated_at")
NOTE_FIELDS = (
    "id",
    "guid",
    "note_type_id",
    "anki_id",
    "fields",
    "tags",
    "mod",
    "created_at",
    "updated_at",
)
TIME_FIELDS = {"created_at", "updated_at", "due", "last_review", "reviewed_at", "buried_until"}
JSON_FIELDS = {"options", "previous", "media", "anki", "model"}
# Fields a record of an older version lacks: (section, field) -> (version that added it, default).
ADDED_IN: dict[tuple[str, str], tuple[int, Any]] = {
    ("cards", "tags"): (2, []),
    ("cards", "media"): (2, []),
    ("cards", "source_quote"): (2, None),
    # Version 3: Anki notes kept whole (note GUID and ord, rich sides, typed answer, Anki's own
    # card fields, burial; a review's Anki log; the note types and notes themselves).
    ("cards", "note_guid"): (3, None),
    ("cards", "note_ord"): (3, None),
    ("cards", "front_html"): (3, None),
    ("cards", "back_html"): (3, None),
    ("cards", "type_answer"): (3, None),
    ("cards", "anki"): (3, None),
    ("cards", "buried_until"): (3, None),
    ("reviews", "anki_log"): (3, None),
}
SECTIONS_ADDED_IN = {"note_types": 3, "notes": 3}  # a section an older file lacks: empty

# (section, model, fields, references: field -> section it points into)
SECTIONS: tuple[tuple[str, type, tuple[str, ...], dict[str, str]], ...] = (
    ("goals", Goal, GOAL_FIELDS, {}),
    ("skill_nodes", SkillNode, NODE_FIELDS, {"goal_id": "goals", "parent_id": "skill_nodes"}),
    ("cards", Card, CARD_FIELDS, {"goal_id": "goals", "node_id": "skill_nodes"}),
    ("distractor_sets", DistractorSet, DISTRACTOR_FIELDS, {"card_id": "cards"}),
    ("reviews", Review, REVIEW_FIELDS, {"card_id": "cards"}),
    ("note_types", NoteType, NOTE_TYPE_FIELDS, {}),
    ("notes", Note, NOTE_FIELDS, {"note_type_id": "note_types"}),
)
OWNED = {"goals", "cards", "reviews", "note_types", "notes"}  # rows carrying profile_id


@dataclass(frozen=True)
class BackupResult:
    path: Path
    profile: str
    counts: dict[str, int]


@dataclass(frozen=True)
class RestoreResult:
    profile_id: int
    counts: dict[str, int]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def dump_profile(db: Database, profile_id: int) -> dict[str, Any]:
    """The profile's whole study data as a JSON-ready dict (format ``VERSION``)."""
    with db.session() as session:
        profile = session.get(Profile, profile_id)
        if profile is None:
            raise NotFound(f"No profile {profile_id}.")
        data: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "app_version": __version__,
            "profile": {
                "name": profile.name,
                "desired_retention": profile.desired_retention,
                "new_cards_per_day": profile.new_cards_per_day,
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
        for section, model, fields, _refs in SECTIONS:
            columns = [getattr(model, f) for f in fields]
            rows = session.execute(
                select(*columns).where(filters[section]).order_by(model.id)
            ).all()
            data[section] = [
                {f: _plain(v) for f, v in zip(fields, row, strict=True)} for row in rows
            ]
    return data


def backup_profile(db: Database, profile_id: int, path: Path) -> BackupResult:
    data = dump_profile(db, profile_id)
    payload = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    write_atomically(Path(path), lambda handle: handle.write(payload))
    counts = {section: len(data[section]) for section, *_ in SECTIONS}
    return BackupResult(Path(path), data["profile"]["name"], counts)


# --- restore -----------------------------------------------------------------------------------


def load_backup(raw: bytes, name: str = "The backup") -> dict[str, Any]:
    """Parse and check a backup file completely, before any write."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"{name} is not a Studyapp backup (not valid JSON: {exc}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInput(f"{name} is not a Studyapp backup (no 'format: {FORMAT}' marker).")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise BadInput(f"{name} has an invalid backup format version ({version!r}).")
    if version > VERSION:
        raise BadInput(
            f"{name} was made by a newer Studyapp (backup format {version}; this version reads "
            f"format {VERSION} and older). Update Studyapp to restore it; nothing was changed."
        )
    ids: dict[str, set[int]] = {}
    try:
        if not isinstance(data["profile"], dict):
            raise TypeError("profile is not an object")
        float(data["profile"]["desired_retention"])
        int(data["profile"]["new_cards_per_day"])
        for section, _model, fields, refs in SECTIONS:
            if version < SECTIONS_ADDED_IN.get(section, 0):
                data.setdefault(section, [])
            records = data[section]
            if not isinstance(records, list):
                raise TypeError(f"{section} is not a list")
            seen: set[int] = set()
            for record in records:
                if not isinstance(record, dict):
                    raise TypeError(f"a record in {section} is not an object")
                for (added_section, field), (since, default) in ADDED_IN.items():
                    if added_section == section and version < since:
                        record.setdefault(field, copy.copy(default))
                missing = [f for f in fields if f not in record]
                if missing:
                    raise ValueError(f"a record in {section} lacks {', '.join(missing)}")
                if section == "cards":
                    _check_card_extras(record)
                elif section in ("reviews", "notes", "note_types"):
                    _check_anki_extras(section, record)
                if not isinstance(record["id"], int) or record["id"] in seen:
                    raise ValueError(f"{section} has a missing or repeated id {record['id']!r}")
                seen.add(record["id"])
            ids[section] = seen
            for record in records:
                for field, target in refs.items():
                    ref = record[field]
                    if ref is not None and ref not in ids.get(target, set()) | (
                        seen if target == section else set()
                    ):
                        raise ValueError(
                            f"{section} {record['id']} refers to a missing {field} {ref}"
                        )
                for field in TIME_FIELDS & set(fields):
                    if record[field] is not None:
                        record[field] = datetime.fromisoformat(record[field])
    except (KeyError, TypeError, ValueError) as exc:
        raise BadInput(f"{name} is damaged or incomplete ({exc}); nothing was changed.") from None
    return data


def _check_card_extras(record: dict[str, Any]) -> None:
    tags, media = record["tags"], record["media"]
    if not isinstance(tags, list) or not all(
        isinstance(t, str) and t and not any(ch.isspace() for ch in t) for t in tags
    ):
        raise ValueError(f"card {record.get('id')!r} has invalid tags")
    if not isinstance(media, list) or len(parse_references(media)) != len(media):
        raise ValueError(f"card {record.get('id')!r} has invalid media references")
    if any(unsafe_reason(name) for name, _side in parse_references(media)):
        raise ValueError(f"card {record.get('id')!r} refers to an unsafe media file name")
    quote = record["source_quote"]
    if quote is not None and (not isinstance(quote, str) or "\x00" in quote):
        raise ValueError(f"card {record.get('id')!r} has an invalid source quote")
    for name in ("note_guid", "front_html", "back_html", "type_answer"):
        value = record[name]
        if value is not None and (not isinstance(value, str) or "\x00" in value):
            raise ValueError(f"card {record.get('id')!r} has an invalid {name}")
    if record["note_ord"] is not None and not isinstance(record["note_ord"], int):
        raise ValueError(f"card {record.get('id')!r} has an invalid note_ord")
    if record["anki"] is not None and not isinstance(record["anki"], dict):
        raise ValueError(f"card {record.get('id')!r} has invalid Anki fields")


def _check_anki_extras(section: str, record: dict[str, Any]) -> None:
    """Version 3's Anki records: the shapes the database and the export rely on."""
    where = f"{section} {record.get('id')!r}"
    if section == "reviews":
        log = record["anki_log"]
        if log is not None and (
            not isinstance(log, list) or len(log) != 4 or not all(isinstance(v, int) for v in log)
        ):
            raise ValueError(f"{where} has an invalid Anki log")
    elif section == "note_types":
        if not isinstance(record["anki_id"], int) or not isinstance(record["model"], dict):
            raise ValueError(f"{where} is not a note type")
    else:
        texts = (
            [record["guid"], *record["fields"], *record["tags"]]
            if isinstance(record["fields"], list) and isinstance(record["tags"], list)
            else None
        )
        if (
            texts is None
            or not all(isinstance(t, str) and "\x00" not in t for t in texts)
            or not isinstance(record["anki_id"], int)
            or not isinstance(record["mod"], int)
        ):
            raise ValueError(f"{where} is not a valid note")


def restore_profile(db: Database, profile_id: int, path: Path) -> RestoreResult:
    """Restore a backup into the (empty) acting profile: its settings, goals, trees, cards with
        their FSRS state, distractor sets and reviews. Refused when the profile already has goals, so
        a restore can never duplicate or mix into existing study data. The restored cards are then
    embedded into the vector store, like an import's."""
    data = load_backup(read_file(path), Path(path).name)
    counts: dict[str, int] = {}
    try:
        with db.session() as session:
            existing = session.execute(
                select(func.count()).select_from(Goal).where(Goal.profile_id == profile_id)
            ).scalar_one()
            if existing:
                raise ProfileNotEmpty(existing)
            settings = data["profile"]
            changed = session.execute(
                update(Profile)
                .where(Profile.id == profile_id)
                .values(
                    desired_retention=float(settings["desired_retention"]),
                    new_cards_per_day=int(settings["new_cards_per_day"]),
                    settings=settings.get("settings") or {},
                )
            ).rowcount
            if not changed:
                raise NotFound(f"No profile {profile_id}.")
            remap: dict[str, dict[int, int]] = {}
            for section, model, fields, refs in SECTIONS:
                records = data[section]
                table = model.__tablename__
                fresh = allocate_ids(session, table, len(records))
                remap[section] = {r["id"]: new for r, new in zip(records, fresh, strict=True)}
                owned = section in OWNED
                columns = [*fields, "profile_id"] if owned else list(fields)

                ordered = _parents_first(records) if section == "skill_nodes" else records
                owner = profile_id if owned else None
                rows = [_row(r, section, fields, refs, remap, owner) for r in ordered]
                copy_rows(session, table, columns, rows)
                counts[section] = len(records)
            # A file older than version 3 has no note GUIDs: its cards get their own, as new
            # cards do (so exporting them twice updates Anki's notes).
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
    return RestoreResult(profile_id, counts)


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
    for field in fields:
        value = record[field]
        if field == "id":
            value = remap[section][value]
        elif field in refs and value is not None:
            value = remap[refs[field]][value]
        elif field in JSON_FIELDS and value is not None:
            value = Jsonb(value)
        values.append(value)
    return (*values, owner) if owner is not None else tuple(values)


def _parents_first(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {n["id"]: n for n in nodes}
    depth: dict[int, int] = {}

    def level(node_id: int, trail: frozenset[int] = frozenset()) -> int:
        if node_id in trail:
            raise BadInput("The backup's skill tree has a cycle; nothing was changed.")
        if node_id not in depth:
            parent = by_id[node_id]["parent_id"]
            depth[node_id] = 0 if parent is None else 1 + level(parent, trail | {node_id})
        return depth[node_id]

    return sorted(nodes, key=lambda n: (level(n["id"]), n["id"]))
