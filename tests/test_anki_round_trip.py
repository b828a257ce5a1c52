"""Anki → Studyapp → Anki and Studyapp → Anki → Studyapp, checked by Anki's own library, in two
time zones: one where it is just before the collection's day cutoff (Anki's "today" is still
yesterday's date) and one in the afternoon, each with its own rollover hour.

The Anki side runs in a process of its own per zone (``tests/anki_side.py``: Anki reads the
zone once per process). What must survive (issue 17): every note's GUID, fields, tags and note
type; every card's interval, due, stability, difficulty, reps, lapses and revlog; every media
file byte for byte; a cloze note with two deletions stays one note; suspended and buried cards;
importing a package twice (or Anki's re-export of it) never makes a second goal or doubles a
review; and our export into the original collection is "new 0".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from studyapp.db.models import Card, Goal, Note, NoteType, Review
from studyapp.gui.browser.columns import COLUMNS, cells
from studyapp.services.apkg import export_apkg, import_apkg
from studyapp.services.browser import card_rows
from studyapp.services.interop_media import media_dir
from studyapp.services.profiles import ensure_profile
from studyapp.services.skill_homes import assign_to_nearest_nodes
from tests.interop_support import make_studied_goal, snapshot

REPO = Path(__file__).resolve().parent.parent
CARDS, NOTES, REVLOG = 35, 26, 22  # what tests/anki_side.py builds
COLUMN = {column.title: i for i, column in enumerate(COLUMNS)}


def zone_at(local_hour: int) -> str:
    """An Etc/GMT zone where the local time now is ``local_hour``:MM."""
    offset = (local_hour - datetime.now(UTC).hour) % 24
    if offset > 14:
        offset -= 24
    return "Etc/GMT" + (f"-{offset}" if offset > 0 else f"+{-offset}" if offset < 0 else "")


def anki(zone: str, *args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.anki_side", *args],
        cwd=REPO,
        env={**os.environ, "TZ": zone},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.fixture
def machine_zone(monkeypatch):
    """Put this process in a time zone (as a learner's machine would be): the window shows
    local days."""

    def set_zone(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def count(db, model, *where) -> int:
    with db.session() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


@pytest.mark.parametrize(
    ("local_hour", "rollover"),
    [(3, 5), (15, 4)],  # 3 am with a 5 am cutoff: Anki's today is yesterday's date
    ids=["before-the-cutoff", "afternoon"],
)
def test_round_trip_with_anki_both_ways(
    db, profile, media_root, tmp_path, machine_zone, local_hour, rollover
) -> None:
    zone = zone_at(local_hour)
    tz = ZoneInfo(zone)
    machine_zone(zone)
    out = tmp_path / "anki"
    built = anki(zone, "build", str(out), str(rollover))
    original, keys = built["dump"], built["cards"]
    assert (len(original["notes"]), len(original["cards"])) == (NOTES, CARDS)
    assert sum(len(rows) for rows in original["revlog"].values()) == REVLOG

    # Anki → Studyapp, twice: the second import (the legacy package of the same deck) finds
    # every note by its GUID and changes nothing.
    first = import_apkg(db, profile.id, None, Path(built["packages"]["modern"]), tz=tz)
    assert (first.taken, first.duplicates, first.empty, first.media_files) == (CARDS, 0, 0, 3)
    assert (first.reviews, first.missing_media) == (REVLOG - 5, 1)  # 5 rows are not reviews
    again = import_apkg(db, profile.id, None, Path(built["packages"]["legacy"]), tz=tz)
    assert (again.goal_id, again.taken, again.reviews) == (first.goal_id, 0, 0)
    assert (again.updated, again.unchanged) == (0, CARDS)
    assert count(db, Goal) == 1 and count(db, Card) == CARDS and count(db, Note) == NOTES
    assert count(db, Review) == REVLOG - 5
    _check_imported(db, profile.id, keys, original)

    # Studyapp → Anki: into the original collection nothing is new; into a fresh one every
    # note, card, review and file is the original's.
    ours = tmp_path / "ours.apkg"
    export_apkg(db, profile.id, first.goal_id, ours, tz=tz)
    learner = ensure_profile(db, "made here")
    made = make_studied_goal(db, learner.id, "Networking")
    assign_to_nearest_nodes(db, learner.id, made.goal_id)
    made_pkg = tmp_path / "made.apkg"
    export_apkg(db, learner.id, made.goal_id, made_pkg, tz=tz)
    back = anki(zone, "back", str(out), str(ours), str(made_pkg))
    assert back["into_original"]["new"] == 0 and back["into_original"]["conflicting"] == 0
    assert back["into_original"]["duplicate"] + back["into_original"]["updated"] == NOTES
    assert back["original"]["notes"] == original["notes"]  # not even touched
    assert back["original"]["cards"] == original["cards"]
    assert back["original"]["revlog"] == original["revlog"]
    assert back["into_fresh"]["new"] == NOTES
    _same_as_anki(back["fresh"], original, back["reference"])

    # Anki's re-export of the original deck, and Studyapp → Anki → Studyapp: no second goal,
    # nothing doubled, nothing changed.
    goals_before = count(db, Goal)
    returned = import_apkg(db, profile.id, None, Path(back["again"]), tz=tz)
    assert (returned.goal_id, returned.taken, returned.reviews) == (first.goal_id, 0, 0)
    before = snapshot(db, made.goal_id)
    home = import_apkg(db, learner.id, None, Path(back["returned"]), tz=tz)
    assert (home.goal_id, home.taken, home.reviews, home.duplicates) == (made.goal_id, 0, 0, 0)
    assert home.unchanged + home.updated == len(made.cards)
    assert count(db, Goal) == goals_before and snapshot(db, made.goal_id) == before


def _check_imported(db, profile_id: int, keys: dict[str, list[str]], original: dict) -> None:
    """What Studyapp holds after the import: notes whole, sides sanitised, typed answers,
    suspended and buried cards, exact intervals."""
    with db.session() as session:
        cards = {
            f"{c.note_guid}/{c.note_ord}": c
            for c in session.execute(select(Card).where(Card.profile_id == profile_id)).scalars()
        }
        notes = {n.guid: n for n in session.execute(select(Note)).scalars()}
        types = {t.anki_id: t.model for t in session.execute(select(NoteType)).scalars()}
        for card in cards.values():
            session.expunge(card)
    for guid, note in original["notes"].items():
        assert list(notes[guid].fields) == note["fields"], guid  # verbatim, for Anki only
        assert types[note["mid"]]["name"] == note["type"]
    # A cloze note with two deletions is one note with two cards.
    pair = keys["cloze2"]
    assert {k.rsplit("/", 1)[0] for k in pair} == {pair[0].rsplit("/", 1)[0]}
    assert [cards[k].front for k in pair] == [
        "_____ pairs with thymine",
        "Adenine pairs with _____",
    ]
    assert [cards[k].back for k in pair] == ["Adenine\nin DNA", "thymine\nin DNA"]
    # Formatting kept, sanitised; plain sides stay plain.
    homozygous = cards[keys["homozygous"][0]]
    assert homozygous.front == "What does homozygous mean?"
    assert homozygous.front_html == "What does <i>homozygous</i> mean?"
    assert homozygous.back_html == 'Two identical alleles<br><img src="allele.png">'
    hostile = cards[keys["hostile"][0]]
    assert hostile.front_html == "<b>Safe bold</b> front"
    assert hostile.back_html == '<img src="allele.png">answer a linkremoteclicked'
    assert cards[keys["plain0"][0]].front_html is None
    assert cards[keys["ruby"][0]].front_html == "<ruby>細胞<rt>さいぼう</rt></ruby>"
    # Typed answers.
    assert [cards[k].type_answer for k in keys["typed0"]] == ["El0"]
    assert homozygous.type_answer is None
    # Suspended and buried.
    assert cards[keys["table"][0]].archived and cards[keys["cloze3"][2]].archived
    formula, sibling = cards[keys["formula"][0]], cards[keys["reversed2"][1]]
    for card in (formula, sibling):
        assert card.buried_until is not None and card.buried_until > datetime.now(UTC)
    assert cards[keys["reversed2"][0]].buried_until is None
    # Intervals exact: what the browser shows for the 6- and 7-day cards is what Anki shows.
    for key, days in (("plain0", 6), ("plain1", 7), ("ruby", 6)):
        card_id = cards[keys[key][0]].id
        assert original["cards"][keys[key][0]]["ivl"] == days
        (row,) = card_rows(db, profile_id, [card_id])
        assert cells(row)[COLUMN["Interval"]] == f"{days}d", key


def _same_as_anki(fresh: dict, original: dict, reference: dict) -> None:
    """A fresh Anki collection holding our export is the original, note for note, and its note
    types are those Anki's own package gives a fresh collection (``reference``)."""
    assert fresh["notes"].keys() == original["notes"].keys()
    for guid, note in original["notes"].items():
        theirs = fresh["notes"][guid]
        assert (theirs["fields"], theirs["tags"]) == (note["fields"], note["tags"]), guid
        assert theirs["type"] == reference["notes"][guid]["type"], guid
        definition = dict(fresh["notetypes"][theirs["type"]])
        expected = dict(original["notetypes"][note["type"]])
        assert definition.pop("id") == reference["notetypes"][theirs["type"]]["id"]
        expected.pop("id")
        assert definition == expected, guid
    assert fresh["cards"].keys() == original["cards"].keys()
    for key, card in original["cards"].items():
        theirs = dict(fresh["cards"][key])
        if card["deck"] == "Biology":  # a root-deck card is homed on a skill here
            theirs["deck"] = "Biology"
        assert theirs == card, key
    assert fresh["revlog"] == original["revlog"]
    assert fresh["media"] == original["media"]


def test_media_a_field_names_travel_with_the_note(db, profile, media_root, tmp_path) -> None:
    """Not every file a note names is on a card face (a field no template shows): the import
    keeps it and the export includes it, so Anki gets the note's files back."""
    from tests.test_apkg import PNG, write_classic_package

    package = tmp_path / "extra.apkg"
    write_classic_package(
        package,
        tmp_path,
        [('face\x1fback\x1f<img src="hidden.png">', 10)],  # "Extra" is on no template
        media=[("hidden.png", PNG)],
    )
    result = import_apkg(db, profile.id, None, package)
    assert result.media_files == 1
    assert (media_dir(db, profile.id) / "hidden.png").read_bytes() == PNG
    out = tmp_path / "out.apkg"
    exported = export_apkg(db, profile.id, result.goal_id, out)
    assert exported.media_files == 1
