"""The Anki side of the round-trip tests, run by Anki's own library (test-only, AGPL-3.0) in a
process of its own, so each run can have its own time zone: Anki reads the zone once per process.

    TZ=Etc/GMT-9 python -m tests.anki_side build OUT_DIR ROLLOVER
    TZ=Etc/GMT-9 python -m tests.anki_side back OUT_DIR OUR_PACKAGE OUR_OTHER_PACKAGE

``build`` makes the source collection: a few dozen notes of every kind a learner has (Basic with
formatting and hostile markup, Basic and reversed, optional reversed, typed answers, Cloze with
1-3 deletions), tags, sub-decks, pictures and a sound, reviews answered by Anki's scheduler with
FSRS on, intervals of exactly 6 and 7 days, a "Set due date" and a "Forget" in the log, suspended
cards, a card buried by the learner and one buried as a sibling; then it exports the deck
(modern and legacy packages) and dumps everything a round trip must keep.

``back`` imports our export of that deck into the original collection (Anki's log: new,
updated, unchanged) and into a fresh one, and Anki's own package of the deck into another fresh
one (the reference), dumps them, exports the original deck again (for a
second import into Studyapp), and takes our export of a Studyapp-made goal into another fresh
collection and exports it (the other direction).

Each prints one JSON document on stdout.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from anki.collection import (
    Collection,
    DeckIdLimit,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

ROOT = "Biology"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3
JPG = b"\xff\xd8\xff\xe0" + b"JFIF" + bytes(reversed(range(256))) * 2
MP3 = b"ID3\x04\x00" + b"clip" * 200
HOSTILE_FRONT = '<b>Safe bold</b><script>alert("x")</script><style>b{color:red}</style> front'
HOSTILE_BACK = (
    '<img src="allele.png" onerror="alert(1)">answer '
    '<a href="file:///etc/passwd">a link</a><img src="https://example.com/remote.png" alt="remote">'
    '<img src="../../secret.png"><span onclick="evil()">clicked</span>'
)


def _open(path: Path, rollover: int | None = None) -> Collection:
    path.parent.mkdir(parents=True, exist_ok=True)
    col = Collection(str(path))
    col.set_config("fsrs", True)
    if rollover is not None:
        col.set_config("rollover", rollover)
    return col


def _answer(col: Collection, card_id: int, ease: int, seconds: float = 5.0) -> None:
    card = col.get_card(card_id)
    card.timer_started = time.time() - seconds
    col.sched.answerCard(card, ease)


def build(out: Path, rollover: int) -> dict[str, Any]:
    col = _open(out / "source" / "collection.anki2", rollover)
    decks = {
        "": col.decks.id(ROOT),
        "genetics": col.decks.id(f"{ROOT}::Genetics"),
        "alleles": col.decks.id(f"{ROOT}::Genetics::Alleles"),
        "cells": col.decks.id(f"{ROOT}::Cells"),
    }
    col.media.write_data("allele.png", PNG)
    col.media.write_data("cell diagram.jpg", JPG)
    col.media.write_data("clip.mp3", MP3)
    cards: dict[str, list[int]] = {}

    def add(key: str, kind: str, fields: list[str], deck: str, tags: list[str]) -> None:
        note = col.new_note(col.models.by_name(kind))
        for i, value in enumerate(fields):
            note.fields[i] = value
        note.tags = tags
        col.add_note(note, decks[deck])
        cards[key] = [c.id for c in sorted(note.cards(), key=lambda c: c.ord)]

    add(
        "homozygous",
        "Basic",
        ["What does <i>homozygous</i> mean?", 'Two identical alleles<br><img src="allele.png">'],
        "alleles",
        ["bio::genetics", "exam"],
    )
    add("hostile", "Basic", [HOSTILE_FRONT, HOSTILE_BACK], "genetics", ["hostile"])
    add("ruby", "Basic", ["<ruby>細胞<rt>さいぼう</rt></ruby>", "cell"], "cells", ["lang::ja"])
    add(
        "lists",
        "Basic",
        ["Organelles?", "<ul><li>nucleus</li><li>ribosome</li></ul>"],
        "cells",
        [],
    )
    add(
        "table",
        "Basic",
        ["Base pairs", "<table><tr><td>A</td><td>T</td></tr><tr><td>G</td><td>C</td></tr></table>"],
        "genetics",
        [],
    )
    add("formula", "Basic", ["H<sub>2</sub>O and E=mc<sup>2</sup>", "<u>water</u>"], "", [])
    add(
        "picture",
        "Basic",
        ['Which organelle?<br><img src="cell diagram.jpg">', "The nucleus [sound:clip.mp3]"],
        "cells",
        ["media"],
    )
    for i in range(6):
        add(f"plain{i}", "Basic", [f"Term {i}", f"Meaning {i}"], "genetics" if i % 2 else "", [])
    for i in range(4):
        add(
            f"reversed{i}",
            "Basic (and reversed card)",
            [f"Gene {i}", f"Trait {i}"],
            "alleles",
            ["rev"],
        )
    add(
        "optional", "Basic (optional reversed card)", ["Mitosis", "Cell division", "y"], "cells", []
    )
    for i in range(3):
        add(
            f"typed{i}",
            "Basic (type in the answer)",
            [f"Symbol of element {i}?", f"El{i}"],
            "",
            ["typed"],
        )
    add("cloze1", "Cloze", ["{{c1::DNA}} is a double helix", "Watson and Crick"], "genetics", [])
    add(
        "cloze1b",
        "Cloze",
        ["The {{c1::cell membrane::boundary}} encloses the cell", ""],
        "cells",
        [],
    )
    add(
        "cloze2",
        "Cloze",
        ["{{c1::Adenine}} pairs with {{c2::thymine}}", "in DNA"],
        "genetics",
        ["pairs"],
    )
    add("cloze2b", "Cloze", ["{{c1::Mitochondria}} make {{c2::ATP}}", ""], "cells", [])
    add(
        "cloze3",
        "Cloze",
        ["{{c1::G1}}, {{c2::S}} and {{c3::G2}} make up interphase", "cell cycle"],
        "cells",
        ["cycle"],
    )

    # History, answered by Anki's scheduler (FSRS on).
    def first(key: str) -> int:
        return cards[key][0]

    _answer(col, first("homozygous"), 4)  # easy: straight to review
    for ease in (3, 3, 1):  # learning, review, lapse: relearning
        _answer(col, first("picture"), ease)
    _answer(col, first("reversed0"), 3)  # learning
    _answer(col, cards["reversed1"][1], 4)
    for key in ("cloze2", "cloze3"):
        for card_id in cards[key]:
            _answer(col, card_id, 4)
    _answer(col, first("typed0"), 3)
    _answer(col, first("typed0"), 3)
    for key in ("plain0", "plain1", "plain2", "ruby", "table"):
        _answer(col, first(key), 4)
    # Intervals of exactly 6 and 7 days (the day Anki showed 6 and we showed 5), reviewed late
    # on the day before today: 8 hours before the day's end, so 5 days and 16 hours lie between
    # the review and the start of the due day (measured in hours and rounded: 5, not 6).
    col.sched.set_due_date([first("plain0")], "6!")
    col.sched.set_due_date([first("plain1")], "7!")
    col.sched.set_due_date([first("ruby")], "6!")
    late = (col.sched.day_cutoff - 86_400 - 8 * 3600) * 1000
    for offset, (key, ivl) in enumerate((("plain0", 6), ("plain1", 7), ("ruby", 6))):
        card = col.get_card(first(key))
        col.db.execute(
            "UPDATE revlog SET id = ? WHERE cid = ? AND ease > 0", late + offset, card.id
        )
        memory = json.loads(col.db.scalar("SELECT data FROM cards WHERE id = ?", card.id))
        memory["lrt"] = late // 1000
        col.db.execute(
            "UPDATE cards SET due = ?, ivl = ?, data = ? WHERE id = ?",
            col.sched.today + ivl - 1,
            ivl,
            json.dumps(memory, separators=(",", ":")),
            card.id,
        )
    # Forget: the card is new again, its old reviews stay in the log.
    col.sched.schedule_cards_as_new([first("plain2")], restore_position=True, reset_counts=False)
    col.sched.suspend_cards([first("table"), cards["cloze3"][2]])
    col.sched.bury_cards([first("formula")], manual=True)  # queue -3
    col.sched.bury_cards([cards["reversed2"][1]], manual=False)  # queue -2: a sibling's burial
    out.mkdir(parents=True, exist_ok=True)
    packages = {}
    for legacy in (False, True):
        path = out / f"anki-{'legacy' if legacy else 'modern'}.apkg"
        col.export_anki_package(
            out_path=str(path),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, with_media=True, legacy=legacy
            ),
            limit=DeckIdLimit(decks[""]),
        )
        packages["legacy" if legacy else "modern"] = str(path)
    result = {"packages": packages, "dump": dump(col), "cards": _keys(col, cards)}
    col.close()
    return result


def _keys(col: Collection, cards: dict[str, list[int]]) -> dict[str, list[str]]:
    """Our names of the test's notes -> their cards as "guid/ord"."""
    out = {}
    for key, ids in cards.items():
        out[key] = [f"{col.get_card(cid).note().guid}/{col.get_card(cid).ord}" for cid in ids]
    return out


def dump(col: Collection) -> dict[str, Any]:
    """Everything a round trip must keep, keyed by note GUID (cards by "guid/ord")."""
    notes: dict[str, Any] = {}
    names = {nt["id"]: nt["name"] for nt in col.models.all()}
    for guid, mid, tags, flds, mod in col.db.all("SELECT guid, mid, tags, flds, mod FROM notes"):
        notes[guid] = {
            "type": names.get(mid),
            "mid": mid,
            "fields": flds.split("\x1f"),
            "tags": sorted(tags.split()),
            "mod": mod,
        }
    cards: dict[str, Any] = {}
    revlog: dict[str, Any] = {}
    for (
        cid,
        guid,
        ord_,
        did,
        ctype,
        queue,
        due,
        ivl,
        factor,
        reps,
        lapses,
        left,
        flags,
        data,
    ) in col.db.all(
        "SELECT c.id, n.guid, c.ord, c.did, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, "
        "c.lapses, c.left, c.flags, c.data FROM cards c JOIN notes n ON n.id = c.nid"
    ):
        memory = json.loads(data) if data else {}
        key = f"{guid}/{ord_}"
        cards[key] = {
            "deck": col.decks.name(did),
            "type": ctype,
            "queue": queue,
            "due": due,
            "ivl": ivl,
            "factor": factor,
            "reps": reps,
            "lapses": lapses,
            "left": left,
            "flags": flags,
            "s": memory.get("s"),
            "d": memory.get("d"),
        }
        revlog[key] = [
            list(row)
            for row in col.db.all(
                "SELECT id, ease, ivl, lastIvl, factor, time, type FROM revlog WHERE cid = ? "
                "ORDER BY id",
                cid,
            )
        ]
    notetypes = {
        nt["name"]: {
            "id": nt["id"],
            "type": nt["type"],
            "sortf": nt["sortf"],
            "css": nt["css"],
            "flds": [f["name"] for f in nt["flds"]],
            "tmpls": [[t["name"], t["qfmt"], t["afmt"]] for t in nt["tmpls"]],
        }
        for nt in col.models.all()
    }
    folder = Path(col.media.dir())
    media = {
        p.name: hashlib.sha1(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }
    return {
        "today": col.sched.today,
        "notes": notes,
        "cards": cards,
        "revlog": revlog,
        "notetypes": notetypes,
        "media": media,
    }


def _import(col: Collection, package: str) -> dict[str, int]:
    result = col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=package,
            options=ImportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, merge_notetypes=True
            ),
        )
    )
    log = result.log
    return {
        "new": len(log.new),
        "updated": len(log.updated),
        "duplicate": len(log.duplicate),
        "conflicting": len(log.conflicting),
    }


def back(out: Path, ours: str, our_other: str) -> dict[str, Any]:
    original = _open(out / "source" / "collection.anki2")
    into_original = _import(original, ours)
    again = out / "anki-again.apkg"
    original.export_anki_package(
        out_path=str(again),
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
        ),
        limit=DeckIdLimit(original.decks.id(ROOT)),
    )
    original_dump = dump(original)
    original.close()
    fresh = _open(out / "fresh" / "collection.anki2")
    into_fresh = _import(fresh, ours)
    fresh_dump = dump(fresh)
    fresh.close()
    # The reference: Anki's own package of the deck in a fresh collection (names Anki gives a
    # note type that clashes with a fresh collection's own, like "Basic+", are its own doing).
    reference = _open(out / "reference" / "collection.anki2")
    _import(reference, str(out / "anki-modern.apkg"))
    reference_dump = dump(reference)
    reference.close()
    other = _open(out / "other" / "collection.anki2")
    into_other = _import(other, our_other)
    returned = out / "studyapp-via-anki.apkg"
    root = next(d for d in other.decks.all_names_and_ids() if "::" not in d.name and d.id != 1)
    other.export_anki_package(
        out_path=str(returned),
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
        ),
        limit=DeckIdLimit(root.id),
    )
    other.close()
    return {
        "into_original": into_original,
        "original": original_dump,
        "into_fresh": into_fresh,
        "fresh": fresh_dump,
        "reference": reference_dump,
        "into_other": into_other,
        "again": str(again),
        "returned": str(returned),
    }


def main(argv: list[str]) -> int:
    command, out = argv[0], Path(argv[1])
    if command == "build":
        result = build(out, int(argv[2]))
    elif command == "back":
        result = back(out, argv[2], argv[3])
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
