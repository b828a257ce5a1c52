"""Round 18's strict read (issue 18): fill-in-the-blank refusals that leak their answer or lean
on what the card does not carry (high_performance_computing.html, truth_and_falsehood.html,
while_loop.html, filter_design.html). Each test quotes the real sentence, puts it through the
cloze maker with the material it came from, and checks a card of the same shape that stays.
"""

from __future__ import annotations

from studyapp.generation.blank_leans import bare_count_problem, fv_form_problem
from studyapp.generation.blanks import blank_problem
from studyapp.generation.formula_debris import without_spaced_formula
from studyapp.generation.offline_cards import cloze_card
from studyapp.generation.other_names import other_name_problem
from tests.corpus_gate import cloze, material

HPC = "high_performance_computing.html"
TRUTH = "truth_and_falsehood.html"
WHILE = "while_loop.html"
FILTER = "filter_design.html"


def _span(sentence: str, answer: str) -> tuple[int, int]:
    at = sentence.index(answer)
    return at, at + len(answer)


# -- an acronym blanked before ", short for <its words>," -----------------------------------------
ENIAC = (
    "ENIAC, short for Electronic Numerical Integrator And Computer, was the first "
    "general-purpose electronic computer."
)


def test_short_for_beside_the_blank_gives_the_answer_away() -> None:
    assert other_name_problem(ENIAC, *_span(ENIAC, "ENIAC")) is not None
    # The gate reads the card as the reader saw it.
    why = cloze(HPC, ENIAC.replace("ENIAC", "_____"), "ENIAC")
    assert why is not None and "another name" in why


def test_the_cloze_maker_cuts_the_short_for_apposition() -> None:
    made = cloze_card(ENIAC, "ENIAC", material=material(HPC))
    assert made is not None
    assert made.front.endswith("_____ was the first general-purpose electronic computer.")
    assert made.back == "ENIAC"


# -- the answer's word in the sentence with "f" traded for "v" ------------------------------------
JUDGING = (
    "Judging or believing is a certain complex unity of which a mind is a constituent; if the "
    "remaining constituents, taken in the order which they have in the belief, form a complex "
    "unity, then the belief is true; if not, it is false."
)


def test_belief_in_the_sentence_gives_believing_away() -> None:
    assert fv_form_problem(JUDGING, *_span(JUDGING, "believing")) is not None
    assert cloze_card(JUDGING, "believing", material=material(TRUTH)) is None
    # "life" / "living" is too short a stem to be read as one word.
    sentence = "Every cell spends its life living off the sugars the plant makes."
    assert fv_form_problem(sentence, *_span(sentence, "living")) is None


# -- a count with none of its items ---------------------------------------------------------------
ATTRIBUTES = (
    "Within the while control structure there are four attributes to a properly working loop."
)


def test_a_count_after_there_are_leans_on_the_list_it_announces() -> None:
    assert bare_count_problem(ATTRIBUTES, *_span(ATTRIBUTES, "four attributes")) is not None
    assert blank_problem(ATTRIBUTES, *_span(ATTRIBUTES, "four attributes"), material(WHILE))
    # keplers_laws.html: the count with its items after the colon is not after "there are".
    conics = (
        "Every path taken by m is one of the four conic sections: a circle or an ellipse for "
        "bound or closed orbits, or a parabola or hyperbola for unbounded or open orbits."
    )
    assert bare_count_problem(conics, *_span(conics, "four conic sections")) is None


# -- a formula flattened to spaced-out letters in brackets ----------------------------------------
BUTTERWORTH = (
    "Butterworth filters give transfer functions ( H ω and H s ) that are rational functions."
)


def test_the_cloze_maker_cuts_a_flattened_formula_in_brackets() -> None:
    assert without_spaced_formula(BUTTERWORTH) == (
        "Butterworth filters give transfer functions that are rational functions."
    )
    made = cloze_card(BUTTERWORTH, "Butterworth", material=material(FILTER))
    assert made is not None
    assert made.front.endswith("_____ filters give transfer functions that are rational functions.")
    # A bracket written by hand stays: no space after its opening bracket.
    assert without_spaced_formula("a cut C = (S, T) of a directed graph") == (
        "a cut C = (S, T) of a directed graph"
    )
