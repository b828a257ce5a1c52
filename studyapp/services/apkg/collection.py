"""An Anki collection file read with the standard library's sqlite3, both schemas.

Schema 11 (classic packages) keeps note types, decks and settings as JSON in the one ``col`` row.
Schema 15 and later (Anki 2.1.28+; packages carry 18) moved them into tables whose settings are
protobuf blobs: ``notetypes`` (``config``: kind, sort field, CSS, LaTeX...), ``fields`` and
``templates`` (their own ``config`` messages), ``decks`` (names use ``\\x1f`` between levels) and
``config`` (JSON values). ``notes``, ``cards`` and ``revlog`` are the same in both.

A note type is kept whole as Anki's schema 11 JSON model (what a classic package holds; a modern
one's tables are converted field by field as Anki itself converts them), so an imported note can
go back to Anki with its own type: same id, name, fields, templates, CSS and sort field. Several of those tables declare ``COLLATE unicase``, Anki's own collation, so it is
registered (case-insensitive) before anything is read.

A schema outside 11–18 is refused with its number rather than half-read.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

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
    mod: int = 0  # Anki's modification time, seconds
    # Anki's schema 11 JSON model, whole (see the module docstring); {} for a made-up type.
    model: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Note:
    id: int
    guid: str
    notetype_id: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]
    mod: int = 0  # seconds


class CardRow(NamedTuple):
    """One ``cards`` row (a named tuple: a deck holds tens of thousands)."""

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
    mod: int = 0  # seconds
    flags: int = 0
    raw_data: str = ""  # ``data`` as written, kept to write it back unchanged


class RevlogRow(NamedTuple):
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
                    int(mod),
                )
                for nid, guid, mid, tags, flds, mod in conn.execute(
                    "SELECT id, guid, mid, tags, flds, mod FROM notes"
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
                    int(mod),
                    int(flags),
                    data if isinstance(data, str) else "",
                )
                for cid, nid, did, ord_, ctype, queue, due, ivl, factor, reps, lapses, left, odue, odid, data, mod, flags in conn.execute(
                    "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left, "
                    "odue, odid, data, mod, flags FROM cards ORDER BY nid, ord"
                )
            ]
            revlog = [
                RevlogRow._make(row)
                for row in conn.execute(
                    "SELECT CAST(id AS INTEGER), CAST(cid AS INTEGER), CAST(ease AS INTEGER), "
                    "CAST(ivl AS INTEGER), CAST(lastIvl AS INTEGER), CAST(factor AS INTEGER), "
                    "CAST(time AS INTEGER), CAST(type AS INTEGER) FROM revlog ORDER BY cid, id"
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
        model_id = int(model.get("id", str(key)))  # a JSON object's keys are strings
        kept = dict(model)
        kept["flds"] = flds
        kept["id"] = model_id
        out[model_id] = NoteType(
            model_id,
            str(model.get("name", "")),
            int(model.get("type", 0) or 0) == 1,
            tuple(str(f.get("name", "")) for f in flds),
            templates,
            _int_or_none(model.get("mod")) or 0,
            kept,
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


def _signed(value: int) -> int:
    """An int64 protobuf varint read as unsigned, back to its sign."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _packed(message: dict[int, list[int | bytes]], number: int) -> list[int]:
    """A repeated integer field, packed (one length-delimited run of varints) or not."""
    out: list[int] = []
    for value in message.get(number, []):
        if isinstance(value, int):
            out.append(value)
        else:
            # Every field of that run is a varint (an int): the key 0x08 says so.
            out.extend(
                v for _n, v in protobuf.iter_fields(_as_varint_run(value)) if isinstance(v, int)
            )
    return out


def _as_varint_run(data: bytes) -> bytes:
    """Packed varints as a message of field-1 varints, so :func:`protobuf.iter_fields` reads
    them (each gets the one-byte key 0x08 in front)."""
    out = bytearray()
    pos = 0
    while pos < len(data):
        end = pos
        while end < len(data) and data[end] & 0x80:
            end += 1
        if end >= len(data):
            raise protobuf.ProtobufError("truncated packed varint")
        out += b"\x08" + data[pos : end + 1]
        pos = end + 1
    return bytes(out)


def _other(message: dict[int, list[int | bytes]]) -> dict[str, Any]:
    """A config's ``other`` field (255): JSON of the keys Anki has no field for."""
    raw = protobuf.first_bytes(message, 255)
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


REQ_KINDS = {0: "none", 1: "any", 2: "all"}


def _field_json(ord_: int, name: str, config: bytes) -> dict[str, Any]:
    """A ``fields`` row as its schema 11 JSON (Anki's ``NoteFieldSchema11``)."""
    m = protobuf.fields(config)
    out: dict[str, Any] = _other(m)
    out.update(
        name=name,
        ord=ord_,
        sticky=bool(protobuf.first_int(m, 1)),
        rtl=bool(protobuf.first_int(m, 2)),
        font=protobuf.first_text(m, 3),
        size=protobuf.first_int(m, 4),
        description=protobuf.first_text(m, 5),
        plainText=bool(protobuf.first_int(m, 6)),
        collapsed=bool(protobuf.first_int(m, 7)),
        excludeFromSearch=bool(protobuf.first_int(m, 8)),
        id=_signed(protobuf.first_int(m, 9)) if 9 in m else None,
        tag=protobuf.first_int(m, 10) if 10 in m else None,
        preventDeletion=bool(protobuf.first_int(m, 11)),
    )
    out.setdefault("media", [])
    return out


def _template_json(ord_: int, name: str, config: bytes) -> dict[str, Any]:
    """A ``templates`` row as its schema 11 JSON (Anki's ``CardTemplateSchema11``)."""
    m = protobuf.fields(config)
    deck = _signed(protobuf.first_int(m, 5))
    out: dict[str, Any] = _other(m)
    out.update(
        name=name,
        ord=ord_,
        qfmt=protobuf.first_text(m, 1),
        afmt=protobuf.first_text(m, 2),
        bqfmt=protobuf.first_text(m, 3),
        bafmt=protobuf.first_text(m, 4),
        did=deck if deck > 0 else None,
        bfont=protobuf.first_text(m, 6),
        bsize=protobuf.first_int(m, 7),
        id=_signed(protobuf.first_int(m, 8)) if 8 in m else None,
    )
    return out


def _model_json(
    ntid: int, name: str, mtime: int, config: bytes, flds: list[Any], tmpls: list[Any]
) -> dict[str, Any]:
    """A ``notetypes`` row as its schema 11 JSON model (Anki's ``NotetypeSchema11``)."""
    m = protobuf.fields(config)
    reqs = []
    for raw in m.get(8, []):
        if isinstance(raw, bytes):
            req = protobuf.fields(raw)
            reqs.append(
                [
                    protobuf.first_int(req, 1),
                    REQ_KINDS.get(protobuf.first_int(req, 2), "none"),
                    _packed(req, 3),
                ]
            )
    deck = _signed(protobuf.first_int(m, 4))
    out: dict[str, Any] = _other(m)
    out.update(
        id=ntid,
        name=name,
        type=1 if protobuf.first_int(m, 1) == 1 else 0,
        mod=mtime,
        usn=-1,
        sortf=protobuf.first_int(m, 2),
        did=deck if deck else None,
        tmpls=tmpls,
        flds=flds,
        css=protobuf.first_text(m, 3),
        latexPre=protobuf.first_text(m, 5),
        latexPost=protobuf.first_text(m, 6),
        latexsvg=bool(protobuf.first_int(m, 7)),
        req=reqs,
    )
    if protobuf.first_int(m, 9):
        out["originalStockKind"] = protobuf.first_int(m, 9)
    if 10 in m:
        out["originalId"] = _signed(protobuf.first_int(m, 10))
    return out


def _notetypes_from_tables(conn: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for ntid, ord_, field_name, config in conn.execute(
        "SELECT ntid, ord, name, config FROM fields"
    ):
        fields.setdefault(int(ntid), []).append(
            (int(ord_), _field_json(int(ord_), str(field_name), bytes(config or b"")))
        )
    templates: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    for ntid, ord_, template_name, config in conn.execute(
        "SELECT ntid, ord, name, config FROM templates"
    ):
        templates.setdefault(int(ntid), []).append(
            (int(ord_), _template_json(int(ord_), str(template_name), bytes(config or b"")))
        )
    out = {}
    for ntid, notetype_name, mtime, config in conn.execute(
        "SELECT id, name, mtime_secs, config FROM notetypes"
    ):
        ntid = int(ntid)
        flds = [f for _, f in sorted(fields.get(ntid, []), key=lambda x: x[0])]
        tmpls = [t for _, t in sorted(templates.get(ntid, []), key=lambda x: x[0])]
        model = _model_json(
            ntid, str(notetype_name), int(mtime or 0), bytes(config or b""), flds, tmpls
        )
        out[ntid] = NoteType(
            ntid,
            str(notetype_name),
            model["type"] == 1,
            tuple(f["name"] for f in flds),
            {t["ord"]: (t["qfmt"], t["afmt"]) for t in tmpls},
            int(mtime or 0),
            model,
        )
    return out
