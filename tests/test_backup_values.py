"""A backup's values are checked, not only its shape: each value below was once accepted and
broke the profile afterwards (study, undo, every review, the goal page, tracebacks). Now each is
refused before anything is written, with one message naming the first bad field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from studyapp.db.models import Card, Goal, Profile
from studyapp.errors import BadInput
from studyapp.services.backup import restore_profile

T0 = "2025-02-01T07:30:15+00:00"
STATE = {
    "state": 2,
    "step": None,
    "stability": 3.2,
    "difficulty": 5.1,
    "due": T0,
    "last_review": T0,
}


def document() -> dict:
    """A valid version 1 backup: a goal with two skills, a reviewed card, a choice set."""
    return {
        "format": "studyapp-backup",
        "version": 1,
        "profile": {"desired_retention": 0.9, "new_cards_per_day": 20, "settings": {}},
        "goals": [
            {"id": 1, "title": "G", "description": "", "archived": False, "created_at": T0},
            {"id": 2, "title": "H", "description": "", "archived": False, "created_at": T0},
        ],
        "skill_nodes": [
            {
                "id": 1,
                "goal_id": 1,
                "parent_id": None,
                "title": "A",
                "description": "",
                "position": 0,
                "status": "ready",
                "created_at": T0,
            },
            {
                "id": 2,
                "goal_id": 1,
                "parent_id": 1,
                "title": "B",
                "description": "",
                "position": 0,
                "status": "ready",
                "created_at": T0,
            },
        ],
        "cards": [
            {
                "id": 1,
                "goal_id": 1,
                "node_id": 2,
                "front": "q",
                "back": "a",
                "kind": "basic",
                "provider": None,
                "archived": False,
                "fsrs_state": 2,
                "fsrs_step": None,
                "stability": 3.2,
                "difficulty": 5.1,
                "due": T0,
                "last_review": T0,
                "created_at": T0,
                "updated_at": T0,
            },
        ],
        "distractor_sets": [
            {"id": 1, "card_id": 1, "options": ["x", "y", "z"], "provider": None, "created_at": T0},
        ],
        "reviews": [
            {
                "id": 1,
                "card_id": 1,
                "rating": 3,
                "mode": "flip",
                "reviewed_at": T0,
                "duration_ms": 800,
                "previous": dict(STATE, state=1, stability=None, difficulty=None, last_review=None),
            },
        ],
    }


def put(path: str, value):  # type: ignore[no-untyped-def]
    """Set ``a.b[0].c`` in the document."""

    def mutate(data: dict) -> None:
        keys = [
            int(k) if k.isdigit() else k for k in path.replace("[", ".").replace("]", "").split(".")
        ]
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return mutate


def nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


HOSTILE = [
    (put("cards[0].fsrs_state", 9), "cards[0].fsrs_state: 9 is not a whole number from 1 to 3"),
    (put("cards[0].stability", -5), "cards[0].stability: -5 is not a positive number"),
    (put("cards[0].stability", float("nan")), "cards[0].stability: NaN is not a positive number"),
    (put("cards[0].difficulty", 11), "cards[0].difficulty: 11 is not a number from 1 to 10"),
    (put("cards[0].stability", None), "cards[0]: has a stability without a difficulty"),
    (put("cards[0].due", "2025-02-01T07:30:15"), "cards[0].due: '2025-02-01T07:30:15' has no"),
    (put("reviews[0].previous", "garbage"), "reviews[0].previous: 'garbage' is not a card state"),
    (put("reviews[0].previous", {"state": 1}), "reviews[0].previous: is not a card state"),
    (put("reviews[0].previous.state", 7), "reviews[0].previous.state: 7 is not a whole number"),
    (put("reviews[0].previous.due", "soon"), "reviews[0].previous.due: 'soon' is not a time"),
    (put("reviews[0].rating", 0), "reviews[0].rating: 0 is not a whole number from 1 to 4"),
    (put("reviews[0].duration_ms", -1), "reviews[0].duration_ms: -1 is not a whole number"),
    (
        put("profile.desired_retention", 5),
        "profile.desired_retention: 5 is not a number from 0.70 to 0.99",
    ),
    (
        put("profile.desired_retention", float("nan")),
        "profile.desired_retention: NaN is not a number from 0.70 to 0.99",
    ),
    (
        put("profile.settings", {"worker_threads": float("inf")}),
        "profile.settings.worker_threads: Infinity is not a whole number from 1 to 8",
    ),
    (
        put("profile.settings", {"theme": {"deep": nested(40)}}),
        "profile.settings.theme.deep[0][0][0][0][0][0][0]: is nested deeper than 8 levels",
    ),
    (put("profile.settings", {"x": nested(100_000)}), "its JSON is nested too deeply to read"),
    (put("distractor_sets[0].options", ["x", "y"]), "distractor_sets[0].options: is not a list"),
    (put("skill_nodes[1].parent_id", 2), "skill_nodes[1]: is part of a cycle of skills"),
    (put("cards[0].goal_id", 2), "cards[0].node_id: 2 is a skill of another goal"),
    (put("cards[0].kind", "essay"), "cards[0].kind: 'essay' is not one of basic, cloze"),
    (put("goals[0].archived", "no"), "goals[0].archived: 'no' is not true or false"),
]


def write(tmp_path: Path, mutate) -> Path:  # type: ignore[no-untyped-def]
    data = document()
    mutate(data)
    path = tmp_path / "hostile.json"
    try:
        text = json.dumps(data)
    except RecursionError:  # deeper than json.dumps goes: written by hand
        text = json.dumps(document()).replace(
            '"settings": {}', '"settings": {"x": ' + "[" * 100_000 + "1" + "]" * 100_000 + "}"
        )
    path.write_text(text, encoding="utf-8")
    return path


def test_the_valid_document_restores(db, profile, tmp_path) -> None:
    assert restore_profile(db, profile.id, write(tmp_path, lambda d: None)).counts["cards"] == 1


@pytest.mark.parametrize(("mutate", "message"), HOSTILE, ids=[m for _f, m in HOSTILE])
def test_a_hostile_value_is_refused_by_name_and_nothing_is_written(
    db, profile, tmp_path, mutate, message
) -> None:
    path = write(tmp_path, mutate)
    with pytest.raises(BadInput) as refused:
        restore_profile(db, profile.id, path)
    assert message in str(refused.value)
    assert str(refused.value).count("\n") == 0  # one sentence, one line
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Goal)) == 0
        assert session.scalar(select(func.count()).select_from(Card)) == 0
        assert session.get(Profile, profile.id).settings == {}  # the profile as it was
