"""What a that-clause is about: its subject, the noun phrase before its verb.

A person's claim asked bare ("What did Rutherford conclude?", round 7) is no question a
learner can answer: Rutherford concluded many things, and the card does not say about what.
The claim itself names its topic as its subject ("that the nucleus was constructed of …"),
so the question can carry it ("What did Rutherford conclude about the nucleus?"). Finding
that subject needs the clause's verb; English marks it by form, not by a list of content
words: an auxiliary or modal, a third-person "-s" verb, a past "-ed" verb before a function
word, a common irregular past, or any word an article follows directly (a noun phrase goes
on into an article only through a preposition: "… share a similar feature").
"""

from __future__ import annotations

import re

from studyapp.generation.words import PRONOUN_STARTS, STOPWORDS, is_verb

_AUXILIARY = frozenset(
    """is are was were be been has have had can could will would may might must shall should
    does do did""".split()  # noqa: SIM905 - a word list reads better as prose
)
# Common irregular past forms (grammar, not any text's words); those that are also adjectives
# or nouns ("left", "set", "lost", "cut") are left out.
_IRREGULAR_PAST = frozenset(
    """arose became began brought built came chose drew fell felt fought found gave got grew
    heard held kept knew led made meant met paid ran rose said saw sent sold spoke stood struck
    taught thought told took understood went won wrote""".split()  # noqa: SIM905
)
_OPENS_NOUN_PHRASE = frozenset(
    "a an the its their this these those his her our some many no each every".split()  # noqa: SIM905
)
# Quantifiers that open the claim's subject but not its topic ("many counterexamples to the
# traditional account share …": the claim is about counterexamples to the traditional account).
_QUANTIFIER = frozenset("many some most several all both certain".split())  # noqa: SIM905
# An adverb made of an adjective ("perpetually", "actually", "effectively") between the
# subject and its verb; "family" and "assembly" are nouns.
_ADVERB = re.compile(r"(?:(?:al|ive|ous|ent|ant|ful|less|ate|ic|ar)ly|[ai]bly)$", re.IGNORECASE)
MAX_WORDS = 6


def _is_clause_verb(word: str, after: str) -> bool:
    w = word.lower()
    if w in _AUXILIARY or w in _IRREGULAR_PAST:
        return True
    if w in STOPWORDS:
        return False  # "of the", "to the": a preposition before an article
    if after.lower() in _OPENS_NOUN_PHRASE:
        return True
    if w.endswith("ed") and len(w) > 4 and (not after or after.lower() in STOPWORDS):
        return True  # "orbited about", not "charged electrons"
    return w.endswith("s") and is_verb(w)


def clause_topic(clause: str) -> str | None:
    """The subject of ``clause`` ("the nucleus" of "the nucleus was constructed of …",
    "sunlight" of "sunlight, which looks white to us, is …"), or None when it has none a
    question can carry: a pronoun ("it was …"), an opening phrase ("in 1908, …"), or no
    verb found within a few words."""
    words = re.findall(r"[\w’'-]+|[,;:()—–]", clause.strip())
    subject: list[str] = []
    for i, word in enumerate(words):
        after = words[i + 1] if i + 1 < len(words) else ""
        if not re.match(r"[\w’'-]", word) or _is_clause_verb(word, after):
            break
        subject.append(word)
        if len(subject) > MAX_WORDS:
            return None
    else:
        return None  # no verb: not a clause
    while len(subject) >= 2 and _ADVERB.search(subject[-1]):
        subject.pop()  # "the negatively charged electrons perpetually orbited …"
    if subject and subject[0].lower() in _QUANTIFIER and len(subject) >= 2:
        subject = subject[1:]
    if not subject:
        return None
    first, last = subject[0].lower(), subject[-1].lower()
    if first in PRONOUN_STARTS or (first in STOPWORDS and first not in _OPENS_NOUN_PHRASE):
        return None  # "it was …", "there are …", "in 1908, …"
    if last in STOPWORDS:
        return None
    return " ".join(subject)
