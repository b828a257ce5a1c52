"""Terms a sentence nominates for its own cloze: the noun phrases it states a fact about.

Key-term selection (:func:`offline_cards.salient_terms`) ranks a text's terms by weight, and in
narrative prose (history, social science) the names of people and places crowd the top: a
sentence that states a fact in a defining frame about a plain noun phrase ("Sports teams,
unions, and sororities are examples of in-groups and out-groups") found no salient term to
blank and made no card. Here the sentence itself offers its noun phrases; the fact frames
(:mod:`fact_frames`) and the gate still decide whether a blank on one of them is a card, so a
phrase nominated off the frame's slot makes nothing.

A nominated phrase must be a term of the material, not a word of the sentence: a content noun
phrase the material writes more than once (a term recurs; "a transformed political landscape"
does not).
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


def slot_terms(sentence: str, material: str) -> list[str]:
    """The sentence's noun phrases that are terms of the material, longest first: each run of
    content words (at most three, ending on a noun the material uses as one or on a name),
    else the longest tail of it that recurs ("socialization experience" inside "first major
    socialization experience")."""
    counts = stats(material)
    out: list[str] = []
    run: list[tuple[str, bool]] = []

    def close() -> None:
        words = run[-MOST_WORDS:]
        if any(_named(w, first) for w, first in words):
            words = []  # a name is the salient list's to rank (see module docstring)
        words_ = [w for w, _ in words]
        for i in range(len(words_)):
            phrase = " ".join(words_[i:])
            head = words_[-1]
            single = len(words_) - i == 1
            if single and (len(head) < 4 or not counts.used_as_noun(head)):
                break  # one word is a term when the material uses it as a noun
            if ends_no_term(head):
                break  # a term ends on a noun: "thoroughly northern" is no term
            if _recurs(phrase, material):
                if phrase not in out:
                    out.append(phrase)
                break
        run.clear()

    for token in re.finditer(r"[A-Za-z][A-Za-z’'-]*|[^\sA-Za-z]+|\s+", sentence):
        word = token.group(0)
        if word.isspace():
            continue
        if _WORD.fullmatch(word) and _content(word, counts.used_as_noun(word.lower())):
            run.append((word, token.start() == 0))
        else:
            close()
            break  # only the subject: the noun phrase the sentence opens on
    close()
    return out
