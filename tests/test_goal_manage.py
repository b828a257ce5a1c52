"""Goals a learner manages: rename, archive and bring back, order, and delete with an undo that
lasts until the app closes (services/goal_manage.py, services/goal_deletion.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.errors import BadInput, NotFound
from studyapp.services import generation, goal_deletion, goal_manage, goals, study
from studyapp.services.card_vectors import embed_cards, vector_store
from studyapp.services.goal_deletion import UndoFolder
from studyapp.services.interop_media import media_dir
from studyapp.services.study import record_review
from tests.factories import make_card, make_cards, make_distractors, make_goal, make_node
from tests.gen_support import drain

ROOT = Path(__file__).resolve().parent.parent


def titles(db, profile_id: int, *, archived: bool = False) -> list[str]:
    return [g.title for g in goals.list_goals(db, profile_id, archived=archived)]


def test_rename_checks_the_title_and_the_owner(db, profile, other_profile) -> None:
    goal = make_goal(db, profile.id, "Chemistry")
    renamed = goal_manage.rename_goal(db, profile.id, goal, "  Organic   chemistry ")
    assert renamed.title == "Organic chemistry" and titles(db, profile.id) == [renamed.title]
    with pytest.raises(BadInput, match="needs a title"):
        goal_manage.rename_goal(db, profile.id, goal, "   ")
    with pytest.raises(BadInput, match="at most 500 characters"):
        goal_manage.rename_goal(db, profile.id, goal, "x" * 501)
    with pytest.raises(NotFound):
        goal_manage.rename_goal(db, other_profile.id, goal, "Mine now")
    assert titles(db, profile.id) == ["Organic chemistry"]


def test_archived_goals_leave_the_list_and_study_and_come_back_in_place(db, profile) -> None:
    ids = [make_goal(db, profile.id, t) for t in ("A", "B", "C")]
    make_cards(db, profile.id, ids[1], 2)
    goal_manage.move_goal(db, profile.id, ids[0], before=None)  # B, C, A
    goal_manage.set_goal_archived(db, profile.id, ids[1], True)
    assert titles(db, profile.id) == ["C", "A"]
    assert titles(db, profile.id, archived=True) == ["B"]
    assert study.due_queue(db, profile.id).new == ()  # "Study all due" skips it
    back = goal_manage.set_goal_archived(db, profile.id, ids[1], False)
    assert not back.archived
    assert titles(db, profile.id) == ["B", "C", "A"]  # where it was
    assert len(study.due_queue(db, profile.id).new) == 2


def test_moves_number_every_goal_and_new_goals_come_last(db, profile, other_profile) -> None:
    a, b, c, d = (make_goal(db, profile.id, t) for t in "ABCD")
    theirs = make_goal(db, other_profile.id, "Theirs")
    assert goal_manage.move_goal(db, profile.id, d, before=a) == [d, a, b, c]
    assert goal_manage.move_goal_by(db, profile.id, a, 2) == [d, b, c, a]
    assert goal_manage.move_goal_by(db, profile.id, a, 1) == [d, b, c, a]  # already last
    assert goal_manage.move_goal_by(db, profile.id, d, -1) == [d, b, c, a]  # already first
    assert goal_manage.move_goal_to(db, profile.id, c, 1) == [c, d, b, a]
    assert goal_manage.move_goal(db, profile.id, c, before=c) == [c, d, b, a]  # onto itself
    e = goals.create_goal(db, profile.id, "E").id
    assert titles(db, profile.id) == ["C", "D", "B", "A", "E"]
    goal_manage.set_goal_archived(db, profile.id, b, True)
    with pytest.raises(BadInput, match="archived"):
        goal_manage.move_goal_by(db, profile.id, b, -1)
    with pytest.raises(BadInput, match="not in the list"):
        goal_manage.move_goal(db, profile.id, e, before=b)
    with pytest.raises(NotFound):
        goal_manage.move_goal(db, profile.id, theirs, before=None)
    with pytest.raises(BadInput, match="counts from 1"):
        goal_manage.move_goal_to(db, profile.id, e, 0)
    assert goal_manage.move_goal(db, profile.id, e, before=d) == [c, e, d, a]
    goal_manage.set_goal_archived(db, profile.id, b, False)
    assert titles(db, profile.id) == ["C", "E", "D", "B", "A"]
    assert titles(db, other_profile.id) == ["Theirs"]


# -- deletion ----------------------------------------------------------------------------------


def dump(db, goal_id: int) -> dict[str, list[str]]:
    """Every row the goal's cascade holds, as PostgreSQL's own JSON (exact values)."""
    with db.session() as session:
        keys = goal_deletion._closure(session, goal_id)
        return {
            name: list(
                session.execute(
                    text(
                        f"SELECT to_jsonb(t)::text FROM {name} t WHERE id = ANY(:ids) ORDER BY id"
                    ),
                    {"ids": ids},
                ).scalars()
            )
            for name, ids in keys.items()
        }


def rich_goal(db, profile_id: int, registry) -> int:
    """A goal with a tree two levels deep, cards on skills, choices, reviews and jobs."""
    goal = make_goal(db, profile_id, "Networks")
    top = make_node(db, goal, "Transport")
    child = make_node(db, goal, "Congestion", parent_id=top)
    cards = [make_card(db, profile_id, goal, f"Q{i}", f"A{i}", node_id=child) for i in range(3)]
    make_distractors(db, cards[0], ["x", "y", "z"])
    record_review(db, profile_id, cards[0], 3)
    record_review(db, profile_id, cards[1], 1)
    generation.submit_skill_tree(db, profile_id, goal, registry=registry)
    return goal


def test_the_question_counts_what_goes(db, profile, registry) -> None:
    goal = rich_goal(db, profile.id, registry)
    contents = goal_deletion.goal_contents(db, profile.id, goal)
    assert contents.question() == (
        "Delete the goal \u201cNetworks\u201d? Its 3 cards and 2 reviews go with it (2 skills "
        "in its tree). You can undo this until you close Studyapp."
    )
    empty = make_goal(db, profile.id, "Empty")
    make_card(db, profile.id, goal, "Q9", "A9")
    record_review(db, profile.id, make_card(db, profile.id, empty, "Q", "A"), 3)
    assert "Its 1 card and 1 review go with it." in (
        goal_deletion.goal_contents(db, profile.id, empty).question()
    )
    assert (
        "It has no cards yet."
        in goal_deletion.goal_contents(db, profile.id, make_goal(db, profile.id, "Bare")).question()
    )


def test_delete_is_real_at_once_and_undo_brings_back_every_row(
    db, profile, registry, tmp_path
) -> None:
    goal = rich_goal(db, profile.id, registry)
    kept = make_goal(db, profile.id, "Kept")
    before = dump(db, goal)
    assert set(before) >= {"goals", "skill_nodes", "cards", "distractor_sets", "reviews", "jobs"}
    undo = UndoFolder(tmp_path / "undo")
    deleted = goal_deletion.delete_goal(db, profile.id, goal, undo=undo)
    assert deleted.sentence() == (
        "Deleted the goal \u201cNetworks\u201d with its 3 cards and 2 reviews."
    )
    assert deleted.copy is not None and deleted.copy.is_file()
    assert [g.id for g in goals.list_goals(db, profile.id)] == [kept]
    with pytest.raises(NotFound):  # gone for every other process too
        goals.get_goal(db, profile.id, goal)
    with db.session() as session:
        left = session.execute(
            text("SELECT count(*) FROM cards WHERE goal_id = :g"), {"g": goal}
        ).scalar()
    assert left == 0

    back = goal_deletion.undo_delete(db, deleted)
    assert back.title == "Networks"
    assert dump(db, goal) == before  # every id, state, review and job exactly as it was
    assert not deleted.copy.exists()
    with pytest.raises(BadInput, match="can no longer be brought back"):
        goal_deletion.undo_delete(db, deleted)
    undo.close()


def test_a_running_job_of_a_deleted_goal_writes_nothing_and_runs_again_after_undo(
    db, profile, registry, runner, clock, tmp_path
) -> None:
    goal = make_goal(db, profile.id, "Understand TCP congestion control")
    job = generation.submit_skill_tree(db, profile.id, goal, registry=registry, clock=clock).job
    (claimed,) = runner.claim()
    assert claimed.id == job.id
    undo = UndoFolder(tmp_path / "undo")
    deleted = goal_deletion.delete_goal(db, profile.id, goal, undo=undo)
    assert runner.execute(claimed) is None  # its row is gone: the result is refused
    with db.session() as session:
        assert session.execute(text("SELECT count(*) FROM skill_nodes")).scalar() == 0

    (claimed_again,) = runner.claim() or [None]  # nothing pending meanwhile
    assert claimed_again is None
    goal_deletion.undo_delete(db, deleted)
    with db.session() as session:
        status, attempts, locked_by = session.execute(
            text("SELECT status, attempts, locked_by FROM jobs WHERE id = :j"), {"j": job.id}
        ).one()
    assert (status, attempts, locked_by) == ("pending", 0, None)  # the claim's attempt given back
    clock.set(datetime.now(UTC) + timedelta(minutes=1))  # undo queued it at the server's now()
    drain(runner, clock)
    tree = goals.skill_tree(db, profile.id, goal)
    assert tree and all(node.status == "ready" for node in tree)
    undo.close()


def test_final_clean_up_drops_vectors_and_media_only_the_goal_used(
    db, profile, tmp_path, media_root
) -> None:
    goal = make_goal(db, profile.id, "Pictures")
    other = make_goal(db, profile.id, "Other")
    folder = media_dir(db, profile.id)
    folder.mkdir(parents=True)
    for name in ("only.png", "shared.png", "later.png"):
        (folder / name).write_bytes(b"png " + name.encode())
    mine = [
        make_card(db, profile.id, goal, "Q1", "A1", media=[{"name": "only.png", "side": "front"}]),
        make_card(db, profile.id, goal, "Q2", "A2", media=[{"name": "shared.png", "side": "back"}]),
        make_card(db, profile.id, goal, "Q3", "A3", media=[{"name": "later.png", "side": "back"}]),
    ]
    theirs = make_card(
        db, profile.id, other, "Q4", "A4", media=[{"name": "shared.png", "side": "front"}]
    )
    assert embed_cards(db, profile.id, [*mine, theirs]) == 4
    undo = UndoFolder(tmp_path / "undo")
    deleted = goal_deletion.delete_goal(db, profile.id, goal, undo=undo)
    store = vector_store(db)
    assert store is not None and store.card_ids(profile.id, goal) == set(mine)  # kept for undo
    assert all((folder / n).exists() for n in ("only.png", "shared.png", "later.png"))
    time.sleep(0.05)
    os.utime(folder / "later.png")  # an import stored it again after the delete
    goal_deletion.finish_deletion(db, deleted)
    assert store.card_ids(profile.id, goal) == set()
    assert store.card_ids(profile.id, other) == {theirs}
    assert not (folder / "only.png").exists()
    assert (folder / "shared.png").exists() and (folder / "later.png").exists()
    assert not deleted.copy.exists()
    with pytest.raises(BadInput, match="can no longer be brought back"):
        goal_deletion.undo_delete(db, deleted)
    undo.close()


def test_a_deletion_left_by_a_dead_process_is_finished_by_the_next_start(
    db, profile, pg_server_url, tmp_path, media_root
) -> None:
    goal = make_goal(db, profile.id, "Crashed")
    folder = media_dir(db, profile.id)
    folder.mkdir(parents=True)
    (folder / "pic.png").write_bytes(b"png")
    card = make_card(db, profile.id, goal, "Q", "A", media=[{"name": "pic.png", "side": "front"}])
    embed_cards(db, profile.id, [card])
    undo_dir = tmp_path / "undo"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "STUDYAPP_MEDIA_DIR": str(media_root),
        "STUDYAPP_VECTORS_DIR": os.environ["STUDYAPP_VECTORS_DIR"],
    }
    script = (
        "import sys; from studyapp.db.database import Database; "
        "from studyapp.services import goal_deletion as d; "
        f"db = Database({pg_server_url!r}); u = d.UndoFolder({str(undo_dir)!r}); "
        f"d.delete_goal(db, {profile.id}, {goal}, undo=u); print('deleted', flush=True); "
        "sys.stdin.read()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    ) as child:
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == b"deleted"
            # Alive: its deletion is still undoable there, so nothing is touched.
            assert goal_deletion.finish_abandoned(db, undo_dir) == []
            assert len(list(undo_dir.glob("*.jsonl.gz"))) == 1 and (folder / "pic.png").exists()
        finally:
            child.send_signal(signal.SIGKILL)  # a crash: nothing finishes the deletion
            child.wait(30)
    assert goal_deletion.finish_abandoned(db, undo_dir) == [goal]
    assert not (folder / "pic.png").exists()
    store = vector_store(db)
    assert store is not None and store.card_ids(profile.id, goal) == set()
    assert list(undo_dir.iterdir()) == []
    with pytest.raises(NotFound):  # the deletion stands
        goals.get_goal(db, profile.id, goal)


def test_a_copy_whose_goal_still_exists_is_only_dropped(db, profile, tmp_path, media_root) -> None:
    """A process that died after writing its copy but before the delete committed: the goal is
    whole, so its media and vectors are not garbage."""
    goal = make_goal(db, profile.id, "Alive")
    folder = media_dir(db, profile.id)
    folder.mkdir(parents=True)
    (folder / "pic.png").write_bytes(b"png")
    card = make_card(db, profile.id, goal, "Q", "A", media=[{"name": "pic.png", "side": "front"}])
    embed_cards(db, profile.id, [card])
    undo = UndoFolder(tmp_path / "undo")
    deleted = goal_deletion.delete_goal(db, profile.id, goal, undo=undo)
    assert deleted.copy is not None
    leftover = deleted.copy.with_name(f"1-deadbeef00-goal-{goal}.jsonl.gz")
    leftover.write_bytes(deleted.copy.read_bytes())  # as a dead session would have left it
    goal_deletion.undo_delete(db, deleted)
    assert goal_deletion.finish_abandoned(db, undo.folder) == []
    assert not leftover.exists()
    assert (folder / "pic.png").exists()
    store = vector_store(db)
    assert store is not None and store.card_ids(profile.id, goal) == {card}
    assert goals.get_goal(db, profile.id, goal).title == "Alive"
    undo.close()


def test_no_copy_no_delete(db, profile, tmp_path) -> None:
    """The undo copy cannot be written (its folder is a file): the goal is left whole."""
    goal = make_goal(db, profile.id, "Kept whole")
    make_cards(db, profile.id, goal, 2)
    blocked = tmp_path / "undo"
    blocked.write_text("not a folder")
    with pytest.raises(BadInput, match="Nothing was deleted"):
        goal_deletion.delete_goal(db, profile.id, goal, undo=UndoFolder(blocked))
    assert goals.list_goals(db, profile.id)[0].cards == 2


# -- the command line ------------------------------------------------------------------------


def test_goal_management_from_the_command_line(db, profile, pg_server_url, tmp_path) -> None:
    from tests.helpers import run_cli, run_cli_here

    env = {"STUDYAPP_DATABASE_URL": pg_server_url, "STUDYAPP_VECTORS_DIR": str(tmp_path / "v")}
    a, b, c = (make_goal(db, profile.id, t) for t in ("Algebra", "Biology", "Chemistry"))
    record_review(db, profile.id, make_card(db, profile.id, c, "Q", "A"), 3)

    renamed = run_cli("goals", "rename", str(a), "Linear algebra", env=env)  # the real process
    assert renamed.returncode == 0, renamed.stderr
    assert renamed.stdout.strip() == f"goal {a} is now \u201cLinear algebra\u201d"
    assert run_cli_here("goals", "rename", str(a), "  ", env=env).returncode == 2

    archived = run_cli_here("goals", "archive", str(b), env=env)
    assert f"studyapp goals unarchive {b} brings it back" in archived.stdout
    shown = run_cli_here("goals", "list", "--archived", "--json", env=env).stdout
    assert [(g["title"], g["archived"]) for g in json.loads(shown)] == [("Biology", True)]
    moved = run_cli_here("goals", "move", str(c), "1", env=env)
    assert moved.stdout.strip() == f"goal {c} is now number 1 of 2"
    assert run_cli_here("goals", "unarchive", str(b), env=env).returncode == 0
    listed = run_cli_here("goals", "list", env=env).stdout.splitlines()
    assert [line.strip().split("  ")[1] for line in listed] == [
        "Chemistry",
        "Linear algebra",
        "Biology",
    ]

    refused = run_cli_here("goals", "delete", str(c), env=env, input="")
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "studyapp: Delete the goal \u201cChemistry\u201d? Its 1 card and 1 review go with it. "
        "This cannot be undone. Nothing was deleted: add --yes to delete."
    )
    deleted = run_cli_here("goals", "delete", str(c), "--yes", env=env)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.strip() == (
        "Deleted the goal \u201cChemistry\u201d with its 1 card and 1 review."
    )
    assert run_cli_here("goals", "delete", str(c), "--yes", env=env).returncode == 5
    assert [g.title for g in goals.list_goals(db, profile.id)] == ["Linear algebra", "Biology"]


def test_profiles_are_made_and_renamed_once_per_name(db, profile) -> None:
    from studyapp.services import profiles

    work = profiles.create_profile(db, "  Work ")
    assert work.name == "Work" and profiles.find_profile(db, "Work") == work
    with pytest.raises(BadInput, match="already exists"):
        profiles.create_profile(db, "Work")
    with pytest.raises(BadInput, match="control characters"):
        profiles.create_profile(db, "Bell\x07")
    with pytest.raises(BadInput, match="at most 100"):
        profiles.create_profile(db, "x" * 101)
    with pytest.raises(BadInput, match="already exists"):
        profiles.rename_profile(db, work.id, "default")
    assert profiles.rename_profile(db, work.id, "Evening").name == "Evening"
    with pytest.raises(NotFound):
        profiles.rename_profile(db, 999_999, "Nobody")
    assert [p.name for p in profiles.list_profiles(db)] == ["default", "Evening"]
    assert goals.list_goals(db, work.id) == []
    assert profiles.get_profile(db, work.id).name == "Evening"
