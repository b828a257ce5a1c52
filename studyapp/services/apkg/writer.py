"""Our goal written as an Anki package that keeps the learner's schedule and history.

The package is the classic format Anki reads everywhere (``collection.anki21``, schema 11, written
with sqlite3 + zipfile; a ``meta`` file says format 2 like Anki's own "Support older Anki versions"
exports), so current Anki, AnkiDroid and older desktop versions all open it. Inside:

- one deck per goal and a sub-deck ``Goal::Skill::Sub-skill`` per skill node (empty ones too);
- a note that came from Anki goes back as the note it was: its GUID, id, note type (fields,
  templates, CSS, sort field: the type Anki had, with its id and modification time, so Anki
  sees the same type), field values and tags, and its cards with their ords (a cloze note with
  two deletions is one note with two cards). Its modification time is Anki's own unless its
  tags or fields changed here, so Anki reports it unchanged when it is;
- a card made in Studyapp is a note of its own: "Studyapp Basic" (Front/Back), or "Studyapp
  Cloze" for a cloze card whose front has one blank (the blank becomes ``{{c1::answer}}``, so
  Anki shows a real cloze), with the card's own random GUID (``cards.note_guid``), so exporting
  again updates the note in Anki instead of adding another; tags as the note's tags; media as
  ``<img>`` / ``[sound:]`` in the field of their side, files included;
- each card's schedule in Anki's fields: a card still as it was imported gets Anki's own
  values back (``anki_card.py``: interval, due day, ease, reps, lapses, flags, custom data);
  any other from its FSRS state (``schedule.py``): type, queue, due (position, time or day),
  interval (whole days between the review's day and the due day, as Anki counts), ease, reps,
  lapses, remaining steps, and the FSRS memory state in ``data``; archived cards are suspended,
  buried ones buried;
- one ``revlog`` row per review: a review made in Anki with the values Anki recorded, one made
  here with when (its id), the button, the interval after and before, the difficulty after, the
  time taken and the kind of review; and the rows Anki had that are not reviews.

Note and card ids are Anki's own for notes that came from Anki, else the cards' creation times
in milliseconds, as Anki's own ids are, so "Added" dates survive too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.generation.cloze_surface import with_article
from studyapp.services.anki_html import field_media, html_to_text, media_to_html, text_to_html
from studyapp.services.apkg import anki_card
from studyapp.services.apkg.render import BLANK, CLOZE_OPEN
from studyapp.services.apkg.schedule import (
    REVIEW,
    ROLLOVER,
    day_number,
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
    answer = text_to_html(back)
    article = re.search(r"\b([Aa])\(n\) $", head)
    if article is not None:
        # "a(n) _____" (see generation/cloze_surface.py): the right article goes inside the
        # deletion, so Anki's front gives no vowel away and its back reads "an …".
        word = with_article(f"{article.group(1)}(n) {BLANK}", back).split(" ")[0]
        head, answer = head[: article.start()], f"{word} {answer}"
    return f"{head}{{{{c1::{answer}}}}}{tail}"


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
class StoredNote:
    """An imported note as kept (``notes`` joined with ``note_types``)."""

    guid: str
    anki_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    mod: int
    model: dict[str, Any]  # Anki's JSON model, its "id" the note type's id in Anki


def stored_notes(db: Database, profile_id: int, guids: list[str]) -> dict[str, StoredNote]:
    """The kept notes among ``guids`` (cards made in Studyapp have none)."""
    if not guids:
        return {}
    with db.session() as session:
        rows = session.execute(
            text(
                "SELECT n.guid, n.anki_id, n.fields, n.tags, n.mod, t.anki_id, t.model "
                "FROM notes n JOIN note_types t ON t.id = n.note_type_id "
                "WHERE n.profile_id = :p AND n.guid = ANY(:g)"
            ),
            {"p": profile_id, "g": guids},
        ).all()
    return {
        guid: StoredNote(
            guid, anki_id, tuple(fields), tuple(tags or ()), int(mod), {**model, "id": type_id}
        )
        for guid, anki_id, fields, tags, mod, type_id, model in rows
    }


@dataclass(frozen=True)
class BuiltCollection:
    reviews: int
    media: tuple[str, ...]  # file names the notes refer to, in first-use order


def _rollover(goal: GoalNotes) -> int:
    """The day's start hour of the collection the goal's cards came from (most of them), so
    Anki's "today" and ours agree about which day a due date falls on; 4 am otherwise."""
    hours = Counter(
        int(n.anki["rollover"])
        for n in goal.notes
        if n.anki and isinstance(n.anki.get("rollover"), int) and 0 <= n.anki["rollover"] < 24
    )
    return hours.most_common(1)[0][0] if hours else ROLLOVER


def _note_tags(cards: list[NoteOut], stored: StoredNote | None) -> tuple[tuple[str, ...], bool]:
    """(the note's tags, whether they differ from the stored note's): the union of its cards'
    tags (tags live on cards here), in the stored order when nothing changed."""
    union: dict[str, None] = {}
    for card in cards:
        for tag in card.tags:
            union.setdefault(tag)
    if stored is not None and set(union) == set(stored.tags):
        return stored.tags, False
    return tuple(sorted(union, key=str.lower)), stored is not None


def _groups(notes: tuple[NoteOut, ...]) -> list[list[NoteOut]]:
    """The goal's cards by note (GUID), notes in order of their first card."""
    groups: dict[str, list[NoteOut]] = {}
    for note in notes:
        groups.setdefault(note.note_guid or guid_for(note.card_id), []).append(note)
    return list(groups.values())


def build_collection(
    path: Path,
    goal: GoalNotes,
    tz: tzinfo,
    stored: dict[str, StoredNote] | None = None,
) -> BuiltCollection:
    """Write an Anki 2.1 (schema 11) collection of the goal, notes, schedule and history
    included. ``stored``: the kept notes of cards that came from Anki (:func:`stored_notes`)."""
    stored = stored or {}
    now_dt = datetime.now(UTC)
    now = int(now_dt.timestamp())
    scheduler = scheduler_for(goal.desired_retention)
    moments = [now_dt] + [n.created_at for n in goal.notes if n.created_at]
    moments += [r.reviewed_at for n in goal.notes for r in n.reviews]
    timing = export_timing(tz, min(moments), _rollover(goal))
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
    ours = {
        MODEL_ID: _model(MODEL_ID, MODEL_NAME, False, base_id, now),
        CLOZE_MODEL_ID: _model(CLOZE_MODEL_ID, CLOZE_MODEL_NAME, True, base_id, now),
    }
    models: dict[str, Any] = {}  # only the note types the notes use
    minutes = [s.total_seconds() / 60 for s in scheduler.learning_steps]
    relearn = [s.total_seconds() / 60 for s in scheduler.relearning_steps]
    dconf = {
        "1": _deck_conf(1, "Default", 0.9, [1, 10], [10]),
        str(DECK_CONF_ID): _deck_conf(
            DECK_CONF_ID, "Studyapp", goal.desired_retention, minutes, relearn
        ),
    }
    note_rows, card_rows, revlog_rows = [], [], []
    note_ids = _UniqueMs({s.anki_id for s in stored.values()})
    card_ids = _UniqueMs(
        {int(n.anki["id"]) for n in goal.notes if n.anki and isinstance(n.anki.get("id"), int)}
    )
    revlog_ids = _UniqueMs(set())
    media: dict[str, None] = {}
    all_tags: set[str] = set()
    guids_used: set[str] = set()
    position = 0
    for group in _groups(goal.notes):
        kept = stored.get(group[0].note_guid or "")
        if kept is not None:
            models.setdefault(str(kept.model["id"]), kept.model)
            tags, retagged = _note_tags(group, kept)
            fields = list(kept.fields)
            model_id = int(kept.model["id"])
            sortf = int(kept.model.get("sortf") or 0)
            note_id = kept.anki_id
            mod = now if retagged else kept.mod
            notes_here = [(group, kept.guid)]
            for name in (n for f in fields for n in field_media(f)):
                media.setdefault(name)
        else:  # cards made here: each is a note of its own
            notes_here = []
            for card in group:
                guid = card.note_guid or guid_for(card.card_id)
                if guid in guids_used:
                    guid = guid_for(card.card_id)
                notes_here.append(([card], guid))
        for cards, guid in notes_here:
            guids_used.add(guid)
            if kept is None:
                card = cards[0]
                model_id, fields = note_fields(card)
                models.setdefault(str(model_id), ours[model_id])
                sortf, tags = 0, card.tags
                note_id = note_ids.take(card.created_at or now_dt)
                mod = int((card.updated_at or now_dt).timestamp())
            all_tags.update(tags)
            sort_text = html_to_text(fields[sortf] if sortf < len(fields) else fields[0])
            note_rows.append(
                (
                    note_id,
                    guid,
                    model_id,
                    mod,
                    -1,
                    _tag_text(tuple(tags)),
                    FIELD_SEPARATOR.join(fields),
                    sort_text,
                    checksum(html_to_text(fields[0]) if fields else ""),
                    0,
                    "",
                )
            )
            for card in cards:
                position += 1
                for name, _side in card.media:
                    media.setdefault(name)
                card_id = _card_id(card, card_ids, now_dt)
                card_rows.append(
                    _card_row(
                        card,
                        card_id,
                        note_id,
                        position,
                        deck_ids,
                        base_id,
                        timing,
                        tz,
                        scheduler,
                        now_dt,
                    )
                )
                revlog_rows += _revlog(card, card_id, revlog_ids)
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
                json.dumps({tag: -1 for tag in sorted(all_tags)}),
            ),
        )
        conn.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows)
        conn.executemany(
            "INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows
        )
        conn.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", revlog_rows)
        conn.commit()
    return BuiltCollection(len(revlog_rows), tuple(media))


def _card_id(card: NoteOut, ids: _UniqueMs, now: datetime) -> int:
    """Anki's own id for a card that came from Anki, else its creation time in ms."""
    anki_id = (card.anki or {}).get("id")
    if isinstance(anki_id, int) and anki_id > 0:
        ids.used.add(anki_id)
        return anki_id
    return ids.take(card.created_at or now)


def _card_row(
    card: NoteOut,
    card_id: int,
    note_id: int,
    position: int,
    deck_ids: dict[tuple[str, ...], int],
    base_id: int,
    timing: Any,
    tz: tzinfo,
    scheduler: Any,
    now: datetime,
) -> tuple[Any, ...]:
    state = card.state or CardState(1, 0, None, None, card.created_at or now, None)
    buried = card.buried_until is not None and card.buried_until > now
    anki = card.anki
    flags = int(anki.get("flags") or 0) if anki else 0
    if anki_card.unchanged(anki, state.due, state.last_review, card.archived):
        assert anki is not None
        ctype, natural, due = anki_card.exact_fields(anki, timing)
        queue = anki_card.exported_queue(natural, anki, card.archived, buried)
        return (
            card_id,
            note_id,
            deck_ids.get(card.skill, base_id),
            card.note_ord or 0,
            int(anki.get("mod") or 0),
            -1,
            ctype,
            queue,
            due,
            int(anki.get("ivl") or 0),
            int(anki.get("factor") or 0),
            int(anki.get("reps") or 0),
            int(anki.get("lapses") or 0),
            int(anki.get("left") or 0),
            0,
            0,
            flags,
            str(anki.get("data") or ""),
        )
    sched = export_schedule(
        state, archived=False, position=position, timing=timing, tz=tz, scheduler=scheduler
    )
    ivl = sched.ivl
    if state.state == REVIEW and state.last_review is not None:
        # Anki's interval: whole days from the review's day to the due day (a review at 20:00
        # due on a day that starts at 4 am is still 6 days, not 5.33 rounded down).
        ivl = max(1, sched.due - day_number(state.last_review, timing, tz))
    lapses = sum(1 for r in card.reviews if r.rating == 1 and r.before and r.before.state == REVIEW)
    queue = anki_card.exported_queue(sched.queue, anki, card.archived, buried)
    return (
        card_id,
        note_id,
        deck_ids.get(card.skill, base_id),
        card.note_ord or 0,
        int((card.updated_at or now).timestamp()),
        -1,
        sched.type,
        queue,
        sched.due,
        ivl,
        sched.factor,
        len(card.reviews),
        lapses + _anki_lapses(card),
        sched.left,
        0,
        0,
        flags,
        sched.data,
    )


def _anki_lapses(card: NoteOut) -> int:
    """Lapses among the reviews made in Anki (their log says what the card was before)."""
    return sum(
        1
        for r in card.reviews
        if r.before is None and r.anki_log and r.rating == 1 and r.anki_log[3] == 1
    )


def _revlog(card: NoteOut, card_id: int, ids: _UniqueMs) -> list[tuple[Any, ...]]:
    """The card's revlog: its reviews (Anki's own values for reviews made in Anki) and the rows
    Anki had that are not reviews, in time order."""
    state = card.state
    rows: list[tuple[Any, ...]] = []
    for i, review in enumerate(card.reviews):
        review_id = ids.take(review.reviewed_at)
        duration = min(review.duration_ms or 0, 2_147_483_647)
        if review.anki_log is not None:
            ivl, last_ivl, factor, kind = review.anki_log
            rows.append(
                (review_id, card_id, -1, review.rating, ivl, last_ivl, factor, duration, kind)
            )
            continue
        following = card.reviews[i + 1].before if i + 1 < len(card.reviews) else None
        after = following or state
        before = review.before
        if after is None or before is None:
            continue  # cannot happen: a review made here always has its previous state
        last_ivl = interval_field(before, before.last_review) if before.last_review else 0
        rows.append(
            (
                review_id,
                card_id,
                -1,
                review.rating,
                interval_field(after, review.reviewed_at),
                last_ivl,
                difficulty_factor(after.difficulty),
                duration,
                revlog_type(before),
            )
        )
    for row_id, ease, ivl, last_ivl, factor, duration, kind in anki_card.revlog_rows(card.anki):
        if row_id in ids.used:
            continue
        ids.used.add(row_id)
        rows.append((row_id, card_id, -1, ease, ivl, last_ivl, factor, duration, kind))
    return rows


def export_apkg(
    db: Database, profile_id: int, goal_id: int, path: Path, *, tz: tzinfo | str | None = None
) -> ExportResult:
    """The goal as an ``.apkg`` with its notes, schedule, history, tags and media (see the
    module docstring). ``tz`` is the learner's zone for Anki's day numbers (default: this
    machine's)."""
    goal = export_notes(db, profile_id, goal_id, with_history=True)
    kept = stored_notes(
        db, profile_id, list({n.note_guid for n in goal.notes if n.note_guid is not None})
    )
    folder = media_dir(db, profile_id)
    with tempfile.TemporaryDirectory(prefix="studyapp-apkg-") as tmp:
        collection = Path(tmp) / COLLECTION_MEMBER
        built = build_collection(collection, goal, resolve_tz(tz), kept)
        files = [
            (name, folder / name)
            for name in built.media
            if not unsafe_reason(name) and (folder / name).is_file()
        ]

        def write(handle: BinaryIO) -> None:
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
