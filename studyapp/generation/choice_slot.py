"""What the blank of a cloze sentence asks for: its grammatical number and its word class.

The strict read of issue 18 (round 5) found options a learner rules out by grammar alone: a
singular among plurals where the verb after the blank agrees with a plural ("Absorption _____
occur" with "raindrop"), a person-noun or a noun where the blank is a verb ("Always _____ your
fixes" with "maintainer", "superset"). These read the sentence around the blank, never the
material's content, so they hold for any text.
"""

from __future__ import annotations

import re

from studyapp.generation.choice_sense import is_verb_word
from studyapp.generation.quality import BLANK, cloze_sentence
from studyapp.generation.words import is_verb

_SINGULAR_BE = frozenset({"is", "was", "has", "does", "isn't", "wasn't", "hasn't", "doesn't"})
_PLURAL_BE = frozenset({"are", "were", "have", "do", "aren't", "weren't", "haven't", "don't"})
# Adverbs that may stand between a subject and its verb ("Schemata also help").
_BETWEEN = frozenset({"also", "often", "usually", "always", "never", "typically", "then", "only"})
# Words after which a noun and a bare verb are an object and its infinitive ("let the
# passengers leave"), not a subject and its verb.
_CAUSATIVE = frozenset({"let", "lets", "make", "makes", "made", "help", "helps", "see", "sees"})
_DETERMINERS = frozenset(
    {"the", "a", "an", "your", "its", "their", "our", "my", "his", "her", "this", "these"}
)
# Words before a blank that make it a verb when a determiner follows ("Always _____ your
# fixes", "You must _____ the branch").
_BEFORE_VERB = frozenset(
    {"always", "never", "first", "then", "to", "must", "should", "can", "will", "please", "and"}
)


def _around(stem: str) -> tuple[list[str], list[str]]:
    sentence = cloze_sentence(stem)
    if BLANK not in sentence:
        return [], []
    before, _, after = sentence.partition(BLANK)
    words = re.compile(r"[A-Za-z][A-Za-z'’-]*")
    return words.findall(before.lower()), words.findall(after.lower())


def slot_number(stem: str, material: str = "") -> str | None:
    """ "plural" or "singular" when the blank is the subject of a verb that shows its number
    right after it ("_____ are rewards", "Absorption _____ occur", "religion fosters"), else
    None (the number cannot be told from the sentence). A verb is one of the known verbs or
    one the material uses as a verb."""
    before, after = _around(stem)
    if not after or (before and before[-1] in _CAUSATIVE):
        return None
    rest = [w for w in after[:3] if w not in _BETWEEN]
    if not rest:
        return None
    verb = rest[0]
    if verb in _PLURAL_BE:
        return "plural"
    if verb in _SINGULAR_BE:
        return "singular"
    if after.index(verb) > 1:
        return None
    base = verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb
    if is_verb(verb) or (material and is_verb_word(base, material)):
        return "singular" if verb.endswith("s") and not verb.endswith("ss") else "plural"
    return None


def verb_slot(stem: str) -> bool:
    """The blank is a verb: it opens the sentence, or follows an adverb, a modal or "to", and a
    determiner follows it ("Always _____ your fixes to the oldest branch")."""
    before, after = _around(stem)
    if not after or after[0] not in _DETERMINERS:
        return False
    return not before or before[-1] in _BEFORE_VERB or before[-1].endswith("ly")
