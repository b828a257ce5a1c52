"""Whether an option is a well-formed phrase that stands alone.

The strict read of issue 18 found options cut out of a sentence around its verb: a pronoun
glued to an infinitive ("You to generate two or more parsers", from "allows you to generate
…"), a phrase ending on a verb and a bare verb ("whenever the parser fails complete"). A learner reads these as garbled and rules
them out. The checks look at the phrase's grammar, never at what it is about.
"""

from __future__ import annotations

import re

from studyapp.generation.words import is_verb

_PRONOUNS = frozenset(
    {"you", "it", "they", "we", "he", "she", "i", "them", "him", "her", "us", "me", "its"}
)
# Verbs a bare verb may follow ("helps build", "lets go", "makes sense" is not one of these).
_BARE_AFTER = frozenset({"help", "helps", "let", "lets", "make", "makes", "dare", "need"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _third_person(word: str) -> bool:
    """A lexical verb's third person ("fails", "returns"), not "is", "has" or "does", which a
    participle or a bare verb may follow ("is set", "does complete")."""
    if word in {"is", "has", "does", "was"} or word in _BARE_AFTER:
        return False
    return is_verb(word) and word.endswith("s") and not word.endswith("ss")


def garbled(option: str) -> str | None:
    """Why ``option`` is no phrase that stands alone, or None."""
    ws = _words(option)
    if len(ws) < 3:
        return None
    if ws[0] in _PRONOUNS:
        return "opens with a pronoun whose referent is outside the option"
    # At the end, after "the <noun>": "performs receive buffer" goes on as a noun, and in
    # "before probes start" the plural "probes" is the subject, not a verb.
    first, second = ws[-2], ws[-1]
    if (
        len(ws) >= 4
        and ws[-4] in {"the", "a", "an"}
        and not is_verb(ws[-3])
        and _third_person(first)
        and is_verb(second)
        and not second.endswith(("s", "ed", "ing"))
    ):
        return "ends on a verb and a bare verb (words cut out of a sentence)"
    return None
