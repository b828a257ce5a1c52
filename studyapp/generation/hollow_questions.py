"""Question cards with no real answer (issue 18, round 18's strict read).

The definition patterns take "X is Y" as "What is X?" → "Y". Round 18's reader refused cards
where that reading made no card a learner keeps, each quoted in ``tests/test_hollow_questions.py``:

- a value word alone ("What are infinite loops?" → "A bad thing", "What is the Butterworth
  filter?" → "The simplest filter"): a judgment, or a superlative with nothing that says in
  what, with a generic head or the asked term's own head. A superlative with a difference
  ("The farthest point of an orbit from the Sun") says what the thing is and stays;
- a demonstrative used as a pronoun in the back ("A generalization of that for the Chebyshev
  filter"): "that" is something the sentence before named;
- a back in which an article stands before a gerund with its own object ("The displaying the
  question and getting the answer …"): the sentence is garbled, and no mend is sure;
- an asked "term" that is a clause or a predicate ("What is it is truly written?", "What are
  currently available to the general public?"): a subject pronoun with its verb, or an
  adverb in "-ly" before an adjective, is no noun phrase;
- an indefinite "an alternate / another / a different X" ("What is an alternate error
  measure?"): it names any one of its kind, so the back is one example, not what X is;
- (round 19) "a similar / comparable / corresponding / the same X" ("What is a similar
  main-lobe width?"): X is compared with one the sentence before named.

One mend, not a refusal: "[central] processing [unit]" in a quoted definition is an editor's
insertion. The words belong to the answer; the brackets only say who wrote them
(:func:`unbracketed`).

Pure functions of the card's two sides; the word lists are closed classes.
"""

from __future__ import annotations

import re

from studyapp.generation.lexicon import is_superlative, is_word

# -- a value word alone ----------------------------------------------------------------------------
_VALUE = frozenset(
    """good bad great poor nice fine terrible awful wonderful horrible best worst better worse
    excellent""".split()  # noqa: SIM905
)
_DEGREE = frozenset("very really quite generally usually rather most least pretty".split())  # noqa: SIM905
# A head that names no kind: the back says only that the term is good or bad.
_EMPTY_HEAD = frozenset(
    """thing things idea ideas way ways one ones choice choices option options practice
    practices approach approaches habit habits sign signs""".split()  # noqa: SIM905
)
_ARTICLE = frozenset("a an the".split())  # noqa: SIM905


def _term(front: str) -> str | None:
    m = re.match(r"^what\s+(?:is|are|was|were)\s+(?P<term>.+?)\s*\?$", front.strip(), re.I)
    return m["term"] if m else None


def _head(term: str) -> str:
    words = re.findall(r"[A-Za-z][\w-]*", term)
    return words[-1].lower() if words else ""


def value_only(front: str, back: str) -> bool:
    """A back that is an article, a value word or a superlative, and at most a head that adds
    nothing ("A bad thing", "The simplest filter" for "the Butterworth filter"): nothing in it
    tells the thing from any other. "The farthest point of an orbit from the Sun" goes on to
    say in what, and "The largest planet" names a kind the term does not: both stay."""
    words = [w.lower() for w in re.findall(r"[\w'-]+", back)]
    if len(words) < 2 or words[0] not in _ARTICLE:
        return False
    rest = words[1:]
    if rest and rest[0] in _DEGREE and len(rest) > 1:
        rest = rest[1:]
    if not rest or not (rest[0] in _VALUE or is_superlative(rest[0])):
        return False
    tail = rest[1:]
    if not tail:
        return True
    if len(tail) > 1:
        return False
    term = _term(front)
    head = _head(term) if term else ""
    noun = tail[0]
    return noun in _EMPTY_HEAD or (bool(head) and noun.rstrip("s") == head.rstrip("s"))


# -- a demonstrative as a pronoun ----------------------------------------------------------------
# Only before a preposition ("of that for …", "to those of …"): "such as those found in
# starch" and "less than this, in which case …" name their noun in the same sentence.
# A comparison's "than that of the cell", "similar to those of mammals" names its noun before
# it in the same back (the concentration, the traits): not this.
_PRONOUN_DEMONSTRATIVE = re.compile(
    r"\b(?P<prep>of|to|than|with|over)\s+(?P<dem>that|those|this|these)"
    r"(?=\s+(?P<next>of|for|in|on|at|with|from|by)\b)",
    re.IGNORECASE,
)


def leaning_demonstrative(back: str) -> str | None:
    """The demonstrative in "A generalization of that for the Chebyshev filter": "that" stands
    for a noun of the sentence before (here the frequency-response function), so the back
    cannot be read alone. "That" before its own noun ("of that filter") names its thing."""
    for m in _PRONOUN_DEMONSTRATIVE.finditer(back):
        if m["next"].lower() == "of" and m["prep"].lower() != "of":
            continue  # "higher than that of the cell": a comparison within the back
        return m["dem"].lower()
    return None


# -- an article before a gerund with its own object ----------------------------------------------
_GERUND_WITH_OBJECT = re.compile(
    r"^(?:the|a|an)\s+(?P<verb>[a-z]{3,}ing)\s+(?:the|a|an|his|her|its|their|your|our|my)\b",
    re.IGNORECASE,
)


def _gerund(word: str) -> bool:
    stem = word.lower()[:-3]
    if len(stem) < 4:  # "string", "thing", "king": nouns
        return False
    doubled = len(stem) > 3 and stem[-1] == stem[-2]
    return is_word(stem) or is_word(stem + "e") or (doubled and is_word(stem[:-1]))


def garbled_gerund(back: str) -> bool:
    """ "The displaying the question and getting the answer for the variable loop_response":
    an article before a verb in "-ing" that takes its own object ("the question") is neither a
    noun phrase ("the display of the question") nor a clause, and which one was meant is not
    sure enough to mend."""
    m = _GERUND_WITH_OBJECT.match(back.strip())
    return m is not None and _gerund(m["verb"])


# -- an asked term that is no noun phrase --------------------------------------------------------
_CLAUSE_IN_TERM = re.compile(
    r"(?:^|\s)(?:it|they|he|she|we|you|there)\s+(?:is|are|was|were|has|have|had|can|will|would)"
    r"\b",
    re.IGNORECASE,
)
# "-ly" words that are adjectives or nouns before a noun ("early modern English", "only
# child", "friendly fire"): never read as the adverb that makes a term a predicate.
_NOT_ADVERB = frozenset(
    """early only friendly likely lovely lonely holy ugly silly daily weekly monthly yearly
    hourly nightly elderly costly deadly lively orderly""".split()  # noqa: SIM905
)
_ADJECTIVE_END = re.compile(r"(?:able|ible|ed|ive|ent|ant|ous|ful|less|al|ic)$")


def predicate_term(front: str) -> str | None:
    """Why the term asked in "What is X?" is no term, or None: "What is it is truly written?"
    (a pronoun and its verb), "What are currently available to the general public?" (an adverb
    and an adjective: the predicate of a sentence whose subject came after it)."""
    term = _term(front)
    if term is None:
        return None
    if _CLAUSE_IN_TERM.search(term):
        return "a garbled question (its term is a clause, not a noun phrase)"
    words = term.split()
    first = words[0].lower()
    if (
        len(words) >= 2
        and first.endswith("ly")
        and first not in _NOT_ADVERB
        and is_word(first[:-2])
        and _ADJECTIVE_END.search(words[1].lower())
    ):
        return "a garbled question (its term is a predicate, not a noun phrase)"
    return None


# -- "an alternate X" ------------------------------------------------------------------------------
_INDEFINITE_OTHER = re.compile(
    r"^what\s+(?:is|are)\s+(?:an?\s+(?:alternate|different|additional|further|other)|another)\b",
    re.IGNORECASE,
)
# "a similar / comparable / corresponding X", "the same X": compared with an X the sentence
# before named, so the term is no name of its own (round 19).
_COMPARED = re.compile(
    r"^what\s+(?:is|are)\s+(?:(?:an?|the)\s+)?(?:similar|comparable|corresponding|same)\b",
    re.IGNORECASE,
)


def any_one_of_a_kind(front: str) -> bool:
    """ "What is an alternate error measure?": an indefinite "alternate / another / a
    different X" names whichever X the sentence was about, so the back is one example of X
    (here the Chebyshev error measure), not what "an alternate error measure" is."""
    return _INDEFINITE_OTHER.match(front.strip()) is not None


def compared_with_before(front: str) -> bool:
    """ "What is a similar main-lobe width?" (round 19, spectrum_analysis_dft): "similar",
    "comparable", "corresponding", "same" compare the X with one the sentence before named
    (here another window's), so the back answers for a thing the card never says."""
    return _COMPARED.match(front.strip()) is not None


_CLOZE_VALUE = re.compile(
    r"^(?P<subject>[^_]*_____[^_]*?)\s+(?:is|are|was|were)\s+(?P<predicate>[^,;:]+?)\.?$",
    re.IGNORECASE,
)


def value_cloze(sentence: str) -> bool:
    """ "The _____ filter is the simplest filter.": the sentence says only that the blanked
    thing is good, bad or the most something, so any of its kind fits the blank as well as
    the answer (the question card of the same sentence is refused by :func:`value_only`)."""
    m = _CLOZE_VALUE.match(sentence.strip())
    if m is None:
        return False
    subject = m["subject"].replace("_____", "").strip()
    return value_only(f"What is {subject}?", m["predicate"])


def hollow_question(front: str, back: str) -> str | None:
    """Why a question card has no real answer, or None (round 18's strict read)."""
    problem = predicate_term(front)
    if problem:
        return problem
    if any_one_of_a_kind(front):
        return "not a term (an indefinite 'an alternate/another X' names any one of its kind)"
    if compared_with_before(front):
        return "not a term ('a similar/the same X' compares it with an X named before)"
    if value_only(front, back):
        return "an empty definition (a value word alone, not what it is)"
    dem = leaning_demonstrative(back)
    if dem:
        return f"leans on context the card does not carry ('{dem}' stands for a noun before)"
    if garbled_gerund(back):
        return "a garbled answer (an article before a verb with its own object)"
    return None


# -- editorial brackets ----------------------------------------------------------------------------
# "[central]", "[unit]": words an editor put into a quotation. Not "[1]" (a citation), "[i]"
# or "a[i]" (an index), "[sic]" (a mark, not words).
_EDITORIAL = re.compile(r"(?<![\w\]])\[(?P<words>[A-Za-z][A-Za-z' -]{2,40}?)\](?![\w(\[])")


def unbracketed(text: str) -> str:
    """ "… that uses a [central] processing [unit] and …" → "… that uses a central processing
    unit and …": an editor's insertion keeps its words, loses its brackets. "[sic]" is dropped
    whole (it marks a slip, it is not a word of the sentence)."""
    text = re.sub(r"\s*\[sic\]", "", text, flags=re.IGNORECASE)
    return _EDITORIAL.sub(lambda m: m["words"], text)
