"""Round 14's strict read (issue 18): "What is X?" cards whose back or question is not the
shape the question asks, each quoted from the round-14 texts (organizational_conflict.html,
hofstede_cultural_framework.html, design_thinking.html, clotting_and_coagulation.html,
cups_policies.html, read blind and open since), beside a card of the same shape from a tuning
text where one exists."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from studyapp.generation.blanks import both_problem
from studyapp.generation.offline_cards import Unit, find_definition, term_card, tidy_answer
from studyapp.generation.predicate_backs import predicate_opening, when_clause_back
from studyapp.generation.term_forms import common_form
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
CONFLICT = "organizational_conflict.html"
CULTURE = "hofstede_cultural_framework.html"
DESIGN = "design_thinking.html"
CLOTTING = "clotting_and_coagulation.html"
EPIDEMIOLOGY = "epidemiological_approaches.html"


@cache
def _text(name: str) -> str:
    return clean_material(read_file(CORPUS / name))


def _glossary(term: str, body: str, name: str) -> tuple[str, str] | None:
    card = term_card(Unit("definition", body, "Key terms", 0, term), _text(name))
    return None if card is None else (card.front, card.back)


# -- A: a back that opens with a verb or an adverb and a verb ---------------------------------
def test_a_defining_verb_becomes_the_questions_verb() -> None:
    assert _glossary(
        "Intergroup conflict",
        "Usually involves disagreements between two opposing forces over goals or the sharing "
        "of resources.",
        CONFLICT,
    ) == (
        "What does intergroup conflict usually involve?",
        "Disagreements between two opposing forces over goals or the sharing of resources.",
    )
    # Was "What does power distance do? => Refers to the degree …".
    assert _glossary(
        "Power distance",
        "Refers to the degree to which societies accept power differences and authority in "
        "society.",
        CULTURE,
    ) == (
        "What does power distance refer to?",
        "The degree to which societies accept power differences and authority in society.",
    )


def test_a_back_that_opens_with_another_verb_is_refused() -> None:
    body = "focuses on people during design and development"
    assert predicate_opening(body, _text(DESIGN))
    assert _glossary("human-centered design", body, DESIGN) is None
    # A noun phrase in "-s" is no verb: "Proteins that work …", "Series of events …".
    material = _text(CLOTTING)
    assert not predicate_opening("Proteins that work to activate different parts", material)
    assert not predicate_opening("Series of events that leads to blood clotting", material)


def test_occurs_when_is_asked_when() -> None:
    # epidemiological_approaches.html (tuning): "What does airborne transmission do? =>
    # Occurs when …" before.
    assert _glossary(
        "airborne transmission",
        "occurs when infectious agents are capable of remaining suspended in air over long "
        "distances and long periods of time",
        EPIDEMIOLOGY,
    ) == (
        "When does airborne transmission occur?",
        "When infectious agents are capable of remaining suspended in air over long distances "
        "and long periods of time",
    )
    assert _glossary(
        "Behavioral conflict",
        "Exists when one person or group does something that is unacceptable to others.",
        CONFLICT,
    ) == (
        "When does behavioral conflict exist?",
        "When one person or group does something that is unacceptable to others.",
    )


def test_a_when_clause_of_a_concept_is_refused_but_an_options_condition_stays() -> None:
    assert when_clause_back("When a clot obstructs blood flow to the brain")
    assert (
        _glossary("Ischemic stroke", "When a clot obstructs blood flow to the brain", CLOTTING)
        is None
    )
    # dns.md (tuning): an option's condition, "What does the all option of … do?".
    assert not when_clause_back("When true, the callback returns all resolved addresses.")


# -- B: a back that opens with "Where" --------------------------------------------------------
def test_a_where_back_takes_the_terms_head_noun() -> None:
    assert _glossary(
        "Interpersonal conflict", "Where two individuals disagree on some matter.", CONFLICT
    ) == (
        "What is an interpersonal conflict?",
        "A conflict where two individuals disagree on some matter.",
    )
    # One word has no head noun to lend as a genus.
    assert _glossary("Conflict", "Where two individuals disagree on some matter.", CONFLICT) is None


# -- C: a second predicate after a semicolon, with no subject ---------------------------------
def test_a_subjectless_predicate_after_a_semicolon_is_cut() -> None:
    assert _glossary(
        "Immigration",
        "Movement of people from their home country to other countries; will continue to grow "
        "worldwide.",
        CULTURE,
    ) == (
        "What is immigration?",
        "A movement of people from their home country to other countries.",
    )
    # epidemiological_approaches.html (tuning), the glossary's "agent".
    assert tidy_answer(
        "something physical, chemical, nutritional, psychosocial, or biologic that can cause a "
        "health issue; must be present for a disease to occur"
    ) == (
        "Something physical, chemical, nutritional, psychosocial, or biologic that can cause a "
        "health issue"
    )
    # A semicolon before a clause with its own subject, or an aside, is not this cut.
    assert tidy_answer("A wave; also called a pulse") == "A wave; also called a pulse"


# -- D: a list label's capital ----------------------------------------------------------------
def test_a_list_labels_capital_on_a_prefixed_common_noun_is_dropped() -> None:
    # "<i>Intergroup conflict.</i> … <b>Intergroup conflict</b> usually involves …": every
    # use opens a sentence or a list item; "inter" + "group" is English.
    assert common_form("Intergroup conflict", _text(CONFLICT)) == "intergroup conflict"
    # knowledge.html (tuning): "Gettier" is a name, and keeps its capital.
    assert common_form("Gettier case", _text("knowledge.html")) == "Gettier case"


# -- E: a sentence whose subject follows its verb ---------------------------------------------
def test_a_place_before_the_verb_is_no_term() -> None:
    # Was "What are inside the policy section? => One or more Limit subsections …".
    assert (
        find_definition(
            "Inside the policy section are one or more Limit subsections which list the "
            "operations that are affected by the rules inside it."
        )
        is None
    )


def test_an_irregular_participle_back_takes_the_terms_head_noun() -> None:
    assert _glossary(
        "Affective conflict",
        "Seen in situations where two individuals simply don’t get along with each other.",
        CONFLICT,
    ) == (
        "What is affective conflict?",
        "A conflict seen in situations where two individuals simply don’t get along with each "
        "other.",
    )


# -- a cloze freed by E: "both _____" points at two things shown before -----------------------
def test_a_blank_after_both_points_into_the_text() -> None:
    sentence = (
        'The "Order deny,allow" line at the end of both Limit subsections allows the request '
        "to come from any system allowed by the Location sections elsewhere in the cupsd.conf "
        "file."
    )
    start = sentence.index("Limit")
    assert both_problem(sentence, start, start + len("Limit subsections")) is not None
    # experimental_design.html (tuning): "both _____ and subjects" names its two things.
    other = (
        "To preserve the integrity of the placebo, both researchers and subjects may be blinded."
    )
    start = other.index("researchers")
    assert both_problem(other, start, start + len("researchers")) is None
