"""Where a blank on an author-marked term states a fact that the generic frames miss.

:func:`.fact_frames.frame_problem` reads a sentence without knowing which of its words it
teaches, so it admits a blank only on a defining frame's slot. When the author has marked the
term (bold, ``<dfn>``, ``**x**``; see :mod:`.cleaning.marks`), the sentence that marks it is
the author's statement about that term, and two more shapes state a fact about it that a
strict reader studies as it stands (issue 18, round 8's read of the tuning texts' refused
marked terms):

- the marked term is the whole subject of the sentence and a lexical verb follows it with
  its object: "Mass media distribute impersonal information to a wide audience, …",
  "Microaerophiles need oxygen to grow, …", "A role schema makes assumptions about …".
  Not a quantified subject ("Most algal blooms are …": a tendency), not a modal or "also"
  after it, not a verb that states nothing ("is", "has", "seems", "varies"), and not a
  sentence that points at the one before ("this system", "such domination");
- the marked term is followed by a relative clause that says what it is or does: "… with
  the body's exocrine system, whose glands release their secretions through ducts.",
  "… re-formed the Boston Committee of Correspondence, which functioned as a form of shadow
  government, …", "… a solution—the Kansas-Nebraska bill—that would promote party unity …";
- the marked term is the class a classifying verb puts things in: "Organisms categorized as
  mesophiles (“middle loving”) are adapted to moderate temperatures, …", "The organisms
  retrieved from arctic lakes such as Lake Whillans are considered extreme psychrophiles
  (cold loving).";
- the marked term names the subject that a description opens the sentence with, and the
  verb follows: "The algae that produce red tides in the Gulf of Mexico, Karenia brevis,
  secrete potent toxins …".

Every other gate (context-bound, given away, filler blanks) still applies to these cards.
Pure functions of the sentence's structure; no words from any one text.
"""

from __future__ import annotations

import re

from studyapp.generation.words import STOPWORDS, is_verb

# Verbs that state nothing about their subject on their own: a copula or "has" needs the
# generic frames' reading of its predicate, "seems"/"varies" hedge.
_EMPTY_VERB = re.compile(
    r"(?:is|are|was|were|be|been|being|has|have|had|do|does|did|seems?|appears?|tends?|"
    r"vary|varies|becomes?|gets?|goes|go|comes?)$",
    re.IGNORECASE,
)
# Not the subject's verb: a modal, an adverb that hedges or leans on the sentence before
# ("also"), or a word that continues the noun phrase.
_NOT_THE_VERB = re.compile(
    r"(?:can|cannot|could|may|might|will|would|shall|should|must|also|not|only|often|usually|"
    r"sometimes|typically|generally|and|or|of|in|on|at|for|to|with|from|by|as)$",
    re.IGNORECASE,
)
# A word that points at another sentence: which system, which domination?
_POINTING = re.compile(
    r"\b(?:this|these|those|such(?!\s+as\b)|the\s+(?:former|latter|above|same))\b", re.IGNORECASE
)
_RELATIVE = re.compile(r"\s*(?:,|—|–|--)\s*(?:which|whose|that)\s+(?P<clause>[^,;:—–()]+)")


def _plural(term: str) -> bool:
    last = term.split()[-1]
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _finite_verb(word: str, term: str) -> bool:
    """ "distribute", "makes": a verb the word list knows; or, after a plural term, a bare
    lowercase word agreeing with it ("Microaerophiles need …"), which a plural noun is not
    followed by unless it is its verb."""
    if _EMPTY_VERB.match(word) or _NOT_THE_VERB.match(word):
        return False
    if is_verb(word):
        return True
    return (
        _plural(term)
        and re.fullmatch(r"[a-z]+", word) is not None
        and not word.endswith(("s", "ly", "ing"))
    )


def _marked_subject_does(sentence: str, start: int, end: int) -> bool:
    """The blank is the whole subject (an article aside) and a lexical verb follows it with at
    least three more words: the sentence says what the marked term does."""
    lead = re.match(r"(?:the|a|an)\s+", sentence, re.IGNORECASE)
    if start != (lead.end() if lead else 0):
        return False
    m = re.match(r"\s+(?P<verb>[a-z]+)(?P<rest>(?:\s+\S+){3,})", sentence[end:])
    return m is not None and _finite_verb(m["verb"], sentence[start:end])


def _marked_subject_named(sentence: str, start: int, end: int) -> bool:
    """The blank names the subject its description opens the sentence with, and the verb
    follows: "The algae that produce red tides in the Gulf of Mexico, _____, secrete potent
    toxins …". The description (an article and four or more words) is what the name is."""
    described = re.fullmatch(r"(?:The|A|An)\s[^,;:()]+,\s", sentence[:start])
    if described is None or len(described.group().split()) < 5:
        return False
    m = re.match(r",\s+(?P<verb>[a-z]+)(?:\s+\S+){3,}", sentence[end:])
    if m is None or _EMPTY_VERB.match(m["verb"]) or _NOT_THE_VERB.match(m["verb"]):
        return False
    verb = m["verb"]
    return is_verb(verb) or (verb not in STOPWORDS and not verb.endswith(("ly", "ing")))


# A verb that puts its object in a class: "are considered extreme _____", "categorized as _____".
_CLASSED = re.compile(
    r"\b(?:categori[sz]ed|classified|considered|regarded|designated|labell?ed)\s+(?:as\s+)?"
    r"(?:(?:a|an|the)\s+)?(?:[a-z]{3,}\s+)?$"
)


def _marked_class(sentence: str, start: int, end: int) -> bool:
    """The blank is the class a classifying verb puts its subject in ("Organisms categorized
    as _____ (“middle loving”) are adapted to moderate temperatures, …"): the sentence says
    which things the marked term names."""
    return _CLASSED.search(sentence[:start]) is not None and end - start > 3


def _marked_relative(sentence: str, start: int, end: int) -> bool:
    """The blank is followed by a relative clause of four or more words ("…, whose glands
    release their secretions through ducts"), which says what the marked term is or does;
    the blank itself sits in the main clause, not in an opening phrase."""
    m = _RELATIVE.match(sentence, end)
    if m is None or len(m["clause"].split()) < 4:
        return False
    return re.search(r"\b(?:is|are|was|were)\s+(?:why|how|when|where)\b", m["clause"]) is None


def marked_frame(sentence: str, start: int, end: int) -> bool:
    """Whether a blank on an author-marked term at ``sentence[start:end]`` states a fact about
    it in one of the shapes above, though no generic defining frame holds it."""
    if _POINTING.search(sentence):
        return False
    return (
        _marked_subject_does(sentence, start, end)
        or _marked_subject_named(sentence, start, end)
        or _marked_class(sentence, start, end)
        or _marked_relative(sentence, start, end)
    )
