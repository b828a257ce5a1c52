"""A glossary definition written as a predicate of its term, not as the noun phrase it is.

A key-terms list sometimes writes its definitions as the rest of a sentence whose subject is
the term (round 14's blind read): "Intergroup conflict: Usually involves disagreements between
two opposing forces …", "human-centered design: focuses on people during design and
development", "Interpersonal conflict: Where two individuals disagree on some matter.",
"Power distance: Refers to the degree to which …". As the back of "What is X?" such a
predicate does not say what X is, and "What does X do?" asks of a concept what only an option
or a function does.

Three repairs, by the predicate's shape, and a refusal for the rest:

- a defining verb ("refers to", "involves", "means", with its adverb) becomes the question's
  verb: "What does intergroup conflict usually involve?" → "Disagreements between …";
- "occurs/exists/happens/arises when …" asks when: "When does behavioral conflict exist?" →
  "When one person or group does something …";
- "Where …" (a situation) takes the term's head noun as its genus: "A conflict where two
  individuals disagree …"; a term of one word has none to lend, and its card is refused;
- any other opening verb in "-s" (alone or after an adverb in "-ly") has no noun phrase to
  answer "What is X?" with, and the card is refused (see :func:`predicate_opening`).

Pure functions of the back's shape; the word lists are closed-class (prepositions,
determiners) or the handful of verbs a definition is written with.
"""

from __future__ import annotations

import re

from studyapp.generation.term_forms import mass_term
from studyapp.generation.terms import stats
from studyapp.generation.words import with_indefinite

_DEFINING_VERB = re.compile(
    r"^(?:(?P<adv>[A-Za-z]+ly)\s+)?(?P<verb>refers?\s+to|involves?|means)"
    r"\s+(?!(?:of|by|for|to|through)\b)(?P<rest>\S.*)$",  # "Means of transport …": a noun
    re.IGNORECASE,
)
_BASE = {"refer": "refer to", "involve": "involve", "mean": "mean"}
_WHEN_VERB = re.compile(
    r"^(?P<verb>occur|exist|happen|arise)s?\s+(?P<rest>when\s+\S.*)$", re.IGNORECASE
)
# What follows a verb in "-s" and never a plural noun that opens a noun phrase ("Focuses on
# people …", "Involves disagreements …" are caught with their adverb or by the material).
_AFTER_VERB = frozenset(
    """on upon to at about into onto with through toward towards the a an its their his her
    one two""".split()  # noqa: SIM905
)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def defining_verb_question(subject: str, back: str, *, plural: bool) -> tuple[str, str] | None:
    """("What does X usually involve?", "Disagreements between …") for a back that opens
    with a defining verb, or None. The adverb stays in the question: "usually" is part of
    the claim."""
    m = _DEFINING_VERB.match(back.strip())
    if m is None:
        return None
    verb = m["verb"].lower().split()[0]
    base = _BASE[verb[:-1] if verb.endswith("s") else verb]
    adverb = f"{m['adv'].lower()} " if m["adv"] else ""
    return f"What {'do' if plural else 'does'} {subject} {adverb}{base}?", _capital(m["rest"])


def when_question(subject: str, back: str, *, plural: bool) -> tuple[str, str] | None:
    """("When does behavioral conflict exist?", "When one person or group …") for a back
    "Exists when …", or None."""
    m = _WHEN_VERB.match(back.strip())
    if m is None:
        return None
    return f"When {'do' if plural else 'does'} {subject} {m['verb'].lower()}?", _capital(m["rest"])


def where_back(term: str, subject: str, back: str, material: str) -> str | None:
    """A back "Where two individuals disagree on some matter." with the term's head noun as
    its genus ("A conflict where …"), counted as the question counts the term; None for a
    back that opens otherwise. "" when the term has no head noun to lend (one word, a name):
    then there is no answer to "What is X?"."""
    text = back.strip()
    if not re.match(r"^where\s+\S", text, re.IGNORECASE):
        return None
    core = re.sub(r"\s*\([^()]*\)\s*$", "", term.strip())
    core = re.split(r" (?:of|for|in|on) ", core)[0]
    words = core.split()
    if len(words) < 2 or not re.fullmatch(r"[a-z][a-z-]*[a-z]", words[-1]):
        return ""
    head = words[-1]
    phrase = f"{head} {text[:1].lower()}{text[1:]}"
    counted = re.match(r"(?:a|an) ", subject) is not None
    if counted or not (head.endswith("s") or mass_term(head, material)):
        phrase = with_indefinite(phrase)
    return _capital(phrase)


def when_clause_back(back: str) -> bool:
    """A back "When a clot obstructs blood flow to the brain": a clause with its own subject
    after "When", not an option's condition ("When set, …", "When true, the callback …",
    whose second word ends in a comma)."""
    words = back.strip().split()
    return (
        len(words) >= 3
        and words[0].lower() == "when"
        and not any(w.endswith(",") for w in words[1:3])
    )


def predicate_opening(back: str, material: str) -> bool:
    """A back that opens with a verb in "-s", alone or after an adverb in "-ly" ("Usually
    involves disagreements …", "Focuses on people during …"): a predicate of the term, not
    a noun phrase. Without the adverb the word must be followed by a preposition or a
    determiner and never be used as a noun in the material ("Limits on …" may be a noun)."""
    m = re.match(
        r"^(?:(?P<adv>[A-Za-z]+ly)\s+)?(?P<verb>[A-Za-z][a-z]+[^su\W]s)"
        r"\s+(?P<next>[A-Za-z]+)",
        back.strip(),
    )
    if m is None:
        return False
    verb = m["verb"].lower()
    if material and stats(material).used_as_noun(verb):
        return False
    return bool(m["adv"]) or m["next"].lower() in _AFTER_VERB
