"""A counted list the material states ("There are two main types of groups: primary and
secondary") as a question card: "What are the two main types of groups?".

Textbook prose often states a classification as a count and its members after a colon. The
members together are the fact a learner studies; a cloze on one of them would leave "one item
of a list" (more than one defensible answer), so the card asks for all of them. The count must
match the members listed: a list the sentence does not carry in full, or a colon that leads
into something else ("two basic tenets:" and a bulleted list after it), makes no card.

Three shapes, all ending on the list:
- "There are N KINDS (of X): A and B." -> "What N KINDS (of X) are there?" ("Which N KINDS
  can …?" when a relative clause qualifies them)
- "Class objects support N KINDS: A and B." -> "What N KINDS do class objects support?"
- "N KINDS VERB …: A and B." -> "Which N KINDS VERB …?"

Pure functions of the sentence; no words from any one text.
"""

from __future__ import annotations

import re

from studyapp.generation.types import CardDraft
from studyapp.generation.words import STOPWORDS

_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
}
_COUNT = r"(?P<n>two|three|four|five|six|seven|eight)"
# The counted phrase: the number and the kind, with a qualifier after it ("that can be used to
# include changes from one branch on another"), up to the colon.
_THERE_ARE = re.compile(rf"^There (?:are|were) {_COUNT}\s(?P<kind>[^:;]{{3,120}}):\s(?P<list>.+)$")
_SUBJECT_HAS = re.compile(
    rf"^(?P<subject>(?:[A-Z][\w-]*|The [\w-]+)(?: [\w-]+){{0,3}}) "
    r"(?P<verb>has|have|supports?|uses?|includes?|contains?|recogni[sz]es?|defines?|provides?) "
    rf"{_COUNT}\s(?P<kind>[^:;,]{{3,80}}):\s(?P<list>.+)$"
)
_COUNTED_SUBJECT = re.compile(
    rf"^(?i:{_COUNT})\s(?P<kind>(?:[\w-]+ ){{0,3}}[\w-]+s) (?P<rest>(?!are\b|is\b)[a-z]+ [^:;]{{3,120}}):"
    r"\s(?P<list>.+)$"
)
_CLAUSE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|could|will|would|does|do|did|must|may)\b", re.I
)
_ITEM = re.compile(r"^(?:(?:the|a|an) )?[\w“”\"'()./+-]+(?: [\w“”\"'()./+-]+){0,5}$", re.IGNORECASE)


def _members(text: str) -> list[str] | None:
    """The list's members ("primary and secondary", "A, B, and C"), or ``None`` when it is
    not a plain list of short noun phrases ending the sentence."""
    text = text.strip()
    if not text.endswith(".") or text.count(".") > 1:  # a second sentence, or cut mid-list
        return None
    body = text[:-1]
    parts = re.split(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+", body)
    if len(parts) < 2 or not all(_ITEM.match(p) for p in parts):
        return None
    if any(p.lower() in STOPWORDS for p in parts):
        return None
    if any(_CLAUSE_VERB.search(p) for p in parts):
        return None  # "the first is small and the second is large": clauses, not members
    return parts


def _answer(members_text: str) -> str:
    """The members as written; a plain word capitalised, never a name ("git-merge(1)")."""
    text = members_text.strip().rstrip(".")
    return text[:1].upper() + text[1:] if re.match(r"[a-z]+\b(?![-(.])", text) else text


def _plural_verb(verb: str, subject: str) -> tuple[str, str]:
    """ "support" after a plural subject ("do class objects support"), "has" -> "does … have"."""
    if verb == "has":
        return "does", "have"
    if verb == "have":
        return "do", "have"
    if verb.endswith("s") and not subject.endswith("s"):
        return "does", verb[:-1]  # every verb of _SUBJECT_HAS takes a bare "s"
    return "do", verb


def enumeration_card(sentence: str, section: str = "") -> CardDraft | None:
    """A question card asking for the members of a counted list, or ``None``."""
    if not 30 <= len(sentence) <= 240:
        return None
    m = _THERE_ARE.match(sentence)
    if m is not None:
        members = _members(m["list"])
        if members is None or len(members) != _NUMBERS[m["n"]]:
            return None
        kind = m["kind"].strip()
        relative = re.match(r"(?P<head>.+?) (?:that|which|who) (?P<rest>.+)$", kind)
        front = (
            f"Which {m['n']} {relative['head']} {relative['rest']}?"  # "… tools that can be used …"
            if relative
            else f"What {m['n']} {kind} are there?"  # not "the two …": the gate asks "which?"
        )
        return CardDraft(front, _answer(m["list"]), "basic", sentence, section)
    m = _SUBJECT_HAS.match(sentence)
    if m is not None:
        members = _members(m["list"])
        if members is None or len(members) != _NUMBERS[m["n"]]:
            return None
        subject = m["subject"]
        lowered = subject[:1].lower() + subject[1:] if not subject[1:2].isupper() else subject
        aux, verb = _plural_verb(m["verb"], subject)
        front = f"What {m['n']} {m['kind'].strip()} {aux} {lowered} {verb}?"
        return CardDraft(front, _answer(m["list"]), "basic", sentence, section)
    m = _COUNTED_SUBJECT.match(sentence)
    if m is not None:
        members = _members(m["list"])
        if members is None or len(members) != _NUMBERS[m["n"].lower()]:
            return None
        front = f"Which {m['n'].lower()} {m['kind']} {m['rest'].strip()}?"
        return CardDraft(front, _answer(m["list"]), "basic", sentence, section)
    return None
