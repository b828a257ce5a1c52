"""The interop commands end to end: export/import CSV and .apkg, backup/restore, clear refusals."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import select

from studyapp.db.models import Card, Goal
from studyapp.services import goals
from studyapp.services.profiles import ensure_profile
from tests.factories import make_card, make_goal, make_node
from tests.helpers import run_cli, run_cli_here


def assert_one_line_error(result, code: int, needle: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert needle in lines[0], lines[0]


def test_export_and_import_round_trip(pg_server_url, db, profile, tmp_path) -> None:
    source = make_goal(db, profile.id, "Source")
    node = make_node(db, source, "Skill")
    make_card(db, profile.id, source, "q, 1", "a\n1", node_id=node)
    make_card(db, profile.id, source, "q2 🚀", "a2")
    target = make_goal(db, profile.id, "Target")
    base = ("--database-url", pg_server_url)
    # CSV through the real process; .apkg in this one (test_apkg_with_history runs it for real).
    for fmt, cli in (("csv", run_cli), ("apkg", run_cli_here)):
        out = tmp_path / f"deck.{fmt}"
        result = cli(*base, "export", str(source), "--format", fmt, "--output", str(out), "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["cards"] == 2
        result = cli(*base, "import", str(out), "--goal", str(target), "--json")
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["format"] == fmt
        # the second format finds both cards already there (an Anki package by note GUID)
        expected = (2, 0, 0) if fmt == "csv" else (0, 0, 2)
        assert (report["taken"], report["duplicates"], report["unchanged"]) == expected
    with db.session() as session:
        texts = session.execute(
            select(Card.front, Card.back).where(Card.goal_id == target).order_by(Card.id)
        ).all()
    assert [tuple(t) for t in texts] == [("q, 1", "a\n1"), ("q2 🚀", "a2")]
    result = run_cli_here(*base, "import", str(tmp_path / "deck.csv"), "--goal", str(target))
    assert result.returncode == 0
    assert "Imported 0 cards" in result.stdout and "skipped 2" in result.stdout


def test_bad_inputs_exit_cleanly(pg_server_url, db, profile, other_profile, tmp_path) -> None:
    base = ("--database-url", pg_server_url)
    goal = make_goal(db, profile.id)
    theirs = make_goal(db, other_profile.id)
    corrupt = tmp_path / "corrupt.apkg"
    corrupt.write_bytes(b"PK\x03\x04 truncated garbage")
    assert_one_line_error(
        run_cli_here(*base, "import", str(corrupt), "--goal", str(goal)),
        2,
        "not a readable Anki package",
    )
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("question,answer\nq,a\n", encoding="utf-8")
    assert_one_line_error(
        run_cli_here(*base, "import", str(wrong), "--goal", str(goal)), 2, "wrong columns"
    )
    latin = tmp_path / "latin.csv"
    latin.write_bytes(b"front,back\nq,caf\xe9\n")
    assert_one_line_error(
        run_cli_here(*base, "import", str(latin), "--goal", str(goal)), 2, "not UTF-8"
    )
    assert_one_line_error(
        run_cli_here(*base, "export", str(theirs), "--output", str(tmp_path / "x.csv")),
        5,
        "No goal",
    )
    assert_one_line_error(
        run_cli_here(*base, "import", str(tmp_path / "missing.csv"), "--goal", str(goal)),
        2,
        "No such file",
    )
    assert_one_line_error(
        run_cli_here(*base, "export", str(goal), "--output", str(tmp_path / "x.bin")), 2, "--format"
    )


def test_backup_and_restore_commands(pg_server_url, db, profile, tmp_path) -> None:
    base = ("--database-url", pg_server_url)
    goal = make_goal(db, profile.id, "Networking")
    make_card(db, profile.id, goal, "q", "a")
    path = tmp_path / "backup.zip"
    result = run_cli(*base, "backup", "--output", str(path))
    assert result.returncode == 0, result.stderr
    assert "1 goal, 0 skills, 1 card, 0 choice sets, 0 reviews, 0 media files" in result.stdout
    result = run_cli(*base, "--profile", "copy", "restore", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cards"] == 1
    copy = ensure_profile(db, "copy")

    def fronts(profile_id: int) -> list[str]:
        with db.session() as session:
            query = select(Card.front).where(Card.profile_id == profile_id).order_by(Card.id)
            return list(session.execute(query).scalars())

    assert fronts(copy.id) == ["q"]
    # Restoring again into the same (now non-empty) profile is refused, naming both ways out.
    refused = run_cli_here(*base, "--profile", "copy", "restore", str(path))
    assert_one_line_error(refused, 2, "already has 1 goal")
    assert "--new-profile NAME" in refused.stderr and "--add" in refused.stderr
    # Beside the profile's own goal: added, the taken title told apart, nothing else touched.
    added = run_cli_here(*base, "--profile", "copy", "restore", str(path), "--add")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Restored 1 goal, 1 card, 0 reviews and 0 media files into")
    assert "beside its 1 goal, which was not touched" in added.stdout
    assert fronts(copy.id) == ["q", "q"]
    titles = sorted(g.title for g in goals.list_goals(db, copy.id))
    assert titles == ["Networking", "Networking (restored)"]
    # Into a new profile, named: made by the restore; a taken name is refused.
    made = run_cli_here(*base, "restore", str(path), "--new-profile", "Second")
    assert made.returncode == 0, made.stderr
    assert "into the new profile \u201cSecond\u201d" in made.stdout
    assert fronts(ensure_profile(db, "Second").id) == ["q"]
    again = run_cli_here(*base, "restore", str(path), "--new-profile", "Second")
    assert_one_line_error(again, 2, "A profile named \u201cSecond\u201d already exists")
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("backup.json"))
    data["version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")
    assert_one_line_error(
        run_cli_here(*base, "--profile", "fresh", "restore", str(path)), 2, "newer Studyapp"
    )


def test_apkg_with_history_into_a_new_goal(pg_server_url, db, profile, tmp_path) -> None:
    """`export` writes the history and media; `import` without --goal makes a goal of the deck."""
    from tests.interop_support import make_studied_goal

    env = {"STUDYAPP_MEDIA_DIR": str(tmp_path / "media")}
    base = ("--database-url", pg_server_url)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STUDYAPP_MEDIA_DIR", env["STUDYAPP_MEDIA_DIR"])
        goal = make_studied_goal(db, profile.id)
    out = tmp_path / "deck.apkg"
    result = run_cli(*base, "export", str(goal.goal_id), "-o", str(out), "--json", env=env)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["cards"], report["reviews"], report["media_files"]) == (7, 15, 2)
    result = run_cli(*base, "--profile", "fresh", "import", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "Imported 7 cards" in result.stdout and "15 reviews of history" in result.stdout
    fresh = ensure_profile(db, "fresh")
    with db.session() as session:
        titles = session.execute(select(Goal.title).where(Goal.profile_id == fresh.id)).scalars()
        assert list(titles) == ["Networking"]
    assert (tmp_path / "media" / str(fresh.id) / "diagram one.png").is_file()
    hostile = tmp_path / "hostile.apkg"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "media":
                data = json.dumps({"0": "../../escape.png", "1": "sound.mp3"}).encode()
            target.writestr(item, data)
    assert_one_line_error(
        run_cli_here(*base, "import", str(hostile), "--goal", str(goal.goal_id), env=env),
        2,
        "path separator",
    )
    assert not (tmp_path / "escape.png").exists()
