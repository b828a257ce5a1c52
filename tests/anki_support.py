"""Decks made by Anki's own library (the ``anki`` package, test-only, AGPL-3.0): a collection with
FSRS on, sub-decks, tags, media, reversed and cloze notes, a suspended card and cards answered into
every state, exported with Anki's own exporters in both package formats."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from anki.collection import (
    Collection,
    DeckIdLimit,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"perro" * 100
MP3 = b"ID3\x04" + b"guau" * 100
ROOT = "Spanish"

# (front, back) of every card the deck holds, as Studyapp must show them.
EXPECTED = {
    "hablar": ("hablar", "to speak"),
    "perro": ("el perro", "the dog"),
    "comer": ("comer", "to eat"),
    "comer-rev": ("to eat", "comer"),
    "cloze1": ("_____ is the capital of Spain", "Madrid\ngeography"),
    "cloze2": ("Madrid is the capital of _____ [country]", "Spain\ngeography"),
    "gato": ("gato", "cat"),
    "nuevo": ("nuevo", "new"),
}


@dataclass(frozen=True)
class AnkiCard:
    """One card as Anki holds it (read back from Anki's own database)."""

    key: str
    type: int
    queue: int
    due: int
    ivl: int
    reps: int
    lapses: int
    data: dict[str, Any]
    deck: str
    tags: list[str]
    revlog: list[tuple[int, int, int]]  # (id ms, ease, time ms)


@dataclass(frozen=True)
class AnkiDecks:
    packages: dict[str, Path]  # "apkg-legacy", "apkg-modern", "colpkg-legacy", "colpkg-modern"
    cards: dict[str, AnkiCard]
    day_cutoff: int  # Anki's next day rollover (seconds) when the decks were made
    today: int  # Anki's day number then


def open_collection(folder: Path) -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    col = Collection(str(folder / "collection.anki2"))
    col.set_config("fsrs", True)
    return col


def answer(col: Collection, card_id: int, ease: int, seconds: float = 6.0) -> None:
    card = col.get_card(card_id)
    card.timer_started = time.time() - seconds
    col.sched.answerCard(card, ease)


def build_anki_decks(folder: Path) -> AnkiDecks:
    col = open_collection(folder / "source")
    verbs = col.decks.id(f"{ROOT}::Verbs")
    animals = col.decks.id(f"{ROOT}::Nouns::Animals")
    root = col.decks.id(ROOT)
    col.decks.id(f"{ROOT}::Empty")
    image = col.media.write_data("perro foto.png", PNG)
    sound = col.media.write_data("guau.mp3", MP3)
    ids: dict[str, int] = {}

    def add(kind: str, fields: dict[str, str], deck: int, tags: list[str], keys: list[str]) -> None:
        note = col.new_note(col.models.by_name(kind))
        for name, value in fields.items():
            note[name] = value
        note.tags = tags
        col.add_note(note, deck)
        for key, card in zip(keys, sorted(note.cards(), key=lambda c: c.ord), strict=True):
            ids[key] = card.id

    add(
        "Basic",
        {"Front": "<b>hablar</b>", "Back": "to speak"},
        verbs,
        ["verb", "lang::es"],
        ["hablar"],
    )
    add(
        "Basic",
        {"Front": f'el perro <img src="{image}">', "Back": f"the dog [sound:{sound}]"},
        animals,
        ["noun"],
        ["perro"],
    )
    add(
        "Basic (and reversed card)",
        {"Front": "comer", "Back": "to eat"},
        verbs,
        ["verb"],
        ["comer", "comer-rev"],
    )
    add(
        "Cloze",
        {
            "Text": "{{c1::Madrid}} is the capital of {{c2::Spain::country}}",
            "Back Extra": "geography",
        },
        root,
        [],
        ["cloze1", "cloze2"],
    )
    add("Basic", {"Front": "gato", "Back": "cat"}, animals, ["noun"], ["gato"])
    add("Basic", {"Front": "nuevo", "Back": "new"}, root, [], ["nuevo"])

    answer(col, ids["hablar"], 4)  # easy: straight to review
    for ease in (3, 3, 1):  # learning, review, lapse: relearning
        answer(col, ids["perro"], ease)
    answer(col, ids["comer"], 3)  # learning
    answer(col, ids["cloze1"], 4)
    answer(col, ids["cloze2"], 3)
    answer(col, ids["cloze2"], 3)
    answer(col, ids["gato"], 4)
    col.sched.suspend_cards([ids["gato"]])

    cards = {key: read_card(col, key, cid) for key, cid in ids.items()}
    cutoff, today = col.sched.day_cutoff, col.sched.today
    packages: dict[str, Path] = {}
    for legacy in (True, False):
        name = "legacy" if legacy else "modern"
        out = folder / f"anki-{name}.apkg"
        col.export_anki_package(
            out_path=str(out),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, with_media=True, legacy=legacy
            ),
            limit=DeckIdLimit(root),
        )
        packages[f"apkg-{name}"] = out
    for legacy in (True, False):
        name = "legacy" if legacy else "modern"
        out = folder / f"anki-{name}.colpkg"
        col.export_collection_package(str(out), include_media=True, legacy=legacy)
        packages[f"colpkg-{name}"] = out
        col.reopen()
    col.close()
    return AnkiDecks(packages, cards, cutoff, today)


def read_card(col: Collection, key: str, card_id: int) -> AnkiCard:
    ctype, queue, due, ivl, reps, lapses, data, did, nid = col.db.first(
        "SELECT type, queue, due, ivl, reps, lapses, data, did, nid FROM cards WHERE id = ?",
        card_id,
    )
    tags = col.get_note(nid).tags
    revlog = col.db.all("SELECT id, ease, time FROM revlog WHERE cid = ? ORDER BY id", card_id)
    return AnkiCard(
        key,
        ctype,
        queue,
        due,
        ivl,
        reps,
        lapses,
        json.loads(data) if data else {},
        col.decks.name(did),
        list(tags),
        [tuple(r) for r in revlog],
    )


def import_into_anki(folder: Path, package: Path) -> Collection:
    """A fresh Anki collection with ``package`` imported by Anki's own importer."""
    col = open_collection(folder)
    col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(package),
            options=ImportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, merge_notetypes=True
            ),
        )
    )
    return col
