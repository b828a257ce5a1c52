"""Clozes that teach nothing or lean on the page (round 17's blind read: protein_classification,
inverse_kinematics, independent_events, logistic_equation, libsndfile_api and
irssi_startup_howto, now tuning texts)."""

from __future__ import annotations

from studyapp.generation import cloze_page
from studyapp.generation.strict_reader import cloze_strict


def test_a_cited_papers_title_is_no_fact() -> None:
    sentence = (
        "Recurrent Use of _____ for Functional Annotation of Proteins Based on Local Structural "
        "Similarity."
    )
    assert cloze_strict(sentence, "Evolutionary Importance") == (
        "not a fact (a cited paper's title)"
    )
    kept = (
        "The sf_read_XXXX and _____ functions return the number of items or frames read, "
        "respectively."
    )
    assert not cloze_page.citation_title(kept, "sf_readf_XXXX")


def test_a_lost_word_garbles_the_sentence() -> None:
    sentence = (
        "The usage of CCD in to obtain an ensemble of biologically meaningful configurations of "
        "a fragment of the _____ is an interesting application to capture the flexibility of a "
        "fragment in the context of a given protein structure."
    )
    assert cloze_strict(sentence, "polypeptide chain") == (
        "garbled source text (a lost or doubled word)"
    )
    assert not cloze_page.garbled("Users log in to check the _____ of their account.")


def test_a_worked_problems_data_is_no_fact() -> None:
    sentence = "Forty-five percent of the students are female and have _____."
    assert cloze_strict(sentence, "long hair") == (
        "an anecdote, not a fact (a worked example's data)"
    )


def test_again_leans_on_the_step_before() -> None:
    sentence = (
        "If you want to change the layout, you just rearrange the layout like you want it and "
        "use /LAYOUT _____ again."
    )
    assert cloze_strict(sentence, "SAVE") == "leans on the step before ('again')"
    assert (
        cloze_strict("By default, irssi uses “sticky windowing” for _____.", "split windows")
        is None
    )


def test_what_a_blank_can_be_used_for_has_many_answers() -> None:
    sentence = "_____ can be used to represent the size of a population as it varies over time."
    assert cloze_strict(sentence, "Differential equations") == (
        "more than one defensible answer (what can be used to represent it)"
    )
    kept = (
        "_____ avoids the interdependence of dihedral angles by adjusting only a single degree "
        "of freedom at a time."
    )
    assert not cloze_page.used_for_subject(kept)
    measured = "_____ can be used to determine partial separations of charges between atoms."
    assert not cloze_page.used_for_subject(measured)


def test_the_pages_own_field_is_a_blank_on_the_goal() -> None:
    material = (
        "Irssi is an IRC client. " * 20 + "Irssi supports connecting to IRC servers via a proxy."
    )
    sentence = "Irssi supports connecting to _____ servers via a proxy."
    assert cloze_strict(sentence, "IRC", material=material) == (
        "a blank on the goal (the page's own field)"
    )
    # "IRC Networks" is two words and the subject: the guide's kept card.
    kept = "_____ are made of servers, and servers have channels."
    assert not cloze_page.domain_label(kept, "IRC Networks", material)
    # An acronym the page names once or twice is one of its terms.
    assert not cloze_page.domain_label(sentence, "IRC", "Irssi supports IRC.")


def test_the_writers_asides_are_dropped() -> None:
    sentence = (
        "Note that the frames offset can be negative and in fact should be when _____ is used "
        "for the whence parameter."
    )
    assert cloze_page.without_asides(sentence) == (
        "The frames offset can be negative and should be when _____ is used for the whence "
        "parameter."
    )
    assert cloze_page.without_asides("Note that sf_open returns _____ on failure.") == (
        "Note that sf_open returns _____ on failure."
    )
    assert cloze_page.without_asides("If you want it, you just _____ it.") == (
        "If you want it, you _____ it."
    )


def test_again_in_a_statement_that_says_what_came_before_stays() -> None:
    # tests/fixtures/congestion.md (the suite's notes): the clause itself says what "again"
    # repeats (the window set back to one segment, where slow start began).
    sentence = (
        "After a timeout, the sender assumes severe congestion, sets the window back to one "
        "segment and enters _____ again."
    )
    assert not cloze_page.again_step(sentence)
