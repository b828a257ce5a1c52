"""Backup → restore into an empty database reproduces every row; bad backups change nothing."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from studyapp.db.database import Database
from studyapp.db.migrate import upgrade
from studyapp.db.models import Card, Goal, Profile, StudyPreset
from studyapp.errors import BadInput, ProfileNotEmpty
from studyapp.services import presets, study
from studyapp.services.backup import SECTIONS, backup_profile, dump_profile, restore_profile
from studyapp.services.profiles import ensure_profile
from tests.factories import make_card, make_distractors, make_goal, make_node
from tests.helpers import embedded_ids, live_card_ids, scratch_database

T0 = datetime(2025, 2, 1, 7, 30, 15, 123456, tzinfo=UTC)


def build_profile(db, profile_id: int) -> None:
    """Every kind of row, with awkward values: nested tree, archived rows, FSRS state, JSON."""
    with db.session() as session:
        default = session.get(StudyPreset, presets.ensure_default(session, profile_id))
        default.desired_retention, default.new_per_day = 0.87, 13
        session.get(Profile, profile_id).settings = {"theme": "dark", "nested": {"a": [1, 2]}}
    goal = make_goal(db, profile_id, "TCP 🚀", description="multi\nline")
    archived_goal = make_goal(db, profile_id, "Old", archived=True)
    root = make_node(db, goal, "Congestion", position=1)
    child = make_node(db, goal, "Slow start", parent_id=root, position=0, status="failed")
    grandchild = make_node(db, goal, "ssthresh", parent_id=child)
    cards = [
        make_card(
            db,
            profile_id,
            goal,
            "q1",
            "a1",
            node_id=root,
            created_at=T0,
            tags=["tcp", "lang::en"],
            media=[{"name": "a b.png", "side": "front"}, {"name": "s.mp3", "side": "back"}],
            source_quote="TCP halves cwnd on loss.",
        ),
        make_card(db, profile_id, goal, 'q2, "quoted"', "a2\nb", node_id=grandchild, created_at=T0),
        make_card(db, profile_id, goal, "q3", "a3", created_at=T0, archived=True, kind="cloze"),
        make_card(db, profile_id, archived_goal, "q4", "a4", created_at=T0),
    ]
    make_distractors(db, cards[0], ["x", "y", "z"])
    make_distractors(db, cards[0], ["newer", "set", "here"])
    moment = T0 + timedelta(minutes=5)
    for rating in (3, 3, 1, 4):
        moment = study.record_review(
            db, profile_id, cards[0], rating, reviewed_at=moment, duration_ms=812
        ).after.due
    study.record_choice(db, profile_id, cards[1], correct_first_time=False, reviewed_at=moment)


def normalised(data: dict) -> dict:
    """The dump with ids replaced by their rank: equal iff every row and reference is equal."""
    out = {"profile": {k: v for k, v in data["profile"].items() if k not in {"name", "created_at"}}}
    ranks = {section: {r["id"]: i for i, r in enumerate(data[section])} for section, *_ in SECTIONS}
    for section, _model, _fields, refs in SECTIONS:
        rows = []
        for record in data[section]:
            row = dict(record)
            row["id"] = ranks[section][row["id"]]
            for field, target in refs.items():
                if row[field] is not None:
                    row[field] = ranks[target][row[field]]
            rows.append(row)
        out[section] = rows
    return out


def test_backup_restores_every_row_into_an_empty_database(db, profile, pg_server_url, tmp_path):
    build_profile(db, profile.id)
    path = tmp_path / "backup.json"
    result = backup_profile(db, profile.id, path)
    assert result.counts == {
        "goals": 2,
        "skill_nodes": 3,
        "cards": 4,
        "distractor_sets": 2,
        "reviews": 5,
        "note_types": 0,
        "notes": 0,
    }
    with zipfile.ZipFile(path) as archive:  # a zip: the document, then the media files
        document = json.loads(archive.read("backup.json").decode("utf-8"))
    assert (document["format"], document["version"]) == ("studyapp-backup", 3)
    assert document["cards"][0]["tags"] == ["tcp", "lang::en"]
    assert document["cards"][0]["media"][0] == {"name": "a b.png", "side": "front"}
    assert document["cards"][0]["source_quote"] == "TCP halves cwnd on loss."
    original = dump_profile(db, profile.id)

    with scratch_database(pg_server_url) as url:
        target = Database(url)
        try:
            upgrade(target)
            ensure_profile(target, "someone else")  # ids in the new database differ
            make_goal(target, ensure_profile(target, "someone else").id, "occupies id 1")
            restored_profile = ensure_profile(target, "restored")
            restored = restore_profile(target, restored_profile.id, path)
            assert restored.counts == result.counts
            copy = dump_profile(target, restored_profile.id)
            assert normalised(copy) == normalised(original)
            assert [g["id"] for g in copy["goals"]] != [g["id"] for g in original["goals"]]
            for goal in copy["goals"]:  # searchable at once, like an import's cards
                live = live_card_ids(target, goal["id"])
                assert embedded_ids(target, restored_profile.id, goal["id"]) == live
            # The schedule came across too: the same card is due at the same moment.
            assert copy["cards"][0]["due"] == original["cards"][0]["due"]
            # And undo still works on the restored log.
            undone = study.undo_last_review(target, restored_profile.id)
            assert undone.card_id == copy["cards"][1]["id"]
        finally:
            target.dispose()


def write_backup(tmp_path, mutate) -> object:
    data = {
        "format": "studyapp-backup",
        "version": 1,
        "profile": {"desired_retention": 0.9, "new_cards_per_day": 20, "settings": {}},
        "goals": [
            {
                "id": 1,
                "title": "G",
                "description": "",
                "archived": False,
                "created_at": T0.isoformat(),
            }
        ],
        "skill_nodes": [],
        "cards": [
            {
                "id": 1,
                "goal_id": 1,
                "node_id": None,
                "front": "q",
                "back": "a",
                "kind": "basic",
                "provider": None,
                "archived": False,
                "fsrs_state": 1,
                "fsrs_step": 0,
                "stability": None,
                "difficulty": None,
                "due": T0.isoformat(),
                "last_review": None,
                "created_at": T0.isoformat(),
                "updated_at": T0.isoformat(),
            }
        ],
        "distractor_sets": [],
        "reviews": [],
    }
    mutate(data)
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _set(path: list, value):
    def mutate(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_set(["version"], 4), "newer Studyapp .*format 4"),
        (_set(["cards", 0, "tags"], ["two words"]), r"cards\[0\]\.tags\[0\]: 'two words' contains"),
        (
            _set(["cards", 0, "media"], [{"name": "../x.png", "side": "front"}]),
            r"cards\[0\]\.media\[0\]\.name: '\.\./x\.png' is not a safe file name",
        ),
        (_set(["cards", 0, "media"], "x.png"), r"cards\[0\]\.media: 'x.png' is not a list"),
        (lambda d: d.update(version=2), r"cards\[0\]: lacks tags, media, source_quote"),
        (_set(["format"], "something"), "not a Studyapp backup"),
        (_set(["cards", 0, "goal_id"], 7), r"cards\[0\]\.goal_id: 7 is not the id of a record"),
        (_set(["goals", 0, "created_at"], "yesterday"), "'yesterday' is not a time"),
        (_set(["cards", 0, "front"], "nul\x00byte"), r"cards\[0\]\.front: contains a NUL"),
        (_set(["goals", 0, "title"], "x" * 600), "600 characters is more than the 500 allowed"),
    ],
)
def test_bad_backups_are_refused_and_change_nothing(db, profile, tmp_path, mutate, message):
    path = write_backup(tmp_path, mutate)
    with pytest.raises(BadInput, match=message):
        restore_profile(db, profile.id, path)
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(Goal)).scalar_one() == 0
        assert session.execute(select(func.count()).select_from(Card)).scalar_one() == 0
        assert presets.default_preset(session, profile.id).new_per_day == 20


def test_valid_minimal_backup_restores(db, profile, tmp_path):
    """A version 1 backup (before tags and media) still restores, with neither."""
    path = write_backup(tmp_path, _set(["profile", "new_cards_per_day"], 5))
    assert restore_profile(db, profile.id, path).counts["cards"] == 1
    with db.session() as session:
        assert presets.default_preset(session, profile.id).new_per_day == 5
        card = session.execute(select(Card)).scalar_one()
        assert (card.tags, card.media) == ([], [])
        assert card.note_guid  # a note GUID of its own, as a new card gets


def test_not_json_and_profile_with_goals_are_refused(db, profile, tmp_path):
    garbage = tmp_path / "g.json"
    garbage.write_bytes(b"\x00\x01 not json")
    with pytest.raises(BadInput, match="not a Studyapp backup"):
        restore_profile(db, profile.id, garbage)
    make_goal(db, profile.id)
    path = write_backup(tmp_path, lambda d: None)
    with pytest.raises(ProfileNotEmpty, match="already has 1 goal") as refused:
        restore_profile(db, profile.id, path)
    assert isinstance(refused.value, BadInput) and refused.value.goals == 1
    assert "--profile" not in str(refused.value)  # each front end says what to do its own way
