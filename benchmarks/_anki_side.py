"""Anki's side of ``interop_10k.py``, run by Anki's own library (``anki``, test/bench only,
AGPL-3.0) in a process of its own per call, printing one JSON document:

    python benchmarks/_anki_side.py import PACKAGE          # time and peak memory of Anki's import
    python benchmarks/_anki_side.py convert COLLECTION PACKAGE OUT ROOT   # import, modern export
    python benchmarks/_anki_side.py back COLLECTION PACKAGE FRESH   # ours into both, compared
    python benchmarks/_anki_side.py build COLLECTION NOTES OUT     # a varied deck, made in Anki
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from anki.collection import (
    AddNoteRequest,
    Collection,
    DeckIdLimit,
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)


def peak_rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _import(col: Collection, package: str) -> dict[str, int]:
    log = col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=package,
            options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True),
        )
    ).log
    return {
        "new": len(log.new),
        "updated": len(log.updated),
        "duplicate": len(log.duplicate),
        "conflicting": len(log.conflicting),
    }


def cards(col: Collection) -> dict[str, list[Any]]:
    """Every card by "note guid/ord": the schedule a round trip must keep."""
    out = {}
    for guid, ord_, ctype, queue, due, ivl, data in col.db.all(
        "SELECT n.guid, c.ord, c.type, c.queue, c.due, c.ivl, c.data "
        "FROM cards c JOIN notes n ON n.id = c.nid"
    ):
        memory = json.loads(data) if data else {}
        out[f"{guid}/{ord_}"] = [ctype, queue, due, ivl, memory.get("s"), memory.get("d")]
    return out


def revlog(col: Collection) -> dict[str, int]:
    return {
        f"{guid}/{ord_}": n
        for guid, ord_, n in col.db.all(
            "SELECT n.guid, c.ord, count(r.id) FROM cards c JOIN notes n ON n.id = c.nid "
            "LEFT JOIN revlog r ON r.cid = c.id GROUP BY c.id"
        )
    }


KINDS = (
    ("Basic", lambda i: [f"What does <i>term {i}</i> mean?", f"Meaning <b>{i}</b><br>line two"]),
    ("Basic (and reversed card)", lambda i: [f"Gene {i}", f"Trait {i}"]),
    ("Cloze", lambda i: [f"{{{{c1::Alpha {i}}}}} comes first", "extra"]),
    ("Cloze", lambda i: [f"{{{{c1::A{i}}}}} pairs with {{{{c2::T{i}}}}}", ""]),
    ("Cloze", lambda i: [f"{{{{c1::G1 {i}}}}}, {{{{c2::S}}}} and {{{{c3::G2}}}}", "cycle"]),
    ("Basic (type in the answer)", lambda i: [f"Symbol {i}?", f"S{i}"]),
    ("Basic", lambda i: [f'Picture {i}<br><img src="figure {i % 50}.png">', f"answer {i}"]),
)
REVIEWS_PER_CARD = 6  # and one more, the last: about 100,000 for 10,000 notes


def build(path: str, notes: int, out: str) -> dict[str, Any]:
    """A deck of ``notes`` notes of every kind, with sub-decks, tags, pictures, and for every
    card a review history written straight into the revlog (answering 100,000 reviews one by
    one would take minutes), FSRS memory states, intervals, suspended and buried cards."""
    col = Collection(path)
    col.set_config("fsrs", True)
    decks = [col.decks.id(f"Varied::{name}") for name in ("A", "A::B", "C")] + [
        col.decks.id("Varied")
    ]
    for i in range(50):
        col.media.write_data(f"figure {i}.png", b"\x89PNG\r\n\x1a\n" + bytes([i]) * 200)
    models = {name: col.models.by_name(name) for name, _ in KINDS}
    requests = []
    for i in range(notes):
        name, fields = KINDS[i % len(KINDS)]
        note = col.new_note(models[name])
        for j, value in enumerate(fields(i)):
            note.fields[j] = value
        note.tags = [f"tag{i % 5}", "bench::varied"] if i % 3 else []
        requests.append(AddNoteRequest(note, decks[i % len(decks)]))
    col.add_notes(requests)  # one call: adding 10,000 one by one takes minutes
    today, cutoff = col.sched.today, col.sched.day_cutoff
    rows, updates, used = [], [], set()

    def unique(ms: int) -> int:
        while ms in used:
            ms += 1
        used.add(ms)
        return ms

    card_ids = col.db.list("SELECT id FROM cards ORDER BY id")
    for n, cid in enumerate(card_ids):
        if n % 10 == 9:
            continue  # new cards stay new
        ivl = 1 + n % 40
        last = (cutoff - 86_400 * (1 + n % 7) - 3600 * (n % 20)) * 1000
        for k in range(REVIEWS_PER_CARD):
            rid = unique(last - (REVIEWS_PER_CARD - k) * 86_400_000 * 3)
            rows.append((rid, cid, -1, 3, ivl, max(1, ivl - 1), 500, 4000, 1 if k else 0))
        rows.append((unique(last), cid, -1, 3, ivl, ivl, 500, 4000, 1))
        queue = -1 if n % 50 == 7 else -3 if n % 50 == 8 else 2
        data = json.dumps(
            {"s": ivl * 1.1, "d": 4.5, "dr": 0.9, "decay": 0.1542, "lrt": last // 1000}
        )
        updates.append(
            (2, queue, today - (1 + n % 7) + ivl, ivl, 2500, REVIEWS_PER_CARD + 1, data, cid)
        )
    col.db.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", rows)
    col.db.executemany(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, data = ? "
        "WHERE id = ?",
        updates,
    )
    col.export_anki_package(
        out_path=out,
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
        ),
        limit=DeckIdLimit(col.decks.id("Varied")),
    )
    result = {"notes": notes, "cards": len(card_ids), "reviews": len(rows)}
    col.close()
    return result


def main(argv: list[str]) -> dict[str, Any]:
    command = argv[0]
    if command == "build":
        return build(argv[1], int(argv[2]), argv[3])
    if command == "import":
        folder = Path(argv[2])
        folder.mkdir(parents=True, exist_ok=True)
        col = Collection(str(folder / "collection.anki2"))
        started = time.perf_counter()
        log = _import(col, argv[1])
        seconds = time.perf_counter() - started
        col.close()
        return {"seconds": seconds, "rss_kb": peak_rss_kb(), "log": log}
    if command == "convert":
        col = Collection(argv[1])
        _import(col, argv[2])
        col.export_anki_package(
            out_path=argv[3],
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
            ),
            limit=DeckIdLimit(col.decks.id(argv[4])),
        )
        col.close()
        return {}
    if command == "back":
        col = Collection(argv[1])
        before = cards(col)
        into_original = _import(col, argv[2])
        after = cards(col)
        col.close()
        fresh = Collection(argv[3])
        into_fresh = _import(fresh, argv[2])
        theirs = cards(fresh)
        counts = revlog(fresh)
        fresh.close()
        original = Collection(argv[1])
        reference = revlog(original)
        original.close()
        changed = [k for k, v in before.items() if theirs.get(k, [None] * 4)[:4] != v[:4]]
        memory = [
            k
            for k, v in before.items()
            if k in theirs
            and v[4] is not None
            and (abs(theirs[k][4] - v[4]) > 1e-3 or abs(theirs[k][5] - v[5]) > 1e-3)
        ]
        return {
            "into_original": into_original,
            "original_untouched": before == after,
            "into_fresh": into_fresh,
            "cards": len(before),
            "missing": len(set(before) - set(theirs)),
            "schedule_changed": len(changed),
            "memory_changed": len(memory),
            "revlog_changed": sum(1 for k, n in reference.items() if counts.get(k) != n),
            "example": changed[:3],
        }
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    json.dump(main(sys.argv[1:]), sys.stdout)
