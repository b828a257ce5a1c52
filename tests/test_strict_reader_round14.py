"""Round 14's strict read (issue 18): trivia and pointers from the round-14 texts
(design_thinking.html, postfix_smtpd_access.html, hofstede_cultural_framework.html). Each test
quotes the card as the reader saw it (its number in the read in the comment), puts it through
the real gate with the material it came from, checks a second real sentence of the same shape
from another text where one exists, and keeps a card of the same shape that stays."""

from __future__ import annotations

from studyapp.generation.named_cases import named_case, named_case_cloze
from studyapp.generation.strict_reader import cloze_strict, question_strict
from tests.corpus_gate import cloze, problem

DESIGN = "design_thinking.html"
POSTFIX = "postfix_smtpd_access.html"
HOFSTEDE = "hofstede_cultural_framework.html"


# -- 7: an organisation from a list of resources -------------------------------------------------
def test_a_place_based_foundation_asked_what_is_is_trivia() -> None:
    why = problem(
        DESIGN,
        "What is Nesta?",
        "A UK-based innovation foundation that offers many design thinking tools and resources "
        "similar to IDEO",
    )
    assert why is not None and why.startswith("trivia")
    # No tuning text has a second such body; the shape, not the name, is what refuses it.
    assert named_case("What is Oxfam?", "A charity that fights poverty") is not None


def test_a_common_noun_or_a_lowercase_base_stays() -> None:
    assert named_case("What is a foundation?", "An organisation that gives grants") is None
    # "-based" after a common word describes a thing, not where a body is based.
    assert named_case("What is Vorbis?", "A transform-based audio codec") is None


# -- 12: a person named by their office ----------------------------------------------------------
def test_a_person_named_by_their_office_is_trivia() -> None:
    why = cloze(
        DESIGN,
        "The current IDEO CEO _____ defines design thinking as “a human-centered and "
        "collaborative approach to problem-solving, using a designed mindset to solve complex "
        "problems.”",
        "Tim Brown",
    )
    assert why == "trivia (a person named by the office they hold, not a concept)"
    # Nor a blank elsewhere in the office-holder's quoted words (the card made next).
    why = cloze(
        DESIGN,
        "The current IDEO CEO Tim Brown defines design thinking as “a _____ and collaborative "
        "approach to problem-solving, using a designed mindset to solve complex problems.”",
        "human-centered",
    )
    assert why == "a quotation and who said it, not a fact"
    # deviance_and_control.html (the "his" after it refuses the card as well).
    assert named_case_cloze(
        "Wells Fargo CEO _____ was forced to resign after the fraud came to light.", "John Stumpf"
    )


def test_the_originator_of_a_field_stays() -> None:
    # 3, kept: what he founded follows his name; no office stands before the blank.
    assert (
        named_case_cloze("The president signed the treaty, which says “no more war _____”.", "now")
        is None
    )
    assert (
        cloze(
            DESIGN,
            "_____, founder of Stanford University’s Design School and cofounder of design "
            "company IDEO, is credited as the originator of design thinking, at least within "
            "business and entrepreneurial contexts.",
            "David Kelley",
        )
        is None
    )


# -- 8: a named school as the blank --------------------------------------------------------------
def test_a_named_school_as_the_blank_is_trivia() -> None:
    why = cloze(
        DESIGN,
        "The _____ uses human-centered design thinking (HCD) as its design thinking approach.",
        "Stanford Design School",
    )
    assert why == "trivia (a named school, firm or charity, not a concept)"


def test_a_body_of_government_stays() -> None:
    # financial_instruments.html (tuning): what the Federal Reserve does is the text's matter.
    assert (
        cloze(
            "financial_instruments.html",
            "The _____ effectively sets the target interest rate range in the federal funds "
            "market by controlling the supply of funds available for use in the market.",
            "Federal Reserve",
        )
        is None
    )


# -- 16, 26: a pointer to another document -------------------------------------------------------
def test_the_subject_of_another_document_points_away() -> None:
    why = problem(
        POSTFIX,
        "What is sender/recipient address verification?",
        "The subject of the ADDRESS_VERIFICATION_README document",
    )
    assert why == "points at another document"
    why = cloze(
        POSTFIX,
        "The greylisting and _____ policies are implemented externally, and are the subject of "
        "the SMTPD_POLICY_README document.",
        "SPF",
    )
    assert why == "points at another document"
    # The same text's other pointers, as sentences.
    assert cloze_strict(
        "The built-in header_checks and _____ content restrictions, as described in the "
        "BUILTIN_FILTER_README document.",
        "body_checks",
    )
    assert cloze_strict("See the README for the _____ options.", "build")


def test_a_readme_as_a_thing_stays() -> None:
    assert (
        question_strict("What is a README file?", "A text file that introduces a project") is None
    )
    # An upper-case constant is no README ("MSG_OOB", tcp.7.txt).
    assert (
        cloze_strict("To send urgent data specify the _____ option to send(2).", "MSG_OOB") is None
    )


# -- 25: one of many -----------------------------------------------------------------------------
def test_one_of_many_asked_has_many_answers() -> None:
    why = problem(
        HOFSTEDE,
        "What is one of the underlying themes of cross-cultural research?",
        "Countries tend to cluster around cultural dimensions.",
    )
    assert why == "more than one defensible answer (one of a set: 'one of the …')"
    # deviance_and_control.html (tuning): "one of the positive contributions of deviance".
    why = problem(
        "deviance_and_control.html",
        "From a structural functionalist perspective, what is one of the positive "
        "contributions of deviance?",
        "Deviance fosters social change.",
    )
    assert why == "more than one defensible answer (one of a set: 'one of the …')"


def test_the_one_thing_asked_stays() -> None:
    assert (
        question_strict(
            "What is the traditional understanding of knowledge?",
            "Knowledge consists of justified true belief.",
        )
        is None
    )


# -- 23: a degree about a group, measured against nothing ----------------------------------------
def test_a_degree_about_a_bare_group_needs_its_comparison() -> None:
    why = problem(HOFSTEDE, "What do managers hold?", "Fairly modest career ambition")
    assert why == "needs the text around it (a degree about a group, measured against nothing)"
    # hofstede's uncertainty-avoidance table has the same shape ("Innovators feel less
    # constrained by rules"); no other text does.
    assert question_strict("What do innovators feel?", "Less constrained by rules")


def test_a_group_with_what_it_does_or_a_stated_comparison_stays() -> None:
    # classes.html, corporations.html (tuning): what a kind provides, no degree.
    assert (
        question_strict(
            "What do classes provide?", "A means of bundling data and functionality together"
        )
        is None
    )
    assert (
        question_strict(
            "What do bylaws provide?", "Legal and managerial guidelines for operating the firm"
        )
        is None
    )
    # financial_instruments.html: the comparison is said ("than Treasury securities").
    assert (
        question_strict("What does local borrowing carry?", "More risk than Treasury securities")
        is None
    )
