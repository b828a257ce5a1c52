"""Round 12's strict read (issue 18): blanks and choice sets a learner dropped from the round-12
texts (tuning now: types_of_waves.html, early_civilizations.html, financial_instruments.html,
graph_theory_review.html). Each test quotes the sentence as the reader saw it (its number in
the read in the comment) and puts it through the rule that refuses it, with the material it
came from; and a card of the same shape that stays.
"""

from __future__ import annotations

from studyapp.generation.blanks import named_spans
from studyapp.generation.choice_fit import misfit
from studyapp.generation.choice_other_kind import other_kind
from studyapp.generation.context_bound import opener
from studyapp.generation.noun_phrase import whole_phrase
from studyapp.generation.offline_cards import naming_clozes
from tests.corpus_gate import blank, cloze, material

WAVES = "types_of_waves.html"
CIVILIZATIONS = "early_civilizations.html"
FINANCE = "financial_instruments.html"
GRAPHS = "graph_theory_review.html"
DESIGN = "experimental_design.html"


# -- 5: a reason clause taken for the name "so called" gives ---------------------------------------
NCDS = "NCDs, or jumbo CDs, are so called because they sell in increments of $100,000 or more."


def test_a_reason_after_called_is_no_name() -> None:
    assert named_spans(NCDS) == []
    assert naming_clozes(NCDS, material=material(FINANCE)) == []


def test_a_blank_opening_on_a_conjunction_is_no_term() -> None:
    why = blank(FINANCE, NCDS, "because they sell")
    assert why is not None and "not a term" in why


# -- 34: the blank ran on over the verb after its noun ---------------------------------------------
ORBITS = (
    "Ocean waves are examples of orbital progressive waves, where water particles at the surface "
    "follow a circular path from the crest to the trough of the passing wave, then cycle back "
    "again to their original position."
)
PLACEBO = (
    "To counter the influence of the power of suggestion in the study, participants in the "
    "control group receive an inactive placebo treatment that looks exactly like the active "
    "treatments, but cannot directly influence the response variable."
)


def test_a_phrase_stops_before_a_verb_with_its_object() -> None:
    at = ORBITS.index("surface")
    assert whole_phrase(ORBITS, at, at + len("surface")) == (at, at + len("surface"))
    at = PLACEBO.index("control group")  # experimental_design.html: "control group receive"
    assert whole_phrase(PLACEBO, at, at + len("control group")) == (at, at + len("control group"))


def test_a_blank_over_a_noun_and_its_verb_is_no_term() -> None:
    why = blank(WAVES, ORBITS, "surface follow")
    assert why is not None and "not a term" in why
    why = blank(DESIGN, PLACEBO, "control group receive")
    assert why is not None and "not a term" in why


def test_a_phrase_still_grows_over_its_nouns() -> None:
    sentence = "On individual connections, the socket buffer size must be set prior to the call."
    at = sentence.index("socket")
    assert sentence[slice(*whole_phrase(sentence, at, at + 6))] == "socket buffer size"


# -- 9, 15: a topic word or a bare head blanked where the sentence defines another term ------------
def test_a_topic_word_beside_a_defined_property_is_refused() -> None:
    sentence = (
        "In a directed graph, the number of out-edges of a vertex is its out-degree and the "
        "number of in-edges is its in-degree."
    )
    why = blank(GRAPHS, sentence, "vertex")
    assert why is not None and "defines another term" in why


def test_a_bare_head_beside_a_defined_term_is_refused() -> None:
    sentence = (
        "“Short-term” refers to money market securities having maturities of less than one "
        "year–sometimes as short as overnight."
    )
    why = blank(FINANCE, sentence, "securities")
    assert why is not None and "defines another term" in why


def test_a_genus_and_a_named_term_stay() -> None:
    # 30 and 33: the title term defined by its genus; the name the sentence gives.
    genus = (
        "A wave is a disturbance that travels or propagates from the place where it was created."
    )
    assert blank(WAVES, genus, "disturbance") is None
    named = "The uppermost position is called the crest and the lowest is the trough."
    assert blank(WAVES, named, "crest") is None
    # 2: a compound's head is a fact where the sentence defines nothing else.
    air = (
        "For sound waves, the disturbance is caused by a change in air pressure, an example of "
        "which is when the oscillating cone inside a speaker creates a disturbance."
    )
    assert blank(WAVES, air, "pressure") is None


# -- 32: examples of what the sentence before named ------------------------------------------------
def test_examples_of_the_sentence_before_lean_on_it() -> None:
    why = cloze(
        CIVILIZATIONS,
        "Examples include Jericho (8300–6500 BCE) along the Jordan River in what is today the "
        "_____, and Çatalhöyük (7200–6000 BCE) in southeastern Turkey.",
        "Palestinian Territories",
    )
    assert why is not None and "examples of what the sentence before named" in why


def test_examples_that_name_their_class_do_not_lean() -> None:
    assert opener("Examples of thermophiles include _____ and Geobacillus spp.") is None
    assert opener("An example of a transverse wave is shown in the figure.") is None


# -- S2: an adjective among nouns ----------------------------------------------------------------
def test_an_adjective_is_no_option_for_a_noun_slot() -> None:
    stem = "Fill in the blank: Mechanical waves must travel through a _____."
    why = misfit("transverse", "medium", stem, material(WAVES), harvested=True)
    assert why is not None and "adjective" in why
    assert misfit("disturbance", "medium", stem, material(WAVES), harvested=True) is None


def test_an_adjective_a_preposition_keeps_from_its_article_is_no_noun() -> None:
    # lemon_parser.html writes "an appropriate way", "an appropriate grammar file", "useful and
    # appropriate": "appropriate" ends no phrase "an" opens.
    why = other_kind("terminal symbol", "appropriate", material("lemon_parser.html"))
    assert why is not None and "adjective" in why
