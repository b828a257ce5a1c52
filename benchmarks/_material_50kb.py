"""A deterministic ~50 KB study text for the generation benchmarks (no download, no fixture file).

Built from the TCP congestion-control page in ``tests/fixtures`` plus generated sections of
definition sentences and ordinary prose about made-up terms, so the offline provider has the same
kind of work it gets from real notes: headings, definitions, recurring terms, filler.
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 50_000

NOUNS = ["buffer", "queue", "packet", "router", "window", "timer", "stream", "socket", "link",
         "frame", "segment", "channel", "cache", "ledger", "scheduler", "resolver"]  # fmt: skip
ADJ = ["adaptive", "bounded", "cyclic", "delayed", "elastic", "framed", "greedy", "hybrid",
       "implicit", "jittered", "keyed", "layered", "mirrored", "nested", "ordered", "paced"]  # fmt: skip
VERBS = ["limits", "records", "delays", "forwards", "measures", "reorders", "drops", "marks",
         "splits", "merges", "caches", "throttles"]  # fmt: skip


def build(target: int = TARGET, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts = [(ROOT / "tests" / "fixtures" / "congestion.md").read_text()]
    section = 0
    while sum(len(p) for p in parts) < target:
        section += 1
        parts.append(f"\n## Topic {section}: {rng.choice(ADJ)} {rng.choice(NOUNS)}s\n")
        for _ in range(3):
            sentences = []
            for _ in range(5):
                term = f"{rng.choice(ADJ)} {rng.choice(NOUNS)} {section}{rng.randint(10, 99)}"
                kind = rng.random()
                what = f"{rng.choice(NOUNS)} that {rng.choice(VERBS)} every {rng.choice(NOUNS)}"
                if kind < 0.35:
                    sentences.append(
                        f"The {term} is a {what} before it reaches the {rng.choice(NOUNS)}."
                    )
                elif kind < 0.5:
                    sentences.append(f"The {term} refers to the {what} on its way out.")
                else:
                    sentences.append(
                        f"In practice the {rng.choice(NOUNS)} {rng.choice(VERBS)} each "
                        f"{rng.choice(NOUNS)} when the {rng.choice(ADJ)} {rng.choice(NOUNS)} is busy."
                    )
            parts.append(" ".join(sentences) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":
    text = build()
    print(f"{len(text)} characters")
