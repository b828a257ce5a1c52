"""Question-card defects a strict read of round 8's tuning texts found (issue 18): each test
quotes the sentence or glossary entry the card came from."""

from __future__ import annotations

from studyapp.generation.flaws import answer_flaw
from studyapp.generation.offline_cards import (
    Unit,
    _plural,
    _shorten,
    _with_article,
    term_card,
    tidy_answer,
)
from studyapp.generation.question_shapes import garbled_subject, repeated_phrase
from studyapp.generation.strict_reader import question_strict


def test_bracketed_alias_leaves_the_subject_and_a_plural_head_asks_are() -> None:
    # corporations.html: "stockholders (or shareholders): The owners of a corporation …"
    unit = Unit(
        kind="definition",
        position=0,
        text="The owners of a corporation who hold shares of stock that carry certain rights.",
        section="Key Terms",
        term="stockholders (or shareholders)",
    )
    card = term_card(unit, "Stockholders (or shareholders) are the owners of a corporation.")
    assert card is not None and card.front == "What are stockholders?"


def test_number_comes_from_the_head_before_of() -> None:
    # corporations.html: "stockholders elect a board of directors"
    assert not _plural("board of directors")
    assert _plural("types of rays")
    material = "The stockholders elect a board of directors to oversee the firm."
    assert _with_article("board of directors", "A group of people", material) == (
        "a board of directors"
    )


def test_a_letter_name_takes_the_article_the_text_writes() -> None:
    # corporations.html: "An S corporation is a hybrid entity, …"
    material = "An S corporation is a hybrid entity, allowing smaller corporations to …"
    assert _with_article("S corporation", "A hybrid entity", material) == "an S corporation"
    assert question_strict("What is an S corporation?", "A hybrid entity.") is None


def test_a_long_answer_is_never_cut_inside_a_list() -> None:
    s_corp = (
        "A hybrid entity that is organized like a corporation, with stockholders, directors, "
        "and officers, but taxed like a partnership, with income and losses flowing through "
        "to the stockholders and taxed as their personal income."
    )
    assert _shorten(s_corp) == "A hybrid entity that is organized like a corporation."
    board = (
        "A group of people elected by the stockholders to handle the overall management of a "
        "corporation, such as setting major corporate goals and policies, hiring corporate "
        "officers, and overseeing the firm’s operations and finances."
    )
    assert _shorten(board) == (
        "A group of people elected by the stockholders to handle the overall management of a "
        "corporation."
    )


def test_garbled_subjects_are_refused() -> None:
    # nuclear_radioactivity.html: "The more readily the particle produces ionization, the
    # more quickly it will lose its energy."
    assert garbled_subject("What does the more readily the particle produce?")
    # corporations.html: "The company’s PacSun stores cater to a completely different customer …"
    assert garbled_subject("What does the company’s PacSun store?")
    assert garbled_subject("What is the more common form?") is None
    assert garbled_subject("What does the company’s board do?") is None


def test_an_intensive_subject_leans_on_the_sentence_before() -> None:
    # nuclear_radioactivity.html: "The rays themselves are called nuclear radiation."
    assert answer_flaw("What are the rays themselves called?", "Nuclear radiation")


def test_an_answer_written_twice_over_is_refused() -> None:
    # nuclear_radioactivity.html glossary: "ionizing radiation: radiation (whether nuclear in
    # origin or not) that produces ionization whether nuclear in origin or not"
    back = (
        "Radiation (whether nuclear in origin or not) that produces ionization whether "
        "nuclear in origin or not"
    )
    assert answer_flaw("What is ionizing radiation?", back)
    # deviance_and_control.html: a parallel "some of which are …" is no repetition.
    assert not repeated_phrase(
        "A range of activities, some of which are crimes and some of which are not"
    )


def test_membership_and_a_vague_amount_are_no_answers() -> None:
    # nuclear_radioactivity.html glossary: "alpha rays: one of the types of rays emitted from
    # the nucleus of an atom"
    back = "One of the types of rays emitted from the nucleus of an atom"
    assert answer_flaw("What are alpha rays?", back)
    # "… much greater than the typical atomic energies (a few eV), …"
    assert answer_flaw("What are the typical atomic energies?", "A few eV")


def test_a_bracketed_aside_said_again_outside_is_dropped() -> None:
    # nuclear_radioactivity.html glossary: the phrase in brackets comes again at the end.
    back = tidy_answer(
        "radiation (whether nuclear in origin or not) that produces ionization whether "
        "nuclear in origin or not"
    )
    assert back == "Radiation that produces ionization whether nuclear in origin or not"
    assert answer_flaw("What is ionizing radiation?", back) is None
    # An aside said once stays.
    assert tidy_answer("four acts (the Intolerable Acts) that Lord North passed") == (
        "Four acts (the Intolerable Acts) that Lord North passed"
    )
