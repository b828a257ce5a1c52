"""Round 13's strict read (issue 18): term forms and duplicates a learner fixed or dropped in the
round-13 texts (epidemiological_approaches.html, carbohydrates.html). Each test quotes the
card or sentence as the reader saw it (its number in the read in the comment), puts it through
the rule that fixes or refuses it, with the material it came from; and a card of the same
shape from a tuning text that is right and stays (or a second real case it also catches).
"""

from __future__ import annotations

from studyapp.generation.blanks import defined_elsewhere_problem
from studyapp.generation.offline_cards import question_subject
from studyapp.generation.quality import CLOZE_PREFIX, same_card
from tests.corpus_gate import blank, material

EPI = "epidemiological_approaches.html"
CARBS = "carbohydrates.html"


# -- 14, 18: a stage the text writes "the"/"this" ---------------------------------------------------
def test_a_stage_the_text_names_with_the_is_asked_with_the() -> None:
    # "In this subclinical disease stage, individuals have no overt symptoms." and "In the
    # clinical disease stage, signs of the disease develop": "clinical disease stage" inside
    # "subclinical disease stage" is another term, not a bare use.
    text = material(EPI)
    back = "Stage within the natural history of disease during which signs of the disease develop"
    assert question_subject("clinical disease stage", back, text) == "the clinical disease stage"
    back = "The natural history of disease stage after exposure but prior to clinical disease"
    assert (
        question_subject("subclinical disease stage", back, text) == "the subclinical disease stage"
    )


def test_a_field_written_bare_stays_bare() -> None:
    # experimental_design.html (tuning): "What is random assignment?" stays bare beside "the
    # random assignment of experimental units" (the "of" phrase makes that one definite).
    text = material("experimental_design.html")
    back = "The act of organizing experimental units into treatment groups using random methods"
    assert question_subject("random assignment", back, text) == "random assignment"


# -- 27, 32: the same model blanked twice -----------------------------------------------------------
def _card(sentence: str, answer: str) -> str:
    return f"{CLOZE_PREFIX}{sentence}\n{answer}"


def test_two_clozes_on_one_sentence_shape_with_one_answer_are_one_card() -> None:
    first = _card(
        "The _____ is an epidemiological model that allows for a more complex and nuanced "
        "interplay between the host, agent, and environment of the epidemiological triad.",
        "chain of infection",
    )
    second = _card(
        "The _____ is an epidemiological model that depicts the complex, nuanced interplay "
        "between the host, agent, and environment and includes a reservoir, portal of exit, "
        "mode of transmission, agent, portal of entry, and host.",
        "chain of infection",
    )
    assert same_card(second, first)


def test_the_endocrine_system_blanked_twice_is_one_card() -> None:
    # endocrine_overview.html (tuning), two parts of the text.
    first = _card(
        "The _____ consists of cells, tissues, and organs that secrete hormones as a primary or "
        "secondary function.",
        "endocrine system",
    )
    second = _card(
        "The _____ consists of cells, tissues, and organs that secrete hormones critical to "
        "homeostasis.",
        "endocrine system",
    )
    assert same_card(second, first)


def test_two_facts_with_one_answer_stay_two_cards() -> None:
    # adaptive_evolution.html and lemon_parser.html (tuning): one answer, two facts.
    assert not same_card(
        _card("_____ acts on entire organisms, not on an individual allele.", "natural selection"),
        _card("_____ cannot produce the perfect organism.", "natural selection"),
    )
    assert not same_card(
        _card(
            "The sole argument to the ParseAlloc() routine is a _____ to the subroutine used to "
            "allocate memory.",
            "pointer",
        ),
        _card(
            "The first argument to the Parse() routine is the _____ returned by ParseAlloc().",
            "pointer",
        ),
    )


# -- 1: what a list of examples is rich in -----------------------------------------------------------
def test_a_trait_a_list_of_examples_shares_is_refused() -> None:
    sentence = (
        "The Mediterranean diet is an excellent example of a diet high in complex carbohydrates "
        "because it is rich in fruits, vegetables, beans, legumes, nuts, and seeds."
    )
    why = blank(CARBS, sentence, "complex carbohydrates")
    assert why is not None and "trait" in why


def test_what_a_thing_is_rich_in_without_a_list_stays() -> None:
    # temperature_and_growth.html (tuning): the clue is the psychrophile, not examples.
    sentence = (
        "Proteins in psychrophiles are, in general, rich in hydrophobic residues, display an "
        "increase in flexibility, and have a lower number of secondary stabilizing bonds."
    )
    why = blank("temperature_and_growth.html", sentence, "hydrophobic residues")
    assert why is None or "trait" not in why


# -- 3: "X occurs when …" defines X; a topic term blanked in its condition --------------------------
TRANSMISSION = (
    "Transmission occurs when an infectious agent is transmitted by direct contact or droplet "
    "spread."
)


def test_a_topic_head_in_an_occurs_when_definition_is_refused() -> None:
    start = TRANSMISSION.index("infectious agent")
    why = defined_elsewhere_problem(TRANSMISSION, start, start + 16, material(EPI))
    assert why is not None and "defines another term" in why


def test_the_actors_of_an_occurs_when_definition_stay() -> None:
    # race_detector.html (tuning): "goroutines" is no topic word of the text; the card stays.
    sentence = (
        "A data race occurs when two goroutines access the same variable concurrently and at "
        "least one of the accesses is a write."
    )
    start = sentence.index("goroutines")
    assert (
        defined_elsewhere_problem(sentence, start, start + 10, material("race_detector.html"))
        is None
    )
