"""Issue 18, round 7: history prose states facts a learner studies in frames of its own.

The sentences are from the tuning history sections added in round 7
(kansas_nebraska_act.html, U.S. History 13.2; motives_of_imperialism.html, World History 2,
9.2) or from older tuning texts, unless marked "written". Each frame has a real sentence it
must make a card of and a sentence of the same shape it must refuse: a story's step, an
anecdote, a document only mentioned.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from studyapp.generation.credits import first_of_kind_card
from studyapp.generation.document_deeds import document_card
from studyapp.generation.fact_frames import frame_problem
from studyapp.generation.offline_cards import cloze_card, harvest, without_opener
from studyapp.generation.stated_that import doctrine_card
from studyapp.generation.strict_reader import cloze_strict

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@cache
def corpus_text(name: str) -> str:
    from studyapp.services.generation import clean_material
    from studyapp.services.material import read_file

    return clean_material(read_file(CORPUS / name))


def _frame(sentence: str, answer: str) -> str | None:
    start = sentence.index(answer)
    return frame_problem(sentence, start, start + len(answer))


# -- a named act, law or treaty and what it did ------------------------------------------------
MISSOURI = (
    "By the 1850s, many in the South were also growing resentful of the Missouri Compromise of "
    "1820, which established the 36° 30' parallel as the geographical boundary of slavery on "
    "the north-south axis."
)
WILMOT = (
    "Southerners, however, had long opposed the Wilmot Proviso’s stipulation that slavery "
    "should not expand into the West."
)


def test_what_a_named_document_established_is_asked_by_its_name() -> None:
    card = document_card(MISSOURI)
    assert card is not None
    assert card.front == "What did the Missouri Compromise of 1820 establish?"
    assert card.back == (
        "The 36° 30' parallel as the geographical boundary of slavery on the north-south axis"
    )


def test_what_a_named_document_gave_rise_to_stops_before_the_apposition() -> None:
    sentence = without_opener(
        "Most important, the Kansas-Nebraska Act gave rise to the Republican Party, a new "
        "political party that attracted northern Whigs, Democrats who shunned the "
        "Kansas-Nebraska Act, members of the Free-Soil Party, and assorted abolitionists."
    )
    assert sentence.startswith("The Kansas-Nebraska Act gave rise to")
    card = document_card(sentence)
    assert card is not None
    assert (card.front, card.back) == (
        "What did the Kansas-Nebraska Act give rise to?",
        "The Republican Party",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # the document is only mentioned: what ended the truce is not the Compromise
        "The application of popular sovereignty to the organization of the Kansas and Nebraska "
        "territories ended the sectional truce that had prevailed since the Compromise of 1850.",
        # a story's step: a bill with no name, what a person did to it
        "In January 1854, Douglas introduced the bill.",
        # what happened to the document, not what it did
        "After heated debates, Congress narrowly passed the Kansas-Nebraska Act.",
        # what it did lives in the sentence before (written)
        "The Stamp Act of 1765 established it.",
    ],
)
def test_a_document_only_mentioned_or_acted_on_asks_nothing(sentence: str) -> None:
    assert document_card(sentence) is None


def test_a_cloze_on_a_documents_name_when_the_sentence_says_what_it_did() -> None:
    assert _frame(WILMOT, "Wilmot Proviso") is None
    card = cloze_card(WILMOT, "Wilmot Proviso", material=corpus_text("kansas_nebraska_act.html"))
    assert card is not None and card.back == "Wilmot Proviso"
    assert _frame(MISSOURI, "Missouri Compromise") is None


@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        # federalism_tradeoffs.html: what a court held, in a story of the case; "remained" is
        # no deed of the Act
        (
            "The Court agreed, and in the process held that the Voting Rights Act remained "
            "constitutional with regard to redistricting.",
            "Voting Rights Act",
        ),
        # a document only named as a date line
        (
            "The brief period of tranquility ended with the passage of the Kansas-Nebraska Act.",
            "Kansas-Nebraska Act",
        ),
    ],
)
def test_no_cloze_on_a_document_the_sentence_only_mentions(sentence: str, answer: str) -> None:
    assert _frame(sentence, answer) is not None


# -- the first of a kind, after a dated opener ------------------------------------------------
def test_the_first_of_a_kind_is_a_question_despite_its_date() -> None:
    sentence = (
        "In 1840, the Liberty Party was the first political organization to campaign for abolition."
    )
    card = first_of_kind_card(sentence)
    assert card is not None
    assert (card.front, card.back) == (
        "Which political organization was the first to campaign for abolition?",
        "the Liberty Party",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # a story told in order: no one is the first of anything
        "In 1852, voters went to the polls in a presidential contest between Whig candidate "
        "Winfield Scott and Democratic candidate Franklin Pierce.",
        # the same shape with no name (written): "the campaign" is no answer out of context
        "In 1856, the campaign was the first contest to feature a Republican candidate.",
        # a person: credit_card asks "Who was the first to …?" (written)
        "In 1831, Robert Brown was the first person to describe the nucleus.",
        # what it was first to do leans on the sentence before (written)
        "In 1848, the Free-Soil Party was the first party to do this.",
    ],
)
def test_a_dated_story_step_is_no_first_of_a_kind(sentence: str) -> None:
    assert first_of_kind_card(sentence) is None


# -- what a doctrine holds -----------------------------------------------------------------------
def test_what_a_doctrine_named_as_one_holds() -> None:
    sentence = (
        "According to social Darwinism, a theory then popular in Europe and the United States, "
        "some groups of people become stronger and more powerful because they are naturally "
        "superior."
    )
    card = doctrine_card(sentence)
    assert card is not None
    assert (card.front, card.back) == (
        "What does social Darwinism hold?",
        "Some groups of people become stronger and more powerful because they are naturally "
        "superior.",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        # strict_reader's "who reported it": a source, not an idea (written, same shape)
        "According to a report released in 2013, a study of 500 adults, most workers commute "
        "by car.",
        # a person's say-so (written): no apposition names a doctrine
        "According to Jules Ferry, the prime minister of France, such domination was the duty "
        "of superior peoples.",
        # what it holds is in the sentence before (written)
        "According to social Darwinism, a theory then popular in Europe, it was natural.",
    ],
)
def test_a_source_or_a_person_is_no_doctrine(sentence: str) -> None:
    assert doctrine_card(sentence) is None


# -- a story's step dated to the season or the day -------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "In the spring of 1856, several of Lawrence’s leading _____ citizens were indicted for "
        "treason, and federal marshal Israel Donaldson called for a posse to help make arrests.",
        "The group of seven, including Brown’s four sons, arrived on May 24, 1856, and announced "
        "they were the “_____” that had come to serve justice.",
    ],
)
def test_a_step_dated_to_the_season_or_the_day_is_an_anecdote(sentence: str) -> None:
    assert cloze_strict(sentence, "x") == "an anecdote, not a fact (a story told in order)"


def test_a_fact_with_a_year_in_it_is_no_dated_step() -> None:
    # the same text's fact, its year inside a name, not the date of a story's step
    sentence = (
        "Southerners, however, had long opposed the _____’s stipulation that slavery should not "
        "expand into the West, as the Compromise of 1850 did not."
    )
    assert cloze_strict(sentence, "Wilmot Proviso") is None


# -- the whole pass on the history section ----------------------------------------------------
def test_the_history_section_gets_its_document_and_first_of_kind_cards() -> None:
    text = corpus_text("kansas_nebraska_act.html")
    cards = {(c.front, c.back) for c in harvest(text, 400, material=text).cards}
    fronts = {front for front, _ in cards}
    assert "What did the Missouri Compromise of 1820 establish?" in fronts
    assert "What did the Kansas-Nebraska Act give rise to?" in fronts
    assert (
        "Which political organization was the first to campaign for abolition?",
        "the Liberty Party",
    ) in cards
    assert any(back == "Wilmot Proviso" for _, back in cards)


def test_the_world_history_section_gets_its_doctrine_card() -> None:
    text = corpus_text("motives_of_imperialism.html")
    fronts = {c.front for c in harvest(text, 400, material=text).cards}
    assert "What does social Darwinism hold?" in fronts
