"""Issue 18, round 9's strict read of round 8's corporations text (OpenStax Introduction to
Business 5.3 "Corporations", now a tuning text): "_____ protects owners from losing more than
they invest." => Limited liability among Double taxation | California | Bankruptcy. California
is a place from the chapter's case study, the one proper name among business concepts; the
generator refuses it and both scorers fail it. A name answer keeps its names."""

from __future__ import annotations

from benchmarks._card_scorer import choice_failures
from studyapp.generation.choice_entity import common_in, name_among_concepts, proper_in
from studyapp.generation.choice_fit import pick_choices
from studyapp.generation.quality import judge_choices

CORPORATIONS = """It all started as a little surf shop in 1980 in Newport Beach, California. It
wasn’t called PacSun then.
During Southern California’s wet, cool winters, the beaches got empty, and the surf store
business went dry. Their idea—to be the first surf shop to move into California’s popular mall
locations—worked.
With changing trends and online shopping challenges facing many brick-and-mortar retailers,
companies such as Wet Seal and Quicksilver filed for bankruptcy in 2015, and PacSun filed for
bankruptcy in April 2016.
Limited liability protects owners from losing more than they invest.
Double taxation because both corporate profits and dividends paid to owners are taxed,
although the dividends are taxed at a reduced rate.
The S corporation is a hybrid entity, allowing smaller corporations to avoid double taxation of
corporate profits as long as they meet certain size and ownership requirements.
Three types of corporate business organization provide limited liability.
A newer type of business entity, the limited liability company (LLC), is also a hybrid
organization.
Pacific Sunwear Has ‘Retailer’s Dream’ as Bankruptcy Wraps Up
"""
LIABILITY = "Fill in the blank: _____ protects owners from losing more than they invest."
SET = ["Double taxation", "California", "Bankruptcy"]

# OpenStax Microbiology 3.2 "Foundations of Modern Cell Theory" (a tuning text).
CELLS = """In 1831, Scottish botanist Robert Brown (1773–1858) was the first to describe
observations of nuclei. Then, in the early 1880s, German botanist Andreas Schimper (1856–1901)
was the first to describe the chloroplasts of plant cells. A few years later, Robert Koch
proposed a series of postulates. The subsequent work of Louis Pasteur, Robert Koch, and Joseph
Lister would further substantiate the germ theory of disease. The English scientist Robert
Hooke first used the term “cells” in 1665. Rudolf Virchow, a prominent, Polish-born, German
scientist, is often remembered as the “Father of Pathology.”
"""


def test_a_name_by_the_texts_writing_and_a_concept_by_it() -> None:
    assert proper_in("California", CORPORATIONS)  # "in Newport Beach, California"
    assert proper_in("Newport Beach", CORPORATIONS)
    # "filed for bankruptcy": capitalised only to open a sentence or in a cited title.
    assert not proper_in("Bankruptcy", CORPORATIONS)
    assert not proper_in("Double taxation", CORPORATIONS)
    assert not proper_in("LLC", CORPORATIONS)  # an acronym is not judged
    assert common_in("Limited liability", CORPORATIONS)  # "provide limited liability"
    assert not common_in("PacSun", CORPORATIONS)


def test_a_place_is_no_option_for_a_concept() -> None:
    assert name_among_concepts("Limited liability", "California", CORPORATIONS)
    assert name_among_concepts("Limited liability", "Double taxation", CORPORATIONS) is None
    assert name_among_concepts("Limited liability", "Bankruptcy", CORPORATIONS) is None


def test_the_limited_liability_set_is_made_of_concepts() -> None:
    candidates = [*SET, "Newport Beach", "Unlimited liability"]
    chosen, rejected = pick_choices(
        "Limited liability", candidates, LIABILITY, material=CORPORATIONS, harvested=True
    )
    assert not {"California", "Newport Beach"} & set(chosen)
    assert any(r.text == "California" and "proper name" in r.reason for r in rejected)


def test_both_scorers_fail_the_place_among_concepts() -> None:
    fails = choice_failures("Limited liability", SET, LIABILITY, material=CORPORATIONS)
    assert any("California" in f and "proper name" in f for f in fails)
    kept, _ = judge_choices("Limited liability", SET, LIABILITY, material=CORPORATIONS)
    assert kept == ["Double taxation", "Bankruptcy"]  # both business concepts: fair
    assert not any("proper name" in f for f in fails if "California" not in f)


def test_a_name_answer_keeps_its_names() -> None:
    front = "Who was the first to describe the chloroplasts of plant cells?"
    options = ["Robert Brown", "Robert Koch", "Louis Pasteur"]
    assert not choice_failures("Andreas Schimper", options, front, material=CELLS)
    kept, _ = judge_choices("Andreas Schimper", options, front, material=CELLS)
    assert kept == options


def test_the_tuning_set_for_robert_hooke_keeps_its_persons() -> None:
    # cell_theory.html's set, unchanged by the rule: persons among persons.
    front = "Who first used the term “cells” in 1665?"
    options = ["Robert Brown", "Andreas Schimper", "Rudolf Virchow"]
    chosen, _ = pick_choices("Robert Hooke", options, front, material=CELLS, harvested=True)
    assert chosen == options
    assert not any(name_among_concepts("Robert Hooke", o, CELLS) for o in options)
