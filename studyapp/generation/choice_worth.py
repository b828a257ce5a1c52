"""Whether a card is worth a choice set at all.

Round 4's strict read (issue 18) dropped choice sets made for cards that were themselves bad: a
sentence cut off mid-way ("…which names the files containing the _____ explicitly, or"), a
blank that needs the text before it ("From there, _____ diffuse…"), a card saved before the
gate learned a pattern. Three good wrong options do not make such a card worth studying, and
offering them tells the learner it is. The card is judged again by today's gate
(:func:`studyapp.generation.quality.card_problem`, the one gate both providers' cards meet)
and by the checks a choice set adds: the sentence must be whole.
"""

from __future__ import annotations

import re

from studyapp.generation.choice_list_slot import list_item_blank
from studyapp.generation.quality import CardContext, card_problem, cloze_sentence
from studyapp.generation.types import CardDraft

# The providers whose cards the gate made (offline.NAME, claude.NAME): a learner's own or
# imported card is theirs to judge.
GENERATED_BY = frozenset({"offline", "claude"})
# How a whole sentence ends: a full stop, a question or exclamation mark, or one of these
# closing a quotation or a bracket after it.
_WHOLE = re.compile(r"[.!?][\"'”’)\]]*$|[.!?]?[\"'”’)\]]$")


def cut_off(front: str, kind: str) -> bool:
    """A cloze whose sentence stops before its end ("…, or", "…the browser would send")."""
    if kind != "cloze":
        return False
    sentence = cloze_sentence(front).strip()
    return bool(sentence) and _WHOLE.search(sentence) is None


def unfit_card(
    front: str, back: str, kind: str, *, material: str = "", goal_title: str = ""
) -> str | None:
    """Why no choice set should be offered for this card, or None."""
    if cut_off(front, kind):
        return "its sentence is cut off"
    if kind == "cloze" and list_item_blank(front):
        return "its blank is one item of a list: any other item fits it too"
    problem = card_problem(
        CardDraft(front, back, kind), CardContext(goal_title=goal_title, material=material)
    )
    return problem
