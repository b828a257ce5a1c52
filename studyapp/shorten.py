"""Shortening text to a limit the way a reader expects: at a word, with "…" saying so.

Used where a name is derived from something longer (a skill from a 5,000-character heading, a
goal from a deck's name) and where a window shows a bounded start of a long text. A cut in the
middle of a word, with nothing to show that anything is missing, reads as a typo.
"""

from __future__ import annotations

ELLIPSIS = "\u2026"
WORD_WINDOW = 40  # how far back a cut looks for a space before it cuts inside a word


def shorten(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters; else its start, ended at a word when there
    is a space near the limit, followed by "…" (the result has at most ``limit`` characters)."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS[:limit]
    cut = text[: limit - 1]
    space = cut.rfind(" ", max(0, len(cut) - WORD_WINDOW))
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\u2013\u2014") + ELLIPSIS
