"""Question cards whose back is no answer to the question asked (issue 18, round 17's strict read).

Round 17's reader refused question cards whose back was fine in its sentence and no answer on
the card, each quoted in ``tests/test_asked_backs.py``:

- praise and a reason for a genus ("What is CCD?" -> "A very efficient method due to the fact
  that it obtains the value for α analytically"): the back says the thing is good and why, never
  what it is. The older praise rule (:func:`studyapp.generation.context_bound.empty_definition`)
  knows an empty head ("an excellent source"), not a real genus praised and justified;
- a verb whose object starts with its particle ("the concept of carrying capacity allows for the
  possibility that …" asked "What does … allow?" with the back "For the possibility that …"):
  the particle belongs to the question ("What does carrying capacity allow for?"), and "the
  concept of" is padding around the asked term.
"""

from __future__ import annotations

import re

# "a very efficient method due to the fact that …", "a simple and fast algorithm because …":
# praise for a genus, then why it deserves it.
_PRAISE_WORD = (
    r"(?:efficient|simple|powerful|fast|quick|effective|robust|elegant|useful|popular|"
    r"convenient|good|great|excellent|attractive|reliable|accurate|cheap|easy|flexible|"
    r"practical|important|successful|natural|appealing|straightforward|clever|neat|ideal)"
)
_PRAISE_AND_REASON = re.compile(
    r"^(?:(?:a|an|the|one)\s+)?"
    r"(?:(?:very|extremely|particularly|especially|quite|really|so|most|highly|rather|fairly|"
    r"remarkably|incredibly)\s+)?"
    rf"{_PRAISE_WORD}(?:,?\s+(?:and\s+)?{_PRAISE_WORD})*\s+"
    r"(?:[\w-]+\s+){0,2}?[\w-]+,?\s+"
    r"(?:because|due to|owing to|thanks to|since|as (?:it|they|this)|given that|for (?:it|they) "
    r"(?:is|are|has|have))\b",
    re.IGNORECASE,
)


def praise_and_reason(back: str) -> bool:
    """A back that praises a genus and says why ("A very efficient method due to the fact that
    it obtains the value for α analytically"): the reason is a merit of the thing, not what it
    is, so the card asks "What is CCD?" and teaches that CCD is good. A genus with what it does
    ("An efficient method for computing …") is no praise and reason: it stays."""
    return _PRAISE_AND_REASON.match(back.strip()) is not None


# "the concept of carrying capacity", "the idea of a cycle": the padding around the term a
# sentence says does something.
_PADDING = re.compile(r"^(?:the\s+)?(?:concept|idea|notion)\s+of\s+(?=\S)", re.IGNORECASE)


def unpadded(term: str) -> str:
    """``term`` without "the concept of" / "the idea of" / "the notion of" before it: "What
    does the concept of carrying capacity allow?" asks what carrying capacity allows. (Only for
    what a thing does: "The idea of progress is a modern invention" is about the idea, so a
    definition keeps its subject whole.)"""
    stripped = _PADDING.sub("", term.strip(), count=1)
    return stripped if stripped else term


# The particle a verb takes before its object ("allows for", "provides for", "calls for").
_PARTICLE_VERBS = {"for": ("allow", "provide", "call", "account")}
# A back that starts with a preposition: the verb's object is not the whole back.
_PREPOSITION_BACK = re.compile(r"^(?:for|to|of|about|against|without|toward|towards)\b", re.I)
_NOUN_PHRASE_START = re.compile(
    r"^(?:the|a|an|any|some|many|more|most|greater|less|fewer)\s+\S",
    re.IGNORECASE,
)


def particle_object(verb: str, rest: str) -> tuple[str, str] | None:
    """(particle, object) when the verb's object starts with the particle the verb takes
    ("allows for the possibility that …" -> ("for", "the possibility that …")): the question
    asks "allow for?" and the back is the noun phrase. ``("", "")`` when the object starts
    with another preposition, or the particle is not followed by a noun phrase: no sure mend,
    so no card. ``None`` when the object starts with no preposition."""
    m = _PREPOSITION_BACK.match(rest.strip())
    if m is None:
        return None
    word = m.group(0).lower()
    base = verb.lower().split()[0]
    after = rest.strip()[m.end() :].lstrip()
    if base.startswith(_PARTICLE_VERBS.get(word, ())) and _NOUN_PHRASE_START.match(after):
        return word, after
    return ("", "")


def praise_problem(back: str) -> str | None:
    """The gate's reason for a question card whose back is praise and a reason, or ``None``."""
    if praise_and_reason(back):
        return "praise and a reason, not what it is (the answer says why it is good)"
    return None
