"""Anki's side of ``interop_10k.py``, run by Anki's own library (``anki``, test/bench only,
AGPL-3.0) in a process of its own per call, printing one JSON document:

    python benchmarks/_anki_side.py import PACKAGE          # time and peak memory of Anki's import
    python benchmarks/_anki_side.py convert COLLECTION PACKAGE OUT ROOT   # import, modern export
    python benchmarks/_anki_side.py back COLLECTION PACKAGE FRESH   # ours into both, compared
"""

from __future__ import annotations

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


def main(argv: list[str]) -> dict[str, Any]:
    command = argv[0]
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
