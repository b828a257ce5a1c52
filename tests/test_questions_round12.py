"""Round 12's strict read (issue 18), the question side: cards a learner dropped or fixed from
financial_instruments.html and graph_theory_review.html (tuning now). Each test quotes the
card or its sentence as the reader saw it (its number in the read in the comment) and puts it
through the real generator or gate; and a card of the same shape that stays.
"""

from __future__ import annotations

from studyapp.generation.context_bound import cloze_context
from studyapp.generation.offline_cards import definition_card, find_definition, term_card, units
from studyapp.generation.question_shapes import shape_flaw
from studyapp.generation.term_adverbs import asked_term
from tests.corpus_gate import cloze, material, problem

FINANCE = "financial_instruments.html"
GRAPHS = "graph_theory_review.html"


# -- 17, and "What is now a path?": a sentence adverb read into the term -----------------------
def test_a_linking_adverb_is_no_part_of_the_term() -> None:
    d = find_definition(
        "Now a path is a sequence of edges in a graph such that the target vertex of each edge "
        "is the source vertex of the next edge in the sequence."
    )
    assert d is not None and d.term == "a path"
    assert definition_card(d, material=material(GRAPHS)).front == "What is a path?"


def test_an_additive_adverb_makes_no_definition() -> None:
    # "also": one more property of the edge-list representation, not what it is.
    assert (
        find_definition(
            "Also the edge-list representation is a space efficient choice for sparse graphs "
            "that is appropriate in some situations."
        )
        is None
    )


def test_an_adverb_that_is_an_adjective_stays_in_the_term() -> None:
    assert asked_term("even numbers") == "even numbers"
    assert asked_term("back pain") == "back pain"
    assert asked_term("Only the kernel") is None


# -- 40: a lead-in before a colon is no term ---------------------------------------------------
def test_a_lead_in_before_a_colon_is_no_glossary_term() -> None:
    found = units(
        "Back to the definition: a graph is a set of vertices and edges. For purposes of "
        "demonstration, let us consider a graph where we have labeled the vertices with letters."
    )
    assert all(u.kind != "definition" for u in found)
    assert found[0].text == "A graph is a set of vertices and edges."


# -- 35: a plural term with its bracketed abbreviation -------------------------------------------
def test_a_plural_head_before_a_bracket_is_asked_what_are() -> None:
    text = material(FINANCE)
    fronts = {}
    for unit in units(text):
        if unit.kind == "definition" and unit.term in {
            "Treasury bills (T-bills)",
            "municipal bonds (munis)",
            "commercial paper (CP)",
        }:
            card = term_card(unit, text)
            assert card is not None
            fronts[unit.term] = card.front
    assert fronts == {
        "Treasury bills (T-bills)": "What are Treasury bills (T-bills)?",
        "municipal bonds (munis)": "What are municipal bonds (munis)?",
        "commercial paper (CP)": "What is commercial paper (CP)?",
    }


# -- 13: a property with no owner ------------------------------------------------------------------
def test_a_property_with_no_owner_leans_on_context() -> None:
    why = problem(FINANCE, "What does the short maturity reduce?", "SEC oversight")
    assert why is not None and "of what?" in why
    why = cloze(FINANCE, "The short maturity reduces _____ oversight.", "SEC")
    assert why is not None and "of what?" in why
    # tcp.7's TCP_FASTOPEN: "the value" of the option the card never names.
    why = cloze_context(
        "The value specifies the _____ of pending SYNs (similar to the backlog argument in "
        "listen(2)).",
        answer="maximum length",
    )
    assert why is not None and "of what?" in why


def test_a_property_named_by_its_kind_or_asked_for_stays() -> None:
    assert (
        problem(
            FINANCE,
            "What is the federal funds rate?",
            "The rate targeted by the Federal Reserve in the implementation of monetary policy",
        )
        is None
    )
    assert (
        problem(
            "valence_bond_theory.html",
            "What does the energy of the system depend on?",
            "How much the orbitals overlap",
        )
        is None
    )
    assert (
        problem(
            "temperature_and_growth.html",
            "What is the minimum growth temperature?",
            "The lowest temperature at which the organism can survive and replicate",
        )
        is None
    )


# -- 12: "one method to …" is membership ---------------------------------------------------------
def test_one_method_of_several_is_no_definition() -> None:
    why = problem(
        FINANCE, "What is a maturity?", "One method to differentiate among financial instruments"
    )
    assert why is not None and "membership" in why


def test_a_way_of_doing_something_still_defines() -> None:
    assert (
        shape_flaw(
            "What is ABC?",
            "A way of increasing the congestion window (cwnd) more slowly in response to partial "
            "acknowledgements",
        )
        is None
    )
