"""Issue 18, round 7: "the N of X is that …" is a question card asking for the N of X; a noun
phrase that does not say what it belongs to, or belongs to a person's case, makes none. The
kept sentences are tuning texts' (federalism_tradeoffs, deviance_and_control, knowledge) and
made no question card before."""

from __future__ import annotations

import pytest

from studyapp.generation.offline_cards import harvest, without_opener
from studyapp.generation.quality import CardContext, card_problem
from studyapp.generation.stated_that import stated_that_card

MADE = [
    (
        "Among the merits of federalism are that it promotes policy innovation and political "
        "participation and accommodates diversity of opinion.",
        "What are the merits of federalism?",
        "Federalism promotes policy innovation and political participation and accommodates "
        "diversity of opinion.",
    ),
    (
        "In fact, from a structural functionalist perspective, one of the positive "
        "contributions of deviance is that it fosters social change.",
        "From a structural functionalist perspective, what is one of the positive "
        "contributions of deviance?",
        "Deviance fosters social change.",
    ),
    (
        "The traditional understanding of knowledge, which comes from Plato, is that it "
        "consists of justified true belief.",
        "What is the traditional understanding of knowledge?",
        "Knowledge consists of justified true belief.",
    ),
]

REFUSED = [
    # what the advantage belongs to is in the sentence before
    "The advantage is that you can hide the actual type of a document and change it later.",
    # "of doing this": a pointer back
    "The advantage of doing this is that the history of next will be clean.",
    # "another": one of a list the card does not carry
    "Another advantage of federalism is that failure at one level can be offset at another.",
    # a kind that names no fact of its own
    "The reason for this is that edge-triggered mode delivers events only when changes occur.",
    # a person's case: "the traveler" is a worked example's
    "Dharmakīrti’s conclusion is that the traveler cannot be said to know there is water in "
    "the valley.",
]


@pytest.mark.parametrize(("sentence", "front", "back"), MADE)
def test_the_n_of_x_is_that_asks_for_it(sentence: str, front: str, back: str) -> None:
    card = stated_that_card(without_opener(sentence))
    assert card is not None
    assert (card.front, card.back) == (front, back)
    assert card_problem(card, CardContext(material=sentence)) is None


@pytest.mark.parametrize("sentence", REFUSED)
def test_a_that_clause_leaning_on_context_makes_no_card(sentence: str) -> None:
    assert stated_that_card(without_opener(sentence)) is None


def test_the_harvest_makes_the_question_card() -> None:
    text = (
        "Federalism divides power between levels of government. Among the merits of "
        "federalism are that it promotes policy innovation and political participation and "
        "accommodates diversity of opinion."
    )
    fronts = [c.front for c in harvest(text, 10).cards]
    assert "What are the merits of federalism?" in fronts
