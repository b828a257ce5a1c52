"""Sentence splitting keeps abbreviations and initials inside their sentence (issue 18)."""

from __future__ import annotations

from studyapp.generation.offline_cards import split_sentences


def test_a_case_name_is_not_split_at_v() -> None:
    # federalism_tradeoffs.html: the split left "In 2023's Moore v." and "Harper, the Supreme …".
    text = (
        "In 2023's Moore v. Harper, the Supreme Court affirmed that state legislatures were not "
        "able to pass these laws with complete autonomy. Rejecting the theory, the Court ruled."
    )
    assert split_sentences(text) == [
        "In 2023's Moore v. Harper, the Supreme Court affirmed that state legislatures were not "
        "able to pass these laws with complete autonomy.",
        "Rejecting the theory, the Court ruled.",
    ]


def test_dotted_capitals_numbers_and_et_al_stay_inside() -> None:
    text = (
        "The U.S. Department of Education counts pupils. Sternberg et al. Found it. "
        "See No. 5 of the list. It was built ca. 1500 by monks."
    )
    assert split_sentences(text) == [
        "The U.S. Department of Education counts pupils.",
        "Sternberg et al. Found it.",
        "See No. 5 of the list.",
        "It was built ca. 1500 by monks.",
    ]


def test_initials_of_a_name_stay_inside() -> None:
    text = "J. S. Mill wrote On Liberty. Philip Lister and Brian M. Forster wrote the chapter."
    assert split_sentences(text) == [
        "J. S. Mill wrote On Liberty.",
        "Philip Lister and Brian M. Forster wrote the chapter.",
    ]


def test_a_label_letter_or_unit_still_ends_its_sentence() -> None:
    # oxygen_requirements.html and temperature_and_growth.html: these full stops do end sentences.
    text = (
        "The tube looks like the opposite of tube A. Bacteria grow at the bottom of tube B. "
        "Those are obligate anaerobes. Mesophiles grow up to about 45 °C. As would be expected, "
        "they grow. He fought in World War I. The war ended. The devs. They left."
    )
    assert split_sentences(text) == [
        "The tube looks like the opposite of tube A.",
        "Bacteria grow at the bottom of tube B.",
        "Those are obligate anaerobes.",
        "Mesophiles grow up to about 45 °C.",
        "As would be expected, they grow.",
        "He fought in World War I.",
        "The war ended.",
        "The devs.",
        "They left.",
    ]
