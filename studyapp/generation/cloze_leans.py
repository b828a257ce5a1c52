"""Cloze sentences a strict reader cannot answer from the card alone.

Each test here names a shape of sentence, not a subject: a blank that is one item of a
listed series (any item fits as well as the one hidden), a subject that counts things the
card never names ("Three types of …"), a generic "all states allow _____" with nothing that
pins the answer, a blanked subject that "also" ties to the sentence before, a sentence from a story about one firm (a case box), and a definition whose
"it" points at what the blank hides or at a sentence before.
"""

from __future__ import annotations

import re

BLANK = "_____"

# -- one item of a listed series ----------------------------------------------------------------
# What opens a series: "… include X, Y, and Z", "… such as X, Y, and Z", "… are X, Y, and Z",
# "…: X, Y, and Z".
_SERIES_LEAD = re.compile(r"\b(?:includes?|including|such as|are)\s+|:\s+", re.IGNORECASE)
_CLAUSE_WORD = re.compile(r"\b(?:which|that|who|whose|where|when|because|while)\b", re.I)


def series_item(sentence: str) -> bool:
    """Is the blank one item, any one (the first too), of a series of three or more after
    "include"/"such as"/"are"/":"? ("Advantages of corporations include _____, ease of
    transferring ownership, …, and the ability to attract financing.": every other item fits
    the blank as well as the hidden one, and the card asks the reader to recall an order.)"""
    at = sentence.find(BLANK)
    if at < 0:
        return False
    leads = [m for m in _SERIES_LEAD.finditer(sentence) if m.end() <= at]
    if not leads:
        return False
    tail = sentence[leads[-1].end() :].rstrip(" .;!?")
    parts = [p.strip() for p in tail.split(",")]
    if len(parts) < 3 or not re.match(r"(?:and|or)\s", parts[-1]):
        return False
    if any(not p or len(p.split()) > 9 or _CLAUSE_WORD.search(p) for p in parts):
        return False  # a clause, not a series of noun phrases
    return any(BLANK in p for p in parts)


# -- a count the card does not spell out --------------------------------------------------------
_COUNTED_SUBJECT = re.compile(
    r"^(?:two|three|four|five|six|seven|eight|nine|ten|several|\d+)\s+(?:main\s+|major\s+|"
    r"basic\s+|different\s+)?(?:types|kinds|forms|sorts|classes|categories|varieties)\s+of\s+",
    re.IGNORECASE,
)


def counted_subject(sentence: str) -> bool:
    """A subject that counts things without naming them ("Three types of corporate business
    organization provide _____."): the card leans on the enumeration the text gives after
    it, and the blank says only what the unnamed members share."""
    m = _COUNTED_SUBJECT.match(sentence.strip())
    if m is None:
        return False
    rest = sentence.strip()[m.end() :]
    if re.search(r"\b(?:that|which|whose|where)\b", rest):
        return False  # "Two types of evidence imply that the rays originate in the _____": a fact
    return BLANK in rest and not series_item(sentence)


# -- "also" after a blanked subject ------------------------------------------------------------
_ALSO_SUBJECT = re.compile(
    rf"^(?:(?:the|a|an)\s+)?{BLANK}\s+(?:(?:is|are|was|were|must|can|could|may|might|will|"
    r"would|should|has|have|had|does|do)\s+)?also\b",
    re.IGNORECASE,
)


def also_subject(sentence: str) -> bool:
    """The blank is the subject and "also" follows it ("The _____ must also by definition be
    partially covalent." after "… an ionic compound and a partially ionic one"): "also" says
    the thing was named with another property in the sentence before, so the card asks which
    of the things the text discussed, and only the sentence before can tell."""
    return bool(_ALSO_SUBJECT.match(sentence.strip()))


# -- a generic "all X allow _____" --------------------------------------------------------------
_GENERIC_OBJECT = re.compile(
    r"^(?:[A-Z][a-z]+,?\s+)?(?:all|many|most|some|several|nearly all|almost all)\s+"
    r"(?:[a-z-]+\s+){1,2}(?:now\s+|also\s+)?(?:allow|allows|permit|permits|offer|offers|"
    r"provide|provides|support|supports)\s+(?:(?:the|a|an)\s+[a-z-]+\s+of\s+)?(?:the\s+)?"
    rf"{BLANK}\.?$"
)


def unpinned_object(sentence: str) -> bool:
    """The blank object of a generic verb with an "all/many/most" subject, and nothing after
    it ("Today all states allow the formation of _____."): any thing those subjects allow or
    offer fits; nothing in the sentence names a property of the answer alone."""
    return bool(_GENERIC_OBJECT.match(sentence.strip()))


# -- a story about one firm ---------------------------------------------------------------------
_FIRM = (
    r"(?:\b(?:the|its|their)\s+(?:company|firm|founders?|business|owners?|CEO)"
    r"(?:\s+of(?:\s+[A-Z][\w&.'’-]*)+)?"
    # A run-together company name ("PacSun") as a clause's subject: not "an instance of
    # MyClass created above", "/some/dir has MultiViews enabled".
    r"|(?:^|(?<=,\s))[A-Z][a-z]+[A-Z]\w*)"
)
_PAST = (
    r"(?:[a-z]+ed|took|made|chose|began|grew|sold|became|went|had|was|did|led|built|bought|"
    r"won|lost|brought|found|gave|got|held|kept|left|met|paid|ran|sent|spent|stood|saw)"
)
_FIRM_DID = re.compile(rf"{_FIRM}\s+(?:[a-z]+ly\s+)?{_PAST}\b")
_YEAR_DID = re.compile(rf"^In\s+(?:[A-Z][a-z]+\s+)?\d{{4}},\s+{_FIRM}\s+{_PAST}\b")


def firm_story(sentence: str) -> bool:
    """A sentence of a story about one firm, told in the past: "To remain on the cutting edge
    of teen tastes, the company regularly hosted an open house …", "At launch, the founder of
    Executive Property Management Services chose to incorporate …", "As its business took
    off, PacSun successfully made the leap …". A case box's events are an anecdote, not a
    fact of the subject."""
    body = sentence.replace(BLANK, "x")
    return bool(_FIRM_DID.search(body) or _YEAR_DID.match(body))


def in_firm_story(sentence: str, answer: str, material: str) -> bool:
    """A sentence inside a paragraph that tells a story about one firm (two or more of its
    other sentences do): "Being able to distinguish between short-lived fads and actual
    _____ is important when making merchandise choices." sits between "the company
    regularly hosted …" and "In 2025, PacSun organized …", and is the firm's lesson, not the
    text's."""
    if not material:
        return False
    filled = sentence.replace(BLANK, answer.strip(), 1).strip()
    probe = filled[: min(len(filled), 60)]
    for paragraph in re.split(r"\n\s*\n", material):
        if probe not in paragraph:
            continue
        others = [s for s in re.split(r"(?<=[.!?”])\s+", paragraph) if s.strip() and probe not in s]
        return sum(firm_story(s) for s in others) >= 2
    return False


# -- "it" in a definition -----------------------------------------------------------------------
_DEFINITION_BLANK = re.compile(
    rf"^(?:the\s+|an?\s+)?{BLANK}\s+(?:is|are)\s+(?:defined\s+(?:to\s+be|as)|called|"
    r"the\s+[a-z]+)\b",
    re.IGNORECASE,
)


def definition_it(sentence: str) -> bool:
    """A definition with a blank term whose predicate says "it" ("The _____ is defined to be
    the distance it can travel through a material."): "it" is what the blank hides (range of
    radiation) or a sentence before, so the definition cannot be read on its own."""
    m = _DEFINITION_BLANK.match(sentence.strip())
    if m is None:
        return False
    return re.search(r"\b(?:it|its)\b", sentence.strip()[m.end() :]) is not None
