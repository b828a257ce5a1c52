"""Issue 18, round 7: "the N of X is that …" is a question card asking for the N of X; a noun
phrase that does not say what it belongs to, or belongs to a person's case, makes none. The
kept sentences are tuning texts' (federalism_tradeoffs, deviance_and_control, knowledge) and
made no question card before. So do a theory's or a named person's claims ("The theory of
spontaneous generation states that …", "Aristotle proposed that …"), not those of no one in
particular ("Research demonstrates that …")."""

from __future__ import annotations

import pytest

from studyapp.generation.offline_cards import harvest, without_opener
from studyapp.generation.quality import CardContext, card_problem
from studyapp.generation.stated_that import claim_card, stated_that_card

MADE = [
    (
        "Among the merits of federalism are that it promotes policy innovation and political "
        "participation and accommodates diversity of opinion.",
        "What are the merits of federalism?",
        "Federalism promotes policy innovation and political participation and accommodates "
        "diversity of opinion.",
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


def test_one_of_many_is_made_but_the_gate_refuses_it() -> None:
    """Round 14's strict read refused "What is one of the underlying themes of …?" (any other
    member answers it); deviance's "one of the positive contributions" is the same shape."""
    sentence = (
        "In fact, from a structural functionalist perspective, one of the positive "
        "contributions of deviance is that it fosters social change."
    )
    card = stated_that_card(without_opener(sentence))
    assert card is not None
    assert card.front == (
        "From a structural functionalist perspective, what is one of the positive "
        "contributions of deviance?"
    )
    assert card_problem(card, CardContext(material=sentence)) == (
        "more than one defensible answer (one of a set: 'one of the …')"
    )


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


# -- claims -------------------------------------------------------------------------------------
CLAIMS = [
    (
        "The theory of spontaneous generation states that life arose from nonliving matter.",
        "What does the theory of spontaneous generation state?",
        "Life arose from nonliving matter.",
    ),
    (
        "Endosymbiotic theory states that mitochondria and chloroplasts have their origins in "
        "bacteria.",
        "What does endosymbiotic theory state?",
        "Mitochondria and chloroplasts have their origins in bacteria.",
    ),
    (
        "Aristotle proposed that life arose from nonliving material if the material contained "
        "pneuma.",
        "What did Aristotle propose about life?",
        "Life arose from nonliving material if the material contained pneuma.",
    ),
]

NO_CLAIMANT = [
    # a common word opening the sentence, not a name ("research" is lower case elsewhere)
    "Research demonstrates that who we are is affected by both nature and nurture.",
    # no one in particular
    "Some experts assert that who we are is a result of nurture.",
    # a pointer back
    "This demonstrated that handwashing was a very effective method for preventing disease.",
    # a case's detail: neither a theory nor a person
    "The presence of Listeria in Jeni’s blood suggests that her symptoms are due to listeriosis.",
]
MATERIAL = (
    "The theory of spontaneous generation dates back to Aristotle. Current research on "
    "twins shows more. " + " ".join(s for s, _, _ in CLAIMS) + " " + " ".join(NO_CLAIMANT)
)


@pytest.mark.parametrize(("sentence", "front", "back"), CLAIMS)
def test_a_theory_or_a_named_person_s_claim_is_asked_for(
    sentence: str, front: str, back: str
) -> None:
    card = claim_card(sentence, material=MATERIAL)
    assert card is not None
    assert (card.front, card.back) == (front, back)
    assert card_problem(card, CardContext(material=MATERIAL)) is None


@pytest.mark.parametrize("sentence", NO_CLAIMANT)
def test_a_claim_of_no_one_in_particular_makes_no_card(sentence: str) -> None:
    assert claim_card(sentence, material=MATERIAL) is None


def test_a_profession_before_a_name_loses_its_sentence_capital() -> None:
    # types_of_groups.html: "What did Sociologist Charles Horton Cooley suggest?"
    sentence = (
        "Sociologist Charles Horton Cooley (1864–1929) suggested that groups can broadly be "
        "divided into two categories: primary groups and secondary groups."
    )
    card = claim_card(sentence, material=sentence)
    assert card is not None
    assert card.front == "What did sociologist Charles Horton Cooley suggest about groups?"
    # The name alone keeps every capital.
    named = claim_card(
        "Charles Horton Cooley suggested that groups can be divided into two categories.",
        material=sentence,
    )
    assert named is not None
    assert named.front == "What did Charles Horton Cooley suggest about groups?"
