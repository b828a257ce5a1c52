"""Round 17's strict read (issue 18): question cards whose back is no answer to the question,
each quoted from the round-17 texts (inverse_kinematics.html, logistic_equation.html, read blind
and tuning since), beside cards the reader kept that have the same look and must stay."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from studyapp.generation.asked_backs import particle_object, praise_and_reason, unpadded
from studyapp.generation.formula_debris import glued_formula
from studyapp.generation.offline_cards import purpose_card
from studyapp.generation.quality import CLOZE_PREFIX, CardContext, card_problem
from studyapp.generation.types import CardDraft
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def _text(name: str) -> str:
    return clean_material(read_file(CORPUS / name))


def ask(front: str, back: str) -> str | None:
    return card_problem(CardDraft(front, back, "basic"), CardContext(goal_title="Study notes"))


# -- praise and a reason -----------------------------------------------------------------------
def test_praise_and_a_reason_is_no_definition() -> None:
    # inverse_kinematics.html: "CCD is a very efficient method due to the fact that it obtains
    # the value for α analytically."
    back = "A very efficient method due to the fact that it obtains the value for α analytically"
    assert praise_and_reason(back)
    assert "praise and a reason" in (ask("What is CCD?", back) or "")


@pytest.mark.parametrize(
    ("front", "back"),
    [  # kept by round 17's reader, and a genus with what it does
        (
            "What is differential calculus?",
            "The field of calculus concerned with the study of derivatives and their applications",
        ),
        ("What is the α-shape?", "The boundary of the α-complex"),
        (
            "What is an average velocity?",
            "The change in an object’s position divided by the length of a time period.",
        ),
        ("What is CCD?", "An efficient method for closing loops in protein chains"),
    ],
)
def test_a_genus_without_praise_and_reason_stays(front: str, back: str) -> None:
    assert not praise_and_reason(back)
    assert ask(front, back) is None


# -- the verb's particle and the padded term ---------------------------------------------------
def test_the_particle_moves_into_the_question_and_the_padding_goes() -> None:
    # logistic_equation.html: "However, the concept of carrying capacity allows for the
    # possibility that in a given area, …". Was "What does the concept of carrying capacity
    # allow? => For the possibility that …".
    material = _text("logistic_equation.html")
    sentence = (
        "The concept of carrying capacity allows for the possibility that in a given area, only "
        "a certain number of a given organism or animal can thrive without running into "
        "resource issues."
    )
    assert sentence[4:] in material
    card = purpose_card(sentence, "Population Growth and Carrying Capacity", material)
    assert card is not None
    assert (card.front, card.back) == (
        "What does carrying capacity allow for?",
        "The possibility that in a given area, only a certain number of a given organism or "
        "animal can thrive without running into resource issues",
    )
    assert ask(card.front, card.back) is None


def test_particle_object_mends_only_when_sure() -> None:
    assert particle_object("allows", "for the possibility that it grows") == (
        "for",
        "the possibility that it grows",
    )
    assert particle_object("provides", "for each request a new socket") == ("", "")
    assert particle_object("returns", "to the caller when the data is read") == ("", "")
    assert particle_object("allows", "the possibility that it grows") is None
    assert unpadded("the concept of carrying capacity") == "carrying capacity"
    assert unpadded("The idea of a cycle") == "a cycle"
    assert unpadded("carrying capacity") == "carrying capacity"


# -- a formula that lost its superscripts ------------------------------------------------------
def test_a_formula_with_glued_superscripts_is_debris() -> None:
    # logistic_equation.html writes "P(t)=P<sub>0</sub>e<sup>rt</sup>"; the cleaned text has
    # "P(t)=P0ert" (P₀e^{rt}), and "P(t)=100e0.03t" for P(t)=100e^{0.03t}.
    material = _text("logistic_equation.html")
    assert "P(t)=P0ert" in material and "P(t)=100e0.03t" in material
    back = "The constant r>0 in the exponential growth function P(t)=P0ert"
    assert glued_formula(back) == "P(t)=P0ert"
    assert glued_formula("shows a graph of P(t)=100e0.03t.") == "P(t)=100e0.03t"
    assert "conversion debris" in (ask("What is growth rate?", back) or "")
    cloze = CardDraft(
        CLOZE_PREFIX + "An example of an exponential growth function is P(t)=_____.",
        "P0ert",
        "cloze",
    )
    assert card_problem(cloze, CardContext(goal_title="Study notes")) is not None


@pytest.mark.parametrize(
    "text",
    [  # a subscript alone still reads as its name; kept by round 17's reader
        "The population at time t=0",
        "Here P0=100 and r=0.03.",
        "Byte per second or -1 if byterate is unknown",
        "SF_INFO.format=SF_FORMAT_WAV",
    ],
)
def test_a_formula_without_glued_exponents_stays(text: str) -> None:
    assert glued_formula(text) is None


def test_kept_cards_stay() -> None:
    assert ask("What is an initial population?", "The population at time t=0") is None
    assert (
        ask(
            "What does sf_current_byterate return?",
            "Byte per second or -1 if byterate is unknown",
        )
        is None
    )
