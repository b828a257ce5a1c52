"""Anki packages (.apkg): written with sqlite3 + zipfile in the classic collection format, read back
from Anki's own exports.

Writing: a zip holding ``collection.anki2`` (schema 11: col/notes/cards/revlog/graves) and an empty
``media`` map. One deck per goal and a sub-deck ``Goal::Skill::Sub-skill`` per skill node, one
"Studyapp Basic" note type with Front/Back fields, every card new (our FSRS schedule is not carried
over: Anki schedules with its own settings). The note type id is fixed and note guids derive from
our card ids, so exporting again and re-importing in Anki updates notes instead of duplicating them.

Reading: ``collection.anki21`` (preferred: when both exist, newer Ankis put a placeholder in
``collection.anki2``) or ``collection.anki2``. Anki 2.1.50+ may write only ``collection.anki21b``,
zstd-compressed with a newer schema; nothing installed decodes zstd, so it is refused with the Anki
setting that avoids it. Fronts and backs are converted from HTML to plain text; the deck path below
the package's common root deck becomes the skill path.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.services.anki_html import html_to_text, text_to_html
from studyapp.services.interop_csv import ExportResult, write_atomically
from studyapp.services.interop_notes import (
    ImportResult,
    NoteIn,
    export_notes,
    import_notes,
)

MODEL_ID = 1_733_000_000_001  # fixed: every export shares one note type in Anki
MODEL_NAME = "Studyapp Basic"
FIELD_SEPARATOR = "\x1f"
MAX_COLLECTION_BYTES = 2 * 1024 * 1024 * 1024

SCHEMA = """
CREATE TABLE col (
    id integer primary key, crt integer not null, mod integer not null, scm integer not null,
    ver integer not null, dty integer not null, usn integer not null, ls integer not null,
    conf text not null, models text not null, decks text not null, dconf text not null,
    tags text not null
);
CREATE TABLE notes (
    id integer primary key, guid text not null, mid integer not null, mod integer not null,
    usn integer not null, tags text not null, flds text not null, sfld integer not null,
    csum integer not null, flags integer not null, data text not null
);
CREATE TABLE cards (
    id integer primary key, nid integer not null, did integer not null, ord integer not null,
    mod integer not null, usn integer not null, type integer not null, queue integer not null,
    due integer not null, ivl integer not null, factor integer not null, reps integer not null,
    lapses integer not null, left integer not null, odue integer not null, odid integer not null,
    flags integer not null, data text not null
);
CREATE TABLE revlog (
    id integer primary key, cid integer not null, usn integer not null, ease integer not null,
    ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
    type integer not null
);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
"""


# --- writing -----------------------------------------------------------------------------------


def _deck_name(part: str) -> str:
    """Deck names use ``::`` as the level separator; keep titles from adding levels."""
    return " ".join(part.replace("::", ":").split()) or "Untitled"


def _deck(deck_id: int, name: str, now: int) -> dict[str, Any]:
    return {
        "id": deck_id,
        "name": name,
        "desc": "",
        "conf": 1,
        "dyn": 0,
        "collapsed": False,
        "browserCollapsed": False,
        "extendNew": 10,
        "extendRev": 50,
        "lrnToday": [0, 0],
        "newToday": [0, 0],
        "revToday": [0, 0],
        "timeToday": [0, 0],
        "mod": now,
        "usn": -1,
    }


def _model(deck_id: int, now: int) -> dict[str, Any]:
    def field(name: str, ord_: int) -> dict[str, Any]:
        return {
            "name": name,
            "ord": ord_,
            "font": "Arial",
            "size": 20,
            "media": [],
            "rtl": False,
            "sticky": False,
        }

    return {
        "id": MODEL_ID,
        "name": MODEL_NAME,
        "type": 0,
        "mod": now,
        "usn": -1,
        "sortf": 0,
        "did": deck_id,
        "tags": [],
        "vers": [],
        "flds": [field("Front", 0), field("Back", 1)],
        "tmpls": [
            {
                "name": "Card 1",
                "ord": 0,
                "qfmt": "{{Front}}",
                "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}",
                "bqfmt": "",
                "bafmt": "",
                "did": None,
            }
        ],
        "css": ".card {\n font-family: arial;\n font-size: 20px;\n text-align: center;\n"
        " color: black;\n background-color: white;\n}\n",
        "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n"
        "\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n"
        "\\setlength{\\parindent}{0in}\n\\begin{document}\n",
        "latexPost": "\\end{document}",
        "req": [[0, "any", [0]]],
    }


_DECK_CONF = {
    "1": {
        "id": 1,
        "name": "Default",
        "mod": 0,
        "usn": 0,
        "maxTaken": 60,
        "autoplay": True,
        "timer": 0,
        "replayq": True,
        "dyn": False,
        "new": {
            "bury": True,
            "delays": [1, 10],
            "initialFactor": 2500,
            "ints": [1, 4, 7],
            "order": 1,
            "perDay": 20,
            "separate": True,
        },
        "lapse": {"delays": [10], "leechAction": 0, "leechFails": 8, "minInt": 1, "mult": 0},
        "rev": {
            "bury": True,
            "ease4": 1.3,
            "fuzz": 0.05,
            "ivlFct": 1,
            "maxIvl": 36500,
            "minSpace": 1,
            "perDay": 200,
        },
    }
}


def checksum(first_field_text: str) -> int:
    """Anki's ``csum``: the first 8 hex digits of the SHA-1 of the field's plain text."""
    return int(hashlib.sha1(first_field_text.encode("utf-8")).hexdigest()[:8], 16)


def guid_for(card_id: int) -> str:
    return hashlib.sha256(f"studyapp-card-{card_id}".encode()).hexdigest()[:16]


def build_collection(path: Path, goal_title: str, skills, notes) -> None:  # type: ignore[no-untyped-def]
    """Write an Anki 2.1 (schema 11) collection with one deck per goal and per skill path."""
    now = int(time.time())
    base_id = int(time.time() * 1000)
    root = _deck_name(goal_title)
    deck_ids: dict[tuple[str, ...], int] = {(): base_id}
    decks: dict[str, Any] = {"1": _deck(1, "Default", now), str(base_id): _deck(base_id, root, now)}
    for offset, skill in enumerate(skills, start=1):
        deck_id = base_id + offset
        deck_ids[skill] = deck_id
        name = "::".join([root, *(_deck_name(part) for part in skill)])
        decks[str(deck_id)] = _deck(deck_id, name, now)
    conf = {
        "activeDecks": [1],
        "curDeck": 1,
        "newSpread": 0,
        "collapseTime": 1200,
        "timeLim": 0,
        "estTimes": True,
        "dueCounts": True,
        "curModel": str(MODEL_ID),
        "nextPos": len(notes) + 1,
        "sortType": "noteFld",
        "sortBackwards": False,
        "addToCur": True,
    }
    models = {str(MODEL_ID): _model(base_id, now)}
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.executescript(SCHEMA)
        conn.execute(
            "INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
            (
                now - now % 86400,
                now * 1000,
                now * 1000,
                json.dumps(conf),
                json.dumps(models),
                json.dumps(decks),
                json.dumps(_DECK_CONF),
            ),
        )
        note_rows, card_rows = [], []
        for position, note in enumerate(notes, start=1):
            note_id = card_id = base_id + position
            front = text_to_html(note.front)
            note_rows.append(
                (
                    note_id,
                    guid_for(note.card_id),
                    MODEL_ID,
                    now,
                    -1,
                    "",
                    front + FIELD_SEPARATOR + text_to_html(note.back),
                    note.front,
                    checksum(note.front),
                    0,
                    "",
                )
            )
            did = deck_ids.get(note.skill, base_id)
            card_rows.append(
                (card_id, note_id, did, 0, now, -1, 0, 0, position, 0, 0, 0, 0, 0, 0, 0, 0, "")
            )
        conn.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows)
        conn.executemany(
            "INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows
        )
        conn.commit()


def export_apkg(db: Database, profile_id: int, goal_id: int, path: Path) -> ExportResult:
    goal = export_notes(db, profile_id, goal_id)
    with tempfile.TemporaryDirectory(prefix="studyapp-apkg-") as tmp:
        collection = Path(tmp) / "collection.anki2"
        build_collection(collection, goal.title, goal.skills, goal.notes)

        def write(handle) -> None:  # type: ignore[no-untyped-def]
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.write(collection, "collection.anki2")
                archive.writestr("media", "{}")

        write_atomically(Path(path), write)
    return ExportResult(goal_id, Path(path), len(goal.notes), "apkg")


# --- reading -----------------------------------------------------------------------------------


def _damaged(name: str, detail: str) -> BadInput:
    return BadInput(f"{name} is not a readable Anki package: {detail}.")


@contextlib.contextmanager
def _extracted_collection(path: Path) -> Iterator[Path]:
    name = Path(path).name
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BadInput(f"No such file: {path}.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not a file.") from None
    except (zipfile.BadZipFile, EOFError, OSError):
        raise _damaged(name, "it is not a zip archive, or it is truncated or damaged") from None
    with archive, tempfile.TemporaryDirectory(prefix="studyapp-apkg-") as tmp:
        names = set(archive.namelist())
        member = next((m for m in ("collection.anki21", "collection.anki2") if m in names), None)
        if member is None:
            if "collection.anki21b" in names:
                raise BadInput(
                    f"{name} uses the compressed format of Anki 2.1.50+ (collection.anki21b), "
                    "which Studyapp cannot read. In Anki, export again with "
                    "'Support older Anki versions' ticked."
                )
            raise _damaged(name, "the zip holds no Anki collection (collection.anki2)")
        info = archive.getinfo(member)
        if info.file_size > MAX_COLLECTION_BYTES:
            raise _damaged(name, "its collection is implausibly large")
        target = Path(tmp) / "collection.sqlite"
        try:
            with archive.open(info) as source, target.open("wb") as out:
                while chunk := source.read(1024 * 1024):
                    out.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise _damaged(name, f"it is truncated or damaged ({exc})") from None
        yield target


def read_apkg(path: Path) -> list[NoteIn]:
    """The notes of an Anki package as plain-text notes with skill paths; refuses bad files."""
    name = Path(path).name
    with _extracted_collection(path) as collection:
        try:
            with contextlib.closing(
                sqlite3.connect(f"file:{collection}?mode=ro", uri=True)
            ) as conn:
                row = conn.execute("SELECT models, decks FROM col").fetchone()
                if row is None:
                    raise _damaged(name, "its collection has no header row")
                models, decks = json.loads(row[0]), json.loads(row[1])
                notes = conn.execute(
                    "SELECT n.id, n.mid, n.flds, "
                    "(SELECT c.did FROM cards c WHERE c.nid = n.id ORDER BY c.ord LIMIT 1) "
                    "FROM notes n ORDER BY n.id"
                ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _damaged(name, f"its collection is not a valid Anki database ({exc})") from None
        except (json.JSONDecodeError, TypeError) as exc:
            raise _damaged(name, f"its note types or decks are unreadable ({exc})") from None
    if not isinstance(models, dict) or not isinstance(decks, dict):
        raise _damaged(name, "its note types or decks are unreadable")
    deck_paths = {
        int(deck_id): tuple(part for part in str(deck.get("name", "")).split("::") if part)
        for deck_id, deck in decks.items()
        if isinstance(deck, dict)
    }
    used = [deck_paths.get(did, ()) for *_, did in notes if did is not None]
    root_len = 1 if used and all(p[:1] == used[0][:1] for p in used) else 0
    out: list[NoteIn] = []
    for _note_id, model_id, fields_text, did in notes:
        front_ord, back_ord = _front_back_ords(models.get(str(model_id)))
        fields = str(fields_text).split(FIELD_SEPARATOR)
        front = html_to_text(fields[front_ord]) if front_ord < len(fields) else ""
        back = html_to_text(fields[back_ord]) if back_ord < len(fields) else ""
        skill = deck_paths.get(did, ())[root_len:] if did is not None else ()
        out.append(NoteIn(front, back, tuple(part.strip() for part in skill if part.strip())))
    return out


def _front_back_ords(model: Any) -> tuple[int, int]:
    """Fields named Front and Back when the note type has them, else its first two fields."""
    if isinstance(model, dict):
        names = {
            str(f.get("name", "")).strip().lower(): int(f.get("ord", i))
            for i, f in enumerate(model.get("flds") or [])
            if isinstance(f, dict)
        }
        if "front" in names and "back" in names:
            return names["front"], names["back"]
    return 0, 1


def import_apkg(db: Database, profile_id: int, goal_id: int, path: Path) -> ImportResult:
    notes = read_apkg(path)
    return import_notes(db, profile_id, goal_id, notes, source="apkg")
