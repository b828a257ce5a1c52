"""A read package written into the profile: new notes added, notes already here updated.

Anki's unit is the note, named by its GUID for life; Studyapp keeps it (``notes``, and
``cards.note_guid`` with ``cards.note_ord``). So a package is matched against what the profile
already has before anything is added:

- a package whose notes are already here (the same deck again, an import that was interrupted
  after it committed, our own export coming back from Anki) goes into the goal those cards are
  in, never into a second goal, unless the learner named a goal;
- a note already here is updated when the package's copy is newer (Anki's modification time
  against ours): its fields, note type and tags, and its cards' text;
- a card already here takes the package's schedule when Anki changed the card since (its
  modification time is newer than our last change): state, due, suspension, burial, and the
  reviews we do not have yet (by time, so history is never doubled);
- a note or card that is new is added as any import adds cards (skills from deck paths, exact
  duplicates of a card already in the goal skipped), in one bulk COPY.

Reviews are not replayed when the package carries Anki's FSRS memory state: the card's state is
Anki's, each review keeps Anki's revlog values (``reviews.anki_log``), and a review's
``previous`` state is known exactly only for a card's very first review (a new card); the others
have none (they cannot be undone here: they were made in Anki). Cards without a memory state
(SM-2 collections) are replayed through our scheduler, which gives every review its previous
state. Everything lands in one transaction; the new cards are embedded in the background after
it commits (``services/card_vectors.embed_in_background``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.db.database import Database
from studyapp.db.locks import notes_lock
from studyapp.errors import BadInput
from studyapp.services.apkg import anki_card
from studyapp.services.apkg.collection import NoteType
from studyapp.services.apkg.reader import AnkiDeck, AnkiNote
from studyapp.services.apkg.schedule import to_ms
from studyapp.services.bulk_copy import NULL, Json, copy_lines, field
from studyapp.services.interop_media import parse_references
from studyapp.services.interop_notes import (
    CARD_COLUMNS,
    MAX_DURATION_MS,
    REVIEW_COLUMNS,
    ImportResult,
    NodeResolver,
    NoteIn,
    allocate_ids,
    check_text,
    has_sides,
    home_unplaced,
    lock_goal,
    new_goal,
)
from studyapp.services.study import CardState, profile_scheduler, replay

APKG_CARD_COLUMNS = [
    *CARD_COLUMNS,
    "note_guid",
    "note_ord",
    "front_html",
    "back_html",
    "type_answer",
    "anki",
    "buried_until",
]
APKG_REVIEW_COLUMNS = [*REVIEW_COLUMNS, "anki_log"]
NOTE_COLUMNS = ["profile_id", "guid", "note_type_id", "anki_id", "fields", "tags", "mod"]


def schema_hash(model: dict[str, Any]) -> str:
    """Anki's test for "the same note type": its field names and template names."""
    digest = hashlib.sha1()
    for item in model.get("flds") or []:
        digest.update(str(item.get("name", "")).encode())
    for item in model.get("tmpls") or []:
        digest.update(str(item.get("name", "")).encode())
    return digest.hexdigest()


@dataclass
class _Existing:
    """A card already in the profile that a package card names (note GUID and ord)."""

    id: int
    goal_id: int
    node_id: int | None
    due: datetime
    last_review: datetime | None
    archived: bool
    buried: bool
    updated_at: datetime
    content: tuple[Any, ...]  # what a note update may change (see _CONTENT)


_CONTENT = (
    "front",
    "back",
    "front_html",
    "back_html",
    "type_answer",
    "media",
    "kind",
    "tags",
)


def _content(note: NoteIn) -> tuple[Any, ...]:
    media = [{"name": name, "side": side} for name, side in note.media]
    return (
        note.front,
        note.back,
        note.front_html,
        note.back_html,
        note.type_answer,
        media,
        note.kind,
        list(note.tags),
    )


def import_deck(
    db: Database,
    profile_id: int,
    goal_id: int | None,
    deck: AnkiDeck,
    tz: tzinfo,
) -> ImportResult:
    """Write ``deck`` (media already stored under the names its notes use)."""
    from studyapp.services.card_vectors import embed_in_background

    now = datetime.now(UTC)
    for anki_note in deck.anki_notes:
        if any("\x00" in value for value in anki_note.fields) or "\x00" in anki_note.guid:
            raise BadInput("A note contains a NUL character, which text cannot hold.")
    guids = list(dict.fromkeys(n.note_guid for n in deck.notes if n.note_guid))
    with db.session() as session:
        scheduler = profile_scheduler(session, profile_id)
        notes_lock(session, profile_id)
        existing = _existing_cards(session, profile_id, guids)
        if goal_id is None and existing:
            goal_id = Counter(card.goal_id for card in existing.values()).most_common(1)[0][0]
        if goal_id is None:
            goal = new_goal(session, profile_id, deck.title)
        else:
            goal = lock_goal(session, profile_id, goal_id)
        goal_id, goal_title = goal.id, goal.title
        note_type_ids = _note_types(session, profile_id, deck.note_types, now)
        newer_notes = _notes(session, profile_id, deck.anki_notes, note_type_ids, existing)
        resolvers: dict[int, NodeResolver] = {goal_id: NodeResolver(session, goal_id)}
        for path in deck.skills:
            resolvers[goal_id].resolve(path)
        seen = _goal_texts(session, goal_id)
        by_guid: dict[str, _Existing] = {}
        for (guid, _ord), card in existing.items():
            by_guid.setdefault(guid, card)
        new_cards: list[tuple[NoteIn, int, int | None]] = []
        changed_text: list[int] = []
        duplicates = empty = 0
        updates: list[dict[str, Any]] = []
        take_schedule: list[tuple[NoteIn, _Existing]] = []
        touched: set[int] = set()  # cards already here that the package changed
        seen_here: list[int] = []  # cards already here that the package names
        for number, note in enumerate(deck.notes, 1):
            check_text(note, number)
            key = (note.note_guid or "", note.note_ord or 0)
            known = existing.get(key)
            if known is not None:
                changes = _card_changes(note, known, newer_notes)
                if "front" in changes or "back" in changes:
                    changed_text.append(known.id)
                if _anki_newer(note, known):
                    take_schedule.append((note, known))
                if changes:
                    updates.append({"card_id": known.id, **changes})
                    touched.add(known.id)
                seen_here.append(known.id)
                continue
            if not has_sides(note):
                empty += 1
                continue
            sibling = by_guid.get(note.note_guid or "")
            target = sibling.goal_id if sibling is not None else goal_id
            if sibling is None:
                text_key = (note.front, note.back, tuple(note.media))
                if text_key in seen:
                    duplicates += 1
                    continue
                seen.add(text_key)
            if target not in resolvers:
                resolvers[target] = NodeResolver(session, target)
            node_id = resolvers[target].resolve(note.skill) if note.skill else None
            new_cards.append((note, target, node_id))
        reviews_added, written = _write_new_cards(session, profile_id, new_cards, scheduler, now)
        _write_updates(session, updates, now)
        more, rescheduled = _take_schedules(session, profile_id, take_schedule, scheduler, now)
        reviews_added += more
        touched |= rescheduled
        updated = len(touched)
        unchanged = len(seen_here) - updated
    ids = [card_id for card_id, _goal, _node in written]
    unplaced = tuple(c for c, goal, node in written if node is None and goal == goal_id)
    homed, unplaced = home_unplaced(db, profile_id, goal_id, unplaced)
    embed_in_background(db, profile_id, ids, new=True)
    if changed_text:
        embed_in_background(db, profile_id, changed_text)
    return ImportResult(
        goal_id,
        "apkg",
        len(new_cards),
        duplicates,
        empty,
        sum(r.created for r in resolvers.values()),
        reviews=reviews_added,
        unplaced_card_ids=unplaced,
        homed=homed,
        goal_title=goal_title,
        updated=updated,
        unchanged=unchanged,
    )


# --- what is here already ----------------------------------------------------------------------


def _existing_cards(
    session: Session, profile_id: int, guids: list[str]
) -> dict[tuple[str, int], _Existing]:
    if not guids:
        return {}
    rows = session.execute(
        text(
            "SELECT id, goal_id, node_id, note_guid, coalesce(note_ord, 0), due, last_review, "
            "archived, updated_at, front, back, front_html, back_html, type_answer, media, kind, "
            "tags, buried_until > now() FROM cards WHERE profile_id = :p AND note_guid = ANY(:g) "
            "ORDER BY id"
        ),
        {"p": profile_id, "g": guids},
    ).all()
    out: dict[tuple[str, int], _Existing] = {}
    for row in rows:
        key = (row[3], row[4])
        if key in out:
            continue  # two cards of one note and ord (copied by hand): the first is the one
        media = [{"name": n, "side": s} for n, s in parse_references(row[14])]
        content = (*row[9:14], media, row[15], list(row[16] or ()))
        out[key] = _Existing(
            row[0], row[1], row[2], row[5], row[6], row[7], bool(row[17]), row[8], content
        )
    return out


def _goal_texts(
    session: Session, goal_id: int
) -> set[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """(front, back, media) of the goal's cards: an unknown note with the same card is skipped."""
    return {
        (front, back, tuple(parse_references(media)))
        for front, back, media in session.execute(
            text("SELECT front, back, media FROM cards WHERE goal_id = :g"), {"g": goal_id}
        )
    }


# --- note types and notes ----------------------------------------------------------------------


def _note_types(
    session: Session, profile_id: int, types: dict[int, NoteType], now: datetime
) -> dict[int, int]:
    """Anki note type id -> our ``note_types.id``. A type already here is kept, or replaced by a
    newer copy with the same fields and templates; a type with the same id but other fields is
    a different type to Anki too: it is kept beside it under a new id."""
    if not types:
        return {}
    rows = session.execute(
        text("SELECT id, anki_id, model FROM note_types WHERE profile_id = :p"),
        {"p": profile_id},
    ).all()
    by_anki = {anki_id: (row_id, model) for row_id, anki_id, model in rows}
    taken = set(by_anki)
    out: dict[int, int] = {}
    for anki_id, notetype in types.items():
        model = dict(notetype.model) or _fallback_model(notetype)
        model["id"] = anki_id
        here = by_anki.get(anki_id)
        if here is not None and schema_hash(here[1]) == schema_hash(model):
            if int(model.get("mod") or 0) > int(here[1].get("mod") or 0):
                session.execute(
                    text("UPDATE note_types SET model = :m, updated_at = :now WHERE id = :id"),
                    {"m": Jsonb(model), "now": now, "id": here[0]},
                )
            out[anki_id] = here[0]
            continue
        if here is not None:  # same id, other fields: a new id, as Anki's importer does
            new_id = max(taken) + 1
            taken.add(new_id)
            model["id"] = new_id
            anki_key = new_id
        else:
            anki_key = anki_id
        out[anki_id] = session.execute(
            text(
                "INSERT INTO note_types (profile_id, anki_id, model) VALUES (:p, :a, :m) "
                "RETURNING id"
            ),
            {"p": profile_id, "a": anki_key, "m": Jsonb(model)},
        ).scalar_one()
    return out


def _fallback_model(notetype: NoteType) -> dict[str, Any]:
    """A JSON model for a note type a package only names (its definition lost)."""
    return {
        "id": notetype.id,
        "name": notetype.name or "Imported",
        "type": 1 if notetype.cloze else 0,
        "mod": notetype.mod,
        "sortf": 0,
        "flds": [{"name": name, "ord": i} for i, name in enumerate(notetype.fields)],
        "tmpls": [
            {"name": f"Card {i + 1}", "ord": i, "qfmt": q, "afmt": a}
            for i, (q, a) in sorted(notetype.templates.items())
        ],
        "css": "",
    }


def _notes(
    session: Session,
    profile_id: int,
    notes: tuple[AnkiNote, ...],
    note_type_ids: dict[int, int],
    existing: dict[tuple[str, int], _Existing],
) -> set[str]:
    """Store the package's notes; returns the GUIDs whose package copy is newer than ours (their
    cards take the package's text). A note first seen here is newer than a card of ours that
    has no stored note (a Studyapp card come back from Anki) when Anki changed it later."""
    if not notes:
        return set()
    guids = [n.guid for n in notes]
    rows = session.execute(
        text("SELECT guid, mod FROM notes WHERE profile_id = :p AND guid = ANY(:g)"),
        {"p": profile_id, "g": guids},
    ).all()
    stored: dict[str, int] = {guid: mod for guid, mod in rows}
    ours: dict[str, datetime] = {}
    for (guid, _ord), card in existing.items():
        ours[guid] = max(ours.get(guid, card.updated_at), card.updated_at)
    newer: set[str] = set()
    inserts: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    taken: set[str] = set()
    for note in notes:
        type_id = note_type_ids.get(note.notetype_id)
        if type_id is None or note.guid in taken:
            continue  # two notes with one GUID (a damaged collection): the first is the note
        taken.add(note.guid)
        if note.guid in stored:
            if note.mod > stored[note.guid]:
                newer.add(note.guid)
                updates.append(
                    {
                        "g": note.guid,
                        "t": type_id,
                        "a": note.anki_id,
                        "f": list(note.fields),
                        "tags": list(note.tags),
                        "m": note.mod,
                    }
                )
            continue
        if note.guid not in ours or note.mod > int(ours[note.guid].timestamp()):
            newer.add(note.guid)
        inserts.append(
            (
                profile_id,
                note.guid,
                type_id,
                note.anki_id,
                list(note.fields),
                list(note.tags),
                note.mod,
            )
        )
    if updates:
        session.execute(
            text(
                "UPDATE notes SET note_type_id = :t, anki_id = :a, fields = :f, tags = :tags, "
                "mod = :m, updated_at = now() WHERE profile_id = :p AND guid = :g"
            ),
            [u | {"p": profile_id} for u in updates],
        )
    copy_lines(session, "notes", NOTE_COLUMNS, inserts)
    return newer


# --- cards already here ------------------------------------------------------------------------


def _card_changes(note: NoteIn, known: _Existing, newer: set[str]) -> dict[str, Any]:
    """The columns a newer note changes on a card already here (none when it is not newer)."""
    if note.note_guid not in newer:
        return {}
    return {
        name: value
        for name, value, before in zip(_CONTENT, _content(note), known.content, strict=True)
        if value != before
    }


def _anki_newer(note: NoteIn, known: _Existing) -> bool:
    """Did the learner change the card in Anki after our last change to it?"""
    mod = int((note.anki or {}).get("mod") or 0)
    return mod > int(known.updated_at.timestamp())


def _write_updates(session: Session, updates: list[dict[str, Any]], now: datetime) -> None:
    for change in updates:
        values = dict(change)
        card_id = values.pop("card_id")
        if "media" in values:
            values["media"] = Jsonb(values["media"])
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        session.execute(
            text(f"UPDATE cards SET {assignments}, updated_at = :now WHERE id = :id"),
            values | {"id": card_id, "now": now},
        )


def _take_schedules(
    session: Session,
    profile_id: int,
    cards: list[tuple[NoteIn, _Existing]],
    scheduler: Any,
    now: datetime,
) -> tuple[int, set[int]]:
    """Cards the learner studied (or suspended, buried, rescheduled) in Anki since: the package's
    schedule replaces ours and its reviews we lack are added. Returns (reviews added, the cards
    whose schedule changed)."""
    changed: set[int] = set()
    if not cards:
        return 0, changed
    ids = [known.id for _note, known in cards]
    have: dict[int, set[int]] = {}
    for card_id, at_ms in session.execute(
        text(
            "SELECT card_id, floor(extract(epoch FROM reviewed_at) * 1000)::bigint "
            "FROM reviews WHERE card_id = ANY(:ids)"
        ),
        {"ids": ids},
    ):
        have.setdefault(card_id, set()).add(int(at_ms))
    review_rows: list[str] = []
    for note, known in cards:
        created = note.created_at or now
        state, befores = _state_and_befores(note, known.id, created, scheduler)
        due = state.due if state else created
        last = state.last_review if state else None
        seen = have.get(known.id, set())
        missing = [
            (review, before)
            for review, before in zip(note.reviews, befores, strict=True)
            if to_ms(review.reviewed_at) not in seen
        ]
        same = (due, last, note.archived, note.buried_until is not None) == (
            known.due,
            known.last_review,
            known.archived,
            known.buried,
        )
        if same and not missing:
            continue  # Anki touched the card but its schedule is ours already
        changed.add(known.id)
        anki = anki_card.seal(note.anki or {}, due, last, note.archived)
        columns = state.columns() if state else CardState(1, 0, None, None, due, None).columns()
        session.execute(
            text(
                "UPDATE cards SET fsrs_state = :fsrs_state, fsrs_step = :fsrs_step, "
                "stability = :stability, difficulty = :difficulty, due = :due, "
                "last_review = :last_review, archived = :archived, buried_until = :buried, "
                "anki = :anki, updated_at = :now WHERE id = :id"
            ),
            columns
            | {
                "archived": note.archived,
                "buried": note.buried_until,
                "anki": Jsonb(anki),
                "now": now,
                "id": known.id,
            },
        )
        for review, before in missing:
            review_rows.append(_review_row(known.id, profile_id, review, before))
    copy_lines(session, "reviews", APKG_REVIEW_COLUMNS, review_rows)
    return len(review_rows), changed


# --- new cards ---------------------------------------------------------------------------------


def _state_and_befores(
    note: NoteIn, card_id: int, created: datetime, scheduler: Any
) -> tuple[CardState | None, list[CardState | None]]:
    """The card's state and each review's previous state (None where unknown: see the module
    docstring). Replays only a card whose package gives no state."""
    log = note.reviews
    if not log:
        return note.state, []
    if note.state is None:
        final, befores = replay(
            scheduler,
            card_id,
            created,
            [(r.rating, r.reviewed_at) for r in log],
            start=note.replay_start,
        )
        return final, list(befores)
    first = CardState(1, 0, None, None, created, None) if note.from_new else None
    return note.state, [first] + [None] * (len(log) - 1)


def _review_row(card_id: int, profile_id: int, review: Any, before: CardState | None) -> str:
    """One review as a COPY line (``APKG_REVIEW_COLUMNS``), formatted directly: an import
    writes a hundred thousand of them."""
    duration = review.duration_ms
    took = NULL if duration is None else str(max(0, min(MAX_DURATION_MS, int(duration))))
    previous = NULL if before is None else field(Json(before.to_json()))
    log = NULL if review.anki_log is None else "{" + ",".join(map(str, review.anki_log)) + "}"
    at = review.reviewed_at.isoformat()
    return f"{card_id}\t{profile_id}\t{int(review.rating)}\tflip\t{at}\t{took}\t{previous}\t{log}\n"


def _write_new_cards(
    session: Session,
    profile_id: int,
    new_cards: list[tuple[NoteIn, int, int | None]],
    scheduler: Any,
    now: datetime,
) -> tuple[int, list[tuple[int, int, int | None]]]:
    """COPY the new cards and their reviews: (reviews written, [(card id, goal, node id)])."""
    ids = allocate_ids(session, "cards", len(new_cards))
    card_rows: list[tuple[Any, ...]] = []
    review_rows: list[str] = []
    for (note, goal_id, node_id), card_id in zip(new_cards, ids, strict=True):
        created = note.created_at or now
        if note.reviews:  # in time order
            created = min(created, note.reviews[0].reviewed_at)
        state, befores = _state_and_befores(note, card_id, created, scheduler)
        due = state.due if state else created
        last = state.last_review if state else None
        anki = anki_card.seal(note.anki, due, last, note.archived) if note.anki else None
        media = [{"name": name, "side": side} for name, side in note.media]
        card_rows.append(
            (
                card_id,
                profile_id,
                goal_id,
                node_id,
                note.front,
                note.back,
                note.kind,
                "import",
                list(note.tags),
                Json(media),
                note.archived,
                *(
                    (state.state, state.step, state.stability, state.difficulty)
                    if state
                    else (1, 0, None, None)
                ),
                due,
                last,
                created,
                now,
                note.note_guid,
                note.note_ord,
                note.front_html,
                note.back_html,
                note.type_answer,
                Json(anki) if anki is not None else None,
                note.buried_until,
            )
        )
        for review, before in zip(note.reviews, befores, strict=True):
            review_rows.append(_review_row(card_id, profile_id, review, before))
    copy_lines(session, "cards", APKG_CARD_COLUMNS, card_rows)
    copy_lines(session, "reviews", APKG_REVIEW_COLUMNS, review_rows)
    written = [(i, goal, node) for i, (_n, goal, node) in zip(ids, new_cards, strict=True)]
    return len(review_rows), written
