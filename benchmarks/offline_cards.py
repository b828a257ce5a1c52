"""Offline cards per second on a 50 KB material: chunking plus the offline provider, exactly what
the flashcard handler runs (without the database and vector store around it).

Last line: ``offline cards/s: N``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._material_50kb import build
from studyapp.generation.chunking import chunk_material
from studyapp.generation.offline import OfflineProvider
from studyapp.generation.types import CardsRequest

ROUNDS = 5


def run_once(text: str) -> int:
    provider = OfflineProvider()
    made = 0
    for chunk in chunk_material(text):
        part = text[chunk.start : chunk.end]
        request = CardsRequest(goal_title="Networking", count=10, material=part, chunk=part)
        made += len(provider.cards(request).cards)
    return made


def main() -> None:
    text = build()
    chunks = len(chunk_material(text))
    run_once(text)  # warm up (regex compilation, imports)
    best = float("inf")
    cards = 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        cards = run_once(text)
        best = min(best, time.perf_counter() - start)
    print(f"material: {len(text):,} characters in {chunks} chunks")
    print(f"cards per run: {cards} (best of {ROUNDS}: {best * 1000:.1f} ms)")
    print(f"offline cards/s: {cards / best:.0f}")


if __name__ == "__main__":
    main()
