"""Anki notes in Studyapp, without a round trip: the sanitiser against hostile markup, importing
a changed deck again (updated, added, never doubled, also after an interrupted import), edits of
an Anki card going into its note, and a backup keeping the notes."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from anki.collection import DeckIdLimit, ExportAnkiPackageOptions
from sqlalchemy import func, select

from studyapp.db.database import Database
from studyapp.db.models import Card, Goal, Note, NoteType, Review
from studyapp.services import apkg
from studyapp.services.apkg import export_apkg, import_apkg
from studyapp.services.backup import backup_profile, restore_profile
from studyapp.services.cards import edit_card
from studyapp.services.profiles import ensure_profile
from studyapp.services.safe_html import formatted, image_names, sanitize, text_as_html
from tests.anki_support import answer, open_collection
from tests.factories import make_card, make_goal
from tests.test_apkg import PNG, write_classic_package

# --- the sanitiser -----------------------------------------------------------------------------

HOSTILE = [
    ("<script>alert(1)</script>ok", "ok"),
    ("<SCRIPT SRC=//evil.js></SCRIPT>ok", "ok"),
    ('<img src="a.png" onerror="alert(1)">', '<img src="a.png">'),
    ("<img src=a.png onload=alert(1) style='x:url(http://e)'>", '<img src="a.png">'),
    ('<img src="http://example.com/x.png" alt="remote">', "remote"),
    ('<img src="//example.com/x.png">', ""),
    ('<img src="data:image/png;base64,AAAA">', ""),
    ('<img src="file:///etc/passwd">', ""),
    ('<img src="../../secret.png">', ""),
    ('<img src="/abs/path.png">', ""),
    ('<img src="javascript:alert(1)">', ""),
    ("<img src='a.png\" onerror=\"x'>", ""),  # one odd name, not a file of the card
    ('<a href="javascript:alert(1)">click</a>', "click"),
    ('<a href="file:///etc/passwd">local</a>', "local"),
    ("<iframe src='https://e'>inside</iframe>after", "after"),
    ("<svg><script>x</script><b>in svg</b></svg>after", "after"),
    ("<math><mi>x</mi></math>y", "y"),
    ("<style>b{color:red}</style><b>x</b>", "<b>x</b>"),
    ('<b style="color:red" class="c" id="i" onclick="x()">b</b>', "<b>b</b>"),
    ('<div onmouseover="x()"><p>para</p></div>', "<div><p>para</p></div>"),
    ("<form><input value=x><button>go</button></form>", "go"),
    ("<object data='x.swf'>fallback</object>", ""),
    ("<embed src='x.swf'>text", "text"),
    ("<b><i>unclosed", "<b><i>unclosed</i></b>"),
    ("</b>stray</div>", "stray"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<b>a</b><!-- <script>x</script> -->", "<b>a</b>&lt;!--  --&gt;"),
    ("<![CDATA[<script>x</script>]]>", "&lt;![CDATA[]]&gt;"),
    ('<td colspan="2;x" rowspan=9999>c</td>', "<td>c</td>"),
    (
        "<table><tr><td colspan=2>c</td></tr></table>",
        '<table><tr><td colspan="2">c</td></tr></table>',
    ),
    ("<ruby>漢<rt>かん</rt></ruby>", "<ruby>漢<rt>かん</rt></ruby>"),
    ("<ol start=3><li>x</li></ol>", '<ol start="3"><li>x</li></ol>'),
    ("H<sub>2</sub>O<sup>+</sup><u>u</u><s>s</s>", "H<sub>2</sub>O<sup>+</sup><u>u</u><s>s</s>"),
]


@pytest.mark.parametrize(("markup", "safe"), HOSTILE)
def test_hostile_markup_is_reduced_to_the_safe_subset(markup, safe) -> None:
    assert sanitize(markup, lambda name: name if name == "a.png" else None) == safe


def test_sanitiser_bounds_and_keeps_text() -> None:
    deep = "<b>" * 5000 + "x"
    out = sanitize(deep)
    assert out.count("<b>") == 64 and out.endswith("x" + "</b>" * 64)
    huge = "<i>" + "a < b & c " * 100_000 + "</i>"  # 1 MB of text with stray "<"
    assert sanitize(huge) == "<i>" + "a &lt; b &amp; c " * 100_000 + "</i>"
    assert sanitize("<" * 20_000) == "&lt;" * 20_000
    assert image_names('<img src="a.png"><img src="b.jpg">') == ["a.png", "b.jpg"]


def test_plain_sides_stay_plain() -> None:
    # No formatting worth keeping: the card is plain text (front_html NULL).
    for markup in ("plain", "a<br>b", "x &amp; y", "<script>x</script>only", "[sound:a.mp3]"):
        assert formatted(markup) is None, markup
    assert formatted("<b>bold</b>") == "<b>bold</b>"
    # Text made in Studyapp shown in a rich view: its markup is text.
    assert text_as_html('<b>x</b> & "y"\nz') == '&lt;b&gt;x&lt;/b&gt; &amp; "y"<br>z'


# --- importing a changed deck again ------------------------------------------------------------


def _export(col, path: Path) -> Path:
    col.export_anki_package(
        out_path=str(path),
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
        ),
        limit=DeckIdLimit(col.decks.id("Cells")),
    )
    return path


def count(db, model, *where) -> int:
    with db.session() as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_importing_a_changed_deck_updates_adds_and_never_doubles(
    db, profile, media_root, tmp_path
) -> None:
    col = open_collection(tmp_path / "anki")
    deck = col.decks.id("Cells::Parts")
    ids = {}
    for key, kind, fields in (
        ("basic", "Basic", ["Nucleus", "holds the <b>DNA</b>"]),
        ("reversed", "Basic (and reversed card)", ["Ribosome", "makes proteins"]),
        ("cloze", "Cloze", ["{{c1::Mitochondria}} make {{c2::ATP}}", ""]),
    ):
        note = col.new_note(col.models.by_name(kind))
        for i, value in enumerate(fields):
            note.fields[i] = value
        col.add_note(note, deck)
        ids[key] = note
    answer(col, ids["basic"].cards()[0].id, 4)
    first = import_apkg(db, profile.id, None, _export(col, tmp_path / "v1.apkg"))
    assert (first.taken, first.reviews) == (5, 1)

    # In Anki, later: a field edited, a note added, a card reviewed.
    note = col.get_note(ids["basic"].id)
    note["Back"] = "holds the <b>genome</b>"
    col.update_note(note)
    added = col.new_note(col.models.by_name("Basic"))
    added["Front"], added["Back"] = "Golgi", "packages proteins"
    col.add_note(added, deck)
    reviewed = ids["reversed"].cards()[1].id
    answer(col, reviewed, 3)
    # ... "later": Anki's times are seconds, and all of this ran within one.
    col.db.execute("UPDATE notes SET mod = mod + 60 WHERE id = ?", note.id)
    col.db.execute("UPDATE cards SET mod = mod + 60 WHERE id = ?", reviewed)
    second = import_apkg(db, profile.id, None, _export(col, tmp_path / "v2.apkg"))
    col.close()
    assert second.goal_id == first.goal_id and count(db, Goal) == 1
    assert (second.taken, second.reviews) == (1, 1)  # the new note; the one new review
    assert (second.updated, second.unchanged) == (2, 3)
    assert count(db, Card) == 6 and count(db, Note) == 4 and count(db, Review) == 2
    with db.session() as session:
        basic = session.execute(select(Card).where(Card.front == "Nucleus")).scalar_one()
        assert (basic.back, basic.back_html) == ("holds the genome", "holds the <b>genome</b>")
        stored = session.execute(select(Note).where(Note.guid == basic.note_guid)).scalar_one()
        assert stored.fields[1] == "holds the <b>genome</b>"
        card = session.execute(
            select(Card).where(Card.front == "makes proteins", Card.note_ord == 1)
        ).scalar_one()
        assert card.last_review is not None  # the review in Anki, taken with its schedule
    third = import_apkg(db, profile.id, None, tmp_path / "v2.apkg")  # again: nothing changes
    assert (third.taken, third.reviews, third.updated, third.unchanged) == (0, 0, 0, 6)


def test_an_import_interrupted_after_its_commit_runs_again_without_doubling(
    db, profile, media_root, tmp_path, monkeypatch
) -> None:
    package = tmp_path / "deck.apkg"
    write_classic_package(
        package,
        tmp_path,
        [("hablar\x1fto speak\x1f", 11), ('perro <img src="p.png">\x1fdog\x1f', 10)],
        media=[("p.png", PNG)],
        revlog=[(1_700_000_000_000, 1, 3)],
    )

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt  # the window closed between the commit and the homing

    monkeypatch.setattr(apkg.importer, "home_unplaced", crash)
    with pytest.raises(KeyboardInterrupt):
        import_apkg(db, profile.id, None, package)
    assert count(db, Goal) == 1 and count(db, Card) == 2  # committed before the crash
    monkeypatch.undo()
    again = import_apkg(db, profile.id, None, package)
    assert (again.taken, again.unchanged, again.reviews) == (0, 2, 0)
    assert count(db, Goal) == 1 and count(db, Card) == 2


# --- edits and backups ---------------------------------------------------------------------------


def test_editing_a_card_of_an_anki_note_edits_the_note(db, profile, media_root, tmp_path) -> None:
    col = open_collection(tmp_path / "anki")
    note = col.new_note(col.models.by_name("Basic (and reversed card)"))
    note["Front"], note["Back"] = "<i>Ribosome</i>", "makes proteins"
    col.add_note(note, col.decks.id("Cells"))
    package = _export(col, tmp_path / "deck.apkg")
    col.close()
    result = import_apkg(db, profile.id, None, package)
    with db.session() as session:
        forward, _backward = session.execute(
            select(Card.id, Card.front_html)
            .where(Card.goal_id == result.goal_id)
            .order_by(Card.note_ord)
        ).all()
    assert forward[1] == "<i>Ribosome</i>"
    edit_card(db, profile.id, forward[0], front="Ribosome <small>")
    with db.session() as session:
        cards = session.execute(
            select(Card.front, Card.back, Card.front_html)
            .where(Card.goal_id == result.goal_id)
            .order_by(Card.note_ord)
        ).all()
        stored = session.execute(select(Note.fields, Note.mod)).one()
    assert [tuple(c) for c in cards] == [
        ("Ribosome <small>", "makes proteins", None),  # plain from now on
        ("makes proteins", "Ribosome <small>", None),  # the sibling shows the edit
    ]
    assert stored.fields[0] == "Ribosome &lt;small&gt;" and stored.mod > note.mod
    # ... and the export gives Anki the edited note (same GUID: an update, not a new note).
    out = tmp_path / "edited.apkg"
    export_apkg(db, profile.id, result.goal_id, out)
    fresh = open_collection(tmp_path / "fresh")
    from tests.anki_support import import_into_anki

    fresh.close()
    back = import_into_anki(tmp_path / "fresh2", out)
    try:
        (nid,) = back.find_notes("")
        assert back.get_note(nid).guid == note.guid
        assert back.get_note(nid)["Front"] == "Ribosome &lt;small&gt;"
    finally:
        back.close()


def test_a_backup_keeps_anki_notes(db, profile, media_root, tmp_path) -> None:
    col = open_collection(tmp_path / "anki")
    note = col.new_note(col.models.by_name("Cloze"))
    note["Text"] = "{{c1::G1}}, {{c2::S}} and {{c3::G2}}"
    col.add_note(note, col.decks.id("Cells"))
    answer(col, note.cards()[0].id, 4)
    package = _export(col, tmp_path / "deck.apkg")
    col.close()
    import_apkg(db, profile.id, None, package)
    path = tmp_path / "backup.zip"
    counts = backup_profile(db, profile.id, path).counts
    assert (counts["cards"], counts["notes"], counts["note_types"], counts["reviews"]) == (
        3,
        1,
        1,
        1,
    )
    document = read_document(path)
    assert document["version"] == 3 and document["reviews"][0]["anki_log"] is not None
    restored = ensure_profile(db, "restored")  # another learner's copy, in the same database
    restore_profile(db, restored.id, path)
    with db.session() as session:
        guids = session.execute(
            select(Card.note_guid, Card.note_ord, Card.anki).where(Card.profile_id == restored.id)
        ).all()
        assert {g for g, _o, _a in guids} == {note.guid}
        assert sorted(o for _g, o, _a in guids) == [0, 1, 2]
        assert all(a and a["id"] for _g, _o, a in guids)
        kept = session.execute(
            select(NoteType.model).where(NoteType.profile_id == restored.id)
        ).scalar_one()
        assert kept["name"] == "Cloze"
    # The restored profile exports the same note: Anki would see no new one.
    export_apkg(db, restored.id, target_goal(db, restored.id), tmp_path / "restored.apkg")
    from tests.anki_support import import_into_anki

    again = import_into_anki(tmp_path / "again", tmp_path / "restored.apkg")
    try:
        (nid,) = again.find_notes("")
        assert again.get_note(nid).guid == note.guid and len(again.find_cards("")) == 3
    finally:
        again.close()


def read_document(path) -> dict:
    """The JSON document of a backup (format 3: a zip of the document and the media files)."""
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("backup.json").decode("utf-8"))


def target_goal(db: Database, profile_id: int) -> int:
    with db.session() as session:
        return session.execute(select(Goal.id).where(Goal.profile_id == profile_id)).scalar_one()


def test_a_damaged_anki_log_in_a_backup_is_refused(db, profile, media_root, tmp_path) -> None:
    col = open_collection(tmp_path / "anki")
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "a", "b"
    col.add_note(note, col.decks.id("Cells"))
    answer(col, note.cards()[0].id, 3)
    package = _export(col, tmp_path / "deck.apkg")
    col.close()
    import_apkg(db, profile.id, None, package)
    path = tmp_path / "backup.zip"
    backup_profile(db, profile.id, path)
    document = read_document(path)
    document["reviews"][0]["anki_log"] = [1, 2, 3]
    with zipfile.ZipFile(path, "w") as archive:  # the document alone: no media to carry
        archive.writestr("backup.json", json.dumps(document))
    other = ensure_profile(db, "other")
    from studyapp.errors import BadInput

    with pytest.raises(BadInput, match=r"reviews\[0\]\.anki_log: .* is not four whole numbers"):
        restore_profile(db, other.id, path)
    assert count(db, Goal, Goal.profile_id == other.id) == 0


def test_notes_survive_a_restart_and_a_second_import_in_another_process(
    pg_server_url, db, profile, media_root, tmp_path
) -> None:
    """Real processes: `import` of an Anki deck, then (a new process) the same deck again finds
    every note, then (another one) `export` gives Anki its notes back, GUIDs and fields."""
    from tests.helpers import run_cli, run_cli_here

    col = open_collection(tmp_path / "anki")
    note = col.new_note(col.models.by_name("Basic (and reversed card)"))
    note["Front"], note["Back"] = "<b>Ribosome</b>", "makes proteins"
    col.add_note(note, col.decks.id("Cells"))
    package = _export(col, tmp_path / "deck.apkg")
    col.close()
    base = ("--database-url", pg_server_url)
    env = {
        "STUDYAPP_MEDIA_DIR": str(media_root),
        "STUDYAPP_VECTORS_DIR": str(tmp_path / "v"),
        "STUDYAPP_EMBEDDER": "hashing",  # the search index is not what this test is about
    }
    first = run_cli(*base, "import", str(package), "--json", env=env)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["taken"] == 2
    again = run_cli_here(*base, "import", str(package), "--json", env=env)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert (report["taken"], report["unchanged"], report["goal_id"]) == (0, 2, 1)
    out = tmp_path / "out.apkg"
    exported = run_cli(*base, "export", "1", "-o", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(out) as archive:
        archive.extract("collection.anki21", tmp_path)
    with contextlib.closing(sqlite3.connect(tmp_path / "collection.anki21")) as conn:
        rows = conn.execute("SELECT guid, flds FROM notes").fetchall()
        cards = conn.execute("SELECT ord FROM cards ORDER BY ord").fetchall()
    assert rows == [(note.guid, "<b>Ribosome</b>\x1fmakes proteins")]
    assert cards == [(0,), (1,)]


def test_a_studyapp_cloze_card_back_from_anki_exports_its_edits(
    db, profile, media_root, tmp_path
) -> None:
    """Our own cloze card, through a package and back (its note is kept now), then edited here:
    the next export writes the edit (the note is Studyapp's own, so it is written from the card)."""
    goal = make_goal(db, profile.id, "Networking")
    card = make_card(db, profile.id, goal, "TCP halves _____ on loss.", "cwnd", kind="cloze")
    first = tmp_path / "first.apkg"
    export_apkg(db, profile.id, goal, first)
    assert import_apkg(db, profile.id, None, first).unchanged == 1
    assert count(db, Note) == 1  # kept, as any note that came in a package
    edit_card(db, profile.id, card, front="TCP cuts _____ on loss.")
    assert count(db, Note) == 0
    second = tmp_path / "second.apkg"
    export_apkg(db, profile.id, goal, second)
    with zipfile.ZipFile(second) as archive:
        archive.extract("collection.anki21", tmp_path)
    with contextlib.closing(sqlite3.connect(tmp_path / "collection.anki21")) as conn:
        guids = {row[0] for row in conn.execute("SELECT guid FROM notes")}
        fields = conn.execute("SELECT flds FROM notes").fetchone()[0]
    with db.session() as session:
        assert guids == {session.get(Card, card).note_guid}  # the same note in Anki
    assert fields.split("\x1f")[0] == "TCP cuts {{c1::cwnd}} on loss."


def test_two_notes_with_one_guid_are_imported_without_a_crash(
    db, profile, media_root, tmp_path
) -> None:
    """A damaged collection can hold two notes with one GUID: the first is the note, the
    other's card still comes (it is a card of the package), nothing fails."""
    package = tmp_path / "twice.apkg"
    write_classic_package(package, tmp_path, [("one\x1fa\x1f", 10), ("two\x1fb\x1f", 10)])
    with zipfile.ZipFile(package) as archive:
        archive.extract("collection.anki21", tmp_path / "x")
    with contextlib.closing(sqlite3.connect(tmp_path / "x" / "collection.anki21")) as conn:
        conn.execute("UPDATE notes SET guid = 'same'")
        conn.commit()
    with zipfile.ZipFile(package, "w") as archive:
        archive.write(tmp_path / "x" / "collection.anki21", "collection.anki21")
        archive.writestr("media", "{}")
    result = import_apkg(db, profile.id, None, package)
    assert result.taken == 2 and count(db, Note) == 1
    again = import_apkg(db, profile.id, None, package)
    assert (again.goal_id, again.taken) == (result.goal_id, 0)
