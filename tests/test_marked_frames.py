"""A blank on an author-marked term, in the sentence that marks it, in a shape the generic
fact frames refuse (see studyapp/generation/marked_frames.py).

Sentences quoted are from the tuning texts (agents_of_socialization.html,
oxygen_requirements.html, what_is_cognition.html, endocrine_overview.html,
destruction_of_the_tea.html, temperature_and_growth.html, motives_of_imperialism.html,
types_of_groups.html, pastoralism.html); each admitted shape has a test that fails without
the rule, and each near miss one that it stays refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.generation.fact_frames import NO_FRAME, frame_problem
from studyapp.generation.marked_frames import marked_frame
from studyapp.generation.marked_names import marked_name
from studyapp.generation.offline_cards import (
    cards_from_text,
    cloze_card,
    marked_form,
    marked_name_card,
    marked_sentences,
    units,
)
from studyapp.generation.quality import CardContext, card_problem
from tests.gen_support import marked_corpus

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


corpus = marked_corpus  # the cleaned text and its marks, cached


MESOPHILES = (
    "Organisms categorized as mesophiles (“middle loving”) are adapted to moderate "
    "temperatures, with optimal growth temperatures ranging from room temperature (about "
    "20 °C) to about 45 °C."
)

ADMITTED = [
    # the marked term is the whole subject and a lexical verb with its object follows
    (
        "Mass media distribute impersonal information to a wide audience, via television, "
        "newspapers, radio, and the Internet.",
        "Mass media",
        "Mass media",
    ),
    (
        "Microaerophiles need oxygen to grow, albeit at a lower concentration than 21% oxygen "
        "in air.",
        "Microaerophiles",
        "Microaerophiles",
    ),
    (
        "A role schema makes assumptions about how individuals in certain roles will behave.",
        "role schema",
        "role schema",
    ),
    # the marked term and a relative clause that says what it is or does
    (
        "The ductless endocrine glands are not to be confused with the body’s exocrine system, "
        "whose glands release their secretions through ducts.",
        "exocrine system",
        "exocrine system",
    ),
    (
        "Samuel Adams, along with Joseph Warren and James Otis, re-formed the Boston Committee "
        "of Correspondence, which functioned as a form of shadow government, to address the "
        "fear of British overreach.",
        "Committee of Correspondence",
        "Boston Committee of Correspondence",
    ),
    # the marked term is the class a classifying verb puts things in
    (
        MESOPHILES,
        "mesophiles",
        "mesophiles",
    ),
    # the marked term names the subject its description opens the sentence with
    (
        "The algae that produce red tides in the Gulf of Mexico, Karenia brevis, secrete "
        "potent toxins that can kill fish and other organisms and also accumulate in shellfish.",
        "Karenia brevis",
        "Karenia brevis",
    ),
]


@pytest.mark.parametrize(("sentence", "term", "answer"), ADMITTED)
def test_a_marked_terms_own_statement_is_a_cloze(sentence: str, term: str, answer: str) -> None:
    start = sentence.index(answer)
    assert frame_problem(sentence, start, start + len(answer)) == NO_FRAME
    assert cloze_card(sentence, term) is None  # not marked: the generic frames refuse it
    card = cloze_card(sentence, term, marked=True)
    assert card is not None
    assert card.back == answer
    assert card_problem(card, CardContext(material=sentence)) is None


NEAR_MISSES = [
    # a quantified subject states a tendency, then leans on "they"
    (
        "Most algal blooms are not directly harmful to humans or wildlife; however, they can "
        "cause harm indirectly.",
        "algal blooms",
    ),
    # a modal after a subject that is more than the term
    (
        "The Gatling gun from the United States could fire three thousand bullets per minute.",
        "Gatling gun",
    ),
    # one of a pair
    (
        "Thermophiles and hyperthemophiles are adapted to life at temperatures above 50 °C.",
        "hyperthemophiles",
    ),
    # "these groups": which ones is in the sentence before
    (
        "These groups serve an instrumental function rather than an expressive one, meaning "
        "that their role is more goal- or task-oriented than emotional.",
        "instrumental function",
    ),
    # the copula with a predicate that points back ("this system") is the generic frames' call
    ("The endocrine gland is the major player in this system.", "endocrine gland"),
    # a name between commas after a short phrase, then no verb of its own
    (
        "Neisseria meningitidis, the causative agent of severe bacterial meningitis, and N. "
        "gonorrhoeae, the causative agent of sexually transmitted gonorrhea, are also obligate "
        "aerobes.",
        "bacterial meningitis",
    ),
    # the subject's verb states nothing on its own
    (
        "Climate change has made rainfall increasingly unpredictable, threatening the "
        "sustainability of grazing herds on marginal lands.",
        "Climate change",
    ),
]


@pytest.mark.parametrize(("sentence", "term"), NEAR_MISSES)
def test_a_marked_term_outside_those_shapes_stays_refused(sentence: str, term: str) -> None:
    start = sentence.index(term)
    assert not marked_frame(sentence, start, start + len(term))
    card = cloze_card(sentence, term, marked=True)
    assert card is None or card_problem(card, CardContext(material=sentence)) is not None


def test_the_other_gates_still_refuse_a_marked_terms_sentence() -> None:
    """The Kansas-Nebraska bill has its relative clause, but the sentence is a story about
    a person: the anecdote gate still refuses it."""
    sentence = (
        "Illinois Democratic senator Stephen Douglas believed he had found a solution—the "
        "Kansas-Nebraska bill—that would promote party unity and also satisfy his colleagues "
        "from the South, who detested the Missouri Compromise line."
    )
    start = sentence.index("Kansas-Nebraska bill")
    assert marked_frame(sentence, start, start + len("Kansas-Nebraska bill"))
    card = cloze_card(sentence, "Kansas-Nebraska bill", marked=True)
    assert card is not None
    assert card_problem(card, CardContext(material=sentence)) is not None


def test_the_marked_cloze_comes_out_of_the_whole_material() -> None:
    text, marks = corpus("agents_of_socialization.html")
    cloze = (ADMITTED[0][0], "Mass media")
    assert cloze not in {(c.source, c.back) for c in cards_from_text(text, 50)}
    assert cloze in {(c.source, c.back) for c in cards_from_text(text, 50, marked=marks)}


def test_a_mark_on_the_singular_finds_the_plural_the_sentence_writes() -> None:
    """ "categorized as <b>mesophile</b>s": the author marked the singular and wrote the
    ending after the mark; the cloze blanks the word as the sentence writes it."""
    text, marks = corpus("temperature_and_growth.html")
    mark = next(m for m in marks if m.term == "mesophile")
    assert marked_form("mesophile", MESOPHILES) == "mesophiles"
    assert [u.text for u in marked_sentences(mark, units(text))] == [MESOPHILES]
    made = {(c.source, c.back) for c in cards_from_text(text, 50, marked=marks)}
    assert (MESOPHILES, "mesophiles") in made


def test_a_demonstrative_naming_stays_refused() -> None:
    """ "This process is called animal domestication.": "this process" is the paragraph
    before (its last sentence opens with "They"), so no card carries what it names."""
    text, marks = corpus("pastoralism.html")
    sentence = "This process is called animal domestication."
    assert sentence in text
    assert all(c.source != sentence for c in cards_from_text(text, 50, marked=marks))


# -- a marked name after its description: asked the other way round ------------------------
@pytest.mark.parametrize(
    ("file", "sentence", "front", "back"),
    [
        (
            "oxygen_requirements.html",
            "The lowest concentration of oxygen that allows growth is called the minimum "
            "permissive oxygen concentration.",
            "What is the minimum permissive oxygen concentration?",
            "The lowest concentration of oxygen that allows growth",
        ),
        (
            "temperature_and_growth.html",
            "The lowest temperature at which the organism can survive and replicate is its "
            "minimum growth temperature.",
            "What is the minimum growth temperature?",
            "The lowest temperature at which the organism can survive and replicate",
        ),
    ],
)
def test_a_marked_name_after_its_description_is_asked_for_the_description(
    file: str, sentence: str, front: str, back: str
) -> None:
    text, marks = corpus(file)
    term = front.removeprefix("What is the ").rstrip("?")
    assert cloze_card(sentence, term, marked=True) is None  # the blank's words give it away
    card = marked_name_card(sentence, term, "", text)
    assert card is not None
    assert (card.front, card.back) == (front, back)
    assert card_problem(card, CardContext(material=text)) is None
    assert (front, back) not in {(c.front, c.back) for c in cards_from_text(text, 50)}
    made = {(c.front, c.back) for c in cards_from_text(text, 50, marked=marks)}
    assert (front, back) in made


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        # "this process" is the paragraph before: no card carries it
        ("This process is called animal domestication.", "animal domestication"),
        ("This form of herding is called nomadism.", "nomadism"),
        # the naming is not the whole sentence's own clause
        (
            "Across the dry grasslands of Arabia and northern Africa live about three million "
            "Arab peoples collectively known as the Bedouin.",
            "Bedouin",
        ),
        (
            "In early 1774, leaders in Parliament responded with a set of four measures "
            "designed to punish Massachusetts, commonly known at the Coercive Acts.",
            "Coercive Acts",
        ),
        # a consideration, not a naming, and a second clause after it
        (
            "These people are considered a category, and as an example all children born from "
            "approximately 1980–2000 are referred to as “Millennials.”",
            "category",
        ),
    ],
)
def test_a_naming_that_leans_on_another_sentence_is_no_marked_name(
    sentence: str, term: str
) -> None:
    assert marked_name(sentence, term) is None


def test_a_classed_marked_term_still_meets_the_context_gate() -> None:
    """ "are considered extreme psychrophiles (cold loving)" is a class, but the card leans
    on the text around it, as the context gate reads it: still refused."""
    text, _ = corpus("temperature_and_growth.html")
    sentence = (
        "The organisms retrieved from arctic lakes such as Lake Whillans are considered "
        "extreme psychrophiles (cold loving)."
    )
    start = sentence.index("psychrophiles")
    assert marked_frame(sentence, start, start + len("psychrophiles"))
    card = cloze_card(sentence, "psychrophiles", "", text, marked=True)
    # Since round 14 the maker itself refuses it: "(cold loving)" beside the blank names the
    # answer another way (other_names). Either way no card reaches the learner.
    assert card is None or card_problem(card, CardContext(material=text)) is not None
