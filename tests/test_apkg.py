"""Anki .apkg: what we write is a valid classic collection, reads back the same, and bad packages
are refused without touching the database."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from studyapp.db.models import Card, SkillNode
from studyapp.errors import BadInput
from studyapp.services.anki_html import html_to_text, text_to_html
from studyapp.services.apkg import (
    MODEL_ID,
    SCHEMA,
    checksum,
    export_apkg,
    import_apkg,
    read_apkg,
)
from tests.factories import make_card, make_goal, make_node

NOTES = [
    ("What does <cwnd> mean?", "congestion window & friends"),
    ("line one\nline two", "windows\r\nline endings"),
    ("emoji 🧠", "עברית, العربية"),
    ('a "quoted" one', "x < y > z"),
]


def cards_of(db, goal_id: int) -> list[tuple[str, str, int | None]]:
    with db.session() as session:
        return [
            tuple(r)
            for r in session.execute(
                select(Card.front, Card.back, Card.node_id)
                .where(Card.goal_id == goal_id)
                .order_by(Card.id)
            )
        ]


def open_collection(apkg: Path, tmp_path: Path, member: str = "collection.anki2"):
    with zipfile.ZipFile(apkg) as archive:
        archive.extract(member, tmp_path)
    return contextlib.closing(sqlite3.connect(tmp_path / member))


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<div>Hello&nbsp;<b>world</b></div><div>line 2</div>", "Hello world\nline 2"),
        ("<script>alert(1)</script>ok<br>x &lt; y &amp; z", "ok\nx < y & z"),
        ("<style>p{}</style><p>para</p>\n<p>two</p>", "para\ntwo"),
        ("a<br/>b<BR>c", "a\nb\nc"),
        ("&#x1F9E0; &eacute;t&eacute;", "🧠 été"),
        ('<img src="x.png" alt="diagram"> after', "diagram after"),
        ("unclosed <b>bold", "unclosed bold"),
        ("  spaced  ", "spaced"),
    ],
)
def test_html_to_text(html, text) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize("text", [t for pair in NOTES for t in pair] + ["&#13; literally"])
def test_text_to_html_round_trips(text) -> None:
    assert html_to_text(text_to_html(text)) == text


def test_export_is_a_classic_anki_collection(db, profile, tmp_path) -> None:
    goal = make_goal(db, profile.id, "TCP :: basics")
    branch = make_node(db, goal, "Congestion control")
    leaf = make_node(db, goal, "Slow start", parent_id=branch)
    make_card(db, profile.id, goal, "root q", "root a")
    make_card(db, profile.id, goal, "leaf <q>", "leaf\na", node_id=leaf)
    out = tmp_path / "tcp.apkg"
    result = export_apkg(db, profile.id, goal, out)
    assert result.cards == 2
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        assert json.loads(archive.read("media")) == {}
    with open_collection(out, tmp_path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"col", "notes", "cards", "revlog", "graves"}
        ver, models, decks = conn.execute("SELECT ver, models, decks FROM col").fetchone()
        assert ver == 11
        model = json.loads(models)[str(MODEL_ID)]
        assert [f["name"] for f in model["flds"]] == ["Front", "Back"]
        names = sorted(d["name"] for d in json.loads(decks).values())
        assert names == [
            "Default",
            "TCP : basics",
            "TCP : basics::Congestion control",
            "TCP : basics::Congestion control::Slow start",
        ]
        notes = conn.execute("SELECT flds, sfld, csum, mid FROM notes ORDER BY id").fetchall()
        assert notes[1][0] == "leaf &lt;q&gt;\x1fleaf<br>a"
        assert notes[1][1] == "leaf <q>" and notes[1][2] == checksum("leaf <q>")
        assert {n[3] for n in notes} == {MODEL_ID}
        by_deck = dict(
            conn.execute(
                "SELECT n.sfld, c.did FROM cards c JOIN notes n ON n.id = c.nid"
            ).fetchall()
        )
        deck_names = {int(k): v["name"] for k, v in json.loads(decks).items()}
        assert deck_names[by_deck["leaf <q>"]].endswith("::Slow start")
        assert deck_names[by_deck["root q"]] == "TCP : basics"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_exported_apkg_reads_back_with_the_same_notes(db, profile, tmp_path) -> None:
    source = make_goal(db, profile.id, "Networking")
    node = make_node(db, source, "Transport")
    child = make_node(db, source, "TCP", parent_id=node)
    for i, (front, back) in enumerate(NOTES):
        make_card(db, profile.id, source, front, back, node_id=[None, node, child, child][i])
    out = tmp_path / "net.apkg"
    export_apkg(db, profile.id, source, out)
    parsed = read_apkg(out)
    assert [(n.front, n.back) for n in parsed] == NOTES
    assert [n.skill for n in parsed] == [
        (),
        ("Transport",),
        ("Transport", "TCP"),
        ("Transport", "TCP"),
    ]

    target = make_goal(db, profile.id, "Copy")
    result = import_apkg(db, profile.id, target, out)
    assert (result.taken, result.duplicates, result.nodes_created) == (4, 0, 2)
    assert [(f, b) for f, b, _ in cards_of(db, target)] == NOTES
    with db.session() as session:
        titles = dict(
            session.execute(
                select(SkillNode.id, SkillNode.title).where(SkillNode.goal_id == target)
            ).all()
        )
    assert [titles.get(n) for _, _, n in cards_of(db, target)] == [None, "Transport", "TCP", "TCP"]
    again = import_apkg(db, profile.id, target, out)
    assert (again.taken, again.duplicates) == (0, 4)


def write_anki_package(
    path: Path, tmp_path: Path, notes, *, member="collection.anki21", decks=None
):
    """A package shaped like Anki's own export: HTML fields, a 3-field note type, sub-decks."""
    db_path = tmp_path / member
    db_path.unlink(missing_ok=True)
    decks = decks or {
        "1": {"id": 1, "name": "Default"},
        "10": {"id": 10, "name": "Spanish"},
        "11": {"id": 11, "name": "Spanish::Verbs"},
    }
    model = {
        "id": 99,
        "name": "Basic (and reversed)",
        "flds": [
            {"name": "Extra", "ord": 2},
            {"name": "Front", "ord": 0},
            {"name": "Back", "ord": 1},
        ],
    }
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.executescript(SCHEMA)
        conn.execute(
            "INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}',?,?,'{}','{}')",
            (json.dumps({"99": model}), json.dumps(decks)),
        )
        for i, (flds, did) in enumerate(notes, start=1):
            conn.execute("INSERT INTO notes VALUES (?,?,99,0,0,'',?,'',0,0,'')", (i, f"g{i}", flds))
            conn.execute(
                "INSERT INTO cards VALUES (?,?,?,0,0,0,0,0,0,0,0,0,0,0,0,0,0,'')", (i, i, did)
            )
        conn.commit()
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(db_path, member)
        if member == "collection.anki21":
            archive.writestr("collection.anki2", b"placeholder, must not be read")
        archive.writestr("media", "{}")


def test_import_of_an_anki_made_deck(db, profile, tmp_path) -> None:
    package = tmp_path / "spanish.apkg"
    write_anki_package(
        package,
        tmp_path,
        [
            ("<div>hablar</div>\x1fto <b>speak</b>\x1fextra", 11),
            ("comer<br>(regular)\x1f<script>evil()</script>to eat\x1f", 10),
            ("comer<br>(regular)\x1fto eat\x1f", 10),  # duplicate once converted
            ("\x1f&nbsp;\x1f", 10),  # empty
        ],
    )
    goal = make_goal(db, profile.id, "Spanish")
    result = import_apkg(db, profile.id, goal, package)
    assert (result.taken, result.duplicates, result.empty) == (2, 1, 1)
    cards = cards_of(db, goal)
    assert [(f, b) for f, b, _ in cards] == [("hablar", "to speak"), ("comer\n(regular)", "to eat")]
    assert cards[0][2] is not None and cards[1][2] is None  # "Verbs" below the root deck


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p, t: p.write_bytes(b"not a zip at all"), "not a zip archive"),
        (lambda p, t: p.write_bytes(b""), "not a zip archive"),
        (
            lambda p, t: zipfile.ZipFile(p, "w").close() or None,
            "no Anki collection",
        ),
        ("truncated", "truncated or damaged|not a zip"),
        ("anki21b", "Support older Anki versions"),
        ("garbage", "not a valid Anki database"),
        ("badjson", "unreadable"),
    ],
)
def test_bad_packages_are_refused(db, profile, tmp_path, make, message) -> None:
    path = tmp_path / "bad.apkg"
    if make == "truncated":
        good = tmp_path / "good.apkg"
        write_anki_package(good, tmp_path, [("a\x1fb", 10)] * 50)
        data = good.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif make == "anki21b":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd zstd")
            archive.writestr("media", b"")
    elif make == "garbage":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("collection.anki2", b"this is not sqlite" * 100)
    elif make == "badjson":
        write_anki_package(path, tmp_path, [("a\x1fb", 10)], decks=None)
        with zipfile.ZipFile(path) as archive:
            archive.extract("collection.anki21", tmp_path / "x")
        coll = tmp_path / "x" / "collection.anki21"
        with contextlib.closing(sqlite3.connect(coll)) as conn:
            conn.execute("UPDATE col SET decks = '{not json'")
            conn.commit()
        with zipfile.ZipFile(path, "w") as archive:
            archive.write(coll, "collection.anki21")
    else:
        make(path, tmp_path)
    goal = make_goal(db, profile.id)
    with pytest.raises(BadInput, match=message):
        import_apkg(db, profile.id, goal, path)
    assert cards_of(db, goal) == []


def test_missing_package(db, profile, tmp_path) -> None:
    with pytest.raises(BadInput, match="No such file"):
        read_apkg(tmp_path / "missing.apkg")
