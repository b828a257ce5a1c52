"""A sentence adverb read into the term a definition asks about (round 12's strict read).

The definition patterns take everything before "is"/":" as the term, so an adverb that opens
the sentence with no comma after it came along: "Now a path is a sequence of edges …" asked
"What is now a path?", "Also the edge-list representation is a space efficient choice …"
asked "What is also the edge-list representation?", and the aside "Back to the definition: a
graph is …" asked "What is back to the definition?".

Two kinds of adverb, both closed classes:

- a linking adverb only ties the sentence to the one before ("now", "then", "thus"): the
  definition is the same without it, so it is dropped ("What is a path?");
- an additive or focusing adverb ("also", "too", "even", "only", "still") says the sentence
  adds one more thing to what was said of the term before, or narrows it: the predicate is
  then one property among others, not what the term is, so there is no definition card.

What is left must still be a noun phrase: "to the definition" (after "Back") opens with a
preposition and names nothing.
"""

from __future__ import annotations

# Never an adjective or a noun at a phrase's start, so dropped wherever they open a term.
_LINKING = frozenset(
    "now then thus hence therefore however again so finally consequently accordingly".split()  # noqa: SIM905
)
_ADDITIVE = frozenset("also too likewise similarly".split())  # noqa: SIM905
# Adverbs that are adjectives or nouns too ("even numbers", "only child", "still water",
# "back pain", "just war"): an adverb only before a determiner or a preposition.
_AMBIGUOUS_FOCUS = frozenset("even only still just".split())  # noqa: SIM905
_AMBIGUOUS_LINKING = frozenset(["back"])
_DETERMINERS = frozenset("a an the this that these those its their our your his her".split())  # noqa: SIM905
_PREPOSITIONS = frozenset(
    """to of in on at by for from with about into onto over under through after before
    between against among toward towards""".split()  # noqa: SIM905
)


def _adverb_here(words: list[str], at: int) -> str | None:
    """ "linking" or "focus" when ``words[at]`` is used as a sentence adverb, else None."""
    word = words[at].lower()
    if word in _LINKING:
        return "linking"
    if word in _ADDITIVE:
        return "focus"
    if word in _AMBIGUOUS_FOCUS | _AMBIGUOUS_LINKING:
        # At the term's end it stands before the verb ("X still is"); at its start only
        # before a determiner or a preposition ("Even a path", "Back to the …").
        after = words[at + 1].lower() if at + 1 < len(words) else ""
        if at == len(words) - 1 or after in _DETERMINERS | _PREPOSITIONS:
            return "focus" if word in _AMBIGUOUS_FOCUS else "linking"
    return None


def asked_term(term: str) -> str | None:
    """``term`` without the linking adverbs at its ends ("Now a path" -> "a path"), or
    ``None`` when an additive or focusing adverb is there ("Also the edge-list
    representation") or what is left is no noun phrase ("Back to the definition")."""
    words = term.split()
    changed = False
    while words:
        if _adverb_here(words, 0) is not None:
            kind, words = _adverb_here(words, 0), words[1:]
        elif len(words) > 1 and _adverb_here(words, len(words) - 1) is not None:
            kind, words = _adverb_here(words, len(words) - 1), words[:-1]
        else:
            break
        if kind == "focus":
            return None
        changed = True
    if not words or words[0].lower() in _PREPOSITIONS:
        return None
    return " ".join(words) if changed else term
