"""Issue 18, round 7: a credit stated in as many words ("is credited with", "was the first to",
"first used") is a "Who …?" card answered by the person's name alone. The kept sentences are
tuning texts' (spontaneous_generation, cell_theory, spectroscopy_in_astronomy), whose clozes
the gate refuses as stories told in order; each refused one has the same shape without a
person named by name, or with the credit conceded to what follows."""

from __future__ import annotations

import pytest

from studyapp.generation.credits import credit_card
from studyapp.generation.offline_cards import harvest
from studyapp.generation.quality import CardContext, card_problem

MADE = [
    (
        "Louis Pasteur is credited with conclusively disproving the theory of spontaneous "
        "generation with his famous swan-neck flask experiment.",
        "Who is credited with conclusively disproving the theory of spontaneous generation "
        "with his famous swan-neck flask experiment?",
        "Louis Pasteur",
    ),
    (
        "In 1831, Scottish botanist Robert Brown (1773–1858) was the first to describe "
        "observations of nuclei, which he observed in plant cells.",
        "Who was the first to describe observations of nuclei?",
        "Robert Brown",
    ),
    (
        "In 1860, German physicist Gustav Kirchhoff became the first person to use spectroscopy "
        "to identify an element in the Sun when he found the spectral signature of sodium gas.",
        "Who was the first person to use spectroscopy to identify an element in the Sun?",
        "Gustav Kirchhoff",
    ),
]

REFUSED = [
    # conceded to what follows
    "While Gettier is credited with the first popular counterexample to the JTB account, he "
    "was not the first philosopher to articulate a counterexample.",
    # no one named: a pronoun, a thing
    "He was the first to name numerous diseases and created many other medical terms.",
    "Plato’s JTB analysis was the first to come under scrutiny.",
    # what it is credited with points back
    "Sociologist William Sumner was the first to develop these concepts.",
]
MATERIAL = " ".join(s for s, _, _ in MADE) + " " + " ".join(REFUSED) + " Though he was not."


@pytest.mark.parametrize(("sentence", "front", "back"), MADE)
def test_a_credit_asks_who(sentence: str, front: str, back: str) -> None:
    card = credit_card(sentence, material=MATERIAL)
    assert card is not None
    assert (card.front, card.back) == (front, back)
    assert card_problem(card, CardContext(material=MATERIAL)) is None


@pytest.mark.parametrize("sentence", REFUSED)
def test_a_credit_to_no_one_by_name_makes_no_card(sentence: str) -> None:
    assert credit_card(sentence, material=MATERIAL) is None


def test_the_harvest_makes_the_who_card() -> None:
    fronts = [c.front for c in harvest(MADE[1][0] + " Nuclei hold the genome.", 10).cards]
    assert MADE[1][1] in fronts
