"""Round 10's strict read (issue 18): cards a learner dropped from the round-10 texts (tuning
now: public_goods.html, valence_bond_theory.html, tangible_and_intangible_assets.html,
luajit_ffi_tutorial.html). Each test quotes the card as the reader saw it (its number in the
read in the comment) and puts it through the real gate or the offline rules with the material
it came from; and a card of the same shape from a tuning text that stays.
"""

from __future__ import annotations

import re

from studyapp.generation.blanks import apposed_formula_problem
from studyapp.generation.cloze_leans import also_subject
from studyapp.generation.context_bound import discussion_role
from studyapp.generation.named_cases import named_case
from studyapp.generation.offline_cards import cloze_card, purpose_card, units
from studyapp.generation.open_subject import one_of_many
from studyapp.generation.question_shapes import answer_shape
from studyapp.generation.strict_reader import place_case
from tests.corpus_gate import cloze, material, problem

GOODS = "public_goods.html"
VALENCE = "valence_bond_theory.html"
ASSETS = "tangible_and_intangible_assets.html"
LUAJIT = "luajit_ffi_tutorial.html"


# -- 12: a worked example's dollar figure about one firm ----------------------------------------
def test_a_firms_figure_is_trivia() -> None:
    # "Apple Inc. lists a total of $33,783,000,000 in total Property, Plant and Equipment (net)
    # on its 2017 consolidated balance sheet (see )."
    back = (
        "A total of $33,783,000,000 in total Property, Plant and Equipment (net) on its 2017 "
        "consolidated balance sheet"
    )
    assert problem(ASSETS, "What does Apple Inc. list?", back) == (
        "trivia (a figure from one firm's case, not the text's idea)"
    )
    # lemon_parser.html (tuning): a named tool's answer with no amount of money stays.
    assert named_case("What does Lemon use?", "A more sophisticated parsing engine") is None
    # corporations.html (tuning): money in an answer about a kind of thing, not a name.
    assert named_case("What does a corporation pay?", "Taxes of $1,000 on its profit") is None


# -- 33: a case's example thing, set in one place ------------------------------------------------
CONCH = (
    "In the Caribbean, the _____ is a large marine mollusk that lives in shallow waters of sea "
    "grass."
)


def test_an_examples_case_in_one_place_is_refused() -> None:
    # The paragraph before asks "… what about an item that is nonexcludable and rivalrous, such
    # as the queen conch?"
    assert place_case(CONCH, "queen conch", material(GOODS))
    assert cloze(GOODS, CONCH, "queen conch") == (
        "an anecdote, not a fact (an example's case, set in one place)"
    )


def test_a_place_framed_sentence_on_no_example_stays() -> None:
    # legal_systems.html (tuning) sets laws in places: nothing there was brought in as an
    # example, so the place frame alone refuses nothing.
    text = material("legal_systems.html")
    framed = [s for s in re.split(r"(?<=[.!?])\s+", text) if re.match(r"In (?:the )?[A-Z]\w+,", s)]
    assert framed
    for sentence in framed:
        words = re.findall(r"\b[a-z]{6,}\b", sentence)
        assert not place_case(sentence.replace(words[-1], "_____", 1), words[-1], text)
    assert not place_case("The _____ is a large marine mollusk.", "queen conch", material(GOODS))


# -- 35: a formula in apposition ------------------------------------------------------------------
BUTADIENE = "Butadiene, C4H6, is used to make synthetic rubber."


def test_a_formula_in_apposition_is_not_blanked() -> None:
    start = BUTADIENE.index("C4H6")
    assert apposed_formula_problem(BUTADIENE, start, start + 4) == (
        "trivia (a formula in apposition, beside the name it writes)"
    )
    assert cloze_card(BUTADIENE, "C4H6", "", material(VALENCE)) is None


def test_a_formula_that_is_the_sentences_point_stays() -> None:
    # valence_bond_theory.html: a name blanked, not its formula; and a formula as the object.
    assert apposed_formula_problem(BUTADIENE, 0, len("Butadiene")) is None
    sentence = "The molecular formula of butadiene is C4H6."
    start = sentence.index("C4H6")
    assert apposed_formula_problem(sentence, start, start + 4) is None


# -- 15: "also" after a blanked subject -----------------------------------------------------------
def test_a_blanked_subject_with_also_leans_on_the_sentence_before() -> None:
    # "Of course, the partially ionic compound must also by definition be partially covalent."
    sentence = "The _____ must also by definition be partially covalent."
    assert also_subject(sentence)
    assert cloze(VALENCE, sentence, "partially ionic compound") == (
        "leans on the sentence before (a blanked subject with 'also')"
    )


def test_also_after_a_named_subject_stays() -> None:
    # classes.html (tuning): the subject is named, the blank is what it also is.
    assert not also_subject("Classes are also _____.")
    assert (
        cloze(
            VALENCE,
            "To add just one more dimension, some chemical species are neither completely "
            "ionic nor completely _____; these species possess a permanent dipole, and are "
            "classified as polar.",
            "covalent",
        )
        is None
    )


# -- 23: a callout's label read as a glossary term ------------------------------------------------
SIDE_NOTE = (
    "Side note: the zlib API uses the long type for passing lengths and sizes around. But all "
    "those zlib functions actually only deal with 32 bit values."
)


def test_a_callout_label_is_no_term() -> None:
    # The author calls the paragraph a digression: nothing of it is carded.
    assert units(SIDE_NOTE) == []
    # A tip or a warning still teaches: its sentences, not its label as a term.
    found = units("Warning: the zlib API uses the long type for passing lengths around.")
    assert [(u.kind, u.text) for u in found] == [
        ("sentence", "The zlib API uses the long type for passing lengths around.")
    ]


def test_a_glossary_line_keeps_its_term() -> None:
    # epoll.7.txt (tuning): "The ready list: the set of file descriptors …"
    found = units("The ready list: the set of file descriptors that are ready for I/O.")
    assert [(u.kind, u.term) for u in found] == [("definition", "the ready list")]


# -- 36: a worked example's question as the answer ------------------------------------------------
def test_an_answer_that_asks_is_no_fact() -> None:
    # "Finding the Partial Ionic CharacterWhat are the partial charges of an HCl molecule,
    # whose bond length is 0.127 nm?"
    assert (
        problem(
            VALENCE,
            "What are Finding the Partial Ionic CharacterWhat?",
            "The partial charges of an HCl molecule, whose bond length is 0.127 nm?",
        )
        == "a question, not a fact (the answer asks; a worked example's question)"
    )
    # public_goods.html: a plain answer stays.
    assert (
        answer_shape("What is spending on national defense an example of?", "A public good") is None
    )
    assert (
        problem(GOODS, "What is spending on national defense an example of?", "A public good")
        is None
    )


# -- 16: one of the many things the page's own subject does ---------------------------------------
def test_the_pages_own_subject_does_many_things() -> None:
    sentence = (
        "The FFI library provides the ffi.C default C library namespace, which allows calling "
        "functions from the default set of libraries, like a C compiler would."
    )
    text = material(LUAJIT)
    assert one_of_many("The FFI library", sentence, text)
    assert purpose_card(sentence, material=text) is None


def test_the_first_sentence_on_the_pages_subject_stays() -> None:
    text = material(LUAJIT)
    first = "The FFI library is built into LuaJIT by default, but it's not loaded and initialized by default."
    assert not one_of_many("The FFI library", first, text)
    # classes.html (tuning): its opening statement of what classes are for keeps its card.
    classes = material("classes.html")
    opening = "Classes provide a means of bundling data and functionality together."
    assert not one_of_many("Classes", opening, classes)
    card = purpose_card(opening, material=classes)
    assert card is not None and card.front == "What do classes provide?"


# -- 4: what it serves for in discussion, not what it is ------------------------------------------
def test_a_framework_for_discussions_is_no_definition() -> None:
    back = (
        "A frequent economic and social framework for discussions about a range of common "
        "resources, even extending into digital resources such as open media repositories and "
        "online libraries"
    )
    assert discussion_role(back)
    assert problem(GOODS, "What is the tragedy of the commons?", back) == (
        "what it serves for in discussion, not what it is"
    )


def test_a_framework_that_says_what_it_does_stays() -> None:
    # A framework defined by what it is made of or does is a definition.
    assert not discussion_role("A framework of rules that governs how a society is run")
    assert (
        problem(
            GOODS,
            "Fill in the blank: _____ find it difficult to produce public goods.",
            "Private companies",
            "cloze",
        )
        is None
    )
