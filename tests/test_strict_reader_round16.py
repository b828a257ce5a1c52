"""Round 16's strict read (issue 18): definitions and facts that teach nothing, from the round-16
texts (squid_theory.html, presentation_skills.html, mercury_toxicity.html,
computer_hardware.html, libtiff_internals.html, forensic_science.html). Each test quotes the
refused card as the reader saw it, puts it through the real gate with the material it came
from, and keeps a real card of the same shape that stays."""

from __future__ import annotations

from studyapp.generation.circular import names_own_genus
from studyapp.generation.context_bound import empty_definition, named_bare_noun
from studyapp.generation.open_claims import open_claim
from studyapp.generation.strict_reader import round3_cloze
from tests.corpus_gate import cloze, problem

SQUID = "squid_theory.html"
TALKS = "presentation_skills.html"
MERCURY = "mercury_toxicity.html"
HARDWARE = "computer_hardware.html"
LIBTIFF = "libtiff_internals.html"
FORENSIC = "forensic_science.html"


# -- a genus the term's name already says ------------------------------------------------------
def test_a_genus_with_only_an_of_phrase_that_the_name_says_is_truncated() -> None:
    # "A Cooper Pair is a pair of electrons." (a pair bound together at low temperature)
    why = problem(SQUID, "What is a Cooper Pair?", "A pair of electrons")
    assert why == "a truncated definition (only the genus its name already says, no difference)"


def test_a_genus_with_a_difference_or_not_in_the_name_stays() -> None:
    assert not names_own_genus("What is a Cooper Pair?", "A pair of electrons bound together")
    assert not names_own_genus("What is a flock?", "A group of birds")
    # squid_theory.html, kept: the genus is not the term's head and a difference follows.
    assert not names_own_genus(
        "What is the central element of a SQUID?",
        "A ring of superconducting material with one or more weak links called Josephesons "
        "Junctions",
    )


# -- praise as a definition --------------------------------------------------------------------
def test_praise_as_a_definition_is_empty() -> None:
    # "TED Talks are an excellent source."
    why = problem(TALKS, "What are TED Talks?", "An excellent source")
    assert why == "an empty definition (the answer says nothing that tells it apart)"


def test_praise_before_what_it_is_for_stays() -> None:
    assert not empty_definition("An excellent source for learning how to give a presentation")


# -- an anecdote dated to the day --------------------------------------------------------------
def test_an_event_dated_to_the_day_before_its_month_is_an_anecdote() -> None:
    sentence = (
        "A technician from the same _____ (who is only identified as ‘T. C.’) was also "
        "admitted to the hospital on 28th March of the same year."
    )
    assert cloze(MERCURY, sentence, "research group") == (
        "an anecdote, not a fact (a story told in order)"
    )
    assert round3_cloze(sentence, "research group") is not None


def test_a_month_without_a_day_stays() -> None:
    assert round3_cloze("Frost often occurs in _____ until March.", "spring") is None


# -- a name for "the <noun>" -------------------------------------------------------------------
def test_the_name_of_a_bare_definite_noun_leans_on_the_sentence_before() -> None:
    why = cloze(
        HARDWARE,
        "Today, the encryption is referred to as _____, but the intent is the same—providing "
        "protection of data that is shared via the internet.",
        "TLS (transport layer security)",
    )
    assert why == 'leans on context the card does not carry ("the encryption": which?)'


def test_the_name_of_a_described_thing_stays() -> None:
    # content_negotiation.html, kept: the subject says which ways.
    assert (
        named_bare_noun(
            "The ways in which the variants for a negotiable resource vary are called the _____."
        )
        is None
    )
    assert named_bare_noun("The encryption of web traffic is called _____.") is None


# -- claims that many things make true ---------------------------------------------------------
def test_what_something_depends_on_has_many_answers() -> None:
    why = cloze(HARDWARE, "In order to function properly, networks depend on a _____.", "router")
    assert why == "more than one defensible answer (what it depends on: many things)"


def test_a_blank_inside_what_it_depends_on_stays() -> None:
    # motives_of_imperialism.html, kept: the blank is a modifier, the noun after pins it.
    assert (
        open_claim(
            "Cotton textiles remained fashionable, but following the abolition of slavery in "
            "the United States, cloth manufacturers could no longer depend on an _____ supply "
            "of raw cotton."
        )
        is None
    )


def test_one_of_the_things_a_library_handles_has_many_answers() -> None:
    why = cloze(
        LIBTIFF,
        "_____ is automatically handled by the library when a raw strip or tile is filled.",
        "Bit order",
    )
    assert why == "more than one defensible answer (one of the things handled by it)"


def test_who_uses_a_thing_has_many_answers() -> None:
    why = cloze(
        HARDWARE,
        "_____ are primarily used by colleges and universities as a way of linking computers "
        "and sharing printers and other resources.",
        "Local area networks (LANs)",
    )
    assert why == "more than one defensible answer (who uses it, not what it is)"


def test_what_a_thing_is_used_for_is_left_to_the_other_checks() -> None:
    assert open_claim("_____ are used to store charge in a circuit.") is None


def test_an_infinitive_wedged_after_the_blanked_subject_is_garbled() -> None:
    why = cloze(
        FORENSIC,
        "_____, to identify all of their possible metabolites specifically, must study illegal "
        "and newly released drugs.",
        "Analytical chemists",
    )
    assert why == "garbled word order (an infinitive clause between the blank and its verb)"


def test_an_apposition_after_the_blank_is_not_an_infinitive() -> None:
    assert open_claim("_____, a toxic metal, accumulates in fish.") is None
