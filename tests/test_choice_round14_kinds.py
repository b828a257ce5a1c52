"""Issue 18, round 14's blind strict read of six choice sets (two usable, S1 and S3, the
conflict kinds, which stay): the option defects, each with the real set, failing without its
rule, and a set that stays.

- S5 (fairness in voting): "contrast fairness", a verb and its object from "Compare and
  contrast fairness of voting …", and "candidate", a person, among a fairness criterion;
- S4 (design thinking): "Top Five", an ideation technique, offered as a person beside David
  Kelley, whom the text calls "founder of …";
- S6 (the eye): the glossary's "nearsightedness (or myopia)" hid the answer's genus peer
  "farsightedness (or hyperopia)" (both "visual defect")."""

from __future__ import annotations

from pathlib import Path

from benchmarks._card_scorer import choice_failures
from studyapp.generation.choice_entity import entity_kind
from studyapp.generation.choice_kinds import is_material_term
from studyapp.generation.choice_peers import genus_peers, kin, modifier_peers
from studyapp.generation.quality import judge_choices
from studyapp.services.generation import clean_material
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def _whole(name: str) -> str:
    """A round 14 (or tuning) text as the generator reads it (the sets were made from the
    whole text)."""
    return clean_material(read_file(CORPUS / name))


# OpenStax Contemporary Mathematics 11.8, "Fairness in Voting Methods" (round 14).
FAIRNESS = """## Learning Objectives

- Compare and contrast fairness of voting using majority criterion.
- Compare and contrast fairness of voting using head-to-head criterion.

Arrow's Impossibility Theorem states that any voting system will fail to satisfy at least one
of the following fairness criteria: the majority criterion, the Condorcet criterion, the
monotonicity criterion, and the independence of irrelevant alternatives criterion.

- There are several common measures of voting fairness, including the majority criterion, the
head-to head criterion, the monotonicity criterion, and the irrelevant alternatives criterion.
"""
MONOTONICITY = (
    "Fill in the blank: In mathematics, the term _____ refers to the quality of always "
    "increasing or always decreasing."
)
# OpenStax Principles of Finance 7.x (tuning text): a noun phrase after "State and".
MUNICIPAL = (
    "State and local governments and taxing districts can issue debt in the form of municipal "
    "bonds. Local governments issue bonds to fund schools."
)

KELLEY = (
    "Fill in the blank: _____, founder of Stanford University’s Design School and cofounder "
    "of design company IDEO, is credited as the originator of design thinking, at least within "
    "business and entrepreneurial contexts."
)
MYOPIA = (
    "Fill in the blank: _____, or myopia, is the ability to see near objects, whereas distant "
    "objects are blurry."
)
BEHAVIORAL = (
    "Fill in the blank: _____ exists when one person or group does something (i.e., behaves "
    "in a certain way) that is unacceptable to others."
)


def test_a_verb_coordinated_with_an_instructions_verb_is_no_term() -> None:
    assert not is_material_term("contrast fairness", FAIRNESS)
    assert is_material_term("voting fairness", FAIRNESS)
    # "State" is no verb: "local governments" stays a term.
    assert is_material_term("local governments", MUNICIPAL)


def test_the_other_modifiers_of_a_listed_head_are_the_answers_peers() -> None:
    # The first list ends on "independence" (its "of" stops the item): not every item ends on
    # "criterion", so only the second list counts.
    peers = ["majority", "head-to head", "irrelevant alternatives"]
    assert modifier_peers("monotonicity", FAIRNESS) == peers
    assert modifier_peers("fairness", FAIRNESS) == []  # no list of "… fairness" items


def test_round_14_s5_debris_and_a_person_are_refused_among_criteria() -> None:
    material = _whole("fairness_in_voting.html")
    assert "majority" in kin("monotonicity", material)
    options = ["candidate", "contrast fairness", "plurality"]
    _kept, rejected = judge_choices("monotonicity", options, MONOTONICITY, material=material)
    assert {r.text for r in rejected} == set(options), rejected
    assert choice_failures("monotonicity", options, MONOTONICITY, None, material)


def test_a_role_of_something_a_pronoun_or_an_authors_work_makes_a_person() -> None:
    material = _whole("design_thinking.html")
    assert entity_kind("David Kelley", material) == "person"  # ", founder of Stanford …"
    assert entity_kind("Ishita Anand", material) == "person"  # "… her social enterprise"
    assert entity_kind("Geoffrey Graybeal", material) == "person"  # "original work by …"
    # "IDEO CEO Tim Brown defines"; "speaks to the Tim Brown definition" is no place.
    assert entity_kind("Tim Brown", material) == "person"
    assert entity_kind("Top Five", material) != "person"  # "In Top Five, everyone …"


def test_round_14_s4_a_technique_is_no_person() -> None:
    material = _whole("design_thinking.html")
    wrong = ["Ishita Anand", "Top Five", "Geoffrey Graybeal"]
    kept, rejected = judge_choices("David Kelley", wrong, KELLEY, material=material)
    assert [r.text for r in rejected] == ["Top Five"], rejected
    assert choice_failures("David Kelley", wrong, KELLEY, None, material)
    people = ["Tim Brown", "Geoffrey Graybeal", "Ishita Anand"]
    kept, rejected = judge_choices("David Kelley", people, KELLEY, material=material)
    assert kept == people, rejected
    assert choice_failures("David Kelley", people, KELLEY, None, material) == []


def test_a_glossary_terms_alias_hides_no_genus_peer() -> None:
    material = _whole("the_eye.html")
    assert genus_peers("Nearsightedness", material) == ["farsightedness"]
    assert kin("Nearsightedness", material)[0] == "farsightedness"


def test_round_14_s1_s3_conflict_kinds_stay() -> None:
    material = _whole("organizational_conflict.html")
    wrong = ["Goal conflict", "Cognitive conflict", "Affective conflict"]
    kept, rejected = judge_choices("Behavioral conflict", wrong, BEHAVIORAL, material=material)
    assert kept == wrong, rejected
    assert choice_failures("Behavioral conflict", wrong, BEHAVIORAL, None, material) == []
