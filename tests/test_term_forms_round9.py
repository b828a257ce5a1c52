"""Round 9's strict read (issue 18): question fronts whose term form was wrong, each quoted
from the tuning texts ``advertising_plan.html`` and ``experimental_design.html`` (see
studyapp/generation/term_forms.py, offline_cards.py, context_bound.py, strict_reader.py),
beside a card of the same shape that was right and stays so."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from studyapp.generation.offline_cards import (
    Unit,
    _with_article,
    definition_card,
    find_definition,
    term_card,
)
from studyapp.generation.quality import CardContext, card_problem
from studyapp.generation.strict_reader import question_strict
from studyapp.generation.term_forms import common_form, mass_term
from studyapp.generation.types import CardDraft
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def _text(name: str) -> str:
    return clean_material(read_file(CORPUS / name))  # tuning texts only


def _glossary(term: str, body: str, material: str) -> str:
    card = term_card(Unit("definition", body, "Key terms", 0, term), material)
    assert card is not None
    return card.front


# -- a mass term: bare in the material's sentences, never after "a"/"an" ---------------------
def test_a_term_the_material_writes_bare_in_its_sentences_is_asked_bare() -> None:
    ads = _text("advertising_plan.html")
    # "Aided recall is a type of advertising posttest …"; "The goal of informative advertising
    # is …"; "…, persuasive advertising often focuses more on the emotions …".
    assert mass_term("aided recall", ads)
    assert mass_term("informative advertising", ads)
    assert mass_term("persuasive advertising", ads)
    assert _glossary(
        "aided recall",
        "a type of advertising posttest that uses cues to assist a sample audience in recalling "
        "brands and products in an advertisement",
        ads,
    ) == ("What is aided recall?")
    assert _glossary(
        "informative advertising",
        "a type of advertising intended to raise awareness of a product through educational "
        "communication to increase demand of the product",
        ads,
    ) == ("What is informative advertising?")
    assert _glossary(
        "persuasive advertising",
        "a type of advertising that aims to highlight the benefits of a product or service "
        "being advertised",
        ads,
    ) == ("What is persuasive advertising?")


def test_a_term_the_material_counts_keeps_its_article() -> None:
    ads = _text("advertising_plan.html")
    # "a push or pull strategy", "Conversely, a pull strategy is intended to …".
    assert not mass_term("pull strategy", ads)
    assert _glossary(
        "pull strategy", "advertising strategy intended to bring audiences to the product", ads
    ) == ("What is a pull strategy?")
    # A modifier ("aided recall tests") is no bare use of the term.
    assert not mass_term("aided recall", "Some firms run aided recall tests of the brand.")
    assert _with_article("jury tests", "a form of pretesting in which …", ads) == "jury tests"


# -- a key-terms list's capitals --------------------------------------------------------------
def test_a_key_terms_capitals_are_the_lists_not_the_terms() -> None:
    design = _text("experimental_design.html")
    # "researchers set aside one treatment group as a control group"
    assert common_form("Control Group", design) == "control group"
    assert _glossary(
        "Control Group",
        "a group in a randomized experiment that receives an inactive treatment but is otherwise "
        "managed exactly as the other groups",
        design,
    ) == ("What is a control group?")
    assert _glossary(
        "Explanatory Variable",
        "the independent variable in an experiment; the value controlled by researchers",
        design,
    ) == ("What is an explanatory variable?")
    # "This group is given a placebo treatment"
    assert _glossary(
        "Placebo",
        "an inactive treatment that cannot directly affect the response variable, used to "
        "counter the power of suggestion",
        design,
    ) == ("What is a placebo?")
    # Number from the head: "The different values of the explanatory variable are called
    # treatments."
    assert _glossary(
        "Treatments",
        "different values or components of the explanatory variable applied in an experiment",
        design,
    ) == ("What are treatments?")
    # Written mid-sentence only as a plural kind ("oversight committees known as Institutional
    # Review Boards (IRB)"), every word English: a kind of committee, not one named body.
    assert _glossary(
        "Institutional Review Board",
        "a committee tasked with oversight of research programs that involve human subjects",
        design,
    ) == ("What is an institutional review board?")
    # Never mid-sentence ("Blinding or masking in a randomized experiment …" opens one), an
    # English word: a common noun, and no article (the material never counts it).
    assert _glossary(
        "Blinding", "not telling participants which treatment a subject is receiving", design
    ) == ("What is blinding?")
    # "the random assignment of experimental units": the "of" phrase, not the term, takes "the".
    assert _glossary(
        "Random Assignment",
        "the act of organizing experimental units into treatment groups using random methods",
        design,
    ) == ("What is random assignment?")


def test_a_name_keeps_its_capitals() -> None:
    lemon = _text("lemon_parser.html")  # "Furthermore, Lemon implements …"
    assert common_form("Lemon", lemon) == "Lemon"
    assert common_form("Gettier case", "A Gettier case shows that …") == "Gettier case"
    assert common_form("TCP Vegas", "") == "TCP Vegas"


def test_a_compound_whose_answer_says_which_of_its_head_names_a_kind() -> None:
    # "What is a control group?" "A group in a randomized experiment that receives …": the
    # answer names the head noun and says which one: a term, not the story's group.
    back = "A group in a randomized experiment that receives an inactive treatment"
    assert question_strict("What is a control group?", back) is None
    assert question_strict("What is a new group?", back) is not None


# -- a focus adverb is the author's tone, not the question's ------------------------------------
def test_a_focus_adverb_before_refers_to_stays_out_of_the_question() -> None:
    ads = _text("advertising_plan.html")
    sentence = (
        "Post-testing simply refers to testing the effectiveness of a campaign after it has "
        "launched."
    )
    d = find_definition(sentence)
    assert d is not None
    assert definition_card(d, material=ads).front == "What does post-testing refer to?"
    d = find_definition(
        "Frequency refers to how many times someone is exposed to an advertisement in a given "
        "time period."
    )
    assert d is not None
    assert definition_card(d, material=ads).front == "What does frequency refer to?"


# -- "the affected X": affected by what the sentence before says -------------------------------
def test_the_affected_variable_leans_on_the_sentence_before() -> None:
    # "When one variable causes change in another, we call the first variable the explanatory
    # variable. The affected variable is called the response variable."
    card = CardDraft("What is the affected variable called?", "The response variable", "basic")
    assert card_problem(card, CardContext(goal_title="Study notes")) is not None
    kept = CardDraft(
        "What are the different values of the explanatory variable called?", "Treatments", "basic"
    )
    assert card_problem(kept, CardContext(goal_title="Study notes")) is None


# -- a rule for every member of a class is no answer to "What is …?" -----------------------------
def test_a_rule_every_member_is_held_to_does_not_answer_what_is() -> None:
    # experimental_design.html's key terms: "**Informed Consent**: Any human subject in a
    # research study must be cognizant of any risks or costs associated with the study."
    ctx = CardContext(goal_title="Study notes")
    rule = "Any human subject in a research study must be cognizant of any risks or costs."
    assert card_problem(CardDraft("What is informed consent?", rule, "basic"), ctx) is not None
    # "Experimental Unit: any individual or object to be measured": a thing.
    kept = CardDraft("What is an experimental unit?", "Any individual or object to be measured")
    assert card_problem(kept, ctx) is None
