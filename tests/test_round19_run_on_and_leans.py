"""Round 19's strict read: cards that lean on the page or run on (issue 18).

Each test quotes the refused card from a tuning text (round 19's texts) and fails without
its rule: a back cut at a second clause or predicate (run_on.py), "a similar X" as a term
(hollow_questions.py), a blank that takes a time adverb with it (blank_leans.py).
"""

from __future__ import annotations

from studyapp.generation.blank_leans import time_adverb_problem
from studyapp.generation.hollow_questions import compared_with_before, hollow_question
from studyapp.generation.run_on import and_predicate, without_second_clause


def test_a_new_plural_subject_after_and_is_cut() -> None:
    # spectrum_analysis_dft.html: "What does the best window depend on?"
    back = (
        "The nature of the signal, and different windows may be better for different "
        "components of the same signal"
    )
    assert without_second_clause(back) == "The nature of the signal"


def test_a_subjectless_predicate_after_and_is_cut() -> None:
    # lynx_url_schemes.html: "What is the /w or /%2fw used for?"
    back = (
        "To request a full report for finger servers which support it, and is not case "
        "sensitive (i.e., can be /W or /%2fW)"
    )
    assert without_second_clause(back) == (
        "To request a full report for finger servers which support it"
    )


def test_a_predicate_its_relative_clause_may_own_stays() -> None:
    # the verb agrees with the relative clause's: "which supports it, and is …" may say it
    assert and_predicate("To find a server which supports it, and is fast") is None
    assert and_predicate("A server which support it, and is fast") is None  # not "To …"


def test_a_similar_x_is_not_a_term() -> None:
    # spectrum_analysis_dft.html: "What is a similar main-lobe width?" => "A bit less than 3 N …"
    assert compared_with_before("What is a similar main-lobe width?")
    assert "not a term" in (hollow_question("What is a similar main-lobe width?", "A bit") or "")
    assert not compared_with_before("What is a simile?")
    assert not compared_with_before("What is similarity?")


def test_an_answer_ending_in_a_time_adverb_is_a_bad_blank() -> None:
    # colonial_america_essay.html, answered "New York City today"
    sentence = (
        "The Dutch established Albany (now the capital of New York) as a trading center on "
        "the Hudson River in 1614, and New Amsterdam (called New York City today) in 1624."
    )
    start = sentence.index("New York City today")
    end = start + len("New York City today")
    assert time_adverb_problem(sentence, start, end)
    start2 = sentence.index("New York City")
    assert time_adverb_problem(sentence, start2, start2 + len("New York City")) is None
