"""Round 18's strict read (issue 18): question cards with no real answer, each quoted from the
round-18 texts (while_loop.html, filter_design.html, fetchmail_design_notes.html,
high_performance_computing.html, read blind and tuning since), beside cards of the same look
that must stay."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from studyapp.generation.hollow_questions import (
    any_one_of_a_kind,
    garbled_gerund,
    leaning_demonstrative,
    predicate_term,
    unbracketed,
    value_cloze,
    value_only,
)
from studyapp.generation.offline_cards import tidy_answer
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


# -- a value word alone ----------------------------------------------------------------------------
def test_a_value_word_alone_is_no_definition() -> None:
    # while_loop.html: "Infinite loops are a bad thing."
    assert "Infinite loops are a bad thing." in _text("while_loop.html")
    assert value_only("What are infinite loops?", "A bad thing")
    assert "value word" in (ask("What are infinite loops?", "A bad thing") or "")


def test_a_superlative_of_the_terms_own_head_is_no_definition() -> None:
    # filter_design.html: "The Butterworth filter is the simplest filter."
    assert "The Butterworth filter is the simplest filter." in _text("filter_design.html")
    assert value_only("What is the Butterworth filter?", "The simplest filter")
    assert ask("What is the Butterworth filter?", "The simplest filter") is not None


@pytest.mark.parametrize(
    ("front", "back"),
    [  # a superlative that says in what, or names a kind of its own: a definition
        ("What is aphelion?", "The farthest point of an orbit from the Sun"),
        ("What is Jupiter?", "The largest planet"),
        ("What is a good thing?", "A thing that helps"),
    ],
)
def test_a_superlative_with_a_difference_stays(front: str, back: str) -> None:
    assert not value_only(front, back)


# -- a demonstrative as a pronoun ----------------------------------------------------------------
def test_that_for_a_noun_before_leans_on_context() -> None:
    # filter_design.html: "The form of the frequency-response function is a generalization of
    # that for the Chebyshev filter where …"
    assert "is a generalization of that for the Chebyshev filter" in _text("filter_design.html")
    back = "A generalization of that for the Chebyshev filter"
    assert leaning_demonstrative(back) == "that"
    assert "leans on context" in (
        ask("What is the form of the frequency-response function?", back) or ""
    )


def test_a_demonstrative_with_its_noun_stays() -> None:
    assert leaning_demonstrative("A generalization of that filter to higher orders") is None
    assert leaning_demonstrative("A filter so that the passband is flat") is None


# -- an article before a gerund with its object ----------------------------------------------------
def test_an_article_before_a_gerund_with_its_object_is_garbled() -> None:
    # while_loop.html: "The update of the flag is the displaying the question and getting the
    # answer for the variable loop_response."
    assert "is the displaying the question" in _text("while_loop.html")
    back = "The displaying the question and getting the answer for the variable loop_response"
    assert garbled_gerund(back)
    assert "garbled answer" in (ask("What is the update of the flag?", back) or "")
    assert not garbled_gerund("The display of the question")
    assert not garbled_gerund("The king the people chose")


# -- an asked term that is no noun phrase --------------------------------------------------------
def test_a_clause_as_the_term_is_garbled() -> None:
    # fetchmail_design_notes.html: "It is truly written: the best hacks start out as personal
    # solutions to the author's everyday problems, …"
    assert "It is truly written: the best hacks" in _text("fetchmail_design_notes.html")
    front = "What is it is truly written?"
    assert predicate_term(front)
    back = "The best hacks start out as personal solutions to the author's everyday problems."
    assert "garbled question" in (ask(front, back) or "")


def test_an_adverb_and_adjective_as_the_term_is_a_predicate() -> None:
    # high_performance_computing.html: "Currently available to the general public are
    # computers with "duo core" and "quad core" processors."
    assert "Currently available to the general public are" in _text(
        "high_performance_computing.html"
    )
    front = "What are currently available to the general public?"
    assert predicate_term(front)
    back = 'Computers with "duo core" and "quad core" processors'
    assert "garbled question" in (ask(front, back) or "")


@pytest.mark.parametrize(
    "front",
    ["What is friendly fire?", "What is early modern English?", "What is a central processor?"],
)
def test_a_noun_phrase_term_stays(front: str) -> None:
    assert predicate_term(front) is None


# -- "an alternate X" ------------------------------------------------------------------------------
def test_an_alternate_x_is_no_term() -> None:
    # filter_design.html: "An alternate error measure is the maximum of the absolute value of the
    # difference between the actual filter response and the ideal."
    assert "An alternate error measure is the maximum" in _text("filter_design.html")
    front = "What is an alternate error measure?"
    assert any_one_of_a_kind(front)
    back = (
        "The maximum of the absolute value of the difference between the actual filter response "
        "and the ideal"
    )
    assert "not a term" in (ask(front, back) or "")
    assert not any_one_of_a_kind("What is the Chebyshev error measure?")
    assert not any_one_of_a_kind("What is a second messenger?")


# -- editorial brackets ----------------------------------------------------------------------------
def test_editorial_brackets_keep_their_words() -> None:
    # high_performance_computing.html: "The von Neumann architecture is a design model for a
    # stored-program digital computer that uses a [central] processing [unit] and a single
    # separate storage structure to hold both instructions and data."
    assert "uses a [central] processing [unit] and" in _text("high_performance_computing.html")
    back = (
        "a design model for a stored-program digital computer that uses a [central] processing "
        "[unit] and a single separate storage structure to hold both instructions and data"
    )
    assert tidy_answer(back) == (
        "A design model for a stored-program digital computer that uses a central processing "
        "unit and a single separate storage structure to hold both instructions and data"
    )


@pytest.mark.parametrize("text", ["as shown in [1]", "the value a[i] of the array", "x [n] = 0"])
def test_citations_and_indexes_keep_their_brackets(text: str) -> None:
    assert unbracketed(text) == text


def test_a_cloze_on_a_value_word_alone_is_refused() -> None:
    # filter_design.html: "The Butterworth filter is the simplest filter." (once its question
    # card is refused, the same sentence came back as a cloze)
    assert value_cloze("The _____ filter is the simplest filter.")
    card = CardDraft(
        CLOZE_PREFIX + "The _____ filter is the simplest filter.", "Butterworth", "cloze"
    )
    assert "value word" in (card_problem(card, CardContext(goal_title="Study notes")) or "")
    assert not value_cloze("The _____ is the farthest point of an orbit from the Sun.")


def test_a_demonstrative_naming_a_noun_of_its_own_sentence_stays() -> None:
    # carbohydrates.html ("such as those found in starch"), pcre2_performance.html, ant_using.html:
    # cards of the tuning harvest with the same look, whose noun is in their own sentence
    assert (
        leaning_demonstrative("Long chains of monosaccharides such as those found in starch")
        is None
    )
    assert leaning_demonstrative("Unless the heap limit is less than this, in which case …") is None
    assert not garbled_gerund("A string that will be treated as a path-like string")


def test_a_comparison_names_its_noun_in_the_same_back() -> None:
    # tests/test_textbook_furniture.py's glossary (cells): "hypertonic solution: a solution whose
    # solute concentration is higher than that of the cell". "that" is the concentration.
    assert (
        leaning_demonstrative(
            "A solution whose solute concentration is higher than that of the cell"
        )
        is None
    )
    assert leaning_demonstrative("A generalization of that for the Chebyshev filter") == "that"
