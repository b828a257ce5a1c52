"""What a material says about its own terms, for blanks a learner can fill with a whole term.

A blank on half a term tests nothing: "it is possible to add the file _____ inside the epoll
interface" (the term is "file descriptor"), "Class _____ place yet another namespace" ("class
definitions"). Whether two words make one term is something the material itself shows: it
writes them together most of the times it writes either ("file descriptor": 60 of the 62
"descriptor"s in epoll(7)), or they are one capitalised name ("Explicit Congestion
Notification"), or a name and its number ("RFC 1323"). And a single word is a term when the
material uses it as a noun ("the namespace", "a scope"); one it never puts after a determiner
("reported", "automatically", "passed") is a verb or an adverb, not something to learn.

:func:`stats` counts once per text (cached); :func:`compound_neighbour` and :func:`widen` use the
counts for one blank. Counting is case-insensitive and plural-insensitive ("file descriptors"
counts for "file descriptor").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from studyapp.generation.words import STOPWORDS, is_verb

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'-]*")
# Not "that": "cells that secrete hormones" is a relative clause, and counting "secrete" as a
# noun made it a blank (round 4: "most of its cells _____ pancreatic juice").
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "these",
        "those",
        "its",
        "their",
        "each",
        "every",
        "any",
        "no",
        "some",
        "our",
        "your",
        "his",
        "her",
        "of",
        "per",
        "my",
    ]
)
# A name followed by one of these is the name of a thing of that class ("the BPF program",
# "the EPOLLET flag"): the blank on the name is whole.
CLASS_NOUNS = frozenset(
    """program programs flag flags option options signal signals function functions method
    methods call calls field fields structure struct operation operations error errors value
    values argument arguments parameter parameters macro constant constants type types variable
    variables attribute attributes module modules class classes object objects instance
    instances keyword statement command file files header library event events ioctl protocol
    interface mechanism algorithm layer mode setting settings message messages buffer queue
    table record records property bit bits state address capability socket sockets system
    package setting request requests server servers limit""".split()  # noqa: SIM905
)
_MIN_TOGETHER = 0.25  # share of the rarer word's uses that are inside the pair
# Words that stand next to terms without being part of them.
_NOT_TERM_WORDS = frozenset(
    """inside outside within across along around onto toward towards beyond behind beside
    instead already again once unless until upon via per whose whereas also only even just
    still then thus hence too very more most less least much many few several""".split()  # noqa: SIM905
)


def stem(word: str) -> str:
    """A word without its plural ending ("classes" -> "class", "entries" -> "entry")."""
    w = word.lower().strip("'")
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith(("sses", "xes", "zes", "ches", "shes")):
        return w[:-2]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    return w[:-1]


@dataclass(frozen=True)
class TermStats:
    words: Counter[str]
    pairs: Counter[tuple[str, str]]
    noun_uses: Counter[str]  # times a word follows a determiner ("the namespace")

    @classmethod
    def of(cls, text: str) -> TermStats:
        words: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        nouns: Counter[str] = Counter()
        for line in text.splitlines():
            tokens = [stem(t) for t in _WORD.findall(line)]
            words.update(tokens)
            for a, b in itertools.pairwise(tokens):
                pairs[(a, b)] += 1
                if a in _DETERMINERS:
                    nouns[b] += 1
        return cls(words, pairs, nouns)

    def together(self, a: str, b: str) -> bool:
        """Two words the material writes as one term most of the times it writes either."""
        a, b = stem(a), stem(b)
        n = self.pairs[(a, b)]
        if n < 2 or {a, b} & (STOPWORDS | _NOT_TERM_WORDS) or len(a) < 2 or len(b) < 2:
            return False
        if any(w.endswith(("ing", "ed")) and not self.noun_uses[w] for w in (a, b)):
            return False  # "events waiting", "descriptors referring": a verb, not a term
        if (is_verb(a) and not self.noun_uses[a]) or min(self.words[a], self.words[b]) < 3:
            return False  # "employ large": a verb and its object; two rare words prove nothing
        return n >= _MIN_TOGETHER * min(self.words[a], self.words[b])

    def used_as_noun(self, word: str) -> bool:
        """After a determiner in a fifth of its uses or more: "the namespace", not the one
        "a retransmit" among eight "retransmits"."""
        w = stem(word)
        return self.noun_uses[w] > 0 and self.noun_uses[w] >= 0.2 * self.words[w]


@lru_cache(maxsize=16)
def stats(text: str) -> TermStats:
    return TermStats.of(text)


def name_like(text: str) -> bool:
    """An identifier, an acronym, a call or a capitalised name: a whole term by its form."""
    t = text.strip()
    return bool(
        re.search(r"[_()./]|\d", t)
        or (len(t) >= 2 and t.replace(" ", "").isupper())
        or re.fullmatch(r"[A-Z][a-z]+(?:[A-Z]\w*)+", t)  # CamelCase
    )


def _neighbours(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The words right before and after ``sentence[start:end]``, when only a space separates
    them (a comma or a bracket ends a term)."""
    before = re.search(r"(?:^|[\s])([A-Za-z0-9][\w'-]*) $", sentence[:start])
    after = re.match(r" ([A-Za-z0-9][\w'-]*)(?=$|[\s,.;:!?)])", sentence[end:])
    return (before.group(1) if before else "", after.group(1) if after else "")


def compound_neighbour(
    sentence: str, start: int, end: int, material: str, *, sentence_start: int = 0
) -> str | None:
    """The term ``sentence[start:end]`` is only part of, or ``None`` when it is whole:
    ``"file descriptor"`` for "descriptor" in "add the file _____ inside"."""
    span = sentence[start:end]
    words = span.split()
    if not words:
        return None
    left, right = _neighbours(sentence, start, end)
    counts = stats(material) if material else None
    if re.fullmatch(r"\d[\d.]*", right) and re.fullmatch(r"[A-Z][A-Za-z]*", words[-1]):
        return f"{span} {right}"  # "RFC 1323", "Linux 2.6"
    capital_run = re.fullmatch(r"[A-Z][a-z]+", words[0]) and not name_like(span)
    if (
        capital_run
        and re.fullmatch(r"[A-Z][a-z]+", left)
        and start - len(left) - 1 > sentence_start
        and left.lower() not in STOPWORDS
    ):
        return f"{left} {span}"  # "Explicit _____" (Congestion Notification)
    if capital_run and re.fullmatch(r"[A-Z][a-z]+", right) and right.lower() not in STOPWORDS:
        return f"{span} {right}"
    if counts is None or (name_like(span) and re.search(r"[_()./]|\d", span)):
        return None  # an identifier is whole; without the material nothing more can be told
    if (
        left
        and counts.together(left, words[0])
        and not left[:1].isdigit()
        and not (name_like(span) and left.islower() and _english(left))  # "large TCP"
    ):
        return f"{left} {span}"
    if right and counts.together(words[-1], right) and not _modifier(right):
        if name_like(span) and stem(right) in {stem(c) for c in CLASS_NOUNS}:
            return None  # "the BPF program": the name of a program
        return f"{span} {right}"  # a term ends on a noun: not "text records available"
    return None


def _english(word: str) -> bool:
    """A common English word ("large"), not a name of the field ("epoll")."""
    from studyapp.generation import lexicon

    return lexicon.is_word(word, max_rank=20_000)


def ends_no_term(word: str) -> bool:
    """An adjective or a verb, which ends no term ("text records available")."""
    return _modifier(word)


def _modifier(word: str) -> bool:
    """An adjective or a verb, which ends no term ("text records available")."""
    w = word.lower()
    return is_verb(w) or w.endswith(("able", "ible", "ing", "ed", "ful", "ous", "ive", "less"))


def widen(sentence: str, start: int, end: int, material: str, *, most: int = 4) -> tuple[int, int]:
    """The span grown to the whole term it is part of (at most ``most`` words)."""
    for _ in range(most):
        term = compound_neighbour(sentence, start, end, material)
        if term is None:
            break
        span = sentence[start:end]
        if term.endswith(span):
            start -= len(term) - len(span)
        else:
            end += len(term) - len(span)
        if len(sentence[start:end].split()) > most:
            break
    return start, end
