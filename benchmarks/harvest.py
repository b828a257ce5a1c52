"""Every offline card of every tuning text, in a fixed order, for diffing two versions of the
rules (issue 18).

The benchmark runs the job path (parts, the database, cross-part dedupe), where a few cards
swap between runs of the same code because parts commit in varying order. A rule writer needs
the opposite: the same code gives the same file, so ``diff before.txt after.txt`` shows exactly
the cards a change adds, removes or rewords. This calls the offline provider once on each whole
cleaned text with its marked terms, and writes ``[file] front => back`` per card and
``REJ [file] front :: reason`` per refusal. Held-out texts are never harvested (their cards
must stay unread until the strict read).

    .venv/bin/python benchmarks/harvest.py [OUT.txt] [FILE ...]

Last line: ``harvest: N cards from M texts``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.human_reads import CORPUS, made_in_full


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "out", type=Path, nargs="?", help="where to write the cards (default: a temporary file)"
    )
    p.add_argument("files", nargs="*", help="tuning files to harvest (default: all of them)")
    args = p.parse_args()
    if args.out is None:  # `make bench` runs every benchmark bare
        args.out = Path(tempfile.mkdtemp(prefix="harvest-")) / "harvest.txt"
    sources = json.loads((CORPUS / "sources.json").read_text(encoding="utf-8"))
    tuning = [s["file"] for s in sources if s.get("set", "tuning") == "tuning"]
    unknown = sorted(set(args.files) - set(tuning))
    if unknown:
        raise SystemExit(f"not tuning texts (held-out cards stay unread): {', '.join(unknown)}")
    lines: list[str] = []
    cards = 0
    files = args.files or tuning
    for file in files:
        result = made_in_full(file)
        cards += len(result.cards)
        lines += [f"[{file}] {c.front} => {c.back}" for c in result.cards]
        lines += [f"REJ [{file}] {front} :: {reason}" for front, reason in result.rejected]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    print(f"harvest: {cards} cards from {len(files)} texts")


if __name__ == "__main__":
    main()
