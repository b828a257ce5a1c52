"""Issue 18, round 7: a counted list the material states is a question card asking for all of
its members; a count the list does not match, or a colon that leads into something else,
makes none. The kept sentences are tuning texts' (classes, types_of_groups, gitworkflows) and
made no card before."""

from __future__ import annotations

import pytest

from studyapp.generation.enumerations import enumeration_card
from studyapp.generation.offline_cards import harvest
from studyapp.generation.quality import CardContext, card_problem

MADE = [
    (
        "There are two main types of groups: primary and secondary.",
        "What two main types of groups are there?",
        "Primary and secondary",
    ),
    (
        "There are two main tools that can be used to include changes from one branch on "
        "another: git-merge(1) and git-cherry-pick(1).",
        "Which two main tools can be used to include changes from one branch on another?",
        "git-merge(1) and git-cherry-pick(1)",
    ),
    (
        "Class objects support two kinds of operations: attribute references and instantiation.",
        "What two kinds of operations do class objects support?",
        "Attribute references and instantiation",
    ),
    (
        "Two major organ systems participate in relatively long-distance communication: the "
        "nervous system and the endocrine system.",
        "Which two major organ systems participate in relatively long-distance communication?",
        "The nervous system and the endocrine system",
    ),
]

REFUSED = [
    # the colon leads into a bulleted list the sentence does not carry
    "Modern cell theory has two basic tenets:",
    # three members for "two": the count does not match what is listed
    "There are two kinds of valid attribute names: data attributes, methods and properties.",
    # the colon leads into a clause, not a list of members
    "There are two main types of groups: the first is small and the second is large.",
]


@pytest.mark.parametrize(("sentence", "front", "back"), MADE)
def test_a_counted_list_asks_for_its_members(sentence: str, front: str, back: str) -> None:
    card = enumeration_card(sentence)
    assert card is not None
    assert (card.front, card.back) == (front, back)
    assert card_problem(card, CardContext(material=sentence)) is None


@pytest.mark.parametrize("sentence", REFUSED)
def test_a_list_that_is_not_all_there_makes_no_card(sentence: str) -> None:
    assert enumeration_card(sentence) is None


def test_the_harvest_makes_the_question_card() -> None:
    text = (
        "Groups are a core idea of sociology. There are two main types of groups: primary and "
        "secondary."
    )
    fronts = [c.front for c in harvest(text, 10).cards]
    assert "What two main types of groups are there?" in fronts
