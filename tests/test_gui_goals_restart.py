"""Goals and profiles managed in the real window hold across a real restart of the process.

One batch per restart (so it can join the settings × restart matrix): a first app process
renames a goal (F2), archives one (Goal menu) and another it brings back (context menu, then
Archived goals…), reorders by a drop and by Ctrl+Shift+Down, deletes one goal for good and one
it undoes (Ctrl+Z), makes the profile "Work" and opens it, and quits with Ctrl+Q. A second
process must open on "Work" (the last profile), show the same order and archive once switched
back, and the deleted goal must be gone with its media and vectors while the undone one is
whole, row for row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.services import goals
from studyapp.services.card_vectors import embed_cards
from studyapp.services.interop_media import media_dir
from studyapp.services.profiles import find_profile
from studyapp.services.study import record_review
from tests.factories import make_card, make_cards, make_goal
from tests.helpers import run_driver

pytestmark = [pytest.mark.gui, pytest.mark.slow]
ROOT = Path(__file__).resolve().parent.parent
DRIVER = ROOT / "tests" / "goals_driver.py"


def drive(script: str, url: str, workdir: Path, media: Path) -> dict[str, object]:
    returncode, lines, log = run_driver(
        DRIVER,
        [script],
        workdir,
        180,
        STUDYAPP_DATABASE_URL=url,
        STUDYAPP_VECTORS_DIR=str(workdir / "vectors"),
        STUDYAPP_MEDIA_DIR=str(media),
        STUDYAPP_PROVIDER="offline",
    )
    assert returncode == 0, f"{lines}\n{log[-3000:]}"
    assert not any(line.startswith("FAIL") for line in lines), lines
    shown: dict[str, object] = {"steps": [line.split()[1] for line in lines if line[:5] == "STEP "]}
    for line in lines:
        if line.startswith("SHOWN "):
            _tag, name, value = line.split(" ", 2)
            shown[name] = json.loads(value)
    return shown


def dump(db, goal_id: int) -> list[str]:
    """The goal's rows in every table, as PostgreSQL's own JSON (but the goal's place in the
    list, which the reorders renumbered)."""
    with db.session() as session:
        return sorted(  # each row names its table and id; the order of a UNION is not kept
            session.execute(
                text(
                    "SELECT (to_jsonb(t) - 'position')::text FROM goals t WHERE id = :g UNION ALL "
                    "SELECT to_jsonb(t)::text FROM skill_nodes t WHERE goal_id = :g UNION ALL "
                    "SELECT to_jsonb(t)::text FROM cards t WHERE goal_id = :g UNION ALL "
                    "SELECT to_jsonb(r)::text FROM reviews r JOIN cards c ON c.id = r.card_id "
                    "WHERE c.goal_id = :g"
                ),
                {"g": goal_id},
            ).scalars()
        )


def vector_rows(folder: Path, goal_id: int) -> int:
    import lancedb

    from studyapp.vectors.purge import _table_names

    conn = lancedb.connect(str(folder))
    return sum(
        conn.open_table(name).count_rows(f"goal_id = {goal_id}") for name in _table_names(conn)
    )


def test_goals_and_profiles_hold_after_a_restart(
    db, profile, pg_server_url, tmp_path, monkeypatch
) -> None:
    media = tmp_path / "media"
    monkeypatch.setenv("STUDYAPP_MEDIA_DIR", str(media))
    monkeypatch.setenv("STUDYAPP_VECTORS_DIR", str(tmp_path / "vectors"))
    ids = {t: make_goal(db, profile.id, t) for t in ("Algebra", "Biology", "Chemistry")}
    drawing = make_goal(db, profile.id, "Drawing")
    economics = make_goal(db, profile.id, "Economics")
    make_goal(db, profile.id, "French")
    folder = media_dir(db, profile.id)
    folder.mkdir(parents=True)
    (folder / "sketch.png").write_bytes(b"png")
    drawn = [
        make_card(db, profile.id, drawing, "Q", "A", media=[{"name": "sketch.png", "side": "back"}])
    ]
    drawn += make_cards(db, profile.id, drawing, 2)
    kept = make_cards(db, profile.id, economics, 2)
    record_review(db, profile.id, drawn[0], 3)
    record_review(db, profile.id, kept[0], 1)
    embed_cards(db, profile.id, [*drawn, *kept])
    economics_before = dump(db, economics)
    assert vector_rows(tmp_path / "vectors", drawing) == 3

    saved = drive("save", pg_server_url, tmp_path, media)
    assert {"window-shown", "renamed", "archived", "deleted", "quit"} <= set(saved["steps"])
    assert saved["question"] == (
        "Delete the goal \u201cEconomics\u201d? Its 2 cards and 1 review go with it. You can "
        "undo this until you close Studyapp."
    )
    order = ["French", "Linear algebra", "Chemistry", "Economics"]
    assert saved["order"] == order and saved["work-goals"] == []
    assert [g.title for g in goals.list_goals(db, profile.id)] == order
    assert [g.title for g in goals.list_goals(db, profile.id, archived=True)] == ["Biology"]
    assert goals.get_goal(db, profile.id, ids["Algebra"]).title == "Linear algebra"
    assert dump(db, drawing) == []  # deleted, and not undone: gone
    assert dump(db, economics) == economics_before  # deleted and undone: whole, row for row
    assert find_profile(db, "Work") is not None

    shown = drive("show", pg_server_url, tmp_path, media)
    assert shown["profile"] == "Work"  # the last profile opened, at the next start
    assert shown["order"] == order
    assert shown["archived"] == ["Biology  (0 cards)"]
    assert "final" in shown["steps"]
    assert not (folder / "sketch.png").exists()  # only the deleted goal used it
    assert vector_rows(tmp_path / "vectors", drawing) == 0
    assert vector_rows(tmp_path / "vectors", economics) == 2
    assert list((tmp_path / "data" / "undo").glob("*")) == []
