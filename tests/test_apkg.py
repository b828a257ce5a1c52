"""Anki packages with our own code alone: what we write, the exact round trip, HTML and template
conversion, and bad packages refused without touching the database or the media folder.
(tests/test_anki_interop.py checks the same against Anki's own library.)"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zstandard
from sqlalchemy import func, select

from studyapp.db.models import Card, Goal, Review
from studyapp.errors import BadInput
from studyapp.services import apkg
from studyapp.services.anki_html import html_to_text, html_to_text_and_media, text_to_html
from studyapp.services.apkg import (
    CLOZE_MODEL_ID,
    MODEL_ID,
    SCHEMA,
    export_apkg,
    import_apkg,
    read_apkg,
)
from studyapp.services.apkg.package import CHUNK
from studyapp.services.apkg.render import render_card
from studyapp.services.card_vectors import wait_for_background
from studyapp.services.interop_media import media_dir
from studyapp.services.profiles import ensure_profile
from studyapp.services.skill_homes import assign_to_nearest_nodes
from tests.factories import make_card, make_goal, make_node
from tests.helpers import embedded_ids, live_card_ids
from tests.interop_support import (
    MP3,
    PNG,
    as_imported,
    make_studied_goal,
    snapshot,
)

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


def open_collection(package: Path, tmp_path: Path, member: str = "collection.anki21"):
    with zipfile.ZipFile(package) as archive:
        archive.extract(member, tmp_path)
    return contextlib.closing(sqlite3.connect(tmp_path / member))


# --- HTML and templates ------------------------------------------------------------------------


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
        ("say [sound:hola.mp3] hola", "say   hola"),
    ],
)
def test_html_to_text(html, text) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<a" * 100_000, "<a" * 100_000),  # quadratic in Python 3.11's html.parser unescaped
        ("[sound:" * 50_000, "[sound:" * 50_000),
        ("x < y and <b>bold</b> a<b", "x < y and bold a<b"),
    ],
)
def test_hostile_markup_is_text(html, text) -> None:
    assert html_to_text(html) == text
    rendered = render_card("{{cloze:Text}}", "{{cloze:Text}}", {"Text": "{{c1::" * 50_000}, cloze=1)
    assert html_to_text(rendered.question) == "{{c1::" * 50_000  # unclosed: text, as in Anki


def test_media_references_are_collected() -> None:
    html = (
        'a <img src="pic one.png"> [sound:a&amp;b.mp3] <audio src="x%20y.ogg"></audio>'
        '<img src="data:image/png;base64,AAAA"><img src="https://example.com/x.png">'
        "<script><img src='hidden.png'></script>"
    )
    assert html_to_text_and_media(html) == ("a", ["pic one.png", "x y.ogg", "a&b.mp3"])


@pytest.mark.parametrize(
    "text", [t for pair in NOTES for t in pair] + ["&#13; literally", "[sound:x.mp3] kept"]
)
def test_text_to_html_round_trips(text) -> None:
    assert html_to_text_and_media(text_to_html(text)) == (text, [])


@pytest.mark.parametrize(
    ("qfmt", "afmt", "values", "cloze", "question", "answer", "answers"),
    [
        (  # Basic and reversed, card 2
            "{{Back}}",
            "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}",
            {"Front": "F", "Back": "B"},
            None,
            "B",
            "F",
            (),
        ),
        (  # typed answer: nothing on the front, the answer on the back
            "{{Front}}\n{{type:Back}}",
            "{{Front}}<hr id=answer>{{type:Back}}",
            {"Front": "F", "Back": "B"},
            None,
            "F",
            "B",
            (),
        ),
        (  # optional reversed: a section on a field
            "{{#Add Reverse}}{{Back}}{{/Add Reverse}}{{^Add Reverse}}none{{/Add Reverse}}",
            "{{FrontSide}}<hr id=answer>{{Front}}",
            {"Front": "F", "Back": "B", "Add Reverse": "y"},
            None,
            "B",
            "F",
            (),
        ),
        (  # cloze with a hint, and Back Extra
            "{{cloze:Text}}",
            "{{cloze:Text}}<br>\n{{Back Extra}}",
            {"Text": "{{c1::Paris::city}} is in {{c2::France}}", "Back Extra": "geo"},
            1,
            "_____ [city] is in France",
            "geo",
            ("Paris",),
        ),
        (  # nested deletions
            "{{cloze:Text}}",
            "{{cloze:Text}}",
            {"Text": "{{c1::a {{c2::b}} c}} d"},
            2,
            "a _____ c d",
            "",
            ("b",),
        ),
        (  # unknown fields and tts render empty
            "{{Nope}}{{tts en_US:Front}}{{Front}}",
            "{{Back}}",
            {"Front": "F", "Back": "B"},
            None,
            "F",
            "B",
            (),
        ),
    ],
)
def test_templates_render_like_anki(qfmt, afmt, values, cloze, question, answer, answers) -> None:
    rendered = render_card(qfmt, afmt, values, cloze=cloze)
    assert html_to_text(rendered.question) == question
    assert html_to_text(rendered.answer) == answer
    assert rendered.cloze_answers == answers


# --- writing -----------------------------------------------------------------------------------


def test_export_is_a_classic_anki_collection_with_history(db, profile, tmp_path, media_root):
    goal = make_studied_goal(db, profile.id, "TCP :: basics")
    out = tmp_path / "tcp.apkg"
    result = export_apkg(db, profile.id, goal.goal_id, out, tz="UTC")
    assert (result.cards, result.reviews, result.media_files) == (7, 15, 2)
    with zipfile.ZipFile(out) as archive:
        assert set(archive.namelist()) == {"meta", "collection.anki21", "media", "0", "1"}
        assert archive.read("meta") == b"\x08\x02"  # Anki's "legacy 2" package version
        media = json.loads(archive.read("media"))
        assert sorted(media.values()) == ["diagram one.png", "sound.mp3"]
        files = {name: archive.read(member) for member, name in media.items()}
        assert files == {"diagram one.png": PNG, "sound.mp3": MP3}
    with open_collection(out, tmp_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ver, conf, models, decks = conn.execute(
            "SELECT ver, conf, models, decks FROM col"
        ).fetchone()
        assert ver == 11 and json.loads(conf)["schedVer"] == 2
        models = json.loads(models)
        assert models[str(MODEL_ID)]["type"] == 0 and models[str(CLOZE_MODEL_ID)]["type"] == 1
        names = sorted(d["name"] for d in json.loads(decks).values())
        assert names == [
            "Default",
            "TCP : basics",
            "TCP : basics::Empty skill",
            "TCP : basics::Transport",
            "TCP : basics::Transport::TCP",
        ]
        rows = conn.execute(
            "SELECT n.mid, n.flds, n.tags, c.type, c.queue, c.ivl, c.reps, c.lapses, c.data, "
            "(SELECT count(*) FROM revlog r WHERE r.cid = c.id) "
            "FROM cards c JOIN notes n ON n.id = c.nid ORDER BY c.id"
        ).fetchall()
        by_front = {html_to_text(r[1].split("\x1f")[0]): r for r in rows}
        review = by_front["What does cwnd mean?"]
        assert review[2] == " tcp lang::en " and review[3:5] == (2, 2) and review[5] >= 1
        assert review[6:8] == (4, 0) and review[9] == 4
        data = json.loads(review[8])
        assert data["s"] > 1 and 1 <= data["d"] <= 10 and "sdue" in json.loads(data["cd"])
        assert by_front["line one\nline two"][3:5] == (1, 1)  # learning, intraday queue
        assert by_front["emoji 🧠"][3:5] == (3, 1) and by_front["emoji 🧠"][7] == 1  # one lapse
        assert by_front['a "quoted" one'][3:5] == (0, 0)
        assert by_front["archived card"][4] == -1  # suspended
        cloze = next(r for r in rows if r[0] == CLOZE_MODEL_ID)
        assert cloze[1].split("\x1f")[0] == "Fill in the blank: TCP halves {{c1::cwnd}} on loss."
        media_note = by_front["Which diagram?"]
        assert media_note[1] == (
            'Which diagram?<img src="diagram one.png">\x1fThis sound[sound:sound.mp3]'
        )
        revlog = conn.execute("SELECT id, ease, ivl, lastIvl, factor, time, type FROM revlog")
        revlog = revlog.fetchall()
        assert len({r[0] for r in revlog}) == 15
        assert {r[6] for r in revlog} == {0, 1}  # learning and review entries
        assert all(100 <= r[4] <= 1100 for r in revlog)


def test_round_trip_into_an_empty_profile_reproduces_everything(db, profile, tmp_path, media_root):
    """Export → import into a new profile: every card, skill, tag, media file and review, and
    each card's FSRS state and due time. The package carries each card's FSRS memory state, so
    reviews are not replayed: a review's previous state is known for a card's first review only
    (a new card's), the rest were made elsewhere and cannot be undone here."""
    goal = make_studied_goal(db, profile.id)
    # Every card of the app belongs to a skill (cards that came without one are homed); the
    # factory leaves some at the root, so home them first, as the app would have.
    assert assign_to_nearest_nodes(db, profile.id, goal.goal_id) > 0
    out = tmp_path / "net.apkg"
    export_apkg(db, profile.id, goal.goal_id, out, tz="Europe/Paris")
    other = ensure_profile(db, "empty")
    result = import_apkg(db, other.id, None, out, tz="Europe/Paris")
    assert (result.taken, result.duplicates, result.empty) == (7, 0, 0)
    assert (result.reviews, result.media_files, result.nodes_created) == (15, 2, 3)
    with db.session() as session:
        assert session.get(Goal, result.goal_id).title == "Networking"
    assert snapshot(db, result.goal_id) == as_imported(snapshot(db, goal.goal_id))
    copied = media_dir(db, other.id)
    assert (copied / "diagram one.png").read_bytes() == PNG
    assert (copied / "sound.mp3").read_bytes() == MP3
    assert (result.homed, result.unplaced_card_ids) == (0, ())  # all came with their skills
    # Searchable seconds later: embedded in the background after the commit (the suspended card
    # is not searched).
    assert wait_for_background(60)
    assert embedded_ids(db, other.id, result.goal_id) == live_card_ids(db, result.goal_id)
    again = import_apkg(db, other.id, result.goal_id, out)  # the same notes: nothing doubled
    assert (again.taken, again.duplicates, again.reviews, again.unchanged) == (0, 0, 0, 7)
    assert sorted(p.name for p in copied.iterdir()) == ["diagram one.png", "sound.mp3"]


def test_exported_apkg_reads_back_with_the_same_notes(db, profile, tmp_path, media_root):
    source = make_goal(db, profile.id, "Networking")
    node = make_node(db, source, "Transport")
    child = make_node(db, source, "TCP", parent_id=node)
    for i, (front, back) in enumerate(NOTES):
        make_card(db, profile.id, source, front, back, node_id=[None, node, child, child][i])
    out = tmp_path / "net.apkg"
    export_apkg(db, profile.id, source, out)
    parsed = read_apkg(out)
    assert [(n.front, n.back) for n in parsed.notes] == NOTES
    assert [n.skill for n in parsed.notes] == [
        (),
        ("Transport",),
        ("Transport", "TCP"),
        ("Transport", "TCP"),
    ]
    assert all(n.state is None and not n.reviews for n in parsed.notes)  # never studied: new

    other = ensure_profile(db, "other learner")
    target = make_goal(db, other.id, "Copy")
    result = import_apkg(db, other.id, target, out)
    assert (result.taken, result.duplicates, result.nodes_created) == (4, 0, 2)
    assert [(f, b) for f, b, _ in cards_of(db, target)] == NOTES
    # The learner's own notes, imported again (into any goal): found by GUID, never doubled.
    elsewhere = make_goal(db, profile.id, "Again")
    again = import_apkg(db, profile.id, elsewhere, out)
    assert (again.taken, again.unchanged) == (0, 4)
    assert cards_of(db, elsewhere) == [] and len(cards_of(db, source)) == 4


# --- reading others' packages ------------------------------------------------------------------


def write_classic_package(
    path: Path,
    tmp_path: Path,
    notes,
    *,
    member="collection.anki21",
    decks=None,
    media=None,
    revlog=(),
):
    """A package shaped like Anki's classic export: HTML fields, a 3-field note type, sub-decks;
    ``revlog`` rows are (id in ms, card id, ease)."""
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
        "tmpls": [{"ord": 0, "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}],
    }
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        conn.executescript(SCHEMA)
        conn.execute(
            "INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}',?,?,'{}','{}')",
            (json.dumps({"99": model}), json.dumps(decks)),
        )
        for i, (flds, did) in enumerate(notes, start=1):
            guid = f"g{i}-{hashlib.sha1(flds.encode()).hexdigest()[:8]}"  # one per note's content
            conn.execute("INSERT INTO notes VALUES (?,?,99,0,0,'',?,'',0,0,'')", (i, guid, flds))
            conn.execute(
                "INSERT INTO cards VALUES (?,?,?,0,0,0,0,0,0,0,0,0,0,0,0,0,0,'')", (i, i, did)
            )
        for review_id, card_id, ease in revlog:
            conn.execute(
                "INSERT INTO revlog VALUES (?,?,0,?,1,0,2500,4000,0)", (review_id, card_id, ease)
            )
        conn.commit()
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(db_path, member)
        if member == "collection.anki21":
            archive.writestr("collection.anki2", b"placeholder, must not be read")
        mapping = {str(i): name for i, (name, _) in enumerate(media or [])}
        for i, (_, data) in enumerate(media or []):
            archive.writestr(str(i), data)
        archive.writestr("media", json.dumps(mapping))


def test_import_of_a_classic_deck(db, profile, tmp_path, media_root) -> None:
    package = tmp_path / "spanish.apkg"
    write_classic_package(
        package,
        tmp_path,
        [
            ('<div>hablar</div>\x1fto <b>speak</b> <img src="speak.png">\x1fextra', 11),
            ("comer<br>(regular)\x1f<script>evil()</script>to eat\x1f", 10),
            ("comer<br>(regular)\x1fto eat\x1f", 10),  # duplicate once converted
            ("\x1f&nbsp;\x1f", 10),  # empty
            ('<img src="only.png">\x1fpicture\x1f', 10),  # image-only front is not empty
            ('lejos <img src="gone.png">\x1ffar\x1f', 10),  # its image is not in the package
        ],
        media=[("speak.png", PNG), ("only.png", PNG + b"2"), ("unused.png", b"x")],
        revlog=[(1000, 1, 3)],  # a review in January 1970 cannot be real
    )
    goal = make_goal(db, profile.id, "Spanish")
    result = import_apkg(db, profile.id, goal, package)
    assert (result.taken, result.duplicates, result.empty, result.media_files) == (4, 1, 1, 2)
    assert (result.missing_media, result.skipped_reviews, result.reviews) == (1, 1, 0)
    assert "1 missing media file left out" in result.summary()
    assert "1 review with impossible times left out" in result.summary()
    with db.session() as session:
        rows = session.execute(
            select(Card.front, Card.back, Card.node_id, Card.media)
            .where(Card.goal_id == goal)
            .order_by(Card.id)
        ).all()
    assert [(r[0], r[1]) for r in rows] == [
        ("hablar", "to speak"),
        ("comer\n(regular)", "to eat"),
        ("", "picture"),
        ("lejos", "far"),
    ]
    # "Verbs" below the root deck; the root deck's cards are homed on the nearest (only) skill.
    assert rows[0][2] is not None and rows[1][2] == rows[2][2] == rows[3][2] == rows[0][2]
    assert (result.homed, result.unplaced_card_ids) == (3, ())
    assert rows[0][3] == [{"name": "speak.png", "side": "back"}]
    assert rows[3][3] == []  # the missing image is left out, not a broken reference
    folder = media_dir(db, profile.id)
    assert sorted(p.name for p in folder.iterdir()) == ["only.png", "speak.png"]


def test_same_name_other_content_never_overwrites(db, profile, tmp_path, media_root) -> None:
    goal = make_goal(db, profile.id, "Spanish")
    for i, content in enumerate((PNG, MP3)):
        package = tmp_path / f"p{i}.apkg"
        write_classic_package(
            package,
            tmp_path,
            [(f'q{i} <img src="pic.png">\x1fa\x1f', 10)],
            media=[("pic.png", content)],
        )
        import_apkg(db, profile.id, goal, package)
    folder = media_dir(db, profile.id)
    stored = {p.name: p.read_bytes() for p in folder.iterdir()}
    renamed = f"pic-{hashlib.sha1(MP3).hexdigest()[:8]}.png"
    assert stored == {"pic.png": PNG, renamed: MP3}
    from studyapp.services.interop_media import card_media

    with db.session() as session:
        ids = session.execute(
            select(Card.id).where(Card.goal_id == goal).order_by(Card.id)
        ).scalars()
        ids = list(ids)
    second = card_media(db, profile.id, ids[1])
    assert [(m.name, m.side, m.kind, m.exists) for m in second] == [
        (renamed, "front", "image", True)
    ]
    assert second[0].path == folder / renamed


# --- refusals ----------------------------------------------------------------------------------


def zstd(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


def pb_field(number: int, value: int | bytes) -> bytes:
    def varint(n: int) -> bytes:
        out = b""
        while True:
            out += bytes([(n & 0x7F) | (0x80 if n > 0x7F else 0)])
            n >>= 7
            if not n:
                return out

    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    return varint(number << 3 | 2) + varint(len(value)) + value


def modern_package(path: Path, tmp_path: Path, *, ver=18, media=(), meta=3, sha=None) -> None:
    """A zip in Anki's modern layout around a (classic-shaped) collection of schema ``ver``."""
    coll = tmp_path / "modern.sqlite"
    coll.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(coll)) as conn:
        conn.executescript(SCHEMA)
        conn.execute("INSERT INTO col VALUES (1,0,0,0,?,0,0,0,'{}','{}','{}','{}','{}')", (ver,))
        conn.commit()
    entries = b"".join(
        pb_field(
            1,
            pb_field(1, name.encode())
            + pb_field(2, len(data))
            + pb_field(3, sha or hashlib.sha1(data).digest()),
        )
        for name, data in media
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("meta", pb_field(1, meta))
        archive.writestr("collection.anki21b", zstd(coll.read_bytes()))
        archive.writestr("media", zstd(entries))
        for i, (_, data) in enumerate(media):
            archive.writestr(str(i), zstd(data))


def _legacy_media(names: dict[str, str]):
    def make(path: Path, tmp_path: Path) -> None:
        write_classic_package(path, tmp_path, [('<img src="ok.png">a\x1fb', 10)])
        with zipfile.ZipFile(path, "a") as archive:
            # a second "media" entry: the zip's central directory keeps the last one
            archive.writestr("media", json.dumps(names))

    return make


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p, t: p.write_bytes(b"not a zip at all"), "not a zip archive"),
        (lambda p, t: p.write_bytes(b""), "not a zip archive"),
        (lambda p, t: zipfile.ZipFile(p, "w").close(), "no Anki collection"),
        ("truncated", "truncated or damaged|not a zip"),
        ("garbage", "not a valid Anki database"),
        ("badjson", "unreadable"),
        ("nul", "NUL"),
        ("zipbomb", "implausibly large"),
        ("zstdbomb", "expands beyond"),
        ("corrupt-zstd", "not valid zstd"),
        ("truncated-modern", "truncated or damaged|not a zip|not valid zstd"),
        (lambda p, t: modern_package(p, t, ver=19), "schema 19"),
        (lambda p, t: modern_package(p, t, ver=7), "schema 7, older"),
        (lambda p, t: modern_package(p, t, meta=4), "newer Anki"),
        (lambda p, t: modern_package(p, t, media=[("../../evil.sh", b"x")]), "path separator"),
        (lambda p, t: modern_package(p, t, media=[("..", b"x")]), "relative path"),
        (lambda p, t: modern_package(p, t, media=[("a\x00.png", b"x")]), "NUL"),
        (lambda p, t: modern_package(p, t, media=[("C:evil.png", b"x")]), "drive letter"),
        (lambda p, t: modern_package(p, t, media=[("x" * 300, b"x")]), "more than 255 bytes"),
        (_legacy_media({"0": "/etc/passwd"}), "path separator"),
        (_legacy_media({"0": "..\\..\\evil.bat"}), "path separator"),
        (_legacy_media({"../0": "a.png"}), "not a number"),
        (_legacy_media({"0": "tab\there.png"}), "control character"),
        (_legacy_media({"0": "ok.png"}), "missing from the zip"),
        ("bad-checksum", "checksum"),
    ],
)
def test_bad_packages_are_refused(db, profile, tmp_path, media_root, monkeypatch, make, message):
    path = tmp_path / "bad.apkg"
    if make == "truncated":
        good = tmp_path / "good.apkg"
        write_classic_package(good, tmp_path, [("a\x1fb", 10)] * 50)
        data = good.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif make == "garbage":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("collection.anki2", b"this is not sqlite" * 100)
    elif make == "badjson":
        write_classic_package(path, tmp_path, [("a\x1fb", 10)])
        with zipfile.ZipFile(path) as archive:
            archive.extract("collection.anki21", tmp_path / "x")
        coll = tmp_path / "x" / "collection.anki21"
        with contextlib.closing(sqlite3.connect(coll)) as conn:
            conn.execute("UPDATE col SET decks = '{not json'")
            conn.commit()
        with zipfile.ZipFile(path, "w") as archive:
            archive.write(coll, "collection.anki21")
    elif make == "nul":
        write_classic_package(path, tmp_path, [("a\x00b\x1fc", 10)])
    elif make == "zipbomb":  # a member declaring more than the limit is never expanded
        monkeypatch.setattr(apkg.package, "MAX_COLLECTION_BYTES", 10_000)
        write_classic_package(path, tmp_path, [("a\x1fb", 10)])
    elif make == "zstdbomb":  # 64 MB of zeros in a few kB: expansion stops at the limit
        monkeypatch.setattr(apkg.package, "MAX_COLLECTION_BYTES", 8 * CHUNK)
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("meta", pb_field(1, 3))
            archive.writestr("collection.anki21b", zstd(bytes(64 * CHUNK)))
        assert path.stat().st_size < 64 * 1024
    elif make == "corrupt-zstd":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd not really zstd")
    elif make == "truncated-modern":
        modern_package(tmp_path / "good.apkg", tmp_path, media=[("a.png", PNG * 50)])
        data = (tmp_path / "good.apkg").read_bytes()
        path.write_bytes(data[: len(data) * 2 // 3])
    elif make == "bad-checksum":
        modern_package(path, tmp_path, media=[("a.png", PNG)], sha=b"\x00" * 20)
        coll = tmp_path / "ok.sqlite"  # make the collection itself readable and use the file
        write_classic_package(tmp_path / "c.apkg", tmp_path, [('<img src="a.png">\x1fb', 10)])
        with zipfile.ZipFile(tmp_path / "c.apkg") as archive:
            coll.write_bytes(archive.read("collection.anki21"))
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("meta", pb_field(1, 3))
            archive.writestr("collection.anki21b", zstd(coll.read_bytes()))
            entry = pb_field(1, b"a.png") + pb_field(2, len(PNG)) + pb_field(3, b"\x00" * 20)
            archive.writestr("media", zstd(pb_field(1, entry)))
            archive.writestr("0", zstd(PNG))
    else:
        make(path, tmp_path)
    goal = make_goal(db, profile.id)
    with pytest.raises(BadInput, match=message):
        import_apkg(db, profile.id, goal, path)
    assert cards_of(db, goal) == []
    with db.session() as session:
        assert session.execute(select(func.count()).select_from(Review)).scalar_one() == 0
    leftovers = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    assert leftovers == []
    assert not (tmp_path / "evil.sh").exists() and not (media_root.parent / "evil.sh").exists()


def test_missing_package_and_unknown_goal(db, profile, other_profile, tmp_path, media_root):
    with pytest.raises(BadInput, match="No such file"):
        read_apkg(tmp_path / "missing.apkg")
    package = tmp_path / "ok.apkg"
    write_classic_package(package, tmp_path, [("a\x1fb", 10)], media=[("x.png", PNG)])
    theirs = make_goal(db, other_profile.id)
    from studyapp.errors import NotFound

    with pytest.raises(NotFound):
        import_apkg(db, profile.id, theirs, package)
    assert not media_root.exists()


def test_a_package_without_a_common_root_becomes_a_goal_named_after_the_file(
    db, profile, tmp_path, media_root
) -> None:
    package = tmp_path / "Mixed decks.apkg"
    decks = {
        "1": {"id": 1, "name": "Default"},
        "2": {"id": 2, "name": "A::x"},
        "3": {"id": 3, "name": "B"},
    }
    write_classic_package(package, tmp_path, [("a\x1fb", 2), ("c\x1fd", 3)], decks=decks)
    result = import_apkg(db, profile.id, None, package)
    with db.session() as session:
        assert session.get(Goal, result.goal_id).title == "Mixed decks"
    assert result.nodes_created == 3  # A, A::x, B
    assert result.unplaced_card_ids == ()
    created = datetime.now(UTC)
    with db.session() as session:
        dues = session.execute(select(Card.due).where(Card.goal_id == result.goal_id)).scalars()
        assert all(abs((d - created).total_seconds()) < 60 for d in dues)


def test_an_unwritable_media_folder_is_a_clear_refusal(db, profile, tmp_path, media_root):
    media_root.write_bytes(b"a file where the media folder should be")
    package = tmp_path / "ok.apkg"
    write_classic_package(
        package, tmp_path, [('<img src="x.png">a\x1fb', 10)], media=[("x.png", PNG)]
    )
    goal = make_goal(db, profile.id)
    with pytest.raises(BadInput, match="Cannot copy the deck's media"):
        import_apkg(db, profile.id, goal, package)
    assert cards_of(db, goal) == []
