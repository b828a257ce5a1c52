"""Issue 19 below the window: mastery after an Again (defect 7), names shortened at a word
instead of mid-word (9), the delete question's grammar (7), undo of one review by id (6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from studyapp.errors import BadInput
from studyapp.generation.offline import OfflineProvider
from studyapp.generation.types import TreeRequest
from studyapp.services import goals, study
from studyapp.services.mastery import goal_mastery
from studyapp.shorten import shorten
from tests.factories import make_card, make_goal


# Defect 7: "100%" right after an import with one review per card, one of them Again.
def test_a_card_last_answered_again_is_not_mastered(db, profile) -> None:
    goal = make_goal(db, profile.id)
    cards = [make_card(db, profile.id, goal, f"q{n}", f"a{n}") for n in range(10)]
    earlier = datetime.now(UTC) - timedelta(minutes=5)
    for n, card in enumerate(cards):
        study.record_review(db, profile.id, card, 1 if n == 0 else 3, reviewed_at=earlier)
    overall = goal_mastery(db, profile.id, goal).overall
    assert overall.label == "90%"  # not "100%": one of ten was forgotten
    assert overall.reviewed_cards == 10
    study.record_review(db, profile.id, cards[0], 3)  # answered right now
    assert goal_mastery(db, profile.id, goal).overall.label == "100%"


# Defect 9: a 5,000-character title was cut to 499 characters without a word; skill names
# from headings were cut mid-word at 200.
def test_names_are_shortened_at_a_word_with_an_ellipsis() -> None:
    words = "congestion " * 600
    cut = shorten(words, 200)
    assert len(cut) <= 200 and cut.endswith("congestion\u2026")
    assert shorten("short", 200) == "short"
    assert shorten("x" * 300, 10) == "x" * 9 + "\u2026"  # one long word: cut, but said
    material = (
        "# " + "Window " * 700 + "\n\nThe congestion window limits how much data a sender may "
        "have in flight at once.\n\n# Slow start\n\nSlow start is the phase in which the "
        "congestion window doubles every round trip.\n"
    )
    tree = OfflineProvider().skill_tree(TreeRequest(goal_title="TCP", material=material))
    title = tree.nodes[0].title
    assert len(title) <= 200 and title.endswith("Window\u2026")


def test_a_goal_named_after_a_long_deck_is_shortened_at_a_word(db, profile) -> None:
    from studyapp.services.interop_notes import NoteIn, import_notes

    deck = " ".join(["Congestion"] * 500)  # an Anki deck named with 5,499 characters
    result = import_notes(
        db, profile.id, None, [NoteIn("What doubles cwnd?", "Slow start")],
        source="deck.apkg", new_goal_title=deck,
    )  # fmt: skip
    title = goals.get_goal(db, profile.id, result.goal_id).title
    assert len(title) <= goals.MAX_TITLE and title.endswith("Congestion\u2026")
    with pytest.raises(BadInput, match=f"at most {goals.MAX_TITLE} characters"):
        goals.create_goal(db, profile.id, "x" * 5000)  # typed: refused, with the limit


def test_the_delete_question_says_its_for_one_card(qtbot) -> None:
    from studyapp.gui.browser.dialogs import DeleteQuestion

    one, many = DeleteQuestion(1), DeleteQuestion(3)
    qtbot.addWidget(one)
    qtbot.addWidget(many)
    assert one.text() == "Delete this card and its review history?"
    assert many.text() == "Delete these 3 cards and their review histories?"


# Defect 6: undo by id takes back exactly that review, whoever reviewed since.
def test_undo_review_by_id(db, profile) -> None:
    goal = make_goal(db, profile.id)
    a, b = make_card(db, profile.id, goal, "a", "a"), make_card(db, profile.id, goal, "b", "b")
    mine = study.record_review(db, profile.id, a, 3)
    study.record_review(db, profile.id, b, 4)  # another window's, newer
    undone = study.undo_review(db, profile.id, mine.review_id)
    assert undone.card_id == a and undone.restored.last_review is None
    with pytest.raises(BadInput, match="gone already"):
        study.undo_review(db, profile.id, mine.review_id)
