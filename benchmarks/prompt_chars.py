"""Characters sent to the Anthropic API per generated card for a 50 KB material, measured at the
fake Messages API (tests/fake_anthropic.py) with the real SDK and the real Claude provider.

Each chunk request carries the whole material as a cache-marked prefix plus a short task naming
its section. "Without caching" counts every character at full price each time; "with the cached
prefix" counts the prefix once (the first request writes the cache) and then only the uncached
tail of each request.

Last line: ``prompt chars per card: N without caching, M with the cached prefix``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._material_50kb import build
from studyapp.generation.chunking import chunk_material
from studyapp.generation.claude import ClaudeProvider
from studyapp.generation.keys import ApiKey
from studyapp.generation.settings import resolve
from studyapp.generation.types import CardsRequest
from tests import fake_anthropic

COUNT = 10


def main() -> None:
    text = build()
    chunks = chunk_material(text)
    with fake_anthropic.serve() as fake:
        os.environ["ANTHROPIC_BASE_URL"] = fake.url
        provider = ClaudeProvider(ApiKey("sk-ant-benchmark"), resolve({}).models, timeout=30)
        cards = 0
        for chunk in chunks:
            window = text[chunk.window_start : chunk.window_end]
            request = CardsRequest(
                goal_title="Networking",
                count=COUNT,
                material=window,
                chunk=text[chunk.start : chunk.end],
                chunk_label=f"part {chunk.index + 1} of {chunk.total}",
            )
            cards += len(provider.cards(request).cards)
        requests = list(fake.requests)
    total = sum(r.chars for r in requests)
    seen: set[int] = set()
    uncached = 0
    for r in requests:
        prefix = r.cached_prefix_chars
        if prefix and prefix in seen:
            uncached += r.chars - prefix
        else:
            uncached += r.chars
            seen.add(prefix)
    per_request_tail = (total - sum(r.cached_prefix_chars for r in requests)) / len(requests)
    print(f"material: {len(text):,} characters, {len(chunks)} chunks, {len(requests)} requests")
    print(f"cards: {cards}; uncached tail per request: {per_request_tail:,.0f} characters")
    print(f"total characters sent: {total:,}; billed at full price with caching: {uncached:,}")
    print(
        f"prompt chars per card: {total / cards:,.0f} without caching, "
        f"{uncached / cards:,.0f} with the cached prefix"
    )


if __name__ == "__main__":
    main()
