"""Cut long material into chunks on paragraph boundaries, one child job each.

Chunks are small enough for one focused request (~6,000 characters) so a failed chunk costs only
its own cards. Each chunk also gets a *window*: the stretch of material it belongs to, at most
``WINDOW_CHARS`` long, sent as the cached prompt prefix so the chunks of one window share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHUNK_CHARS = 6_000
WINDOW_CHARS = 200_000  # ~50k tokens: comfortably inside the context window, cheap when cached


@dataclass(frozen=True)
class Chunk:
    index: int
    total: int
    start: int
    end: int
    window_start: int
    window_end: int


def _cut(text: str, start: int, limit: int) -> int:
    """The best end for a piece starting at ``start`` of at most ``limit`` characters."""
    if len(text) - start <= limit:
        return len(text)
    hard = start + limit
    floor = start + limit // 3
    for pattern in (r"\n\s*\n", r"\n", r"[.!?]\s", r"\s"):
        best = None
        for m in re.finditer(pattern, text[floor:hard]):
            best = floor + m.end()
        if best is not None:
            return best
    return hard


def _pieces(text: str, limit: int, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Pieces of at most ``limit`` characters, none a sliver: when what would be left after a
    full piece is shorter than a quarter of ``limit`` (a 23-character tail of a window, once a
    part of its own that failed and failed again on Retry), the last two pieces share it."""
    end = len(text) if end is None else end
    sub = text[:end]
    out = []
    pos = start
    while pos < end:
        left = end - pos
        share = limit if left <= limit or left >= limit + limit // 4 else left * 2 // 3
        stop = _cut(sub, pos, share)
        if sub[pos:stop].strip():
            out.append((pos, stop))
        pos = stop
    return out


def chunk_material(
    text: str, chunk_chars: int = CHUNK_CHARS, window_chars: int = WINDOW_CHARS
) -> list[Chunk]:
    """Chunks covering ``text`` in order; the whole text when it fits in one."""
    windows = _pieces(text, window_chars)
    spans: list[tuple[int, int, int, int]] = []
    for w_start, w_end in windows:
        for c_start, c_end in _pieces(text, chunk_chars, w_start, w_end):
            spans.append((c_start, c_end, w_start, w_end))
    total = len(spans)
    return [Chunk(i, total, s, e, ws, we) for i, (s, e, ws, we) in enumerate(spans)]
