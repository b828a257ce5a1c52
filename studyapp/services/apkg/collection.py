"""An Anki collection file read with the standard library's sqlite3, both schemas.

Schema 11 (classic packages) keeps note types, decks and settings as JSON in the one ``col`` row.
Schema 15 and later (Anki 2.1.28+; packages carry 18) moved them into tables whose settings are
protobuf blobs: ``notetypes`` (``config`` field 1 is the kind, 1 for cloze), ``fields``,
``templates`` (``config`` fields 1 and 2 are the question and answer formats), ``decks`` (names use
``\\x1f`` between levels) and ``config`` (JSON values). ``notes``, ``cards`` and ``revlog`` are the
same in both. Several of those tables declare ``COLLATE unicase``, Anki's own collation, so it is
registered (case-insensitive) before anything is read.

A schema outside 11–18 is refused with its number rather than half-read.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studyapp.errors import BadInput
from studyapp.services.apkg import protobuf
from studyapp.services.apkg.package import damaged

OLDEST_SCHEMA, NEWEST_SCHEMA, TABLES_SCHEMA = 11, 18, 15


@dataclass(frozen=True)
class NoteType:
    id: int
    name: str
    cloze: bool
    fields: tuple[str, ...]  # by ord
    templates: dict[int, tuple[str, str]]  # ord -> (question format, answer format)


@dataclass(frozen=True)
class Note:
    id: int
    guid: str
    notetype_id: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class CardRow:
    id: int
    note_id: int
    deck_id: int  # the home deck (a filtered deck's card counts in its original deck)
    ord: int
    type: int  # 0 new, 1 learning, 2 review, 3 relearning
    queue: int  # 0 new, 1 learning, 2 review, 3 day learning, 4 preview, -1 suspended, -2/-3 buried
    due: int
    ivl: int
    factor: int
    reps: int
    lapses: int
    left: int
    data: dict[str, Any]


@dataclass(frozen=True)
class RevlogRow:
    id: int  # milliseconds since the epoch: when the review happened
    card_id: int
    ease: int  # 1-4; 0 for manual rescheduling
    ivl: int
    last_ivl: int
    factor: int
    time_ms: int
    type: int  # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled


@dataclass(frozen=True)
class Timing:
    """What Anki needs to turn "today" into a day number for this collection."""

    crt: int  # collection creation, seconds
    creation_offset: int | None  # minutes west of UTC at creation (None: older timing)
    rollover: int | None  # hour the day starts (None: Anki 2.0 timing)


@dataclass(frozen=True)
class Collection:
    schema: int
    timing: Timing
    notetypes: dict[int, NoteType]
    decks: dict[int, tuple[str, ...]]  # id -> name path
    filtered: frozenset[int]  # filtered ("dynamic") decks: not skills, their cards have a home
    notes: dict[int, Note]
    cards: list[CardRow]
    revlog: list[RevlogRow]


def _unicase(a: str, b: str) -> int:
    fa, fb = a.casefold(), b.casefold()
    return (fa > fb) - (fa < fb)


def _json(value: Any) -> Any:
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    return json.loads(value) if value not in (None, "") else None


def read_collection(path: Path, name: str) -> Collection:
    """Everything Studyapp imports from the collection; refuses what it cannot read."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            conn.create_collation("unicase", _unicase)
            row = conn.execute("SELECT ver, crt, conf, models, decks FROM col").fetchone()
            if row is None:
                raise damaged(name, "its collection has no header row")
            schema, crt, conf_text, models_text, decks_text = row
            if not isinstance(schema, int) or not OLDEST_SCHEMA <= schema <= NEWEST_SCHEMA:
                raise BadInput(
                    f"{name} holds an Anki collection of schema {schema!r}; Studyapp reads "
                    f"schemas {OLDEST_SCHEMA} to {NEWEST_SCHEMA}. Export it again from a current "
                    "Anki."
                    if not isinstance(schema, int) or schema > NEWEST_SCHEMA
                    else f"{name} holds an Anki collection of schema {schema}, older than "
                    "Anki 2.0 packages; open it in a current Anki and export it again."
                )
            if schema >= TABLES_SCHEMA:
                notetypes = _notetypes_from_tables(conn)
                decks, filtered_ids = {}, set()
                for deck_id, deck_name, kind in conn.execute("SELECT id, name, kind FROM decks"):
                    decks[int(deck_id)] = tuple(p for p in str(deck_name).split("\x1f") if p)
                    if 2 in protobuf.fields(bytes(kind or b"")):  # DeckKind.filtered
                        filtered_ids.add(int(deck_id))
                config = {
                    key: _json(value)
                    for key, value in conn.execute(
                        "SELECT KEY, val FROM config WHERE KEY IN ('creationOffset', 'rollover')"
                    )
                }
            else:
                notetypes = _notetypes_from_json(_json(models_text) or {})
                decks_json = _json(decks_text) or {}
                decks = _decks_from_json(decks_json)
                filtered_ids = {
                    int(deck_id)
                    for deck_id, deck in decks_json.items()
                    if isinstance(deck, dict) and deck.get("dyn")
                }
                config = _json(conf_text) or {}
                if not isinstance(config, dict):
                    raise TypeError("conf is not an object")
            timing = Timing(
                int(crt),
                _int_or_none(config.get("creationOffset")),
                _int_or_none(config.get("rollover")),
            )
            notes = {
                int(nid): Note(
                    int(nid),
                    str(guid),
                    int(mid),
                    tuple(t for t in str(tags).split() if t),
                    tuple(str(flds).split("\x1f")),
                )
                for nid, guid, mid, tags, flds in conn.execute(
                    "SELECT id, guid, mid, tags, flds FROM notes"
                )
            }
            cards = [
                CardRow(
                    int(cid),
                    int(nid),
                    int(odid) if odid else int(did),
                    int(ord_),
                    int(ctype),
                    int(queue),
                    int(odue) if odid and odue else int(due),
                    int(ivl),
                    int(factor),
                    int(reps),
                    int(lapses),
                    int(left),
                    _card_data(data),
                )
                for cid, nid, did, ord_, ctype, queue, due, ivl, factor, reps, lapses, left, odue, odid, data in conn.execute(
                    "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left, "
                    "odue, odid, data FROM cards ORDER BY nid, ord"
                )
            ]
            revlog = [
                RevlogRow(*(int(v) for v in row))
                for row in conn.execute(
                    "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog "
                    "ORDER BY cid, id"
                )
            ]
    except sqlite3.DatabaseError as exc:
        raise damaged(name, f"its collection is not a valid Anki database ({exc})") from None
    except (json.JSONDecodeError, UnicodeDecodeError, TypeError, ValueError) as exc:
        raise damaged(name, f"its note types or decks are unreadable ({exc})") from None
    except protobuf.ProtobufError as exc:
        raise damaged(name, f"its note type settings are unreadable ({exc})") from None
    return Collection(
        schema, timing, notetypes, decks, frozenset(filtered_ids), notes, cards, revlog
    )


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _card_data(value: Any) -> dict[str, Any]:
    """The card's ``data`` JSON (FSRS memory state, custom data); {} when absent or invalid, as
    Anki itself treats it."""
    if not value:
        return {}
    try:
        data = json.loads(value)
    except (json.JSONDecodeError, TypeError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _notetypes_from_json(models: Any) -> dict[int, NoteType]:
    if not isinstance(models, dict):
        raise TypeError("models is not an object")
    out = {}
    for key, model in models.items():
        if not isinstance(model, dict):
            continue
        flds = sorted(
            (f for f in model.get("flds") or [] if isinstance(f, dict)),
            key=lambda f: int(f.get("ord", 0)),
        )
        templates = {
            int(t.get("ord", i)): (str(t.get("qfmt") or ""), str(t.get("afmt") or ""))
            for i, t in enumerate(model.get("tmpls") or [])
            if isinstance(t, dict)
        }
        model_id = int(model.get("id", key))
        out[model_id] = NoteType(
            model_id,
            str(model.get("name", "")),
            int(model.get("type", 0) or 0) == 1,
            tuple(str(f.get("name", "")) for f in flds),
            templates,
        )
    return out


def _decks_from_json(decks: Any) -> dict[int, tuple[str, ...]]:
    if not isinstance(decks, dict):
        raise TypeError("decks is not an object")
    return {
        int(deck_id): tuple(part for part in str(deck.get("name", "")).split("::") if part)
        for deck_id, deck in decks.items()
        if isinstance(deck, dict)
    }


def _notetypes_from_tables(conn: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[tuple[int, str]]] = {}
    for ntid, ord_, field_name in conn.execute("SELECT ntid, ord, name FROM fields"):
        fields.setdefault(int(ntid), []).append((int(ord_), str(field_name)))
    templates: dict[int, dict[int, tuple[str, str]]] = {}
    for ntid, ord_, config in conn.execute("SELECT ntid, ord, config FROM templates"):
        message = protobuf.fields(bytes(config or b""))
        templates.setdefault(int(ntid), {})[int(ord_)] = (
            protobuf.first_text(message, 1),
            protobuf.first_text(message, 2),
        )
    out = {}
    for ntid, notetype_name, config in conn.execute("SELECT id, name, config FROM notetypes"):
        kind = protobuf.first_int(protobuf.fields(bytes(config or b"")), 1)
        out[int(ntid)] = NoteType(
            int(ntid),
            str(notetype_name),
            kind == 1,
            tuple(n for _, n in sorted(fields.get(int(ntid), []))),
            templates.get(int(ntid), {}),
        )
    return out
