"""An Anki package read into Studyapp notes and cards, with history, tags, media and note types.

Each card is rendered through its note type's template (see ``render.py``), so a reversed note
gives two cards and a Cloze note one card per deletion; the card's deck path below the package's
common root deck becomes its skill path, its note's tags its tags, the media its rendered sides
refer to its media, and its schedule and review log its FSRS state and reviews (``schedule.py``).
A side with formatting keeps it as sanitised HTML (``services/safe_html.py``); its plain text is
kept beside it for search and embedding.

The notes themselves come along too (:class:`AnkiNote`): GUID, note type, the field values as
Anki holds them, tags and modification time, so a re-import finds what it already has and an
export gives Anki its own notes back. Each card keeps Anki's scheduling fields as they were
(``anki_card.py``), so an unchanged card goes back to Anki exactly.

Nothing is written here: the caller gets every note and the media files to copy, so a damaged
package is refused before the database or the media folder are touched.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

import fsrs

from studyapp.errors import BadInput
from studyapp.limits import MAX_TAG, check_card_side
from studyapp.services.anki_html import field_media, html_to_text, html_to_text_and_media
from studyapp.services.apkg import anki_card
from studyapp.services.apkg.collection import (
    CardRow,
    Collection,
    Note,
    NoteType,
    RevlogRow,
    read_collection,
)
from studyapp.services.apkg.package import MediaEntry, Package, open_package
from studyapp.services.apkg.render import render_card
from studyapp.services.apkg.schedule import EPOCH, ROLLOVER, import_schedule
from studyapp.services.interop_media import safe_name
from studyapp.services.interop_notes import NoteIn, ReviewIn
from studyapp.services.safe_html import formatted
from studyapp.services.study import resolve_tz, scheduler_for

EARLIEST_MS = 946_684_800_000  # 2000-01-01: older "times" in a collection are not times
MAX_DAYS = 100_000  # a due day further than ~270 years away is damage, not a schedule
FALLBACK = NoteType(0, "", False, ("Front", "Back"), {0: ("{{Front}}", "{{Back}}")})


@dataclass(frozen=True)
class AnkiNote:
    """One note as Anki holds it (``fields`` verbatim: never shown, only given back to Anki).
    ``media``: the package media names its fields refer to."""

    guid: str
    anki_id: int
    notetype_id: int
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    mod: int
    media: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnkiDeck:
    """What a package holds, ready to import. ``notes`` are its cards (one :class:`NoteIn`
    each) and refer to media by their package names; ``media`` maps each referenced name to
    its place in the package."""

    title: str  # the common root deck (a new goal's title), or the file's name
    notes: tuple[NoteIn, ...]
    skills: tuple[tuple[str, ...], ...]
    media: dict[str, MediaEntry]
    missing_media: int  # references to files the package does not contain (dropped)
    skipped_reviews: int  # revlog rows with impossible times
    note_types: dict[int, NoteType] = field(default_factory=dict)
    anki_notes: tuple[AnkiNote, ...] = ()
    rollover: int = ROLLOVER  # the hour the collection's day starts


def read_apkg(
    path: Path, *, tz: tzinfo | str | None = None, desired_retention: float = 0.9
) -> AnkiDeck:
    """Read a package without importing it (the media stay in the zip)."""
    with open_package(path) as package:
        return read_package(package, resolve_tz(tz), scheduler_for(desired_retention))


def read_package(package: Package, tz: tzinfo, scheduler: fsrs.Scheduler) -> AnkiDeck:
    entries = package.media_entries()
    by_name: dict[str, MediaEntry] = {}
    for entry in entries:
        safe_name(entry.name)  # refuses the whole package on a hostile name
        by_name.setdefault(unicodedata.normalize("NFC", entry.name), entry)
    collection = read_collection(package.extract_collection(), package.name)
    return _build(collection, by_name, Path(package.name).stem, tz, scheduler, package.name)


def _root(collection: Collection) -> tuple[tuple[str, ...], int]:
    used = [collection.decks.get(card.deck_id, ()) for card in collection.cards]
    used = [path for path in used if path]
    if used and all(p[:1] == used[0][:1] for p in used):
        return used[0][:1], 1
    return (), 0


def _skills(collection: Collection, root: tuple[str, ...], root_len: int) -> list[tuple[str, ...]]:
    """Every deck below the root (empty sub-decks too), parents first; Anki's "Default" deck only
    when cards use it."""
    used_ids = {card.deck_id for card in collection.cards}
    paths = set()
    for deck_id, path in collection.decks.items():
        if (deck_id == 1 and deck_id not in used_ids) or deck_id in collection.filtered:
            continue
        if root_len and path[:1] != root:
            continue
        below = tuple(part.strip() for part in path[root_len:] if part.strip())
        for depth in range(1, len(below) + 1):
            paths.add(below[:depth])
    return sorted(paths, key=lambda p: (len(p), p))


class _Media:
    """The package's media as the cards see it: which names exist (NFC, as Anki normalises)."""

    def __init__(self, entries: dict[str, MediaEntry]) -> None:
        self.entries = entries
        self.referenced: dict[str, MediaEntry] = {}
        self.missing = 0

    def find(self, name: str) -> MediaEntry | None:
        return self.entries.get(unicodedata.normalize("NFC", name))

    def use(self, name: str) -> str | None:
        """The package name of a referenced file (now to be copied), None when absent."""
        entry = self.find(name)
        if entry is None:
            return None
        self.referenced[entry.name] = entry
        return entry.name

    def checker(self) -> Callable[[str], str | None]:
        """For the sanitiser: an image is kept when the package has its file."""
        return self.use


def _build(
    collection: Collection,
    media_entries: dict[str, MediaEntry],
    file_title: str,
    tz: tzinfo,
    scheduler: fsrs.Scheduler,
    package_name: str = "The package",
) -> AnkiDeck:
    root, root_len = _root(collection)
    now = datetime.now(UTC)
    latest_ms = int((now + timedelta(days=2)).timestamp() * 1000)
    revlog: dict[int, list[RevlogRow]] = defaultdict(list)
    skipped = 0
    for row in collection.revlog:
        if EARLIEST_MS <= row.id <= latest_ms:
            revlog[row.card_id].append(row)
        else:
            skipped += 1
    media = _Media(media_entries)
    anki_notes: dict[int, AnkiNote] = {}
    cards: list[NoteIn] = []
    for card in collection.cards:
        note = collection.notes.get(card.note_id)
        if note is None:
            continue  # a card without its note cannot be shown
        if note.id not in anki_notes:
            _check_fields(collection, note, package_name)  # before rendering: bounded work
            anki_notes[note.id] = _anki_note(note, media)
        made = _card(
            collection,
            card,
            note,
            revlog.get(card.id, []),
            media,
            tz,
            scheduler,
            now,
            root_len,
            created=_from_ms(card.id, latest_ms),
        )
        for side, value in (
            ("front", made.front),
            ("back", made.back),
            ("formatted front", made.front_html or ""),
            ("formatted back", made.back_html or ""),
        ):
            check_card_side(
                value,
                f"{package_name}: the {side} of card {len(cards) + 1} (Anki card {card.id})",
                "; nothing was imported",
            )
        cards.append(made)
    for kept in anki_notes.values():  # files only a field names (no template shows them)
        for name in kept.media:
            media.use(name)
    used_types = {note.notetype_id for note in anki_notes.values()}
    title = " ".join(root[0].split()) if root else file_title
    return AnkiDeck(
        title or "Imported deck",
        tuple(cards),
        tuple(_skills(collection, root, root_len)),
        media.referenced,
        media.missing,
        skipped,
        {ntid: nt for ntid, nt in collection.notetypes.items() if ntid in used_types},
        tuple(anki_notes.values()),
        collection.timing.rollover if collection.timing.rollover is not None else ROLLOVER,
    )


def _check_fields(collection: Collection, note: Note, package_name: str) -> None:
    """A note field over the card-side limit is refused before it is rendered (a 5 MB field
    once went on to be embedded whole: the import was killed at 23 GB)."""
    names = collection.notetypes.get(note.notetype_id, FALLBACK).fields or FALLBACK.fields
    for i, value in enumerate(note.fields):
        name = names[i] if i < len(names) else f"field {i + 1}"
        check_card_side(
            value,
            f"{package_name}: the field \u201c{name}\u201d of note {note.id}",
            "; nothing was imported",
        )
    for tag in note.tags:
        if len(tag) > MAX_TAG:
            raise BadInput(
                f"{package_name}: a tag of note {note.id} is {len(tag):,} characters; a tag "
                f"holds at most {MAX_TAG:,}; nothing was imported."
            )


def _anki_note(note: Note, media: _Media) -> AnkiNote:
    names: list[str] = []
    for value in note.fields:
        for name in field_media(value):
            found = media.find(name)
            if found is not None and found.name not in names:
                names.append(found.name)
    return AnkiNote(
        note.guid, note.id, note.notetype_id, note.fields, note.tags, note.mod, tuple(names)
    )


def _card(
    collection: Collection,
    card: CardRow,
    note: Note,
    log: list[RevlogRow],
    media: _Media,
    tz: tzinfo,
    scheduler: fsrs.Scheduler,
    now: datetime,
    root_len: int,
    created: datetime | None,
) -> NoteIn:
    notetype = collection.notetypes.get(note.notetype_id, FALLBACK)
    sides = _render(collection, card, notetype, note.fields, note.tags, media)
    card = _sane(card)
    schedule = import_schedule(card, log, collection.timing, tz, scheduler, now)
    deck = collection.decks.get(card.deck_id, ())
    skill = tuple(part.strip() for part in deck[root_len:] if part.strip())
    state = schedule.state
    return NoteIn(
        sides.front,
        sides.back,
        skill,
        kind="cloze" if notetype.cloze else "basic",
        tags=note.tags,
        media=sides.media,
        reviews=tuple(
            ReviewIn(
                row.ease,
                EPOCH + timedelta(0, row.id // 1000, row.id % 1000 * 1000),  # exact, and fast
                row.time_ms or None,
                (row.ivl, row.last_ivl, row.factor, row.type),
            )
            for row in schedule.reviews
        ),
        state=state,
        replay_start=schedule.start,
        archived=schedule.archived,
        created_at=created,
        note_guid=note.guid,
        note_ord=card.ord,
        front_html=sides.front_html,
        back_html=sides.back_html,
        type_answer=sides.type_answer,
        anki=anki_card.imported(card, collection.timing, tz, schedule),
        buried_until=schedule.buried_until,
        from_new=schedule.from_new,
    )


def _from_ms(ms: int, latest_ms: int) -> datetime | None:
    """A card id as its creation time (Anki's ids are milliseconds), when it is plausible."""
    return EPOCH + timedelta(milliseconds=ms) if EARLIEST_MS <= ms <= latest_ms else None


def _sane(card: CardRow) -> CardRow:
    """Clamp due values no real schedule has, so date arithmetic cannot overflow."""
    if card.due > 1_000_000_000:
        return card._replace(due=min(card.due, 32_503_680_000))  # year 3000
    if abs(card.due) > MAX_DAYS:
        return card._replace(due=MAX_DAYS if card.due > 0 else -MAX_DAYS)
    return card


@dataclass(frozen=True)
class _Sides:
    front: str
    back: str
    media: tuple[tuple[str, str], ...]  # (package name, side)
    front_html: str | None
    back_html: str | None
    type_answer: str | None


def _render(
    collection: Collection,
    card: CardRow,
    notetype: NoteType,
    fields: tuple[str, ...],
    tags: tuple[str, ...],
    media: _Media,
) -> _Sides:
    """One card's sides: plain text, media (name, side), rich HTML where it has formatting."""
    names = notetype.fields or FALLBACK.fields
    values = {name: fields[i] if i < len(fields) else "" for i, name in enumerate(names)}
    template_ord = 0 if notetype.cloze else card.ord
    qfmt, afmt = notetype.templates.get(template_ord) or _fallback_template(names)
    deck = collection.decks.get(card.deck_id, ())
    specials = {
        "Tags": " ".join(tags),
        "Type": notetype.name,
        "Deck": "::".join(deck),
        "Subdeck": deck[-1] if deck else "",
        "CardFlag": "",
    }
    rendered = render_card(
        qfmt,
        afmt,
        values,
        cloze=card.ord + 1 if notetype.cloze else None,
        specials=specials,
    )
    front, front_media = html_to_text_and_media(rendered.question)
    refs = [(name, "front") for name in front_media]
    if notetype.cloze:
        answers = [html_to_text_and_media(answer) for answer in rendered.cloze_answers]
        extra, extra_media = html_to_text_and_media(rendered.answer)
        back = ", ".join(text for text, _ in answers if text)
        if extra:
            back = f"{back}\n{extra}" if back else extra
        refs += [(name, "back") for _, names_ in answers for name in names_]
        refs += [(name, "back") for name in extra_media]
        answer_html = ", ".join(a for a in rendered.cloze_answers if a.strip())
        if rendered.answer.strip():
            answer_html = f"{answer_html}<br>{rendered.answer}" if answer_html else rendered.answer
    else:
        back, back_media = html_to_text_and_media(rendered.answer)
        refs += [(name, "back") for name in back_media]
        answer_html = rendered.answer
    kept: list[tuple[str, str]] = []
    for name, side in refs:
        stored = media.use(name)
        if stored is None:
            media.missing += 1
        else:
            kept.append((stored, side))
    check = media.checker()
    typed = rendered.type_answer
    return _Sides(
        front,
        back,
        tuple(kept),
        formatted(rendered.question, check),
        formatted(answer_html, check),
        html_to_text(typed) if typed is not None else None,
    )


def _fallback_template(names: tuple[str, ...]) -> tuple[str, str]:
    """A card whose template is gone: first field asks, second answers."""
    first = names[0] if names else "Front"
    second = names[1] if len(names) > 1 else first
    return "{{" + first + "}}", "{{" + second + "}}"
