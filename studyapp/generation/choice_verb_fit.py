"""A wrong option must be something the sentence's verb can be done to.

Round 9's strict read (issue 18) dropped "After the cultures are added to the jar, the _____ is
lit and the lid closed" => candle among sample | environment | minimum: an environment or a
minimum is not lit; the learner picks the only thing that can be. Without a lexicon of what each
verb selects, the material tells enough for a fair test:

- the blank is the subject of a passive ("the _____ is lit", "the bill was signed") whose verb
  the material uses rarely (twice at most: a verb of its own, not "is used", "is called");
- the answer is a thing the material counts ("a candle", "candles");
- the option is an abstract noun by its ending ("environment", "fluidity", "regulation") or a
  word the material writes mostly before another noun ("a minimum level", "the minimum
  permissive oxygen concentration": a modifier, not a thing).

:func:`verb_misfit` says why, or None when the sentence or the material does not tell.
"""

from __future__ import annotations

import re

from studyapp.generation.quality import BLANK, cloze_sentence
from studyapp.generation.words import STOPWORDS, is_verb

_ABSTRACT_END = re.compile(
    r"(?:ment|tion|sion|ity|ness|ance|ence|ancy|ency|ism|ship|hood|dom)s?$", re.IGNORECASE
)
# English past participles that end in neither -ed nor -en: the irregular verbs' own forms.
_IRREGULAR = frozenset(
    """lit set put cut hit shut held kept made sent sold told paid laid led fed met shot built
    bought brought caught taught thought found bound ground wound hung spun won struck burnt
    spilt spent lent bent dealt felt left lost meant read run split spread""".split()  # noqa: SIM905
)
_RARE = 2  # a verb the material uses this often or less is its own, not a generic one
_PASSIVE = re.compile(
    rf"^{re.escape(BLANK)}\s+(?:is|are|was|were)\s+(?:\w+ly\s+)?([a-z]+)\b", re.IGNORECASE
)


def _participle(word: str) -> bool:
    w = word.lower()
    return w in _IRREGULAR or (len(w) >= 4 and w.endswith(("ed", "en")))


def passive_verb(stem: str) -> str | None:
    """The participle whose subject the blank is ("the _____ is lit" -> "lit"), or None."""
    sentence = cloze_sentence(stem)
    if BLANK not in sentence:
        return None
    m = _PASSIVE.match(sentence[sentence.index(BLANK) :])
    if m is None or not _participle(m.group(1)):
        return None
    return m.group(1).lower()


def _flat(material: str) -> str:
    return " ".join(material.split())


def _counted(word: str, text: str) -> bool:
    """A thing the material counts: after "a"/"an"/"one" ending its phrase, or a plural."""
    w = re.escape(word.lower())
    ends = r"(?=\s*[.,;:)]|\s+(?:is|are|was|were|of|in|to|that|which|and|or|for|with|on|by)\b)"
    return bool(
        re.search(rf"\b(?:a|an|one|each|every)\s+(?:\w+\s+)?{w}{ends}", text, re.I)
        or re.search(rf"\b{w}(?:s|es)\b", text, re.I)
    )


def mostly_modifier(word: str, material: str) -> bool:
    """The material writes the word before another content word more often than as a noun of
    its own ("a minimum level", "the minimum permissive …" beside one "the minimum and")."""
    text = _flat(material)
    uses = re.findall(rf"\b{re.escape(word)}\b\s*([A-Za-z]*)", text, re.IGNORECASE)
    if len(uses) < 2:
        return False
    before = sum(1 for nxt in uses if nxt and nxt.lower() not in STOPWORDS and nxt.islower())
    return before * 2 > len(uses)


def verb_misfit(answer: str, option: str, stem: str, material: str) -> str | None:
    """Why ``option`` cannot be what the sentence's verb is done to (see the module)."""
    if not material or BLANK not in cloze_sentence(stem):
        return None
    verb = passive_verb(stem)
    if verb is None:
        return active_misfit(answer, option, stem, material)
    text = _flat(material)
    if len(re.findall(rf"\b{re.escape(verb)}\b", text, re.IGNORECASE)) > _RARE + 1:
        return None  # the card's own sentence is one use; "is used", "is called" select nothing
    a_head = answer.split()[-1].lower() if answer.split() else ""
    o_words = option.split()
    if not a_head or len(o_words) > 3 or _ABSTRACT_END.search(a_head):
        return None
    if not _counted(a_head, text):
        return None
    o_head = o_words[-1].lower()
    if _ABSTRACT_END.search(o_head) or mostly_modifier(o_head, text):
        return f"not a thing that can be {verb} as the answer is (an abstract word or a modifier)"
    return None


# -- the blank does what an active verb says ---------------------------------------------------
# Round 18's strict read dropped "An image setting stays in effect until it is reset or the
# _____ terminates." => command-line among filename | output | offset: a filename or an offset
# does not terminate. When the blank is the subject of a verb that ends its clause ("the _____
# terminates.") and the material uses that verb rarely (a verb of its own, not "works"), an
# option must be something the material says does it (or has it done to it: "terminate the
# process"), in a sentence with the verb's stem; the material says nothing of the others doing
# it, and the learner strikes them at once.
_ACTIVE = re.compile(  # after a determiner, not "fishing licenses, _____ limits,"
    r"(?:^|\b(?:the|a|an|its|their|this|that|each|every)\s+)"
    rf"{re.escape(BLANK)}\s+([a-z]{{3,}}s)\s*(?:[.,;:!?)]|$)",
    re.IGNORECASE,
)
# Verbs that say only that the thing is there or holds: any subject does them ("_____ exists
# when one person or group does something …" => Behavioral conflict, kept beside Goal conflict).
_GENERIC = frozenset(
    """exists occurs happens appears remains applies works matters varies differs
    changes results follows""".split()  # noqa: SIM905
)


def active_verb(stem: str) -> str | None:
    """The verb ending the clause whose subject the blank is ("the _____ terminates." ->
    "terminates"), or None."""
    m = _ACTIVE.search(cloze_sentence(stem))
    if m is None or m.group(1).lower() in _GENERIC or not is_verb(m.group(1)):
        return None
    return m.group(1)


def _verb_stem(verb: str) -> str:
    """The stem "terminates" shares with "terminated", "terminating", "termination":
    "terminat"."""
    w = verb[:-1]
    return w[:-1] if w.endswith("e") else w


def active_misfit(answer: str, option: str, stem: str, material: str) -> str | None:
    """Why ``option`` is nothing the material says does what the sentence's verb says (see
    above), or None."""
    if not material:
        return None
    verb = active_verb(stem)
    if verb is None:
        return None
    text = _flat(material)
    root = re.escape(_verb_stem(verb))
    uses = [s for s in re.split(r"(?<=[.!?])\s+", text) if re.search(rf"\b{root}\w*", s, re.I)]
    if len(uses) > _RARE + 1:
        return None  # a verb the material uses often selects little
    said = re.compile(rf"\b{re.escape(option)}\b", re.IGNORECASE)
    if any(said.search(s) for s in uses):
        return None
    return f"nothing the material says {verb} (the sentence's verb does not fit it)"
