"""Who made a card, in words: the deck, its tooltip and the card browser all say it the same way.

Qt-free, so the browser can turn rows into cell text on the thread that fetched them.
"""

from __future__ import annotations

MAKERS = {
    "offline": "Offline generator",
    "claude": "Claude",
    "manual": "By hand",
    "import": "Imported",
}


def maker(provider: str | None) -> str:
    """``cards.provider`` as a learner reads it; an unknown maker is shown as stored."""
    if provider is None:
        return "Unknown"
    return MAKERS.get(provider, provider)
