"""A small run of ``benchmarks/card_quality.py`` so a quality regression fails CI: two corpus
texts through the real pipeline offline, one text's recorded Claude answers through the fake
API, each scored by the gate and by the independent scorer against the benchmark's targets."""

from __future__ import annotations

import pytest

from benchmarks import card_quality as cq
from benchmarks._card_scorer import coverage

pytestmark = pytest.mark.usefixtures("offline_provider")


@pytest.mark.slow
def test_offline_cards_choices_and_trees_meet_the_benchmark_targets(db, profile, tmp_path):
    files = [s for s in cq.sources() if s["file"] in {"epoll.7.txt", "classes.html"}]
    reports = cq.run_offline(
        db, profile.id, cq.registry_for(tmp_path / "vectors"), files, choices_per_goal=16
    )
    titles = {r.goal_id: s["title"] for r, s in zip(reports, files, strict=True)}
    figures = cq.score(reports, goal_titles=titles)
    assert figures["cards"] >= 20
    assert figures["both"] >= cq.TARGETS["cards"], figures["failures"]
    assert figures["duplicates"] == 0
    assert figures["linked"] == 1.0
    # Sets are offered only where an honest one can be made (issue 18, rounds 5 and 6), so a
    # set is asked for on up to 16 cards a text; 3 are made (in each of 5 runs), against 9
    # before the strict reads. The floor catches sets collapsing to none, the line below holds
    # their quality.
    assert figures["sets"] >= 3, figures["sets"]
    assert min(figures["gate_sets"], figures["independent_sets"]) >= cq.TARGETS["choices"]
    for report in reports:
        assert coverage(report.truth, report.tree) >= cq.TARGETS["coverage"], report.tree


@pytest.mark.slow
def test_recorded_claude_answers_flawed_ones_rejected_good_ones_kept(db, profile, tmp_path):
    reports = cq.run_replays(db, profile.id, tmp_path / "vectors", only={"tcp.7.txt"})
    [report] = reports
    fronts = {c["front"] for c in report.cards}
    replay = next(t for t in cq.replays() if t["file"] == "tcp.7.txt")
    for card in replay["cards"]:
        assert (card["front"] in fronts) == ("flaw" not in card), card
    reasons = {r["text"]: r["reason"] for r in report.rejected}
    assert "dangling" in reasons["What is following?"]
    assert all(c["node_id"] is not None for c in report.cards)
    assert len(report.sets) == 1 and len(report.distractor_failures) == 1


def test_reasons_logged_for_held_out_texts_quote_none_of_their_words():
    """The benchmark's log is read by whoever writes rules: a reason that quotes a held-out
    card ("a blank on part of a term ('outermost scope')") is logged without the quote."""
    assert cq.unquoted("a blank on part of a term ('outermost scope')") == (
        "a blank on part of a term"
    )
    assert cq.unquoted("'Organisms' is in the question") == "(a reason quoting the text)"
    assert cq.unquoted('a broken fragment "x y"') == "a broken fragment"
    assert cq.unquoted("names nothing specific") == "names nothing specific"
