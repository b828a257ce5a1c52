"""Card media: the folder per profile, name checks, and resolving a card's files for the window."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from studyapp.db.models import Card
from studyapp.errors import BadInput, NotFound
from studyapp.services.interop_media import card_media, kind_of, media_dir, safe_name
from tests.factories import make_card, make_goal


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("plain.png", "plain.png"),
        ("e\u0301te\u0301.mp3", "été.mp3"),  # NFC, as Anki stores names
        ("con.png", "con_.png"),  # a Windows device name
        ("LPT1", "LPT1_"),
        ("trailing. ", "trailing_"),
        (".hidden.png", ".hidden.png"),
    ],
)
def test_safe_names(name, stored) -> None:
    assert safe_name(name) == stored


@pytest.mark.parametrize(
    "name", ["", " ", "a/b", "a\\b", "..", ".", "x\x00", "x\n", "D:x", "é" * 200]
)
def test_hostile_names_are_refused(name) -> None:
    with pytest.raises(BadInput, match="media file name"):
        safe_name(name)


def test_kinds() -> None:
    assert [kind_of(n) for n in ("a.PNG", "b.mp3", "c.webm", "d", "e.pdf")] == [
        "image",
        "audio",
        "video",
        "file",
        "file",
    ]


def test_card_media_resolves_paths_for_the_owner_only(db, profile, other_profile, media_root):
    goal = make_goal(db, profile.id)
    card = make_card(db, profile.id, goal, "q", "a")
    with db.session() as session:
        session.execute(
            update(Card)
            .where(Card.id == card)
            .values(
                media=[
                    {"name": "back.mp3", "side": "back"},
                    {"name": "front.png", "side": "front"},
                    {"name": "../../etc/passwd", "side": "front"},  # edited by hand: ignored
                    {"nonsense": 1},
                ]
            )
        )
    folder = media_dir(db, profile.id)
    assert folder == media_root / str(profile.id)
    folder.mkdir(parents=True)
    (folder / "front.png").write_bytes(b"png")
    files = card_media(db, profile.id, card)
    assert [(f.name, f.side, f.kind, f.exists) for f in files] == [
        ("front.png", "front", "image", True),
        ("back.mp3", "back", "audio", False),
    ]
    assert files[0].path == folder / "front.png"
    with pytest.raises(NotFound):
        card_media(db, other_profile.id, card)
    assert card_media(db, profile.id, make_card(db, profile.id, goal, "q2", "a2")) == ()
