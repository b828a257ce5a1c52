"""Definitions a sentence carries inside itself, not as its main clause.

Textbooks define in passing: "A familiar example … is histamine, a paracrine that is released
by immune cells in the bronchial tree." (an apposition), "they diffuse across the synaptic
cleft (the gap between a sending neuron and a receiving neuron or muscle cell)" (a bracket),
"Interleukin-1, or IL-1, is a signaling molecule that …" (a second name). Round 4 found each
of these facts with no card: the definition rules read only "X is a Y" at the start of a
sentence. Each shape here gives (term, definition) for a question "What is X?"; the
definition must be a kind with what marks it ("a paracrine that …", "the gap between …"),
the same bar a definition sentence meets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyapp.generation.defining import not_a_definition
from studyapp.generation.words import GENERIC, PRONOUN_STARTS, STOPWORDS, is_verb

_WORD = r"[A-Za-z][\w-]*"
# "histamine, a paracrine that is released by …": a term, a comma, "a/an" + kind + clause.
_APPOSITION = re.compile(
    rf"(?:^|(?<=\bis )|(?<=\bare )|(?<=\bwas )|(?<=, )|(?<=: ))"
    rf"(?P<term>{_WORD}(?: {_WORD}){{0,2}}), "
    rf"(?P<def>(?:a|an) (?:{_WORD} ){{0,3}}{_WORD} "
    rf"(?:that|which|who|whose|in which|used to|used for|made of|consisting of)\b[^,;()—–]{{6,}}?)"
    rf"(?=[,;.]?$|[,;—–] )",
)
# "the synaptic cleft (the gap between a sending neuron and …)": a term and, in brackets, a
# noun phrase with an article.
_BRACKETED = re.compile(
    rf"\b(?P<article>the|a|an) (?P<term>(?:{_WORD} ){{0,2}}{_WORD}) "
    rf"\((?P<def>(?:the|a|an) {_WORD}(?: [^()]*?)?)\)"
)
# "Interleukin-1, or IL-1, is a signaling molecule that …": two names for one thing.
_SECOND_NAME = re.compile(
    rf"^(?P<term>{_WORD}(?: {_WORD}){{0,3}}), or (?P<alias>[A-Z][\w-]*), "
    rf"(?P<verb>is|are) (?P<def>(?:a|an) .+?)[.!]?$"
)


# A bracket that names an act ("an operation that requires …") after a verb and its object
# ("to setup a raw socket (an operation …)") describes the act, not the object.
_ACTION = re.compile(
    r"^(?:a|an|the) (?:[\w-]+ )?(?:operation|action|act|step|task|procedure|activity)\b", re.I
)
_VERB_BEFORE = re.compile(r"\bto [a-z]+ $|\b[a-z]+ing $", re.I)


@dataclass(frozen=True)
class Apposed:
    """A term and its definition found inside a sentence; ``plural`` for "What are …?"."""

    term: str
    definition: str
    sentence: str
    plural: bool = False
    article: str = ""  # "the" when the sentence writes "the synaptic cleft (…)"


def _term_ok(term: str) -> bool:
    """A noun phrase of content words: not "suggestive of pneumonia" (a predicate), not "idea
    that maggots" (a clause), not "Louis Pasteur" (a person: "What is …?" does not fit)."""
    words = term.split()
    if not 1 <= len(words) <= 4 or any(w.lower() in STOPWORDS | PRONOUN_STARTS for w in words):
        return False
    if len(words) >= 2 and all(re.fullmatch(r"[A-Z][a-z]+", w) for w in words):
        return False
    if words[-1].lower() in STOPWORDS or all(w.lower() in STOPWORDS | GENERIC for w in words):
        return False
    return not any(re.fullmatch(r"\d+|[a-z]+ly", w) for w in words)


def _definition_ok(term: str, definition: str) -> bool:
    words = definition.split()
    if not 3 <= len(words) <= 25:
        return False
    if any(w.lower().strip(",.") == term.lower().split()[-1] for w in words):
        return False  # the definition repeats the term: circular, or about something else
    if re.search(r"\b(?:who|whom)\b", definition):
        return False  # a person: "What is …?" does not ask for one
    return not_a_definition(term, definition) is None


# A finite verb of its own ("is", "can", "has") before any relative word: the bracket is a
# clause, a remark on the sentence, not a noun phrase naming what the word before it is.
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|could|will|would|may|might|must|shall|should|"
    r"does|do|did)\b"
)
_RELATIVE = re.compile(r"\b(?:that|which|who|whom|whose|where|when)\b")


def finite_clause(definition: str) -> bool:
    """ "(the default for cache still is false)" (round 7, ant_using.html: "… during the build
    anymore (the default for cache still is false)" made "What is the build anymore?"): a
    sentence in brackets, its verb its own; "(the gap between a sending neuron and …)" and
    "(a protein that is …)" are noun phrases."""
    verb = _FINITE.search(definition)
    return verb is not None and _RELATIVE.search(definition[: verb.start()]) is None


def apposed(sentence: str) -> list[Apposed]:
    """The definitions ``sentence`` carries in an apposition, in brackets or with a second
    name, in the order they appear."""
    out: list[Apposed] = []
    m = _SECOND_NAME.match(sentence.strip())
    if m and _term_ok(m["term"]) and _definition_ok(m["term"], m["def"]):
        term = f"{m['term']} ({m['alias']})"
        out.append(Apposed(term, m["def"], sentence, plural=m["verb"] == "are"))
    for m in _APPOSITION.finditer(sentence):
        if _term_ok(m["term"]) and _definition_ok(m["term"], m["def"]):
            out.append(Apposed(m["term"], m["def"], sentence))
    for m in _BRACKETED.finditer(sentence):
        if _ACTION.match(m["def"]) and _VERB_BEFORE.search(sentence[: m.start()]):
            continue  # "to setup a raw socket (an operation that …)": the act, not the socket
        if finite_clause(m["def"]):
            continue
        if _term_ok(m["term"]) and _definition_ok(m["term"], m["def"]):
            article = "the" if m["article"].lower() == "the" else ""
            out.append(Apposed(m["term"], m["def"], sentence, article=article))
    return out


# A list, not a definition: "Pasteur, the chemist, and the Curies": ", and the …".
_LISTED = re.compile(r",\s+(?:and|or)\s+(?:the|a|an)\s", re.IGNORECASE)
# The apposition ended at a comma and the sentence's verb follows: "Jan Baptista van Helmont,
# a 17th century Flemish scientist, proposed that …".
_AFTER_COMMA = re.compile(r",\s+([a-z]+)(?:\s+([a-z]+))?\b")
_FINITE_WORDS = frozenset("is are was were has have had did does do".split())  # noqa: SIM905


# What sets the kind apart ("an infection caused by …", "the study of …", "a condition in
# which …"): without it an apposition only classes the term ("Clostridium perfringens, an
# endospore-forming, gram-positive bacterium": so are others).
_DIFFERENTIA = re.compile(
    r"\b(?:of|in|on|for|from|by|with|to|at|into|within|between|that|which|where|whose)\b",
    re.IGNORECASE,
)


def _clause_after(definition: str) -> bool:
    """A verb in the first two words after a comma ("…, also proposed that")."""
    return any(
        w in _FINITE_WORDS or w.endswith("ed") or is_verb(w)
        for m in _AFTER_COMMA.finditer(definition)
        for w in m.groups()
        if w
    )


def marked_apposition(sentence: str, term: str) -> Apposed | None:
    """The definition of a term the author marks (see :mod:`.cleaning.marks`) in the
    apposition that follows the mark to the end of its sentence: "… you will be learning
    **chemistry**, the study of the composition, properties, and interactions of matter.",
    "… their practice of **imperialism**, that is, the policy of gaining … control …".

    Without the mark, "X, the Y of …" is as often an aside about a word the sentence only
    uses, which is why :data:`_APPOSITION` asks for a relative clause; the mark says the
    sentence introduces X here. An apposition that ends mid-sentence is not read (where it
    ends cannot be told from a list), nor one that lists ("X, the A, and the B") or is
    followed by the sentence's verb ("van Helmont, a … scientist, proposed that …"), nor one
    that only classes the term (:data:`_DIFFERENTIA`)."""
    m = re.search(
        rf"(?<![\w-]){re.escape(term)}, (?:that is,? |i\.e\.,? )?"
        rf"(?P<def>(?:the|a|an) [^;:()—–]+?)[.!]?$",
        sentence.strip(),
        re.IGNORECASE,
    )
    if m is None or _LISTED.search(m["def"]) or _clause_after(m["def"]):
        return None
    if not _DIFFERENTIA.search(m["def"]):
        return None
    if not (_term_ok(term) and _definition_ok(term, m["def"])):
        return None
    return Apposed(term, m["def"], sentence)
