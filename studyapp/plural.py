"""Counted nouns for the sentences people read ("1 card", "2 cards"), instead of "card(s)"."""

from __future__ import annotations


def counted(n: int, noun: str) -> str:
    """``counted(1, "card")`` is "1 card", ``counted(2, "card")`` "2 cards": the nouns the app
    counts (card, goal, review, duplicate, media file, skill) all take a plain -s."""
    return f"{n} {noun}{'s' * (n != 1)}"
