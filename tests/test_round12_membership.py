"""Round 12's strict read (issue 18): "The Neolithic cities of Jericho and _____ were some of
the earliest to emerge." (card 1, fix: the clue does not pin the city). A blank anywhere in a
subject whose predicate is "one of / some of / among the …" has as many answers as the set has
members, like round 11's "_____ is one of the staples of advertising language."."""

from __future__ import annotations

from tests.corpus_gate import cloze

HISTORY = "early_civilizations.html"
FINANCE = "financial_instruments.html"


def test_a_blank_inside_a_subject_that_is_one_of_a_set() -> None:
    why = cloze(
        HISTORY, "The Neolithic cities of Jericho and _____ were some of the earliest to emerge.",
        "Çatalhöyük",
    )  # fmt: skip
    assert why is not None and "one of a set" in why


def test_a_blank_that_the_sentence_pins_stays() -> None:
    assert (
        cloze(
            HISTORY,
            "Evidence from the Neolithic city of _____ demonstrates that its people venerated "
            "bulls.",
            "Çatalhöyük",
        )
        is None
    )
    assert (
        cloze(
            FINANCE,
            "The _____ effectively sets the target interest rate range in the federal funds "
            "market by controlling the supply of funds available for use in the market.",
            "Federal Reserve",
        )
        is None
    )
