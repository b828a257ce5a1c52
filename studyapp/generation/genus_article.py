"""A glossary definition's genus written as an answer: with the article English gives it.

A key-terms list writes its definitions in telegraphese: "mechanical wave: wave that requires
a medium through which it can travel", "pulse wave: sudden disturbance with only one wave …",
"money market mutual funds: created by investment companies to pool …". As the answer to
"What is a mechanical wave?" the bare genus reads as a fragment (round 12's strict read): the
answer is "A wave that requires …". Round 11 gave the noun of change its article ("An
increase in frequency of …"); this is the same repair for any bare singular count noun that
heads a definition. A mass noun ("energy that …") or a plural ("short-term debt obligations
…") stays bare, as English writes them.

A definition that opens on a past participle ("created by investment companies …") has lost
its genus altogether; the term's own head noun is it ("Funds created by …"), with the number
the question asks in. A term of one word has no head noun to lend, and its card is refused.
"""

from __future__ import annotations

import re

from studyapp.generation.lexicon import is_superlative
from studyapp.generation.term_forms import counted_noun, mass_term
from studyapp.generation.terms import stats
from studyapp.generation.words import STOPWORDS, is_verb, with_indefinite

# What follows a bare genus's head noun when a restrictive modifier says which one: "wave
# that requires …", "disturbance with only one wave …", "particle in the nucleus …",
# "bond formed by …".
_GENUS_END = (
    r"(?:\s+(?:that|which|who|whose|with|of|in|for|from|by|on|at|to|between|where|"
    r"[a-z]+ed|[a-z]{3,}ing)\b|\s*$)"
)
_BARE_GENUS = re.compile(
    rf"^(?P<mods>(?:[A-Za-z][a-z-]* ){{0,3}}?)(?P<head>[a-z][a-z-]*){_GENUS_END}"
)
# "created by …", "formed from …": a participle and the agent or source that says how.
# An irregular past participle opens one too ("Seen in situations where …", round 14's
# "affective conflict"): a closed list of the common ones.
_PARTICIPLE_OPENING = re.compile(
    r"^(?:[A-Za-z][a-z]{2,}ed|[Ss]een|[Kk]nown|[Gg]iven|[Ff]ound|[Mm]ade|[Tt]aken|[Ss]hown|"
    r"[Ww]ritten|[Hh]eld|[Kk]ept|[Bb]uilt|[Bb]rought|[Dd]rawn|[Dd]riven|[Cc]hosen|[Gg]rown)"
    r"\s+(?:by|from|with|through|via|in|into|for|as|under|during|after)\b"
)


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "ics"))


def bare_count_genus(back: str, material: str, *, counted: bool) -> bool:
    """A definition that opens on a bare singular noun phrase ("Wave that requires …",
    "Sudden disturbance with …") whose head noun is counted: the question asks about a
    counted thing (``counted``: "What is a pulse wave?") or the material counts the noun ("a
    wave", "many waves"). Not a plural, nor a mass noun the material writes bare ("energy"),
    nor an opening verb or adverb ("Enable …", "Usually …")."""
    text = back.strip()
    m = _BARE_GENUS.match(text[:1].lower() + text[1:])
    if m is None or not re.fullmatch(r"[A-Z]?[a-z][a-z ,-]*", text.split()[0]):
        return False
    words = [*m["mods"].split(), m["head"]]
    if any(w.lower() in STOPWORDS or w.lower().endswith("ly") for w in words):
        return False  # "Any path whose …", "Usually a …": no bare noun phrase
    if is_verb(words[0]) or words[0].lower().endswith("ed") or m["head"].endswith("ing"):
        return False  # "Returns …", "Created by …", "Advertising aimed at …": no count noun
    if any(w.lower().endswith("ing") and not stats(material).used_as_noun(w) for w in words):
        return False  # "Having children …": a gerund and its object; "advertising strategy"
    head = m["head"]
    if _plural(head) or mass_term(head, material):
        return False
    return counted or counted_noun(head, material)


# A modifier that makes its noun one of a kind: "best representation of a concept" is the
# best one, "The best representation …"; so does any superlative (round 15's aphelion,
# "farthest point from the Sun of an orbiting body", is "The farthest point …").
_ONE_OF_A_KIND = frozenset(
    "best worst first last only same main sole whole most least".split()  # noqa: SIM905
)


def with_genus_article(back: str) -> str:
    """The back with "a"/"an" before its bare genus, chosen by sound ("An increase in …"), or
    "the" before a genus a superlative makes one of a kind ("The best representation …")."""
    text = back.strip()
    lowered = text[:1].lower() + text[1:]
    first = lowered.split()[0]
    if first in _ONE_OF_A_KIND or is_superlative(first):
        return f"the {lowered}"
    return with_indefinite(lowered)


def participle_answer(back: str) -> bool:
    """A definition that opens on a past participle and its agent ("Created by investment
    companies to pool …"): its genus is missing."""
    return _PARTICIPLE_OPENING.match(back.strip()) is not None


def head_noun_answer(term: str, back: str, material: str, *, plural: bool) -> str | None:
    """The participle answer with the term's head noun as its genus ("money market mutual
    funds" → "Funds created by …"; "sigma bond" → "A bond formed by …"), or None when the term
    has no head noun to lend (one word, a name, an acronym)."""
    core = re.sub(r"\s*\([^()]*\)\s*$", "", term.strip())  # "commercial paper (CP)"
    core = re.split(r" (?:of|for|in|on) ", core)[0]
    words = core.split()
    if len(words) < 2 or not re.fullmatch(r"[a-z][a-z-]*[a-z]", words[-1]):
        return None
    head = words[-1]
    text = back.strip()
    rest = text[:1].lower() + text[1:]
    if plural or _plural(head) or mass_term(head, material):
        phrase = f"{head} {rest}"
    else:
        phrase = with_indefinite(f"{head} {rest}")
    return phrase[:1].upper() + phrase[1:]
