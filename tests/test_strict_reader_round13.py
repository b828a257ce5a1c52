"""Round 13's strict read (issue 18): general refusals from the round-13 texts (tuning now:
dot_language.html, ogg_framing.html, carbohydrates.html, epidemiological_approaches.html).
Each test quotes the card or its sentence as the reader saw it (its number in the read in the
comment), puts it through the real gate with the material it came from, and checks a second
real sentence of the same shape from a tuning text; and a card of the same shape that stays.
"""

from __future__ import annotations

from studyapp.generation.blanks import blank_problem
from studyapp.generation.circular import cloze_by_itself, defines_by_itself
from studyapp.generation.context_bound import anaphoric_abstract
from studyapp.generation.page_notices import legal_notice
from tests.corpus_gate import cloze, material, problem

DOT = "dot_language.html"
OGG = "ogg_framing.html"
CARBS = "carbohydrates.html"
EPI = "epidemiological_approaches.html"


# -- 9, 36: an abstract noun that points at the sentence before ----------------------------------
def test_an_abstract_noun_with_no_antecedent_leans_on_context() -> None:
    why = cloze(
        DOT,
        "Operationally, the distinction is used to define different default rendering _____.",
        "attributes",
    )
    assert why is not None and '"the distinction"' in why
    why = cloze(
        OGG,
        "Adding the information to the _____ flag allows a simpler design (with no overhead) "
        "that needs only inspect the current page header after frame capture.",
        "packet_header",
    )
    assert why is not None and '"the information"' in why
    # swig_scripting.html: which process? (static linking, the paragraph's heading)
    assert anaphoric_abstract(
        "The process usually involves compiling a short main program that adds your customized "
        "commands to the language and starts the interpreter."
    )
    # legal_systems.html: the civil-law system's process, named in the sentence before.
    assert anaphoric_abstract(
        "The process is a series of meetings, hearings, and written communications in which "
        "the judge takes testimony."
    )


def test_an_abstract_noun_that_says_which_stays() -> None:
    # electric_charge.html: "between the two types of electric charge" says which.
    assert (
        anaphoric_abstract(
            "The difference between the two types of electric charge is in the directions of "
            "the electric forces that each type of charge causes."
        )
        is None
    )
    # A modifier names the thing; an object after the verb is not the subject.
    assert anaphoric_abstract("The scientific method relies on testable hypotheses.") is None
    assert anaphoric_abstract("Plants carry out the process in their chloroplasts.") is None


# -- 6: research in general as the asked subject ------------------------------------------------
def test_research_in_general_names_nothing() -> None:
    why = problem(
        CARBS,
        "What does recent research indicate?",
        "That manipulating fat intake before an athletic event may further increase endurance",
    )
    assert why is not None and "research in general" in why
    # knowledge.html: "Research indicates that people tell an average of one lie per day …"
    why = problem(
        "knowledge.html",
        "What does research indicate?",
        "That people tell an average of one lie per day",
    )
    assert why is not None and "research in general" in why


def test_a_study_of_something_is_not_research_in_general() -> None:
    assert (
        problem("oxygen_requirements.html", "What does the study of obligate anaerobes require?",
                "Special equipment")
        is None
    )  # fmt: skip


# -- 8: a quantifier and a generic noun as the answer --------------------------------------------
def test_a_vague_amount_is_no_term() -> None:
    sentence = (
        "The emergence of the web of causation represented a shift in thinking about disease and "
        "suggested that the combination of _____ was the determining influence in the "
        "development of poor outcomes."
    )
    why = cloze(EPI, sentence, "multiple factors")
    assert why is not None and "not a term" in why
    # deviance_and_control.html: "… depends on many factors, including location, …"
    filled = (
        "Whether an act is labeled deviant or not depends on many factors, including location, "
        "audience, and the individual committing the act (Becker 1963)."
    )
    start = filled.index("many factors")
    why = blank_problem(
        filled, start, start + len("many factors"), material("deviance_and_control.html")
    )
    assert why is not None and "not a term" in why


def test_a_term_with_a_quantifier_word_stays() -> None:
    from studyapp.generation.blanks import vague_answer

    assert not vague_answer("multiple sclerosis")
    assert not vague_answer("several default rendering attributes")
    assert not vague_answer("other cells")


# -- 26, 38: the answer uses the asked term -----------------------------------------------------
def test_a_circular_definition_is_refused() -> None:
    why = problem(
        OGG,
        "What is a logical Ogg bitstream?",
        "A contiguous stream of sequential pages belonging only to the logical bitstream",
    )
    assert why is not None and "circular" in why
    why = problem(
        CARBS, "What does the term carbohydrate refer to?", "Both simple and complex carbohydrates"
    )
    assert why is not None and "circular" in why


def test_the_same_circle_as_a_cloze_is_refused() -> None:
    # What the generator made of the same sentence once the question was refused.
    why = cloze(
        OGG,
        "A logical Ogg bitstream is a _____ of sequential pages belonging only to the logical "
        "bitstream.",
        "contiguous stream",
    )
    assert why is not None and "circular" in why


def test_a_sentence_that_is_no_definition_is_no_circle() -> None:
    # epoll.7.txt: "is removed from" is no definition of a file descriptor.
    assert not cloze_by_itself(
        "A file descriptor is removed from an _____ only after all the file descriptors "
        "referring to the underlying open file description have been closed.",
        "interest list",
    )


def test_kinds_in_brackets_and_other_names_are_no_circle() -> None:
    # adaptive_evolution.html, endocrine_overview.html: the term's kinds in an aside, a synonym.
    assert not defines_by_itself(
        "What is frequency-dependent selection?",
        "Selection that favors phenotypes that are either common (positive frequency-dependent "
        "selection) or rare (negative frequency-dependent selection)",
    )
    assert not defines_by_itself(
        "What is a paracrine?",
        "A chemical signal that elicits a response in neighboring cells; also called paracrine "
        "factor",
    )


def test_the_head_as_genus_is_no_circle() -> None:
    assert not defines_by_itself(
        "What is a planar graph?",
        "A graph that can be drawn on a plane without any of the edges crossing over each other",
    )  # graph_theory_review.html
    assert not defines_by_itself(
        "What is subclinical disease stage?",
        "The natural history of disease stage after exposure but prior to clinical disease",
    )
    assert not defines_by_itself("What is glycogen?", "Stored form of glucose")


# -- 2: the page's trademark notice -----------------------------------------------------------------
def test_a_trademark_or_copyright_notice_is_page_furniture() -> None:
    why = problem(OGG, "What is the Xiph Fish Logo?", "A trademark (™) of Xiph.Org")
    assert why is not None and "page furniture" in why
    # pcre2_performance.html: the page's last line.
    why = cloze("pcre2_performance.html", "Copyright © 1997-2022 University of _____.", "Cambridge")
    assert why is not None and "page furniture" in why


def test_trademarks_as_a_subject_stay() -> None:
    # tangible_and_intangible_assets.html teaches what a trademark is.
    for sentence in (
        "A company’s trademark is the exclusive right to the name, term, or symbol it uses to "
        "identify itself or its products.",
        "Federal law allows companies to register their trademarks to protect them from use by "
        "others.",
    ):
        assert not legal_notice(sentence)
