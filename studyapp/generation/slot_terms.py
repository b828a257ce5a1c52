"""The term a sentence nominates for its own cloze: the noun phrase it opens on.

Key-term selection (:func:`offline_cards.salient_terms`) ranks a text's terms by weight, and in
narrative prose (history, social science) the names of people and places crowd the top: a
sentence that states a fact in a defining frame about a plain noun phrase ("Negative sanctions
are punishments for violating norms.", deviance_and_control.html) found no salient term to
blank and made no card. Here the sentence's subject slot offers its noun phrase; the fact
frames (:mod:`fact_frames`) and the gate still decide whether a blank on it is a card, so a
subject that heads no frame ("Antislavery advocates' use of force carved out …") makes nothing.

A nominated phrase must be a term of the material, not a word of the sentence: a content noun
phrase the material writes more than once (a term recurs; "a transformed political landscape"
does not), and no name: names are what the salient list already ranks, and a name opening a
story's sentence ("In the early 1900s, Japan was …", "The North African colony of Algeria …")
is the anecdote, not the fact.
"""

from __future__ import annotations

import re

from studyapp.generation.terms import ends_no_term, name_like, stats, stem
from studyapp.generation.words import GENERIC, STOPWORDS, is_verb

_WORD = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]")
MOST_WORDS = 3


def _content(word: str, counts_noun: bool) -> bool:
    """A word that can stand inside a term: no function word, no verb the material never uses
    as a noun ("took", "remained")."""
    w = word.lower()
    if w in STOPWORDS or w in GENERIC or len(w) < 3:
        return False
    return counts_noun or not is_verb(w)


def _named(word: str, first: bool) -> bool:
    """A name ("Algeria", "van Helmont", "JTB"): capitalised past the sentence's first word,
    or an identifier or acronym anywhere."""
    return name_like(word) or (word[:1].isupper() and not first)


def _recurs(phrase: str, material: str) -> bool:
    """The material writes the phrase (or its plural) at least twice."""
    words = [re.escape(stem(w)) for w in phrase.split()]
    pattern = r"(?<![\w-])" + r"\s+".join(f"{w}(?:s|es)?" for w in words) + r"(?![\w-])"
    return len(re.findall(pattern, material, flags=re.IGNORECASE)) >= 2


_TOKEN = re.compile(r"[A-Za-z][\w’'-]*|[^\sA-Za-z]+")


def _run(sentence: str, at: int, material: str) -> list[tuple[str, bool]]:
    """The content words from ``at`` up to the first word that is not one (each with whether
    it opens the sentence)."""
    counts = stats(material)
    run: list[tuple[str, bool]] = []
    for token in _TOKEN.finditer(sentence, at):
        word = token.group(0)
        if not (_WORD.fullmatch(word) and _content(word, counts.used_as_noun(word.lower()))):
            break
        run.append((word, token.start() == 0))
    return run


def _term(run: list[tuple[str, bool]], material: str) -> str | None:
    """The longest tail of a run of content words (at most three) that is a term of the
    material: it ends on a noun, names nothing, and recurs ("socialization experience" inside
    "first major socialization experience")."""
    counts = stats(material)
    words = run[-MOST_WORDS:]
    if not words or any(_named(w, first) for w, first in words):
        return None  # a name is the salient list's to rank (see module docstring)
    plain = [w for w, _ in words]
    head = plain[-1]
    if ends_no_term(head):
        return None  # a term ends on a noun: "thoroughly northern" is no term
    for i in range(len(plain)):
        if i == len(plain) - 1 and (len(head) < 4 or not counts.used_as_noun(head)):
            return None  # one word is a term when the material uses it as a noun
        if _recurs(" ".join(plain[i:]), material):
            return " ".join(plain[i:])
    return None


def slot_terms(sentence: str, material: str) -> list[str]:
    """The term on the sentence's subject slot, the noun phrase it opens on ("Negative
    sanctions are punishments for violating norms."), when it is a term of the material (see
    :func:`_term`); else none. Only the subject: a predicate's noun phrase ("… are examples of
    in-groups and out-groups") often has several defensible answers in a chapter of kinds,
    and an object in narrative prose is a story's detail ("… drove a market in ivory")."""
    subject = _term(_run(sentence, 0, material), material)
    return [subject] if subject is not None else []
