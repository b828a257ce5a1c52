"""Checked by Anki itself: decks made and exported by Anki's own library import into Studyapp with
their history, tags, media and schedule (both package formats, .apkg and .colpkg), and our export
opens in a fresh Anki collection through Anki's own importer with the same cards, decks, tags, due
dates, FSRS memory states and review counts, and comes back whole through Anki's modern export."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from anki.collection import DeckIdLimit, ExportAnkiPackageOptions
from sqlalchemy import select

from studyapp.db.models import Card, Goal, Review
from studyapp.services.anki_html import html_to_text
from studyapp.services.apkg import export_apkg, import_apkg
from studyapp.services.interop_media import media_dir
from studyapp.services.profiles import ensure_profile
from studyapp.services.skill_homes import assign_to_nearest_nodes
from tests.anki_support import (
    EXPECTED,
    MP3,
    PNG,
    ROOT,
    AnkiDecks,
    build_anki_decks,
    import_into_anki,
)
from tests.interop_support import (
    MP3 as OUR_MP3,
)
from tests.interop_support import (
    PNG as OUR_PNG,
)
from tests.interop_support import (
    as_imported,
    make_studied_goal,
    ms,
    skill_paths,
    snapshot,
)

DAY = 86_400


@pytest.fixture(scope="module")
def anki_decks(tmp_path_factory: pytest.TempPathFactory) -> AnkiDecks:
    return build_anki_decks(tmp_path_factory.mktemp("anki-decks"))


def anki_due(cutoff: int, today: int, due_day: int) -> int:
    """When Anki's day ``due_day`` begins, from Anki's own next-rollover time."""
    return cutoff + (due_day - today - 1) * DAY


@pytest.mark.parametrize(
    "package", ["apkg-legacy", "apkg-modern", "colpkg-legacy", "colpkg-modern"]
)
def test_anki_made_package_imports_with_history_tags_and_media(
    db, profile, media_root, anki_decks, package
) -> None:
    result = import_apkg(db, profile.id, None, anki_decks.packages[package])
    assert (result.taken, result.duplicates, result.empty, result.media_files) == (8, 0, 0, 2)
    assert result.reviews == sum(len(c.revlog) for c in anki_decks.cards.values()) == 9
    paths = skill_paths(db, result.goal_id)
    skills = {("Verbs",), ("Nouns",), ("Nouns", "Animals")}
    if package.startswith(
        "colpkg"
    ):  # Anki's deck export leaves empty decks out; a collection has them
        skills.add(("Empty",))
    assert set(paths.values()) == skills
    with db.session() as session:
        assert session.get(Goal, result.goal_id).title == ROOT
        cards = {
            (c.front, c.back): c
            for c in session.execute(select(Card).where(Card.goal_id == result.goal_id)).scalars()
        }
        logs = {
            card.id: session.execute(
                select(Review.rating, Review.reviewed_at, Review.duration_ms)
                .where(Review.card_id == card.id)
                .order_by(Review.reviewed_at)
            ).all()
            for card in cards.values()
        }
    assert set(cards) == set(EXPECTED.values())
    for key, anki in anki_decks.cards.items():
        ours = cards[EXPECTED[key]]
        assert ours.kind == ("cloze" if key.startswith("cloze") else "basic"), key
        deck_path = tuple(anki.deck.split("::")[1:])
        # A card of the root deck has no skill in Anki: it is homed on the nearest one.
        assert paths[ours.node_id] == deck_path if deck_path else ours.node_id in paths, key
        assert sorted(ours.tags) == sorted(anki.tags), key
        assert ours.archived == (anki.queue == -1), key
        assert [(ms(at), rating, duration or 0) for rating, at, duration in logs[ours.id]] == [
            tuple(r) for r in anki.revlog
        ], key
        if anki.type == 0:
            assert ours.last_review is None, key
            continue
        assert ours.fsrs_state == anki.type, (
            key
        )  # Anki's 1/2/3 are FSRS's learning/review/relearning
        assert ours.last_review is not None and ms(ours.last_review) == anki.revlog[-1][0]
        assert math.isclose(ours.stability, anki.data["s"]), key  # Anki's memory state, kept
        assert math.isclose(ours.difficulty, anki.data["d"]), key
        if anki.type == 2:
            expected = anki_due(anki_decks.day_cutoff, anki_decks.today, anki.due)
        else:
            expected = anki.due  # a learning card's due is a time in seconds
        assert ours.due.timestamp() == expected, key
    perro = cards[EXPECTED["perro"]]
    assert perro.media == [
        {"name": "perro foto.png", "side": "front"},
        {"name": "guau.mp3", "side": "back"},
    ]
    folder = media_dir(db, profile.id)
    assert (folder / "perro foto.png").read_bytes() == PNG
    assert (folder / "guau.mp3").read_bytes() == MP3


def test_our_export_opens_in_anki_with_schedule_and_history(
    db, profile, media_root, tmp_path
) -> None:
    goal = make_studied_goal(db, profile.id)
    out = tmp_path / "net.apkg"
    export_apkg(db, profile.id, goal.goal_id, out)
    ours = snapshot(db, goal.goal_id)
    with db.session() as session:
        texts = {
            card_id: session.execute(select(Card.front, Card.back).where(Card.id == card_id)).one()
            for card_id in goal.cards.values()
        }
        guids = {
            card_id: session.execute(select(Card.note_guid).where(Card.id == card_id)).scalar_one()
            for card_id in goal.cards.values()
        }
    col = import_into_anki(tmp_path / "anki", out)
    try:
        names = {d.name for d in col.decks.all_names_and_ids()}
        # Anki's importer creates only the decks that hold cards: "Empty skill" stays behind.
        assert names == {
            "Default",
            "Networking",
            "Networking::Transport",
            "Networking::Transport::TCP",
        }
        card_ids = col.find_cards("")
        assert len(card_ids) == len(ours) == 7
        by_guid = {col.get_card(cid).note().guid: col.get_card(cid) for cid in card_ids}
        cutoff, today = col.sched.day_cutoff, col.sched.today
        for role, card_id in goal.cards.items():
            card = by_guid[guids[card_id]]
            expected = ours[tuple(texts[card_id])]
            note = card.note()
            assert col.decks.name(card.did) == "::".join(("Networking", *expected["skill"]))
            assert sorted(note.tags) == sorted(expected["tags"]), role
            revlog = col.db.all(
                "SELECT id, ease, time FROM revlog WHERE cid = ? ORDER BY id", card.id
            )
            assert [tuple(r) for r in revlog] == [
                (at, rating, duration or 0) for rating, at, duration, _ in expected["reviews"]
            ], role
            assert card.reps == len(expected["reviews"]), role
            assert (card.queue == -1) == expected["archived"], role
            if not expected["reviews"]:
                assert (card.type, card.queue) == (0, 0), role
                continue
            state, _step, stability, difficulty = expected["state"]
            assert card.type == state, role
            # Anki keeps 4 decimals of stability and 3 of difficulty
            assert math.isclose(card.memory_state.stability, stability, abs_tol=1e-4), role
            assert math.isclose(card.memory_state.difficulty, difficulty, abs_tol=1e-3), role
            due = expected["due"] / 1000
            if state == 2:  # Anki shows the same due day as ours
                assert card.due - today == math.floor((due - (cutoff - DAY)) / DAY), role
                assert card.ivl >= 1
            else:
                assert card.due == int(due), role
        media = by_guid[guids[goal.cards["media"]]].note()
        assert '<img src="diagram one.png">' in media.fields[0]
        assert "[sound:sound.mp3]" in media.fields[1]
        folder = Path(col.media.dir())
        assert (folder / "diagram one.png").read_bytes() == OUR_PNG
        assert (folder / "sound.mp3").read_bytes() == OUR_MP3
        cloze = by_guid[guids[goal.cards["cloze"]]]
        assert cloze.note_type()["type"] == 1
        assert "[...]" in cloze.question() and "cwnd" in html_to_text(cloze.answer())
        col.decks.select(col.decks.id("Networking"))
        new, learning, _review = col.sched.counts()
        # the new card; learning: "learning", "media" (one Good, overdue) and the relearning one
        assert (new, learning) == (1, 3)
        message, ok = col.fix_integrity()
        assert ok, message
    finally:
        col.close()


def test_studyapp_to_anki_modern_export_and_back_keeps_everything(
    db, profile, media_root, tmp_path
) -> None:
    """Studyapp → Anki (its importer) → Anki's modern export → Studyapp in an empty profile."""
    goal = make_studied_goal(db, profile.id)
    assert assign_to_nearest_nodes(db, profile.id, goal.goal_id) > 0  # as the app keeps them
    out = tmp_path / "net.apkg"
    export_apkg(db, profile.id, goal.goal_id, out)
    col = import_into_anki(tmp_path / "anki", out)
    back = tmp_path / "from-anki.apkg"
    try:
        col.export_anki_package(
            out_path=str(back),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
            ),
            limit=DeckIdLimit(col.decks.id("Networking")),
        )
    finally:
        col.close()
    other = ensure_profile(db, "fresh")
    result = import_apkg(db, other.id, None, back)
    assert (result.taken, result.reviews, result.media_files) == (7, 15, 2)
    original = as_imported(snapshot(db, goal.goal_id))
    returned = snapshot(db, result.goal_id)
    assert set(returned) == set(original)
    for key, card in original.items():
        again = returned[key]
        for field in ("kind", "skill", "media", "archived", "reviews", "last_review"):
            assert again[field] == card[field], (key, field)
        assert sorted(again["tags"]) == sorted(card["tags"]), key  # Anki sorts a note's tags
        assert again["state"][:2] == card["state"][:2], key
        for ours, theirs in zip(again["state"][2:], card["state"][2:], strict=True):
            assert (ours is None and theirs is None) or math.isclose(ours, theirs, abs_tol=1e-3)
        assert again["due"] == card["due"], key  # exact: our due time rides in Anki's custom data
    assert set(skill_paths(db, result.goal_id).values()) == set(
        skill_paths(db, goal.goal_id).values()
    ) - {("Empty skill",)}  # Anki's importer drops empty decks
