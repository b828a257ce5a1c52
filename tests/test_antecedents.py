"""A sentence opening on a pronoun is read with the term the sentence before names, only when
that antecedent is certain (studyapp.generation.antecedents). Sentence pairs from the tuning
texts of tests/fixtures/corpus."""

from __future__ import annotations

from pathlib import Path

from studyapp.generation.antecedents import resolve
from studyapp.generation.offline_cards import (
    cards_from_text,
    marked_sentences,
    units,
    with_antecedents,
)
from studyapp.generation.quality import CardContext, card_problem
from studyapp.generation.types import MarkedTerm
from studyapp.services.generation import clean_material, material_marks
from studyapp.services.material import read_file

CORPUS = Path(__file__).parent / "fixtures" / "corpus"

ANAEROBES = "Obligate anaerobes cannot grow in the presence of oxygen."
DEPEND = (
    "They depend on fermentation and anaerobic respiration using a final electron acceptor "
    "other than oxygen."
)
FERTILIZERS = (
    "Artificial fertilizers have become an important tool in food production around the world."
)
GAINS = (
    "They are responsible for many of the gains of the so-called green revolution of the 20th "
    "century, which has allowed the planet to feed many of its more than 7 billion people."
)


def test_they_takes_the_plural_term_that_opens_the_sentence_before() -> None:
    found = resolve(ANAEROBES, DEPEND)
    assert found is not None
    assert found.text.startswith("Obligate anaerobes depend on fermentation")
    assert found.quote == f"{ANAEROBES} {DEPEND}"  # the material's own words


def test_this_and_the_subjects_own_head_noun() -> None:
    found = resolve(
        "The primary group is usually fairly small and is made up of individuals who generally "
        "engage face-to-face in long-term emotional ways.",
        "This group serves emotional needs: expressive functions rather than pragmatic ones.",
    )
    assert found is not None
    assert found.text == (
        "The primary group serves emotional needs: expressive functions rather than pragmatic ones."
    )


def test_it_after_a_named_theory_of_a_marked_term() -> None:
    found = resolve(
        "The theory of spontaneous generation states that life arose from nonliving matter.",
        "It was a long-held belief dating back to Aristotle and the ancient Greeks.",
        ["spontaneous generation"],
    )
    assert found is not None
    assert found.text.startswith("The theory of spontaneous generation was a long-held belief")


def test_this_with_another_noun_is_no_reference_to_the_subject() -> None:
    # "form of herding" is not what "Bedouin pastoralists" names
    assert (
        resolve(
            "Bedouin pastoralists have traditionally lived in small camps that are moved as "
            "frequently as needed to find fresh pastures for their herds, sometimes as often as "
            "every few days.",
            "This form of herding is called nomadism.",
            ["Bedouin", "nomadism"],
        )
        is None
    )


def test_a_bare_this_stands_for_a_clause() -> None:
    assert (
        resolve(
            "Charge is quantized.",
            "This means that electric charge comes in discrete amounts, and there is a smallest "
            "possible amount of charge that an object can have.",
        )
        is None
    )


def test_a_second_noun_phrase_of_the_same_number_competes() -> None:
    # "a complete, working program" could be "it" as well as Lemon
    assert (
        resolve(
            "Lemon doesn't generate a complete, working program.",
            "It only generates a few subroutines that implement a parser.",
        )
        is None
    )


def test_a_clause_before_the_subject_brings_other_antecedents() -> None:
    # "people of color" comes before "missionaries": two plural candidates
    assert (
        resolve(
            "As Kipling’s reference to the “half devil” nature of people of color suggests, "
            "missionaries played a prominent role in the civilizing mission.",
            "They were often the chief means by which the “gifts” of civilization were brought "
            "to people.",
        )
        is None
    )


def test_the_pronoun_must_agree_in_number() -> None:
    assert resolve(ANAEROBES, "It depends on fermentation.") is None
    assert (
        resolve(
            "Enterobacteriaceae are found primarily in the gut and upper respiratory tract.",
            "It is not unusual to see mixed bacterial infections.",
        )
        is None
    )


def test_never_across_paragraphs() -> None:
    same, quotes = with_antecedents(units(f"{ANAEROBES} {DEPEND}\n"), [])
    assert [u.text for u in same][1].startswith("Obligate anaerobes depend")
    assert len(quotes) == 1
    apart, quotes = with_antecedents(units(f"{ANAEROBES}\n\n{DEPEND}\n"), [])
    assert [u.text for u in apart] == [ANAEROBES, DEPEND]
    assert quotes == {}


def test_the_card_quotes_the_material_and_passes_the_quote_gate() -> None:
    material = read_file(CORPUS / "temperature_and_growth.html")
    text = clean_material(material)
    cards = cards_from_text(text, 40, marked=material_marks(material))
    cloze = [c for c in cards if c.back == "Artificial fertilizers"]
    assert cloze, [c.front for c in cards]
    card = cloze[0]
    assert card.front.startswith("Fill in the blank: _____ are responsible for many of the gains")
    assert card.source == f"{FERTILIZERS} {GAINS}"  # not the rewrite: the material's words
    assert card_problem(card, CardContext(chunk=text, material=text)) is None


def test_the_rewritten_sentence_is_still_the_one_that_marks_a_term() -> None:
    # spontaneous_generation.html marks "Aristotle" in the sentence that opens on "It"
    theory = "The theory of spontaneous generation states that life arose from nonliving matter."
    belief = "It was a long-held belief dating back to Aristotle and the ancient Greeks."
    found, _ = with_antecedents(units(f"{theory} {belief}\n"), ["spontaneous generation"])
    assert found[1].text.startswith("The theory of spontaneous generation was")
    assert marked_sentences(MarkedTerm("Aristotle", belief), found) == [found[1]]
