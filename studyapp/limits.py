"""How much one card may hold, and how much of it anything derived from it reads.

A card's text is checked once, where it comes in (a CSV or .apkg import, a backup, the card
editor, a generation job): at most ``MAX_CARD_SIDE`` characters a side, refused with the field
and the limit named. A long passage fits; a book, or a 5 MB field of an Anki deck, does not.

Everything *derived* from a card (its embedding, the vector store's copy of its text, a job's
duplicate checks, prompts and skill homes, the jobs page's label) reads only its beginning,
``DERIVED_CHARS`` characters, cut by PostgreSQL (:func:`head`) so that a longer row written by
an older version never leaves the database whole: it cannot blow up a search, a vector sync or
a job. The learner's own text is never cut: the card keeps all of it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func

from studyapp.errors import BadInput

MAX_CARD_SIDE = 1_048_576  # characters of a card's front or back, on every way in
MAX_TAG = 500  # characters of one tag
DERIVED_CHARS = 2_000  # characters of a card side read for embeddings, checks and labels


def card_side_problem(value: str, name: str) -> str | None:
    """Why ``value`` cannot be a card's side ``name`` ("cards[12].front"), or None."""
    if len(value) > MAX_CARD_SIDE:
        return (
            f"{name} is {len(value):,} characters; a card side holds at most "
            f"{MAX_CARD_SIDE:,} characters"
        )
    return None


def check_card_side(value: str, name: str, then: str = "") -> None:
    """Refuse an over-long card side with one sentence naming the field and the limit
    (``then``: what it means, e.g. "; nothing was imported")."""
    problem = card_side_problem(value, name)
    if problem:
        raise BadInput(f"{problem}{then}.")


def head(column: Any) -> Any:
    """``left(column, DERIVED_CHARS)``: what a derived use reads of a card's text column."""
    return func.left(column, DERIVED_CHARS)


def whole(column: Any) -> Any:
    """``left(column, MAX_CARD_SIDE)``: a card read for showing or editing brings at most what
    a card may hold. Every card written since the limit exists is whole; a row an older
    version let in (a 200 MB front) is read as its first ``MAX_CARD_SIDE`` characters, where
    reading it all cost a search ~1 GB. The row itself keeps everything."""
    return func.left(column, MAX_CARD_SIDE)


def cut(text: str) -> str:
    """The same beginning, for text already in memory."""
    return text[:DERIVED_CHARS]
