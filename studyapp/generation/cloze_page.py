"""Cloze sentences that teach nothing, or lean on the page around them (round 17's blind read).

Each test names a shape of sentence, not a subject: a cited paper's title (most words
capitalised), source text garbled by a lost word ("CCD in to obtain"), a worked problem's data
("Forty-five percent of the students …"), a step that ends "… again" (the step before is the
fact), a blanked subject that "can be used to" do something (many things can), and an acronym
the page repeats everywhere blanked as the modifier of a noun ("connecting to _____ servers" in
an IRC client's guide: the page's own field). The one mend, :func:`without_asides`, drops the
writer's asides ("Note that", "in fact", "you just") when the sentence stays whole.
"""

from __future__ import annotations

import re

from studyapp.generation.words import STOPWORDS, is_verb

BLANK = "_____"

# -- a cited paper's title -------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def citation_title(sentence: str, answer: str) -> bool:
    """A line of a reference list: nearly every content word capitalised ("Recurrent Use of
    _____ for Functional Annotation of Proteins Based on Local Structural Similarity." →
    Evolutionary Importance). A paper's title names what it studied; it states no fact."""
    filled = sentence.replace(BLANK, answer.strip(), 1)
    content = [w for w in _WORD.findall(filled)[1:] if w.lower() not in STOPWORDS]
    if len(content) < 6:
        return False
    capital = sum(w[0].isupper() for w in content)
    return capital >= 0.85 * len(content)


# -- garbled source text -----------------------------------------------------------------------
_DOUBLED = re.compile(r"\b(the|a|an|of|to|in|is|and|for|on|by|with)\s+\1\b", re.IGNORECASE)
# "The usage of CCD in to obtain …": a preposition straight before "to" and a verb, where a
# word was lost. "log in to the server", "give in to", "factor in to" are phrasal verbs.
_PREPOSITION_TO = re.compile(r"\b([\w-]+)\s+(?:of|for|with|by|at|in)\s+to\s+[a-z]+\b")
_PHRASAL = re.compile(
    r"(?:log|sign|check|plug|give|gave|given|turn|tune|opt|break|broke|hand|send|sent|put|come|"
    r"came|go|goes|went|run|ran|move|zoom|dial|call|cave|fit|tap|buy|bought|talk|lock|hook|feed|"
    r"fed|factor|pay|paid|roll|key|type|listen|walk|back)(?:s|e?d|ing|[gpt]ed|[gpt]ing)?",
    re.IGNORECASE,
)


def garbled(sentence: str) -> bool:
    """Source text that lost or doubled a word ("The usage of CCD in to obtain an ensemble …",
    "the the"): the card repeats the page's slip, and a learner cannot tell what it meant."""
    if _DOUBLED.search(sentence):
        return True
    return any(not _PHRASAL.fullmatch(m.group(1)) for m in _PREPOSITION_TO.finditer(sentence))


# -- a worked problem's data -------------------------------------------------------------------
_NUMBER = (
    r"(?:\d+(?:\.\d+)?\s?%|\d+(?:\.\d+)?\s+percent|(?:[a-z]+-)?(?:one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred)\s+percent)"
)
_GROUP = (
    r"(?:students|pupils|people|persons|respondents|participants|customers|employees|workers|"
    r"voters|patients|children|adults|men|women|players|members|families|households|cards|"
    r"balls|marbles)"
)
_PROBLEM_DATA = re.compile(
    rf"\b{_NUMBER}\s+of\s+(?:the|all|these|those)\s+(?:[a-z]+\s+)?{_GROUP}\b", re.IGNORECASE
)


def problem_data(sentence: str) -> bool:
    """A share of a problem's own group ("Forty-five percent of the students are female and
    have _____."): the numbers are the exercise's givens, true of one made-up class, not a
    fact of the subject."""
    return bool(_PROBLEM_DATA.search(sentence))


# -- "again": the step before ------------------------------------------------------------------
_AGAIN_END = re.compile(r"\bagain\s*[.!]?$", re.IGNORECASE)


# The reader told what to do: "you"/"your", or a clause that opens on an instruction's bare
# verb (the lexicon's verbs, as context_bound's instruction check reads them).
_YOU = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:^|,\s*|\band\s+|\bthen\s+)([a-z]+)\b")


def _told_to_reader(sentence: str) -> bool:
    if _YOU.search(sentence):
        return True
    return any(not w.endswith("s") and is_verb(w) for w in _CLAUSE_START.findall(sentence))


def again_step(sentence: str) -> bool:
    """A step told to the reader that ends "… again" ("If you want to change the layout, you
    just … use /LAYOUT _____ again."): "again" points at the step the sentence before gave,
    which the card does not carry. A statement whose own clause says what came before ("After
    a timeout, the sender … sets the window back to one segment and enters _____ again.") is
    whole: the suite's congestion notes keep that card."""
    s = sentence.strip()
    return BLANK in s and bool(_AGAIN_END.search(s)) and _told_to_reader(s)


# -- "_____ can be used to …" ------------------------------------------------------------------
_CAN_BE_USED = re.compile(
    rf"^{BLANK}\s+(?:can|could|may|might)\s+(?:also\s+)?be\s+used\s+to\s+"
    r"(?:represent|model|describe|express|show|depict|illustrate|visualize|display)\b",
    re.IGNORECASE,
)


def used_for_subject(sentence: str) -> bool:
    """A blanked subject that "can be used to represent" something ("_____ can be used to
    represent the size of a population as it varies over time."): equations, graphs, tables
    and models all can; the sentence says what a thing may do, not what it is. A method that
    "can be used to determine" a quantity ("_____ can be used to determine partial separations
    of charges between atoms." → Dipole moments, kept by round 10's reader) is pinned."""
    return bool(_CAN_BE_USED.match(sentence.strip()))


# -- the page's own field ----------------------------------------------------------------------
DOMAIN_COUNT = 20  # uses of the acronym in the material: the page's field, not one of its terms


def domain_label(sentence: str, answer: str, material: str) -> bool:
    """An acronym the page uses everywhere, blanked as the modifier of a noun ("Irssi supports
    connecting to _____ servers via a proxy." → IRC, 36 times in irssi's guide): the page's
    own field, which every sentence of it gives away."""
    word = answer.strip()
    if not material or not re.fullmatch(r"[A-Z]{2,6}", word):
        return False
    after = re.match(r"\s+([a-z]+)\b", sentence[sentence.find(BLANK) + len(BLANK) :])
    if after is None or after.group(1) in STOPWORDS:
        return False
    return len(re.findall(rf"\b{word}\b", material)) >= DOMAIN_COUNT


def cloze_page_problem(sentence: str, answer: str, material: str = "") -> str | None:
    """Why a strict reader drops this cloze for one of the shapes above, or None."""
    if citation_title(sentence, answer):
        return "not a fact (a cited paper's title)"
    if garbled(sentence):
        return "garbled source text (a lost or doubled word)"
    if problem_data(sentence):
        return "an anecdote, not a fact (a worked example's data)"
    if again_step(sentence):
        return "leans on the step before ('again')"
    if used_for_subject(sentence):
        return "more than one defensible answer (what can be used to represent it)"
    if domain_label(sentence, answer, material):
        return "a blank on the goal (the page's own field)"
    return None


# -- the mend: the writer's asides -------------------------------------------------------------
_NOTE_THAT = re.compile(r"^(?:Note|Notice|Remember)\s+that\s+(?=[a-z])")
_IN_FACT = re.compile(r",\s+in fact,(?=\s)|\s+in fact(?=\s)")
_YOU_JUST = re.compile(r"\b(you|You)\s+just\s+(?=[a-z_])")


def without_asides(sentence: str) -> str:
    """The sentence without the writer's asides around its fact ("Note that the frames offset
    can be negative and in fact should be when _____ is used …" → "The frames offset can be
    negative and should be when _____ is used …"): what is left states the same fact."""
    out = _IN_FACT.sub("", sentence)
    out = _YOU_JUST.sub(r"\1 ", out)
    noted = _NOTE_THAT.sub("", out)
    if noted != out and re.match(r"[a-z]+\s", noted):  # never "sf_open …" -> "Sf_open …"
        out = noted[0].upper() + noted[1:]
    return out
