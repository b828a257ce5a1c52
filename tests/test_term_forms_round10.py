"""Round 10's strict read (issue 18): glossary question fronts whose term form was wrong, each
quoted from the tuning texts ``valence_bond_theory.html``, ``tangible_and_intangible_assets.html``
and ``public_goods.html`` (see studyapp/generation/term_forms.py and offline_cards.py), beside
a card of the same shape that was right and stays so."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from studyapp.generation.offline_cards import (
    Unit,
    _with_article,
    definition_card,
    find_definition,
    term_card,
)
from studyapp.generation.term_forms import (
    adjective_term,
    kind_of_own_head,
    owned_noun,
    plural_answer,
    written_plural,
)
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def _text(name: str) -> str:
    return clean_material(read_file(CORPUS / name))  # tuning texts only


def _glossary(term: str, body: str, material: str) -> str | None:
    card = term_card(Unit("definition", body, "Key terms", 0, term), material)
    return None if card is None else card.front


# -- "pi bond (π bond)": the bracket is the term's other name ----------------------------------
def test_a_term_with_its_other_name_in_brackets_takes_the_names_article() -> None:
    bonds = _text("valence_bond_theory.html")
    # "A pi bond (π bond) is a type of covalent bond that results from …"
    assert _glossary(
        "pi bond (π bond)",
        "covalent bond formed by side-by-side overlap of atomic orbitals; the electron density "
        "is found on opposite sides of the internuclear axis",
        bonds,
    ) == ("What is a pi bond (π bond)?")
    # "A σ bond is a covalent bond in which …": the other name counted counts the term.
    assert (
        _with_article("sigma bond (σ bond)", "", "A σ bond is a covalent bond in which …")
        == "a sigma bond (σ bond)"
    )
    assert _with_article("sigma bond (σ bond)", "", "") == "sigma bond (σ bond)"


# -- "contra account: account paired with …": a kind of its own head noun ----------------------
def test_a_compound_defined_by_its_own_head_noun_is_counted_as_that_noun() -> None:
    assets = _text("tangible_and_intangible_assets.html")
    back = (
        "account paired with another account type, has an opposite normal balance to the paired "
        "account, and reduces the balance in the paired account at the end of a period"
    )
    assert kind_of_own_head("contra account", back, assets)
    assert _glossary("contra account", back, assets) == "What is a contra account?"
    bonds = _text("valence_bond_theory.html")
    sigma = "covalent bond formed by overlap of atomic orbitals along the internuclear axis"
    assert kind_of_own_head("sigma bond", sigma, bonds)
    assert _glossary("sigma bond (σ bond)", sigma, bonds) == "What is a sigma bond (σ bond)?"
    # A genus of another noun says nothing of the term's number; nor does a mass head noun.
    life = "time period over which an asset cost is allocated"
    assert not kind_of_own_head("useful life", life, assets)
    assert _glossary("useful life", life, assets) == "What is useful life?"
    theory = (
        "description of bonding that involves atomic orbitals overlapping to form σ or π bonds, "
        "within which pairs of electrons are shared"
    )
    assert _glossary("valence bond theory", theory, bonds) == "What is valence bond theory?"
    assert not kind_of_own_head(
        "heavy water", "water in which hydrogen is deuterium", "It dissolves in water."
    )


# -- "nonrivalrous: even when one person uses the good, …": an adjective's meaning -------------
def test_an_adjective_term_is_asked_what_it_means() -> None:
    goods = _text("public_goods.html")
    back = "even when one person uses the good, others can also use it"
    assert adjective_term("nonrivalrous", back, goods)
    assert _glossary("nonrivalrous", back, goods) == "What does nonrivalrous mean?"
    assert _glossary(
        "nonexcludable",
        "when it is costly or impossible to exclude someone from using the good, and thus hard "
        "to charge for it",
        goods,
    ) == ("What does nonexcludable mean?")
    # A noun defined by a noun phrase, or one the material counts, is a thing.
    assert not adjective_term("explosive", "a substance that reacts violently", "")
    assert not adjective_term("explosive", "when heated, reacts violently", "Use an explosive.")
    assets = _text("tangible_and_intangible_assets.html")
    assert _glossary(
        "goodwill",
        "value of certain favorable factors that a business possesses that allows it to "
        "generate a greater rate of return or profit",
        assets,
    ) == ("What is goodwill?")


# -- "free rider: those who …": a plural answer, a plural question -----------------------------
def test_a_plural_answer_asks_about_the_plural_term() -> None:
    goods = _text("public_goods.html")
    back = (
        "those who want others to pay for the public good and then plan to use the good "
        "themselves; if many people act as free riders, the public good may never be provided"
    )
    assert plural_answer(back)
    assert written_plural("free rider", goods) == "free riders"
    assert _glossary("free rider", back, goods) == "What are free riders?"
    # The material never writing the plural, the card is not made at all.
    assert _glossary("free rider", back, "A free rider uses the good.") is None
    assert not plural_answer("good that is nonexcludable and non-rival")
    assert _glossary(
        "public good",
        "good that is nonexcludable and non-rival, and thus is difficult for market producers to "
        "sell to individual consumers",
        goods,
    ) == ("What is a public good?")


# -- "The useful life is …" beside "its useful life": the owner's "the" ------------------------
def test_the_of_a_noun_the_text_gives_an_owner_is_the_owners() -> None:
    assets = _text("tangible_and_intangible_assets.html")
    # "… not be near the end of its useful life, … The useful life is the time period over
    # which an asset cost is allocated."
    assert owned_noun("useful life", assets)
    d = find_definition("The useful life is the time period over which an asset cost is allocated.")
    assert d is not None
    assert definition_card(d, material=assets).front == "What is useful life?"
    # A thing the text names once, with no owner, keeps its "the".
    goods = _text("public_goods.html")
    d = find_definition(
        "The tragedy of the commons is a frequent economic and social framework for discussions "
        "about a range of common resources."
    )
    assert d is not None
    assert definition_card(d, material=goods).front == "What is the tragedy of the commons?"


def test_a_collective_noun_defined_by_its_members_keeps_its_number() -> None:
    groups = _text("types_of_groups.html")
    # "**category**: people who share similar characteristics but who are not connected in any
    # way" beside "groups can broadly be divided into two categories": one category of many
    # people; "What are categories?" would ask about the other sense.
    back = "people who share similar characteristics but who are not connected in any way"
    assert not plural_answer(back)
    assert _glossary("category", back, groups) != "What are categories?"
