"""Putting a card from a corpus text through the real gate, with the text it came from: the
strict-read tests (rounds 10 and 11) quote a card as the reader saw it and judge it here."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from studyapp.generation.blanks import blank_problem
from studyapp.generation.cleaning import clean
from studyapp.generation.offline_cards import harvest
from studyapp.generation.quality import CLOZE_PREFIX, CardContext, card_problem
from studyapp.generation.types import CardDraft
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def material(name: str) -> str:
    """The corpus text ``name`` as the card maker reads it (cleaned HTML)."""
    return clean((CORPUS / name).read_text(encoding="utf-8"), "html")


@cache
def title(name: str) -> str:
    """The text's title from the corpus index: the goal a learner would set for it."""
    sources = json.loads((CORPUS / "sources.json").read_text(encoding="utf-8"))
    return next(s["title"] for s in sources if s["file"] == name)


def problem(name: str, front: str, back: str, kind: str = "basic") -> str | None:
    """Why the gate refuses the card, or None, in the goal and material of text ``name``."""
    ctx = CardContext(goal_title=title(name), material=material(name))
    return card_problem(CardDraft(front, back, kind), ctx)


def cloze(name: str, sentence: str, answer: str) -> str | None:
    return problem(name, f"{CLOZE_PREFIX}{sentence}", answer, "cloze")


def blank(name: str, sentence: str, answer: str) -> str | None:
    """Why the offline maker would not blank ``answer`` in ``sentence`` of text ``name``."""
    start = sentence.index(answer)
    return blank_problem(sentence, start, start + len(answer), material(name))


@cache
def cleaned(name: str) -> str:
    """The corpus text ``name`` read and cleaned as an import does (any format)."""
    return clean_material(read_file(CORPUS / name))


@cache
def harvested(name: str) -> dict[str, str]:
    """front -> back of every offline card of the whole text ``name``."""
    return {c.front: c.back for c in harvest(cleaned(name), 200).cards}
