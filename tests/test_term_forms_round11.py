"""Round 11's strict read (issue 18): question fronts and backs a learner would fix, each
quoted from the tuning texts ``adaptive_evolution.html``, ``rhetorical_strategies.html`` and
``python_comprehensions.html``, beside a card of the same shape that was right and stays so."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from studyapp.generation.offline_cards import (
    Unit,
    _with_article,
    definition_card,
    find_definition,
    term_card,
    tidy_answer,
)
from studyapp.generation.stated_that import claim_card, points_back
from studyapp.generation.term_forms import named_like_its_sibling
from studyapp.generation.words import takes_an, with_indefinite
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def _text(name: str) -> str:
    return clean_material(read_file(CORPUS / name))  # tuning texts only


def _glossary(term: str, body: str, material: str) -> tuple[str, str] | None:
    card = term_card(Unit("definition", body, "Key terms", 0, term), material)
    return None if card is None else (card.front, card.back)


# -- "a honest signal": the article goes by sound ---------------------------------------------
def test_the_indefinite_article_is_chosen_by_the_first_sound() -> None:
    evolution = _text("adaptive_evolution.html")
    # "<dt>honest signal</dt><dd>trait that gives a truthful impression of …</dd>"
    card = _glossary(
        "honest signal",
        "trait that gives a truthful impression of an individual’s fitness",
        evolution,
    )
    assert card is not None and card[0] == "What is an honest signal?"
    assert _with_article("honest signal", "trait that gives …", evolution) == "an honest signal"
    for phrase in ("honest signal", "hour hand", "heir", "apple", "unimportant detail"):
        assert takes_an(phrase), phrase
    for phrase in ("unit vector", "European bison", "one-tailed test", "utility", "house"):
        assert not takes_an(phrase), phrase
    assert with_indefinite("unit") == "a unit"


# -- "What does adaptive evolution do? => Increase in …": a noun of change --------------------
def test_a_definition_opening_on_a_noun_of_change_asks_what_the_term_is() -> None:
    evolution = _text("adaptive_evolution.html")
    back = (
        "increase in frequency of beneficial alleles and decrease in deleterious alleles due "
        "to selection"
    )
    card = _glossary("adaptive evolution", back, evolution)
    assert card == ("What is adaptive evolution?", "An " + back)  # "an overall decrease in"
    # Kept: the glossary's other fronts of the same text.
    stabilizing = "selection that favors average phenotypes"
    card = _glossary("stabilizing selection", stabilizing, evolution)
    assert card is not None and card[0] == "What is stabilizing selection?"
    dimorphism = "phenotypic difference between a population’s males and females"
    card = _glossary("sexual dimorphism", dimorphism, evolution)
    assert card is not None and card[0] == "What is sexual dimorphism?"


# -- "What are pathos?": a singular in "-os" ---------------------------------------------------
def test_a_term_in_os_defined_by_a_singular_head_is_one_thing() -> None:
    rhetoric = _text("rhetorical_strategies.html")
    # "Pathos: the use of appeals to feelings and emotions shared by an audience."
    card = _glossary(
        "Pathos", "the use of appeals to feelings and emotions shared by an audience.", rhetoric
    )
    assert card is not None and card[0] == "What is pathos?"


# -- "What is causal fallacy?": named as its siblings are --------------------------------------
def test_a_kind_whose_siblings_the_material_names_with_the_takes_the() -> None:
    rhetoric = _text("rhetorical_strategies.html")
    # "Causal fallacy: the faulty logic of claiming …" beside "the bandwagon fallacy" and
    # "notice these fallacies".
    assert named_like_its_sibling("causal fallacy", rhetoric)
    back = (
        "the faulty logic of claiming or believing that an event that follows another event "
        "is the result of it."
    )
    card = _glossary("Causal fallacy", back, rhetoric)
    assert card is not None and card[0] == "What is the causal fallacy?"
    evolution = _text("adaptive_evolution.html")
    assert not named_like_its_sibling("sexual dimorphism", evolution)
    assert not named_like_its_sibling("causal fallacy", "A fallacy is an error in reasoning.")
    # "This means that electric charge comes in discrete amounts" beside "the net charge": the
    # prose writes the term bare, a mass noun.
    assert not named_like_its_sibling("electric charge", _text("electric_charge.html"))


# -- "The modification time, but it's in a format …": the author's remark is cut ---------------
def test_a_closing_remark_after_but_is_cut_from_a_definition_back() -> None:
    sentence = "st_mtime is the modification time, but it’s in a format that isn’t terribly useful."
    found = find_definition(sentence)
    assert found is not None
    card = definition_card(found, material=_text("python_comprehensions.html"))
    assert (card.front, card.back) == ("What is st_mtime?", "The modification time")
    # A "but" that belongs to what the thing is has no pronoun subject of its own: kept.
    assert tidy_answer("A hard fruit, but not a nut.") == "A hard fruit, but not a nut."
    assert tidy_answer("Similar to a list, but immutable.") == "Similar to a list, but immutable."


# -- "males develop these impressive ornaments": a claim that points back ----------------------
def test_a_claim_that_points_back_with_these_is_refused() -> None:
    evolution = _text("adaptive_evolution.html")
    sentence = (
        "The good genes hypothesis states that males develop these impressive ornaments to "
        "show off their efficient metabolism or their ability to fight disease."
    )
    assert claim_card(sentence, material=evolution) is None
    assert points_back("males develop these impressive ornaments to show off …")
    assert not points_back("those who want others to pay for the good")
    assert not points_back("organisms make ornaments and these ornaments signal fitness")
    # Kept: the glossary's own definition of the hypothesis.
    back = (
        "theory of sexual selection that argues individuals develop impressive ornaments to "
        "show off their efficient metabolism or ability to fight disease"
    )
    card = _glossary("good genes hypothesis", back, evolution)
    assert card is not None and card[0] == "What is the good genes hypothesis?"
