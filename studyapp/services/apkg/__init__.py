"""Anki packages (.apkg, .colpkg) both ways, with the learner's schedule, history, tags and media.

- ``package.py``: the zip (classic or modern zstd format), bounded and checked extraction.
- ``protobuf.py``: the few protobuf fields modern packages need.
- ``collection.py``: the SQLite collection, schema 11 (JSON) or 15-18 (tables).
- ``render.py``: card templates and cloze deletions to a question and an answer.
- ``schedule.py``: Anki's day numbers and scheduling fields <-> our FSRS state;
  ``anki_card.py``: an imported card's own Anki fields, kept to write an unchanged card back.
- ``reader.py``: a package to notes and cards (nothing written); ``importer.py``: those into the
  profile (new notes added, notes already here updated); ``writer.py``: a goal to a package.

This module is the service entry point: :func:`import_apkg` and :func:`export_apkg`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.services.anki_html import rename_media
from studyapp.services.apkg.importer import import_deck
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
from studyapp.services.interop_media import media_dir, safe_name, store_file, temp_file_in
from studyapp.services.interop_notes import ImportResult, NoteIn
from studyapp.services.owned import require_goal
from studyapp.services.safe_html import sanitize
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
    """Import an Anki package (.apkg or .colpkg, classic or modern) into the goal, or, when
    ``goal_id`` is None, into the goal that already holds its notes (a package imported again)
    or else a new goal named after the package's root deck.

    The package is read and checked completely first; then the media files its notes use are
    copied into the profile's media folder; then the notes, cards, skills, tags, schedules and
    reviews land in one transaction (``importer.py``: notes already here are updated, never
    doubled). A refused package changes nothing. (Should the transaction fail after the copy,
    the copied files stay as unreferenced files, never as a half-written one.) The new cards are
    embedded for search after the commit, in the background: a search by meaning finds them a
    few seconds later."""
    zone = resolve_tz(tz)
    with db.session() as session:
        scheduler = profile_scheduler(session, profile_id)
        if goal_id is not None:
            require_goal(session, profile_id, goal_id)
    folder = media_dir(db, profile_id)
    with open_package(path) as package:
        deck = read_package(package, zone, scheduler)
        stored: dict[str, str] = {}
        try:
            for name, entry in deck.media.items():
                kept = safe_name(name)
                if package.same_as(entry, folder / kept):
                    stored[name] = kept  # imported before: identical file, nothing to write
                    continue
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
    result = import_deck(db, profile_id, goal_id, _renamed(deck, stored), zone)
    return replace(
        result,
        media_files=len(stored),
        missing_media=deck.missing_media,
        skipped_reviews=deck.skipped_reviews,
    )


def _renamed(deck: AnkiDeck, stored: dict[str, str]) -> AnkiDeck:
    """The deck with references to files stored under another name (a name the media folder
    already had for other content) rewritten, in cards, their rich sides and note fields."""
    renamed = {name: new for name, new in stored.items() if new != name}
    if not renamed:
        return deck

    def card(note: NoteIn) -> NoteIn:
        if not any(name in renamed for name, _side in note.media):
            return note
        return replace(
            note,
            media=tuple((stored.get(name, name), side) for name, side in note.media),
            front_html=_rename_html(note.front_html, renamed),
            back_html=_rename_html(note.back_html, renamed),
        )

    notes = tuple(
        replace(n, fields=tuple(rename_media(f, renamed) for f in n.fields))
        if any(name in renamed for name in n.media)
        else n
        for n in deck.anki_notes
    )
    return replace(deck, notes=tuple(card(n) for n in deck.notes), anki_notes=notes)


def _rename_html(markup: str | None, renamed: dict[str, str]) -> str | None:
    return sanitize(markup, lambda name: renamed.get(name, name)) if markup else markup
