"""CSV: exact round trip, clear refusals, and an import that fails changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from studyapp.db.models import Card, SkillNode
from studyapp.errors import BadInput, NotFound
from studyapp.services.interop_csv import export_csv, import_csv, parse_csv
from studyapp.vectors.sync import store_for
from tests.factories import make_card, make_goal, make_node
from tests.helpers import embedded_ids, live_card_ids

TRICKY = [
    ("plain", "answer"),
    ("a, b, and c", 'she said "hi", then left'),
    ("line one\nline two", "windows\r\nline endings"),
    ("emoji 🧠🚀", "family 👨‍👩‍👧 and flags 🇫🇷"),
    ("עברית מימין לשמאל", "العربية, with a comma"),
    ('"quoted at the edges"', "  leading and trailing spaces  "),
    ("semicolon; tab\there", "<b>not html</b> & ampersand"),
]

# Two cards on two topics, without a skill column.
TWO_CARDS = (
    "front,back\n"
    "Which DNS record maps a host name to an IPv4 address?,An A record\n"
    "What does TCP slow start do to the congestion window?,It doubles it every round trip\n"
)


def card_texts(db, goal_id: int) -> list[tuple[str, str, int | None]]:
    with db.session() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(Card.front, Card.back, Card.node_id)
                .where(Card.goal_id == goal_id)
                .order_by(Card.id)
            )
        ]


def node_titles(db, goal_id: int) -> dict[int, tuple[str, int | None]]:
    with db.session() as session:
        rows = session.execute(
            select(SkillNode.id, SkillNode.title, SkillNode.parent_id).where(
                SkillNode.goal_id == goal_id
            )
        )
        return {node_id: (title, parent) for node_id, title, parent in rows}


def test_round_trip_is_exact(db, profile, tmp_path) -> None:
    source = make_goal(db, profile.id)
    branch = make_node(db, source, "Congestion, control")
    leaf = make_node(db, source, "Slow start", parent_id=branch)
    # Every card belongs to a skill (one without would be homed on import, changing the copy).
    for i, (front, back) in enumerate(TRICKY):
        make_card(db, profile.id, source, front, back, node_id=[leaf, branch, leaf][i % 3])
    path = tmp_path / "deck.csv"
    exported = export_csv(db, profile.id, source, path)
    assert exported.cards == len(TRICKY)
    raw = path.read_bytes()
    assert raw.startswith(b"front,back,skill\r\n")
    assert "🧠".encode() in raw

    target = make_goal(db, profile.id, "Copy")
    result = import_csv(db, profile.id, target, path)
    assert (result.taken, result.duplicates, result.empty) == (len(TRICKY), 0, 0)
    assert result.nodes_created == 2
    got = card_texts(db, target)
    assert [(f, b) for f, b, _ in got] == TRICKY
    nodes = node_titles(db, target)
    by_title = {title: (node_id, parent) for node_id, (title, parent) in nodes.items()}
    assert by_title["Slow start"][1] == by_title["Congestion, control"][0]
    assert [n for _, _, n in got][1:3] == [
        by_title["Congestion, control"][0],
        by_title["Slow start"][0],
    ]
    # Exporting the copy gives the same bytes.
    again = tmp_path / "again.csv"
    export_csv(db, profile.id, target, again)
    assert again.read_bytes() == raw


def test_duplicates_are_skipped_and_reported(db, profile, tmp_path) -> None:
    goal = make_goal(db, profile.id)
    make_card(db, profile.id, goal, "already", "there")
    path = tmp_path / "d.csv"
    path.write_text(
        "front,back\nalready,there\nnew,card\nnew,card\nblank back,\n", encoding="utf-8"
    )
    result = import_csv(db, profile.id, goal, path)
    assert (result.taken, result.duplicates, result.empty) == (1, 2, 1)
    assert "Imported 1 card into goal" in result.summary()
    assert "skipped 3" in result.summary()
    assert len(card_texts(db, goal)) == 2
    # Importing the same file again takes nothing.
    assert import_csv(db, profile.id, goal, path).taken == 0


def test_bom_and_header_case_are_tolerated(db, profile, tmp_path) -> None:
    goal = make_goal(db, profile.id)
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffBack , FRONT\r\nanswer,question\r\n".encode())
    assert import_csv(db, profile.id, goal, path).taken == 1
    assert card_texts(db, goal) == [("question", "answer", None)]


def test_tab_separated_is_accepted() -> None:
    notes = parse_csv(b"front\tback\nq, with comma\ta\n")
    assert [(n.front, n.back) for n in notes] == [("q, with comma", "a")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"question,answer\nq,a\n", "wrong columns"),
        (b"front,back,tags\nq,a,t\n", "unknown column"),
        (b"front\nq\n", "missing column"),
        (b"front,back,front\nq,a,b\n", "appears twice"),
        (b"front,back\nq,a,extra\n", "line 2: 3 field"),
        (b'front,back\n"q"x,a\n', "not valid CSV"),
        (b"front,back\nq,caf\xe9\n", r"not UTF-8 text \(byte 0xe9 at line 2\)"),
        ("front,back\nq,a\n".encode("utf-16"), "UTF-16"),
        (b"", "empty"),
        (b"front,back\nq\x00,a\n", "NUL"),
    ],
)
def test_bad_files_are_refused_and_change_nothing(db, profile, tmp_path, data, message) -> None:
    goal = make_goal(db, profile.id)
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(BadInput, match=message):
        import_csv(db, profile.id, goal, path)
    assert card_texts(db, goal) == []


def test_failure_half_way_leaves_nothing(db, profile, tmp_path) -> None:
    """A row that only the database refuses (a skill name too long) rolls back the whole file,
    including the nodes already created for earlier rows."""
    goal = make_goal(db, profile.id)
    path = tmp_path / "half.csv"
    path.write_text(
        "front,back,skill\nq1,a1,Good skill\nq2,a2," + "x" * 400 + "\n", encoding="utf-8"
    )
    with pytest.raises(BadInput, match="at most 300"):
        import_csv(db, profile.id, goal, path)
    assert card_texts(db, goal) == []
    assert node_titles(db, goal) == {}


def test_a_large_file_imports_whole_and_one_over_the_limit_is_refused(
    db, profile, tmp_path
) -> None:
    """20,000 rows land whole, every one embedded (in several batches); a file over the row
    limit is refused before anything is written. (The speed of large imports is measured by
    benchmarks/interop_10k.py, not asserted here.)"""
    rows = 20_000
    goal = make_goal(db, profile.id)
    path = tmp_path / "big.csv"
    lines = ["front,back"] + [f"question {i},answer {i}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_csv(db, profile.id, goal, path)
    assert result.taken == rows
    with db.session() as session:
        count = session.execute(
            select(func.count()).select_from(Card).where(Card.goal_id == goal)
        ).scalar_one()
    assert count == rows
    assert len(embedded_ids(db, profile.id, goal)) == rows
    other = make_goal(db, profile.id, "Too big")
    with pytest.raises(BadInput, match="more than 19,999 cards"):
        import_csv(db, profile.id, other, path, max_rows=rows - 1)
    assert live_card_ids(db, other) == []


def test_other_profiles_goal_is_not_found(db, profile, other_profile, tmp_path) -> None:
    theirs = make_goal(db, other_profile.id)
    path = tmp_path / "x.csv"
    path.write_text("front,back\nq,a\n", encoding="utf-8")
    with pytest.raises(NotFound):
        import_csv(db, profile.id, theirs, path)
    with pytest.raises(NotFound):
        export_csv(db, profile.id, theirs, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()


def test_missing_file_and_folder(db, profile, tmp_path) -> None:
    goal = make_goal(db, profile.id)
    with pytest.raises(BadInput, match="No such file"):
        import_csv(db, profile.id, goal, tmp_path / "nope.csv")
    with pytest.raises(BadInput, match="does not exist"):
        export_csv(db, profile.id, goal, tmp_path / "no" / "dir.csv")


def test_cards_without_a_skill_are_homed_on_the_nearest_one(db, profile, tmp_path) -> None:
    """Every card belongs to a skill: a CSV without a skill column lands each card on the goal's
    skill nearest to it by meaning; a goal without skills keeps them until its tree exists."""
    from studyapp.services.cards import list_cards

    goal = make_goal(db, profile.id, "Networking")
    dns = make_node(db, goal, "DNS name resolution", description="Resolvers, records, lookups")
    tcp = make_node(db, goal, "TCP congestion control", description="cwnd, slow start, loss")
    path = tmp_path / "cards.csv"
    path.write_text(TWO_CARDS, encoding="utf-8")
    result = import_csv(db, profile.id, goal, path)
    assert (result.taken, result.homed, result.unplaced_card_ids) == (2, 2, ())
    homes = {c.back: c.node_id for c in list_cards(db, profile.id, goal)}
    assert homes == {"An A record": dns, "It doubles it every round trip": tcp}
    assert "2 placed on their nearest skill" in result.summary()

    bare = make_goal(db, profile.id, "No tree yet")
    result = import_csv(db, profile.id, bare, path)
    assert result.homed == 0 and len(result.unplaced_card_ids) == 2
    assert "2 without a skill until the goal has a tree" in result.summary()


def test_imported_cards_are_searchable_at_once(db, profile, tmp_path) -> None:
    """The import embeds its cards right after its commit: the vector store holds them before
    any search or generation job has resynced it, so a search by meaning (and the next job's
    duplicate check) sees them."""
    goal = make_goal(db, profile.id, "Networking")
    make_card(db, profile.id, goal, "Which port does HTTPS use?", "443")  # not imported
    path = tmp_path / "cards.csv"
    path.write_text(TWO_CARDS, encoding="utf-8")
    import_csv(db, profile.id, goal, path)
    imported = live_card_ids(db, goal)[1:]
    assert embedded_ids(db, profile.id, goal) == imported
    hits = store_for(db).search(profile.id, "the record giving a host's IPv4 address", goal_id=goal)
    assert hits[0].answer == "An A record"
