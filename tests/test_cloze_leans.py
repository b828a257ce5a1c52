"""Cloze sentences that lean on what the card does not carry (corporations.html and
nuclear_radioactivity.html, round 8's texts, now tuning)."""

from __future__ import annotations

import pytest

from studyapp.generation import cloze_leans
from studyapp.generation.quality import same_card
from studyapp.generation.restated import drop_restated, restates
from studyapp.generation.strict_reader import cloze_strict
from studyapp.generation.types import CardDraft

_PACSUN = (
    "“We listen and we change,” says the CEO of Pacific Sun. To remain on the cutting edge "
    "of teen tastes, the company regularly hosted an open house at its corporate headquarters "
    "in Anaheim, California, where vendors presented their wares to PacSun's savvy team of "
    "buyers. In 2025, PacSun organized the Purpose Partner Summit, which gathered leaders from "
    "various industries to discuss aspects of youth culture. Being able to distinguish between "
    "short-lived fads and actual trends is important when making merchandise choices. The "
    "company’s focus on “active brand management” is what kept its sales climbing.\n\n"
    "A corporation is a legal entity chartered by a state."
)


@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        (
            "Advantages of corporations include _____, ease of transferring ownership, "
            "unlimited life tax deductions, and the ability to attract financing.",
            "limited liability",
        ),
        (
            "Disadvantages include _____ of profits, the cost and complexity of formation, "
            "and government restrictions.",
            "double taxation",
        ),
    ],
)
def test_any_item_of_a_series_is_one_item_of_a_list(sentence: str, answer: str) -> None:
    assert cloze_leans.series_item(sentence)
    assert cloze_strict(sentence, answer) == "more than one defensible answer (one item of a list)"


def test_a_series_of_clauses_is_not_a_list() -> None:
    sentence = (
        "Its structure includes _____ who own the corporation, a board of directors, "
        "and officers who carry out the goals."
    )
    assert not cloze_leans.series_item(sentence)


def test_a_counted_subject_leans_on_its_enumeration() -> None:
    sentence = "Three types of corporate business organization provide _____."
    assert cloze_strict(sentence, "limited liability") == (
        "leans on an enumeration the card does not carry"
    )
    assert not cloze_leans.counted_subject("The C corporation is the _____ form of organization.")


def test_a_generic_all_x_allow_object_is_unpinned() -> None:
    sentence = "Today all states allow the formation of _____."
    assert cloze_leans.unpinned_object(sentence)
    assert cloze_strict(sentence, "LLCs") is not None
    assert not cloze_leans.unpinned_object(
        "All states allow the formation of _____ that are owned by a single member."
    )


@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        (
            "To remain on the cutting edge of teen tastes, the company regularly hosted an open "
            "house at its corporate headquarters in Anaheim, _____, where vendors presented "
            "their wares to PacSun's savvy team of buyers.",
            "California",
        ),
        (
            "As its business took off, PacSun successfully made the leap from the small sole "
            "proprietorship form of _____ to corporate retailing giant.",
            "business organization",
        ),
        (
            "At launch, the founder of Executive Property Management Services chose to "
            "incorporate to obtain the liability protection of the _____ of business "
            "organization.",
            "corporate form",
        ),
    ],
)
def test_a_story_about_one_firm_is_an_anecdote(sentence: str, answer: str) -> None:
    assert cloze_leans.firm_story(sentence)
    assert cloze_strict(sentence, answer) == "an anecdote, not a fact (a story about one firm)"


def test_a_sentence_inside_a_firm_story_is_an_anecdote() -> None:
    sentence = (
        "Being able to distinguish between short-lived fads and actual _____ is important "
        "when making merchandise choices."
    )
    assert cloze_leans.in_firm_story(sentence, "trends", _PACSUN)
    assert not cloze_leans.in_firm_story(
        "A corporation is a legal entity chartered by a _____.", "state", _PACSUN
    )


def test_a_general_present_tense_sentence_is_not_a_firm_story() -> None:
    assert not cloze_leans.firm_story(
        "A corporation can own property, enter into contracts, and _____."
    )
    assert not cloze_leans.firm_story("The company is owned by its _____.")


def test_it_in_a_definition_cloze_is_unresolved() -> None:
    sentence = "The _____ is defined to be the distance it can travel through a material."
    assert cloze_leans.definition_it(sentence)
    assert cloze_strict(sentence, "range of radiation") == (
        "needs the text around it (an 'it' the card does not resolve)"
    )
    assert not cloze_leans.definition_it(
        "The _____ is defined to be the time for half of the nuclei to decay."
    )


def test_a_cloze_that_restates_a_question_card_is_dropped() -> None:
    question = CardDraft(
        "What is the range of radiation?",
        "The distance that the radiation can travel through a material",
        source="the distance that the radiation can travel through a material",
    )
    cloze = CardDraft(
        "Fill in the blank: The _____ is defined to be the distance it can travel through a "
        "material.",
        "range of radiation",
        kind="cloze",
        source="The range of radiation is defined to be the distance it can travel through a "
        "material.",
    )
    assert restates(cloze, question)
    kept, dropped = drop_restated([cloze, question])
    assert kept == [question] and dropped == [cloze]


def test_a_cloze_on_another_fact_of_the_term_stays() -> None:
    question = CardDraft(
        "What is a namespace?", "A mapping from names to objects", source="a mapping from names"
    )
    cloze = CardDraft(
        "Fill in the blank: Class definitions place yet another _____ in the local scope.",
        "namespace",
        kind="cloze",
    )
    assert not restates(cloze, question)


def test_same_card_calls_a_restating_cloze_the_same_card() -> None:
    """Across parts the job compares card texts: the cloze of one part and the question card
    of another are one fact (deviance_and_control.html)."""
    cloze = (
        "Fill in the blank: _____ are rewards given for conforming to norms.\nPositive sanctions"
    )
    question = "What are positive sanctions?\nRewards given for conforming to norms"
    assert same_card(cloze, question) and same_card(question, cloze)


def test_a_code_name_with_a_participle_is_not_a_firm_story() -> None:
    assert not cloze_leans.firm_story(
        "For example, if x is the instance of MyClass created above, the following piece of "
        "code will print the value _____."
    )
    assert cloze_leans.firm_story("In April 2006, PacSun launched its third _____.")


def test_a_counted_subject_with_a_stated_fact_stays() -> None:
    assert not cloze_leans.counted_subject(
        "Two types of experimental evidence imply that Becquerel’s rays originate deep in the "
        "heart (or _____) of an atom."
    )
