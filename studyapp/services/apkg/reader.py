"""An Anki package read into Studyapp notes: one per Anki card, with history, tags and media.

Each card is rendered through its note type's template (see ``render.py``), so a reversed note
gives two cards and a Cloze note one card per deletion; the card's deck path below the package's
common root deck becomes its skill path, its note's tags its tags, the media its rendered sides
refer to its media, and its schedule and review log its FSRS state and reviews (``schedule.py``).

Nothing is written here: the caller gets every note and the media files to copy, so a damaged
package is refused before the database or the media folder are touched.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

import fsrs

from studyapp.errors import BadInput
from studyapp.limits import MAX_TAG, check_card_side
from studyapp.services.anki_html import html_to_text_and_media
from studyapp.services.apkg.collection import CardRow, Collection, Note, NoteType, read_collection
from studyapp.services.apkg.package import MediaEntry, Package, open_package
from studyapp.services.apkg.render import render_card
from studyapp.services.apkg.schedule import from_ms, import_schedule
from studyapp.services.interop_media import safe_name
from studyapp.services.interop_notes import NoteIn, ReviewIn
from studyapp.services.study import resolve_tz, scheduler_for

EARLIEST_MS = 946_684_800_000  # 2000-01-01: older "times" in a collection are not times
MAX_DAYS = 100_000  # a due day further than ~270 years away is damage, not a schedule
FALLBACK = NoteType(0, "", False, ("Front", "Back"), {0: ("{{Front}}", "{{Back}}")})


@dataclass(frozen=True)
class AnkiDeck:
    """What a package holds, ready to import. ``notes`` refer to media by their package names;
    ``media`` maps each referenced name to its place in the package."""

    title: str  # the common root deck (a new goal's title), or the file's name
    notes: tuple[NoteIn, ...]
    skills: tuple[tuple[str, ...], ...]
    media: dict[str, MediaEntry]
    missing_media: int  # references to files the package does not contain (dropped)
    skipped_reviews: int  # revlog rows with impossible times


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


def _build(
    collection: Collection,
    media: dict[str, MediaEntry],
    file_title: str,
    tz: tzinfo,
    scheduler: fsrs.Scheduler,
    package_name: str = "The package",
) -> AnkiDeck:
    root, root_len = _root(collection)
    now = datetime.now(UTC)
    latest_ms = int((now + timedelta(days=2)).timestamp() * 1000)
    revlog: dict[int, list] = defaultdict(list)
    skipped = 0
    for row in collection.revlog:
        if EARLIEST_MS <= row.id <= latest_ms:
            revlog[row.card_id].append(row)
        else:
            skipped += 1
    notes: list[NoteIn] = []
    referenced: dict[str, MediaEntry] = {}
    missing = 0
    for card in collection.cards:
        note = collection.notes.get(card.note_id)
        if note is None:
            continue  # a card without its note cannot be shown
        _check_fields(collection, note, package_name)
        front, back, sides = _render(collection, card, note.notetype_id, note.fields, note.tags)
        for side, value in (("front", front), ("back", back)):
            check_card_side(
                value,
                f"{package_name}: the {side} of card {len(notes) + 1} (Anki card {card.id})",
                "; nothing was imported",
            )
        kept: list[tuple[str, str]] = []
        for name, side in sides:
            entry = media.get(unicodedata.normalize("NFC", name))
            if entry is None:
                missing += 1
                continue
            referenced[entry.name] = entry
            kept.append((entry.name, side))
        schedule = import_schedule(
            _sane(card), revlog.get(card.id, []), collection.timing, tz, scheduler
        )
        deck = collection.decks.get(card.deck_id, ())
        skill = tuple(part.strip() for part in deck[root_len:] if part.strip())
        notetype = collection.notetypes.get(note.notetype_id, FALLBACK)
        notes.append(
            NoteIn(
                front,
                back,
                skill,
                kind="cloze" if notetype.cloze else "basic",
                tags=note.tags,
                media=tuple(kept),
                reviews=tuple(
                    ReviewIn(row.ease, from_ms(row.id), row.time_ms or None)
                    for row in schedule.reviews
                ),
                state=schedule.state,
                replay_start=schedule.start,
                archived=schedule.archived,
                created_at=from_ms(card.id) if EARLIEST_MS <= card.id <= latest_ms else None,
            )
        )
    title = " ".join(root[0].split()) if root else file_title
    return AnkiDeck(
        title or "Imported deck",
        tuple(notes),
        tuple(_skills(collection, root, root_len)),
        referenced,
        missing,
        skipped,
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


def _sane(card: CardRow) -> CardRow:
    """Clamp due values no real schedule has, so date arithmetic cannot overflow."""
    if card.due > 1_000_000_000:
        return replace(card, due=min(card.due, 32_503_680_000))  # year 3000
    if abs(card.due) > MAX_DAYS:
        return replace(card, due=MAX_DAYS if card.due > 0 else -MAX_DAYS)
    return card


def _render(
    collection: Collection,
    card: CardRow,
    notetype_id: int,
    fields: tuple[str, ...],
    tags: tuple[str, ...],
) -> tuple[str, str, list[tuple[str, str]]]:
    """(front text, back text, [(media name, side)]) of one card."""
    notetype = collection.notetypes.get(notetype_id, FALLBACK)
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
    media = [(name, "front") for name in front_media]
    if notetype.cloze:
        answers = [html_to_text_and_media(answer) for answer in rendered.cloze_answers]
        extra, extra_media = html_to_text_and_media(rendered.answer)
        back = ", ".join(text for text, _ in answers if text)
        if extra:
            back = f"{back}\n{extra}" if back else extra
        media += [(name, "back") for _, names_ in answers for name in names_]
        media += [(name, "back") for name in extra_media]
    else:
        back, back_media = html_to_text_and_media(rendered.answer)
        media += [(name, "back") for name in back_media]
    return front, back, media


def _fallback_template(names: tuple[str, ...]) -> tuple[str, str]:
    """A card whose template is gone: first field asks, second answers."""
    first = names[0] if names else "Front"
    second = names[1] if len(names) > 1 else first
    return "{{" + first + "}}", "{{" + second + "}}"
