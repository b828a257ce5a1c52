"""Anki packages (.apkg, .colpkg) both ways, with the learner's schedule, history, tags and media.

- ``package.py``: the zip (classic or modern zstd format), bounded and checked extraction.
- ``protobuf.py``: the few protobuf fields modern packages need.
- ``collection.py``: the SQLite collection, schema 11 (JSON) or 15-18 (tables).
- ``render.py``: card templates and cloze deletions to a question and an answer.
- ``schedule.py``: Anki's day numbers and scheduling fields <-> our FSRS state.
- ``reader.py``: a package to notes (nothing written); ``writer.py``: a goal to a package.

This module is the service entry point: :func:`import_apkg` and :func:`export_apkg`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.services.apkg.package import open_package
from studyapp.services.apkg.reader import AnkiDeck, read_apkg, read_package
from studyapp.services.apkg.writer import (
    CLOZE_MODEL_ID,
    MODEL_ID,
    SCHEMA,
    build_collection,
    checksum,
    export_apkg,
)
from studyapp.services.interop_media import media_dir, store_file, temp_file_in
from studyapp.services.interop_notes import ImportResult, import_notes
from studyapp.services.owned import require_goal
from studyapp.services.study import profile_scheduler, resolve_tz

__all__ = [
    "CLOZE_MODEL_ID",
    "MODEL_ID",
    "SCHEMA",
    "AnkiDeck",
    "build_collection",
    "checksum",
    "export_apkg",
    "import_apkg",
    "read_apkg",
]


def import_apkg(
    db: Database,
    profile_id: int,
    goal_id: int | None,
    path: Path,
    *,
    tz: tzinfo | str | None = None,
) -> ImportResult:
    """Import an Anki package (.apkg or .colpkg, classic or modern) into the goal, or into a new
    goal named after the package's root deck when ``goal_id`` is None.

    The package is read and checked completely first; then the media files its cards use are
    copied into the profile's media folder; then the cards, skills, tags, schedules and reviews
    land in one transaction. A refused package changes nothing. (Should the transaction fail
    after the copy, the copied files stay as unreferenced files, never as a half-written one.)"""
    with db.session() as session:
        scheduler = profile_scheduler(session, profile_id)
        if goal_id is not None:
            require_goal(session, profile_id, goal_id)
    folder = media_dir(db, profile_id)
    with open_package(path) as package:
        deck = read_package(package, resolve_tz(tz), scheduler)
        stored: dict[str, str] = {}
        try:
            for name, entry in deck.media.items():
                incoming = temp_file_in(folder)
                try:
                    sha1 = package.extract_media(entry, incoming)
                    stored[name] = store_file(folder, name, incoming, sha1)  # consumes it
                except BaseException:
                    incoming.unlink(missing_ok=True)
                    raise
        except OSError as exc:
            raise BadInput(
                f"Cannot copy the deck's media into {folder}: {exc.strerror or exc}; "
                "nothing was imported."
            ) from None
    notes = [
        replace(note, media=tuple((stored[name], side) for name, side in note.media))
        for note in deck.notes
    ]
    result = import_notes(
        db,
        profile_id,
        goal_id,
        notes,
        source="apkg",
        skills=deck.skills,
        new_goal_title=deck.title,
    )
    return replace(
        result,
        media_files=len(stored),
        missing_media=deck.missing_media,
        skipped_reviews=deck.skipped_reviews,
    )
