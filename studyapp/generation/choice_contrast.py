"""A blank the sentence compares with a named counterpart takes only that counterpart's peers.

Round 10's strict read (issue 18) dropped "While the atoms are still widely separated, the
attractions are slightly stronger than the _____, and the energy of the system decreases." =>
repulsions among electrons | orbitals | overlaps. The sentence weighs the blank against
"attractions": whatever fills it is of the kind of attractions (a force, an interaction), so
particles and orbitals give the answer away to a learner who reads the sentence, not the text.

A comparison names both of its sides ("the X are stronger than the _____", "the _____ is
larger than the X"). When it does, a wrong option must be a peer of the counterpart as the
material shows peers (listed with it, defined with its genus:
:func:`studyapp.generation.choice_peers.is_kin`); the answer's own peers are not enough, as a
list the reader misparses ("the repulsions between nuclei and the repulsions …") would let a
particle in; else it is refused, and a set with no such
peers is not made (the card is studied as a flashcard). Read from the sentence's grammar and
the material, with no word list of kinds.
"""

from __future__ import annotations

import re

from studyapp.generation.choice_peers import is_kin, key
from studyapp.generation.quality import BLANK, cloze_sentence
from studyapp.generation.words import PRONOUN_STARTS, STOPWORDS

_BE = r"(?:is|are|was|were|be|been|become|becomes|became|remain|remains|remained|grow|grows)"
_DEGREE = r"(?:(?:\w+ly|much|far|even|still|a\s+little|a\s+bit)\s+)?"
# A comparative: "stronger", "more stable", "less polar"; not "other", "rather", "either".
_COMPARATIVE = r"(?:(?:more|less)\s+\w+|(?!(?:other|rather|either|neither|whether)\b)\w{2,}er)"
_THE = r"(?:(?:the|those\s+of\s+the|that\s+of\s+the)\s+)?"
_BLANK = re.escape(BLANK)
_SIDE = r"(?P<side>[A-Za-z][\w-]*)"
# "the attractions are slightly stronger than the _____"
_BEFORE = re.compile(rf"\b{_SIDE}\s+{_BE}\s+{_DEGREE}{_COMPARATIVE}\s+than\s+{_THE}{_BLANK}", re.I)
# "the _____ are stronger than the attractions"
_AFTER = re.compile(
    rf"{_BLANK}\s+{_BE}\s+{_DEGREE}{_COMPARATIVE}\s+than\s+{_THE}(?P<side>[^,;:.()]+)", re.I
)
_MOST_WORDS = 3  # a counterpart is a term, not a clause


def counterpart(stem: str) -> str:
    """The noun the cloze sentence compares its blank with ("attractions" in "the attractions
    are slightly stronger than the _____"), or "" when it compares none or names it by a
    pronoun ("they are stronger than the _____": the card does not say what)."""
    sentence = cloze_sentence(stem)
    m = _BEFORE.search(sentence) or _AFTER.search(sentence)
    if m is None:
        return ""
    words: list[str] = []
    for word in m["side"].split():
        if word.lower() in STOPWORDS or len(words) == _MOST_WORDS:
            break
        words.append(word)
    if not words or words[-1].lower() in PRONOUN_STARTS | {"one", "ones", "that", "those"}:
        return ""
    if words[0].lower().endswith("ing"):
        return ""  # "more complex than starting a partnership": acts compared, not things
    return " ".join(words)


def contrast_misfit(answer: str, option: str, stem: str, material: str) -> str | None:
    """Why ``option`` is not of the kind of the two sides the sentence compares (see the
    module), or None."""
    if not material:
        return None
    side = counterpart(stem)
    if not side or key(option) == key(answer):
        return None
    if is_kin(side, option, material):
        return None
    return f"not a peer of {side!r}, which the sentence compares the answer with"
