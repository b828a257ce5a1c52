"""Issue 18, round 7: facts textbook prose states outside a definition make a cloze too.

A cause ("Increased fluidity impairs …"), what a kind does ("Facultative anaerobes show
better growth …"), a comparison ("… are more compact … than …"), a
negative rule ("… cannot grow in the presence of oxygen") and a use ("… can be used either as
…") are facts a strict reader studies; the blank goes on the thing the fact is about or on
the noun phrase its verb takes. Each kept sentence is a tuning text's (temperature_and_growth,
classes, oxygen_requirements, go_code, epoll) and made no cloze before these frames; each
refused one has the same shape with the blank off the fact, or a subject the card cannot
carry.
"""

from __future__ import annotations

import pytest

from studyapp.generation.fact_frames import frame_problem
from studyapp.generation.offline_cards import cloze_card


def _frame(sentence: str, answer: str) -> str | None:
    start = sentence.index(answer)
    return frame_problem(sentence, start, start + len(answer))


KEPT = [
    # a cause: the cause, and the effect right after the verb
    ("Increased fluidity impairs metabolic processes in membranes.", "fluidity"),
    ("Increased fluidity impairs metabolic processes in membranes.", "metabolic processes"),
    # a comparison: the thing compared
    (
        "Generator expressions are more compact but less versatile than full generator "
        "definitions and tend to be more memory friendly than equivalent list comprehensions.",
        "Generator expressions",
    ),
    # a negative rule: the kind it is about, or the object of its verb
    ("Obligate anaerobes cannot grow in the presence of oxygen.", "Obligate anaerobes"),
    ("Packages in the standard library do not have a module path prefix.", "module path prefix"),
    # what a kind does, in the present tense: the whole subject
    (
        "Facultative anaerobes show better growth in the presence of oxygen but will also grow "
        "without it.",
        "Facultative anaerobes",
    ),
    (
        "The race detector only finds races that happen at runtime, so it can't find races in "
        "code paths that are not executed.",
        "race detector",
    ),
    # a use: the thing used
    (
        "The epoll API can be used either as an edge-triggered or a level-triggered interface "
        "and scales well to large numbers of watched file descriptors.",
        "epoll API",
    ),
]

REFUSED = [
    # "increases to …": a change, not a cause; the blank is in its purpose
    (
        "The ratio of saturated to polyunsaturated lipids increases to limit the fluidity of "
        "the cell membranes.",
        "fluidity",
    ),
    # "raises questions": not a causal verb
    (
        "Life in extreme environments raises fascinating questions about the adaptation of "
        "macromolecules and metabolic processes.",
        "extreme environments",
    ),
    # compared with "those …": of what, the card does not say
    (
        "Growth rates are much slower than those encountered at moderate temperatures.",
        "moderate temperatures",
    ),
    # a negative rule: the blank one item of a pair, the other gives it away
    (
        "A socket cannot mix SO_TIMESTAMP and SO_TIMESTAMPNS: the two modes are mutually "
        "exclusive.",
        "SO_TIMESTAMP",
    ),
    # a negative rule about "it": which one is in the sentence before
    (
        "Because Harman’s account is vulnerable to the barn counterexample, it does not solve "
        "the Gettier problem.",
        "Gettier problem",
    ),
    # a negative rule after a modal hedge
    ("Obligate anaerobes often cannot grow in the presence of oxygen.", "Obligate anaerobes"),
    # a verb that states no property ("vary", "play some neat tricks")
    ("Microorganisms vary in their requirements for molecular oxygen.", "Microorganisms"),
    (
        "Class definitions play some neat tricks with namespaces, and you need to know how "
        "scopes and namespaces work to fully understand what's going on.",
        "Class definitions",
    ),
    # what a kind does: the blank on part of the subject, not the kind
    (
        "Macromolecules in thermophiles and hyperthermophiles show some notable structural "
        "differences from what is observed in the mesophiles.",
        "hyperthermophiles",
    ),
    # a use: the blank inside what it is used for
    (
        "The kcmp(2) KCMP_EPOLL_TFD operation can be used to test whether a file descriptor is "
        "present in an epoll instance.",
        "file descriptor",
    ),
]


@pytest.mark.parametrize(("sentence", "answer"), KEPT)
def test_a_blank_on_a_stated_property_is_kept(sentence: str, answer: str) -> None:
    assert _frame(sentence, answer) is None


@pytest.mark.parametrize(("sentence", "answer"), REFUSED)
def test_a_blank_beside_a_stated_property_is_refused(sentence: str, answer: str) -> None:
    assert _frame(sentence, answer) is not None


@pytest.mark.parametrize(("sentence", "answer"), KEPT)
def test_the_generator_makes_the_cloze(sentence: str, answer: str) -> None:
    card = cloze_card(sentence, answer, material=sentence)
    assert card is not None
    assert card.back == answer
