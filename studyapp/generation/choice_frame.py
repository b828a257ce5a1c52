"""Which other cards' answers may be wrong options for a card with a descriptive answer.

A question card "What does X specify?" answered by a clause ("The maximum number of …",
"Set the priority of …") is fairly quizzed only by answers to the same question about a
sibling of X (what another option of the same family specifies). The strict read of issue 18
(round 5) found such cards given other cards' long definitions of other kinds of thing (a
device, a pattern of lines, a program) or other sentences' predicates as options: their form
and kind give the answer away. So for a descriptive answer only the answers of cards asking the
same question frame are offered, and among "What is X?" cards only those whose answers name
the same kind (genus) of thing; else the card is studied as a flashcard.
"""

from __future__ import annotations

import re

from studyapp.generation.choice_sense import genus
from studyapp.generation.quality import BLANK

# More words than this make an answer descriptive (a clause, a definition), not a term, as
# choice_sense.is_description reads it ("Uterine contractions in people in labor").
DESCRIPTIVE_WORDS = 5
_QUESTION = re.compile(
    r"^(what|who|which|how|why|when|where)\s+(is|are|was|were|does|do|did|can|could)\s+"
    r"(?:an?\s+|the\s+)?(.+?)(?:\s+([a-z]+(?:\s+(?:of|for|to|in|with|on|by))?))?\?$",
    re.IGNORECASE,
)


def _genus(text: str) -> str:
    """What kind of thing a definition names (:func:`genus`), read from its words only: an
    acronym, a number or code in it ("… messenger RNA", "RFC 1122") does not hide its head."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text) if not w.isupper()]
    return genus(" ".join(words))


def is_descriptive(answer: str) -> bool:
    """An answer of more than :data:`DESCRIPTIVE_WORDS` words."""
    return len(re.findall(r"[\w'-]+", answer)) > DESCRIPTIVE_WORDS


def frame(front: str) -> tuple[str, ...] | None:
    """The question with its subject taken out ("What does SO_ERROR do?" -> ("what", "does",
    "do"); "What is a raw socket?" -> ("what", "is", "")), or None for a cloze or another
    form. With "is"/"are" the whole rest is the subject; with "does"/"do" the last word (and a
    preposition after it) is the verb asked about ("consist of", "provide")."""
    q = " ".join(front.split())
    if BLANK in q:
        return None
    m = _QUESTION.match(q)
    if m is None:
        return None
    wh, aux, _subject, verb = m.groups()
    aux = aux.lower()
    if aux in ("is", "are", "was", "were"):
        return (wh.lower(), "is", "")
    if not verb:
        return None
    return (wh.lower(), "does", verb.lower())


def same_question(front: str, answer: str, other_front: str, other_answer: str) -> bool:
    """Whether ``other_answer`` answers the question ``front`` asks, about another subject:
    the same frame, and for "What is X?" a definition of the same kind of thing."""
    mine, theirs = frame(front), frame(other_front)
    if mine is None or mine != theirs:
        return False
    if mine[1] == "is":
        a, o = _genus(answer), _genus(other_answer)
        return a == o  # both "" (names, code): judged by the frame alone
    return True


def material_answers(front: str, answer: str, drawn: str) -> bool:
    """Whether a term, definition or purpose drawn from the material may be a wrong option for
    this card: any for a term answer or a cloze; for a descriptive answer to "What is X?" a
    definition of the same kind of thing (the material's definitions answer that question
    about their terms); none for another question ("What does X specify?"), which the
    material's sentences do not answer as such."""
    if not is_descriptive(answer):
        return True
    asked = frame(front)
    if asked is None:
        return True
    if asked[1] != "is":
        return False
    return is_descriptive(drawn) and _genus(drawn) == _genus(answer)
