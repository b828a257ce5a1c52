"""The strict human reads (issue 18) as a regression gate.

``tests/fixtures/strict_reads/reads.json`` holds every card of the integrator's blind reads
with the verdict. A card the reader refused is a bug: today's generator must not make it again
word for word, unless it is listed in ``STILL_MADE`` below with why it was left. The list is
kept true both ways: a listed card the generator no longer makes fails too, so the list only
shrinks as rules land.
"""

from __future__ import annotations

import json

from benchmarks import human_reads

READS = human_reads.reads()

# (file, front) of refused cards the generator still makes, with the read's reason: the known
# defects not yet ruled out. A rule that fixes one takes it out of this list.
STILL_MADE: dict[tuple[str, str], str] = {
    (
        "criteria_for_patenting.html",
        "Fill in the blank: Even when no fraud is intended, the utility of a product or process must be demonstrate in a _____—not presumed, but affirmatively demonstrated.",
    ): 'round 11, drop: topic blanked, source\'s typo ("must be demonstrate in a _____" -> patent application)',
    (
        "design_thinking.html",
        "What does Mash-up involve?",
    ): "round 14, fix: a list label's capital; left: the text writes Mash-up capitalised "
    "mid-sentence, as a technique's name, and never 'a mash-up'",
}

# Each read as the closing notes of 2026-12-07 quote it (cards, kept).
QUOTED = {
    "9": (40, 23),
    "10": (40, 24),
    "11": (39, 24),
    "12": (40, 25),
    "13": (40, 28),
    "14": (40, 16),
}


def test_each_read_is_recorded_as_the_notes_quote_it() -> None:
    assert {r["round"]: (len(r["cards"]), sum(c["verdict"] == "keep" for c in r["cards"]))
            for r in READS} == QUOTED  # fmt: skip


def test_every_refusal_says_why_and_every_read_text_is_now_tuning() -> None:
    sources = json.loads((human_reads.CORPUS / "sources.json").read_text(encoding="utf-8"))
    sets = {s["file"]: s.get("set", "tuning") for s in sources}
    for read in READS:
        for item in read["cards"] + read["sets"]:
            assert item["verdict"] in {"keep", "fix", "drop"}, item
            assert item["verdict"] == "keep" or item["reason"].strip(), item
            # A text that was read can no longer be held out: rules are written from it.
            assert sets[item["file"]] == "tuning", item["file"]


def test_a_refused_card_is_not_made_again() -> None:
    made = {
        (c["file"], c["front"]): c for read in READS for c in human_reads.still_made(read["cards"])
    }
    back_again = {
        k: f"{c['verdict']}: {c['reason']}" for k, c in made.items() if k not in STILL_MADE
    }
    assert not back_again, "refused by the strict reader and made again"
    gone = set(STILL_MADE) - set(made)
    assert not gone, "no longer made: take these out of STILL_MADE"


def test_the_scorers_agree_and_disagree_with_the_reader_on_recorded_cards() -> None:
    """The calibration the benchmark prints runs the real scorers on the recorded cards: a
    kept definition passes, a refused card a later rule catches is refused, and a refused
    card no rule catches yet is counted as passed (the scorers' leniency)."""
    by_front = {c["front"]: c for read in READS for c in read["cards"]}
    assert human_reads.scorers_pass(by_front["What is breadth-first search?"])
    assert not human_reads.scorers_pass(by_front["What is feed.xml?"])
    tally = human_reads.Agreement()
    tally.add(READS[0])
    assert (tally.kept, tally.refused) == (23, 17)
    assert 0 < tally.refused_passed < tally.refused
