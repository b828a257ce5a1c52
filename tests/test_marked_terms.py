"""Marked terms: the terms an author emphasises (bold, ``<dfn>``, ``<em>``, ``**x**``), read from
the material as written and used by the offline card maker to choose its terms and sentences.

Sentences quoted are from the tuning texts (pastoralism.html, deviance_and_control.html,
temperature_and_growth.html, classes.html, spontaneous_generation.html,
oxygen_requirements.html); each rule has a test that fails without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.generation.appositions import marked_apposition
from studyapp.generation.blanks import framing_problem
from studyapp.generation.cleaning import clean
from studyapp.generation.cleaning.marks import marked_terms
from studyapp.generation.offline import OfflineProvider
from studyapp.generation.offline_cards import (
    apposed_cards,
    cards_from_text,
    cloze_card,
    definition_card,
    find_definition,
    marked_definition_card,
    marked_sentences,
    units,
    without_opener,
)
from studyapp.generation.types import CardsRequest, MarkedTerm
from studyapp.handlers.common import pack_marks, unpack_marks, validated_marks
from studyapp.services.generation import clean_material, material_marks
from studyapp.services.material import Material
from tests.gen_support import marked_corpus

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


corpus = marked_corpus  # the cleaned text and its marks, cached


def terms(text: str, fmt: str) -> list[str]:
    return [m.term for m in marked_terms(text, fmt)]


# -- extraction ---------------------------------------------------------------------------
def test_html_bold_strong_dfn_and_em_mark_terms_in_order() -> None:
    page = (
        "<p>This form of herding is called <b>nomadism</b>. A <strong>resource</strong> is"
        " anything named by a URI. A <dfn>package</dfn> is a collection of source files. A"
        " <em>namespace</em> is a mapping from names to objects.</p>"
    )
    assert terms(page, "html") == ["nomadism", "resource", "package", "namespace"]


def test_html_marks_that_are_not_terms_are_left_out() -> None:
    page = (
        "<h2>The <b>Bedouin</b></h2>"  # a heading
        "<p><b>Charge is quantized.</b> Charge comes in whole units.</p>"  # a sentence
        "<p><strong>Note</strong>: the default is off. <strong>Warning:</strong> old.</p>"
        "<p><b>A paragraph in bold</b></p>"  # nothing but the mark: a heading set in bold
        "<pre>$ <b>go mod init example/user/hello</b></pre>"  # code
        "<p>Run <code><b>git init</b></code> and you <strong>must</strong> not stop.</p>"
        "<p>The <i>Dartmouth</i> sank; mesophile<b>s</b> grow.</p>"  # <i> is titles; a letter
        "<p><em>since Ant 1.6.0</em> tasks may be nested.</p>"  # not a noun phrase
    )
    assert terms(page, "html") == []


def test_a_term_marked_before_a_colon_mid_sentence_is_a_term_not_a_label() -> None:
    page = (
        "<p>You have probably experienced the phenomenon of <b>static electricity</b>: When"
        " you first take clothes out of a dryer, many of them tend to stick together.</p>"
    )
    assert terms(page, "html") == ["static electricity"]


def test_markdown_strong_marks_terms_but_not_labels_code_or_headings() -> None:
    text = (
        "# The **Title**\n\n"
        "A **resolver** answers queries, and a __zone__ is a part of\nthe namespace.\n\n"
        "**Default:** `4`\n\n"
        "```\n**not a term**\n```\n\n"
        "- **Options**\n"
    )
    marks = marked_terms(text, "markdown")
    assert [m.term for m in marks] == ["resolver", "zone"]
    assert "the namespace" in marks[1].context  # a paragraph's lines are one block


def test_plain_text_man_and_pdf_text_have_no_marks_and_clean_as_before() -> None:
    text = "A socket is an endpoint for communication. **Not** markup in plain text.\n"
    assert marked_terms(text, "text") == ()
    assert marked_terms(text, "man") == ()
    plain = Material(text, "notes.txt", "utf-8", format="text")
    assert material_marks(plain) == ()
    assert clean_material(plain) == clean(text, "text")
    assert pack_marks(material_marks(plain)) == {}  # the job's payload is as before
    assert material_marks(Material(text, "x.pdf", "utf-8", format="pdf")) == ()


def test_the_mark_carries_its_sentence_so_the_marked_use_is_found() -> None:
    """pastoralism.html names "pastoralism" in its learning objectives before the paragraph
    that marks it: the card maker looks at the marked sentence, not the first use."""
    text, marks = corpus("pastoralism.html")
    mark = next(m for m in marks if m.term == "Pastoralism")
    found = [u.text for u in marked_sentences(mark, units(text))]
    assert found == [
        "Pastoralism is the mode of subsistence associated with the care and use of "
        "domesticated herd animals."
    ]


# -- the payload ---------------------------------------------------------------------------
def test_marks_travel_in_the_payload_and_a_malformed_field_is_refused() -> None:
    marks = (MarkedTerm("nomadism", "This form of herding is called nomadism."),)
    assert unpack_marks(validated_marks(pack_marks(marks))) == marks
    assert unpack_marks({}) == ()
    with pytest.raises(Exception, match="marked term"):
        unpack_marks({"marked": [["nomadism"]]})


def test_html_material_sends_its_marks_to_the_offline_provider() -> None:
    page = (
        "<html><body><p>Pastoralism is the mode of subsistence associated with herd animals."
        " With larger herds feeding from what are often marginal lands, <b>pastoralists</b>"
        " must drive their animals to fresh pastures on a regular basis, often in seasonal"
        " cycles over large rangelands.</p></body></html>"
    )
    material = Material(page, "p.html", "utf-8", format="html")
    request = CardsRequest(
        goal_title="Cultural anthropology",
        count=10,
        material=clean_material(material),
        marked=material_marks(material),
    )
    backs = [c.back for c in OfflineProvider().cards(request).cards]
    assert "pastoralists" in backs


# -- the rules -----------------------------------------------------------------------------
HERDS = (
    "With larger herds feeding from what are often marginal lands, pastoralists must drive "
    "their animals to fresh pastures on a regular basis, often in seasonal cycles over large "
    "rangelands."
)


def test_a_marked_term_gets_its_cloze_in_the_sentence_that_marks_it() -> None:
    sentence = (
        "Shocked by the practice of polygamy, missionaries often demanded that men with "
        "multiple wives choose one and divorce the others, who then had to return to their "
        "families in shame or, if they had no family, live without means of support."
    )
    text, marks = corpus("motives_of_imperialism.html")
    mark = next(m for m in marks if m.term == "polygamy")
    assert [u.text for u in marked_sentences(mark, units(text))] == [sentence]
    cloze = (sentence, "polygamy")
    assert cloze not in {(c.source, c.back) for c in cards_from_text(text, 50)}
    assert cloze in {(c.source, c.back) for c in cards_from_text(text, 50, marked=marks)}


def test_marked_terms_come_first_in_the_cloze_rounds() -> None:
    """ "pastoralists" is marked in "Third, pastoralists rely on a division of labor …", which
    makes no card; as a marked term it is tried first in the cloze rounds, where
    salient_terms never guessed it."""
    text, marks = corpus("pastoralism.html")
    cloze = (HERDS, "pastoralists")
    assert cloze not in {(c.source, c.back) for c in cards_from_text(text, 50)}
    assert cloze in {(c.source, c.back) for c in cards_from_text(text, 50, marked=marks)}


def test_a_marked_term_defined_by_the_apposition_after_it_gets_a_definition() -> None:
    sentence = (
        "The underlying goal of social control is to maintain social order, an arrangement "
        "of practices and behaviors on which society’s members base their daily lives."
    )
    text, _ = corpus("deviance_and_control.html")
    assert not any(c.front == "What is social order?" for c in apposed_cards(sentence, "", text))
    card = marked_definition_card(sentence, "social order", "", text)
    assert card is not None
    assert (card.front, card.back) == (
        "What is social order?",
        "An arrangement of practices and behaviors on which society’s members base their "
        "daily lives",
    )


@pytest.mark.parametrize(
    ("sentence", "term"),
    [
        # the apposition ends mid-sentence and the sentence's verb follows
        (
            "Jan Baptista van Helmont, a 17th century Flemish scientist, proposed that mice "
            "could arise from rags and wheat kernels left in an open container for 3 weeks.",
            "van Helmont",
        ),
        # it only classes the term: other bacteria are that too
        (
            "The most likely agent of gas gangrene is Clostridium perfringens, an "
            "endospore-forming, gram-positive bacterium.",
            "Clostridium perfringens",
        ),
        # a list, not a definition (written)
        ("The prize went to Pasteur, the chemist of Lille, and the Curies.", "Pasteur"),
    ],
)
def test_an_apposition_that_is_not_the_marked_terms_definition_is_no_card(
    sentence: str, term: str
) -> None:
    assert marked_apposition(sentence, term) is None


@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        (
            "Like many pastoralists, the Bedouin require large tracts of land to continually "
            "provide fresh grazing for their herds.",
            "pastoralists",
        ),
        (
            "Examples of thermophiles include Thermus aquaticus and Geobacillus spp.",
            "Thermus aquaticus",
        ),
        (
            "Just pretend that the class object is a parameterless function that returns a "
            "new instance of the class.",
            "class object",
        ),
    ],
)
def test_a_blank_the_sentences_frame_leaves_open_is_refused(sentence: str, answer: str) -> None:
    assert framing_problem(sentence, sentence.index(answer)) is not None
    assert cloze_card(sentence, answer) is None


def test_a_blank_on_the_examples_category_is_still_a_cloze() -> None:
    sentence = "Examples of thermophiles include Thermus aquaticus and Geobacillus spp."
    assert framing_problem(sentence, sentence.index("thermophiles")) is None


def test_a_connective_between_subject_and_verb_leaves_the_definition() -> None:
    sentence = (
        "An artificial concept, on the other hand, is a concept that is defined by a specific "
        "set of characteristics."
    )
    assert without_opener(sentence) == (
        "An artificial concept is a concept that is defined by a specific set of characteristics."
    )
    assert find_definition(sentence) is None
    found = find_definition(without_opener(sentence))
    assert found is not None
    card = definition_card(found, material=corpus("what_is_cognition.html")[0])
    assert card is not None
    assert (card.front, card.back) == (
        "What is an artificial concept?",
        "A concept that is defined by a specific set of characteristics",
    )


def test_a_that_is_apposition_after_a_marked_term_is_its_definition() -> None:
    sentence = (
        "To the industrial powers, these needs justified their practice of imperialism, that "
        "is, the policy of gaining direct or indirect control over parts of the world with "
        "low-cost resources and no competing mass-produced goods."
    )
    found = marked_apposition(sentence, "imperialism")
    assert found is not None
    assert found.definition.startswith("the policy of gaining direct or indirect control")
