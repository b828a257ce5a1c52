"""Our goal written as an Anki package that keeps the learner's schedule and history.

The package is the classic format Anki reads everywhere (``collection.anki21``, schema 11, written
with sqlite3 + zipfile; a ``meta`` file says format 2 like Anki's own "Support older Anki versions"
exports), so current Anki, AnkiDroid and older desktop versions all open it. Inside:

- one deck per goal and a sub-deck ``Goal::Skill::Sub-skill`` per skill node (empty ones too);
- one note per card: "Studyapp Basic" (Front/Back), or "Studyapp Cloze" for a cloze card whose
  front has one blank (the blank becomes ``{{c1::answer}}``, so Anki shows a real cloze); tags as
  the note's tags; media as ``<img>`` / ``[sound:]`` in the field of their side, files included;
- each card's schedule in Anki's fields (``schedule.py``): type, queue, due (position, time or day),
  interval, ease, reps, lapses, remaining steps, and the FSRS memory state in ``data``; archived
  cards are suspended;
- one ``revlog`` row per review: when (its id), the button, the interval after and before, the
  difficulty after, the time taken and the kind of review.

The note type ids are fixed and note guids derive from our card ids, so exporting again and
re-importing in Anki updates notes instead of duplicating them. Note and card ids are the cards'
creation times in milliseconds, as Anki's own ids are, so "Added" dates survive too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.services.anki_html import html_to_text, media_to_html, text_to_html
from studyapp.services.apkg.render import BLANK, CLOZE_OPEN
from studyapp.services.apkg.schedule import (
    difficulty_factor,
    export_schedule,
    export_timing,
    interval_field,
    revlog_type,
    to_ms,
)
from studyapp.services.atomic_files import write_atomically
from studyapp.services.interop_csv import ExportResult
from studyapp.services.interop_media import kind_of, media_dir, unsafe_reason
from studyapp.services.interop_notes import GoalNotes, NoteOut, export_notes
from studyapp.services.study import CardState, resolve_tz, scheduler_for

MODEL_ID = 1_733_000_000_001  # fixed: every export shares one note type in Anki
MODEL_NAME = "Studyapp Basic"
CLOZE_MODEL_ID = 1_733_000_000_002
CLOZE_MODEL_NAME = "Studyapp Cloze"
DECK_CONF_ID = 1_733_000_000_003  # our own preset, so an import never overwrites "Default"
FIELD_SEPARATOR = "\x1f"
PACKAGE_META = b"\x08\x02"  # PackageMetadata { version: LEGACY_2 }
COLLECTION_MEMBER = "collection.anki21"

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


# --- collection header -------------------------------------------------------------------------


def _deck_name(part: str) -> str:
    """Deck names use ``::`` as the level separator; keep titles from adding levels."""
    return " ".join(part.replace("::", ":").split()) or "Untitled"


def _deck(deck_id: int, name: str, now: int, conf: int = DECK_CONF_ID) -> dict[str, Any]:
    return {
        "id": deck_id,
        "name": name,
        "desc": "",
        "conf": conf,
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


def _field(name: str, ord_: int) -> dict[str, Any]:
    return {
        "name": name,
        "ord": ord_,
        "font": "Arial",
        "size": 20,
        "media": [],
        "rtl": False,
        "sticky": False,
    }


CSS = (
    ".card {\n font-family: arial;\n font-size: 20px;\n text-align: center;\n"
    " color: black;\n background-color: white;\n}\n"
)
LATEX_PRE = (
    "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n"
    "\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n"
    "\\setlength{\\parindent}{0in}\n\\begin{document}\n"
)


def _model(model_id: int, name: str, cloze: bool, deck_id: int, now: int) -> dict[str, Any]:
    fields = ["Text", "Back Extra"] if cloze else ["Front", "Back"]
    template = (
        ("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}")
        if cloze
        else ("Card 1", "{{Front}}", "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}")
    )
    return {
        "id": model_id,
        "name": name,
        "type": 1 if cloze else 0,
        "mod": now,
        "usn": -1,
        "sortf": 0,
        "did": deck_id,
        "tags": [],
        "vers": [],
        "flds": [_field(f, i) for i, f in enumerate(fields)],
        "tmpls": [
            {
                "name": template[0],
                "ord": 0,
                "qfmt": template[1],
                "afmt": template[2],
                "bqfmt": "",
                "bafmt": "",
                "did": None,
            }
        ],
        "css": CSS + (".cloze {\n font-weight: bold;\n color: blue;\n}\n" if cloze else ""),
        "latexPre": LATEX_PRE,
        "latexPost": "\\end{document}",
        "req": [[0, "any", [0]]],
    }


def _deck_conf(
    conf_id: int, name: str, retention: float, steps: list[float], relearn: list[float]
) -> dict[str, Any]:
    return {
        "id": conf_id,
        "name": name,
        "mod": 0,
        "usn": -1,
        "maxTaken": 60,
        "autoplay": True,
        "timer": 0,
        "replayq": True,
        "dyn": False,
        "desiredRetention": retention,
        "new": {
            "bury": True,
            "delays": steps,
            "initialFactor": 2500,
            "ints": [1, 4, 7],
            "order": 1,
            "perDay": 20,
            "separate": True,
        },
        "lapse": {"delays": relearn, "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0},
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


def checksum(first_field_text: str) -> int:
    """Anki's ``csum``: the first 8 hex digits of the SHA-1 of the field's plain text."""
    return int(hashlib.sha1(first_field_text.encode("utf-8")).hexdigest()[:8], 16)


def guid_for(card_id: int) -> str:
    return hashlib.sha256(f"studyapp-card-{card_id}".encode()).hexdigest()[:16]


# --- notes -------------------------------------------------------------------------------------


def cloze_text(front: str, back: str) -> str | None:
    """The Cloze note text of a cloze card (its one blank becomes ``{{c1::back}}``), or None when
    the card cannot be written as a cloze that reads back exactly."""
    if front.count(BLANK) != 1 or CLOZE_OPEN.search(front) or "{{" in front:
        return None
    if not back.strip() or "{" in back or "}" in back or "::" in back:
        return None
    head, tail = text_to_html(front).split(BLANK, 1)
    return f"{head}{{{{c1::{text_to_html(back)}}}}}{tail}"


def _side_media(note: NoteOut, side: str) -> list[str]:
    return [name for name, s in note.media if s == side]


def note_fields(note: NoteOut) -> tuple[int, list[str]]:
    """(note type id, field HTML) of one card."""
    front_media = media_to_html(_side_media(note, "front"), kind_of)
    back_media = media_to_html(_side_media(note, "back"), kind_of)
    if note.kind == "cloze":
        text = cloze_text(note.front, note.back)
        if text is not None:
            return CLOZE_MODEL_ID, [text + front_media, back_media]
    return MODEL_ID, [
        text_to_html(note.front) + front_media,
        text_to_html(note.back) + back_media,
    ]


@dataclass
class _UniqueMs:
    """Anki ids are milliseconds; two things made in the same millisecond get the next one."""

    used: set[int]

    def take(self, moment: datetime) -> int:
        ms = to_ms(moment)
        while ms in self.used:
            ms += 1
        self.used.add(ms)
        return ms


def _tag_text(tags: tuple[str, ...]) -> str:
    return f" {' '.join(tags)} " if tags else ""


# --- the collection ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltCollection:
    reviews: int
    media: tuple[str, ...]  # file names the notes refer to, in first-use order


def build_collection(path: Path, goal: GoalNotes, tz: tzinfo) -> BuiltCollection:
    """Write an Anki 2.1 (schema 11) collection of the goal, schedule and history included."""
    now_dt = datetime.now(UTC)
    now = int(now_dt.timestamp())
    scheduler = scheduler_for(goal.desired_retention)
    moments = [now_dt] + [n.created_at for n in goal.notes if n.created_at]
    moments += [r.reviewed_at for n in goal.notes for r in n.reviews]
    timing = export_timing(tz, min(moments))
    base_id = to_ms(now_dt)
    root = _deck_name(goal.title)
    deck_ids: dict[tuple[str, ...], int] = {(): base_id}
    decks: dict[str, Any] = {
        "1": _deck(1, "Default", now, conf=1),
        str(base_id): _deck(base_id, root, now),
    }
    names: dict[tuple[str, ...], str] = {(): root}
    for offset, skill in enumerate(goal.skills, start=1):  # parents before children
        deck_id = base_id + offset
        deck_ids[skill] = deck_id
        # Built on the parent's name: a skill chain thousands deep costs one join per skill.
        parent = names.get(skill[:-1])
        if parent is None:
            parent = "::".join([root, *(_deck_name(part) for part in skill[:-1])])
        name = names[skill] = f"{parent}::{_deck_name(skill[-1])}"
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
        "nextPos": len(goal.notes) + 1,
        "sortType": "noteFld",
        "sortBackwards": False,
        "addToCur": True,
        "schedVer": 2,
        "sched2021": True,
        "rollover": timing.rollover,
        "creationOffset": timing.creation_offset,
    }
    models = {
        str(MODEL_ID): _model(MODEL_ID, MODEL_NAME, False, base_id, now),
        str(CLOZE_MODEL_ID): _model(CLOZE_MODEL_ID, CLOZE_MODEL_NAME, True, base_id, now),
    }
    minutes = [s.total_seconds() / 60 for s in scheduler.learning_steps]
    relearn = [s.total_seconds() / 60 for s in scheduler.relearning_steps]
    dconf = {
        "1": _deck_conf(1, "Default", 0.9, [1, 10], [10]),
        str(DECK_CONF_ID): _deck_conf(
            DECK_CONF_ID, "Studyapp", goal.desired_retention, minutes, relearn
        ),
    }
    tags = sorted({tag for note in goal.notes for tag in note.tags})
    note_rows, card_rows, revlog_rows = [], [], []
    note_ids, revlog_ids = _UniqueMs(set()), _UniqueMs(set())
    media: dict[str, None] = {}
    for position, note in enumerate(goal.notes, start=1):
        note_id = note_ids.take(note.created_at or now_dt)
        model_id, fields = note_fields(note)
        for name, _side in note.media:
            media.setdefault(name)
        sort_text = html_to_text(fields[0])
        note_rows.append(
            (
                note_id,
                guid_for(note.card_id),
                model_id,
                now,
                -1,
                _tag_text(note.tags),
                FIELD_SEPARATOR.join(fields),
                sort_text,
                checksum(sort_text),
                0,
                "",
            )
        )
        state = note.state or CardState(1, 0, None, None, note.created_at or now_dt, None)
        sched = export_schedule(
            state,
            archived=note.archived,
            position=position,
            timing=timing,
            tz=tz,
            scheduler=scheduler,
        )
        lapses = sum(
            1
            for r in note.reviews
            if r.rating == 1 and r.before.state == 2 and r.before.last_review
        )
        did = deck_ids.get(note.skill, base_id)
        card_rows.append(
            (
                note_id,
                note_id,
                did,
                0,
                now,
                -1,
                sched.type,
                sched.queue,
                sched.due,
                sched.ivl,
                sched.factor,
                len(note.reviews),
                lapses,
                sched.left,
                0,
                0,
                0,
                sched.data,
            )
        )
        for i, review in enumerate(note.reviews):
            after = note.reviews[i + 1].before if i + 1 < len(note.reviews) else state
            before = review.before
            last_ivl = interval_field(before, before.last_review) if before.last_review else 0
            revlog_rows.append(
                (
                    revlog_ids.take(review.reviewed_at),
                    note_id,
                    -1,
                    review.rating,
                    interval_field(after, review.reviewed_at),
                    last_ivl,
                    difficulty_factor(after.difficulty),
                    min(review.duration_ms or 0, 2_147_483_647),
                    revlog_type(before),
                )
            )
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.executescript(SCHEMA)
        conn.execute(
            "INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)",
            (
                timing.crt,
                now * 1000,
                now * 1000,
                json.dumps(conf),
                json.dumps(models),
                json.dumps(decks),
                json.dumps(dconf),
                json.dumps({tag: -1 for tag in tags}),
            ),
        )
        conn.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows)
        conn.executemany(
            "INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows
        )
        conn.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", revlog_rows)
        conn.commit()
    return BuiltCollection(len(revlog_rows), tuple(media))


def export_apkg(
    db: Database, profile_id: int, goal_id: int, path: Path, *, tz: tzinfo | str | None = None
) -> ExportResult:
    """The goal as an ``.apkg`` with schedule, history, tags and media (see the module
    docstring). ``tz`` is the learner's zone for Anki's day numbers (default: this machine's)."""
    goal = export_notes(db, profile_id, goal_id, with_history=True)
    folder = media_dir(db, profile_id)
    with tempfile.TemporaryDirectory(prefix="studyapp-apkg-") as tmp:
        collection = Path(tmp) / COLLECTION_MEMBER
        built = build_collection(collection, goal, resolve_tz(tz))
        files = [
            (name, folder / name)
            for name in built.media
            if not unsafe_reason(name) and (folder / name).is_file()
        ]

        def write(handle) -> None:  # type: ignore[no-untyped-def]
            with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("meta", PACKAGE_META)
                archive.write(collection, COLLECTION_MEMBER)
                for index, (_name, file) in enumerate(files):
                    archive.write(file, str(index))
                archive.writestr(
                    "media", json.dumps({str(i): name for i, (name, _) in enumerate(files)})
                )

        try:
            write_atomically(Path(path), write)
        except OSError as exc:
            raise BadInput(f"Cannot write {path}: {exc.strerror or exc}.") from None
    return ExportResult(
        goal_id,
        Path(path),
        len(goal.notes),
        "apkg",
        reviews=built.reviews,
        media_files=len(files),
        media_missing=len(built.media) - len(files),
    )
