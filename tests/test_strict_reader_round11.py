"""Round 11's strict read (issue 18): cards a learner dropped from the round-11 texts (tuning
now: python_comprehensions.html, criteria_for_patenting.html, rhetorical_strategies.html,
adaptive_evolution.html). Each test quotes the card as the reader saw it (its number in the
read in the comment) and puts it through the real gate with the material it came from; and a
card of the same shape from a tuning text that stays.
"""

from __future__ import annotations

from studyapp.generation.choice_hyponym import kind_of_answer
from studyapp.generation.cleaning import clean
from studyapp.generation.quality import judge_choices
from tests.corpus_gate import CORPUS, cloze, material, problem

PYTHON = "python_comprehensions.html"
PATENT = "criteria_for_patenting.html"
RHETORIC = "rhetorical_strategies.html"
EVOLUTION = "adaptive_evolution.html"


# -- 3: a counted part for what a thing contains ---------------------------------------------
def test_a_counted_part_is_a_partial_answer() -> None:
    why = problem(
        PYTHON,
        "What does the os module contain?",
        "Two functions to deal with the current working directory",
    )
    assert why is not None and "partial" in why


# -- 8: a file of the book's examples ------------------------------------------------------------
def test_a_file_of_the_examples_is_furniture() -> None:
    why = problem(PYTHON, "What is feed.xml?", "A file in the examples folder")
    assert why is not None and "furniture" in why


# -- 35: the author's "I" ----------------------------------------------------------------------
def test_the_authors_i_is_narrative() -> None:
    why = cloze(
        PYTHON,
        "When I called the _____ function, I used a Linux-style pathname (forward slashes, no "
        "drive letter) even though I’m on Windows.",
        "os.chdir()",
    )
    assert why is not None and '"I"' in why


# -- 15: a quotation and who said it -------------------------------------------------------------
def test_an_attributed_quotation_is_refused() -> None:
    why = cloze(
        PATENT,
        "“The vast majority of all rejections at the _____ are for obviousness reasons,” "
        "explains retired Chief Judge Paul Michel of the U.S. Court of Appeals for the Federal "
        "Circuit.",
        "patent office",
    )
    assert why is not None and "quotation" in why


# -- 22: an example's named symbol ---------------------------------------------------------------
def test_an_examples_named_symbol_is_trivia() -> None:
    why = problem(
        RHETORIC,
        "What is Smokey Bear?",
        "A symbol created in 1944 to raise awareness of the danger of forest fires",
    )
    assert why is not None and "symbol" in why


# -- 23: a gerund that lost its object -----------------------------------------------------------
def test_a_gerund_without_its_object_is_garbled() -> None:
    why = problem(
        RHETORIC,
        "What does the essential task of analyzing require?",
        "A detachment that will convince the readers of the validity and effectiveness (or "
        "lack thereof) of the writing",
    )
    assert why is not None and "gerund" in why


# -- 28: a bare verb inside the asked term -------------------------------------------------------
def test_a_bare_verb_and_its_clause_is_garbled() -> None:
    why = problem(
        PATENT, "What is understand why non-obviousness?", "The most difficult hurdle to overcome"
    )
    assert why is not None and "bare verb" in why


# -- 29: one of a set ----------------------------------------------------------------------------
def test_one_of_the_staples_has_many_answers() -> None:
    why = cloze(RHETORIC, "_____ is one of the staples of advertising language.", "Hyperbole")
    assert why is not None and "one of a set" in why


# -- keeps from the same texts -----------------------------------------------------------------
def test_the_texts_good_cards_stay() -> None:
    assert (
        cloze(
            PYTHON,
            "Calling the _____ function returns an object that contains several different "
            "types of metadata about the file.",
            "os.stat()",
        )
        is None
    )
    assert (
        cloze(
            PYTHON,
            "To filter a list, you can include an if clause at the end of the _____.",
            "list comprehension",
        )
        is None
    )
    assert (
        cloze(
            EVOLUTION,
            "In both the handicap principle and the _____, the trait is an honest signal of "
            "quality.",
            "good genes hypothesis",
        )
        is None
    )
    assert (
        cloze(
            RHETORIC,
            "Ad hominem, meaning “against the man,” is often termed _____.",
            "name-calling",
        )
        is None
    )


# -- S2/S4: options the text makes kinds of the answer -------------------------------------------
def test_kinds_of_the_answer_are_also_correct() -> None:
    text = material(EVOLUTION)
    for option in ("Directional selection", "Diversifying selection", "Sexual selection"):
        assert kind_of_answer("Natural selection", option, text) is not None, option
    kept, _ = judge_choices(
        "Natural selection",
        ["Directional selection", "Sexual selection", "Diversifying selection"],
        "_____ acts on entire organisms, not on an individual allele within the organism.",
        material=text,
    )
    assert kept == []


def test_sibling_kinds_make_a_fair_set() -> None:
    # Stabilizing selection is itself a kind of selection: its siblings are fair options.
    text = material(EVOLUTION)
    assert kind_of_answer("Stabilizing selection", "Directional selection", text) is None
    assert kind_of_answer("Handicap principle", "Good genes hypothesis", text) is None


def test_the_scorer_refuses_kinds_of_the_answer() -> None:
    from benchmarks._card_scorer import choice_failures

    fails = choice_failures(
        "Natural selection",
        ["Directional selection", "Diversifying selection", "Sexual selection"],
        "Fill in the blank: _____ is a driving force in evolution.",
        material=material(EVOLUTION),
    )
    assert any("kind of the answer" in f for f in fails)


def test_glossed_kinds_across_two_classifications_stay() -> None:
    # deviance_and_control.html: "Positive sanctions" and "Informal sanctions" are each glossed
    # kinds of sanctions (positive/negative, formal/informal): an informal sanction may punish,
    # so "_____ are rewards given for conforming to norms" is not true of it.
    text = clean((CORPUS / "deviance_and_control.html").read_text(encoding="utf-8"), "html")
    assert kind_of_answer("Positive sanctions", "Informal sanctions", text) is None
    assert kind_of_answer("Negative sanctions", "Formal sanctions", text) is None


# -- 28 and 22 once refused as questions came back as clozes -------------------------------------
def test_the_same_facts_as_clozes_are_refused() -> None:
    why = cloze(
        PATENT, "Understand why _____ is the most difficult hurdle to overcome.", "non-obviousness"
    )
    assert why is not None and "instruction" in why
    why = cloze(
        RHETORIC,
        "_____ is a symbol created in 1944 to raise awareness of the danger of forest fires.",
        "Smokey Bear",
    )
    assert why is not None and "symbol" in why
    # A gerund subject before "how" is a sentence: "Knowing how" is no instruction.
    assert cloze(PYTHON, "Knowing how _____ works helps you read list code.", "filter()") is None
