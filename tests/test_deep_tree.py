"""A skill chain 3,000 levels deep (a backup or a CSV skill path can make one) through every
walk of a skill tree: restore, the services, the command line, export, and the window's goal
page, tree, move dialog and statistics. Each of these once recursed per level: RecursionError."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import text

from studyapp.services import apkg, backup, browser, goals, interop_csv, mastery, stats, study
from studyapp.services.goal_view import goal_snapshot, subtree_ids
from studyapp.services.profiles import ensure_profile
from tests.factories import make_card, make_goal
from tests.helpers import run_cli_here

DEPTH = 3_000
T0 = "2025-02-01T07:30:15+00:00"


def chain_backup(path: Path) -> Path:
    """A backup whose goal is one chain of DEPTH skills, a card on the root and one at the
    bottom."""
    nodes = [
        {"id": i, "goal_id": 1, "parent_id": i - 1 if i > 1 else None, "title": f"Level {i}",
         "description": "", "position": 0, "status": "ready", "created_at": T0}
        for i in range(1, DEPTH + 1)
    ]  # fmt: skip
    card = {
        "goal_id": 1, "front": "q", "back": "a", "kind": "basic", "provider": None,
        "archived": False, "fsrs_state": 1, "fsrs_step": 0, "stability": None,
        "difficulty": None, "due": T0, "last_review": None, "created_at": T0, "updated_at": T0,
    }  # fmt: skip
    goal = {"id": 1, "title": "Deep", "description": "", "archived": False, "created_at": T0}
    data = {
        "format": "studyapp-backup",
        "version": 1,
        "profile": {"desired_retention": 0.9, "new_cards_per_day": 20, "settings": {}},
        "goals": [goal],
        "skill_nodes": list(reversed(nodes)),  # children first: the restore orders them
        "cards": [
            {**card, "id": 1, "node_id": 1, "front": "At the root?"},
            {**card, "id": 2, "node_id": DEPTH, "front": "At the bottom?"},
        ],
        "distractor_sets": [],
        "reviews": [],
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def deep(db, profile) -> int:
    """The chain, written by SQL (so every walk below meets it, whatever restore does)."""
    goal = make_goal(db, profile.id, "Deep")
    with db.engine.begin() as conn:
        base = conn.execute(text("SELECT coalesce(max(id), 0) FROM skill_nodes")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO skill_nodes (id, goal_id, parent_id, title, position, status) "
                "SELECT :base + i, :goal, CASE WHEN i = 1 THEN NULL ELSE :base + i - 1 END, "
                "'Level ' || i, 0, 'ready' FROM generate_series(1, :depth) i"
            ),
            {"base": base, "goal": goal, "depth": DEPTH},
        )
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence('skill_nodes', 'id'), :top)"),
            {"top": base + DEPTH},
        )
    make_card(db, profile.id, goal, "At the root?", "a", node_id=base + 1)
    make_card(db, profile.id, goal, "At the bottom?", "a", node_id=base + DEPTH)
    return goal


def test_the_services_the_command_line_and_export_walk_a_deep_chain(
    db, profile, deep, pg_server_url, tmp_path, media_root
) -> None:
    tree = goals.skill_tree(db, profile.id, deep)
    walked = list(goals.walk(tree))
    assert [depth for _node, depth in walked] == list(range(DEPTH))
    assert tree == goals.skill_tree(db, profile.id, deep)  # equality walks, not recurses
    assert len(repr(tree)) < 200 and hash(tree[0])
    assert tree[0].to_json()["children"][0]["title"] == "Level 2"
    first = goal_snapshot(db, profile.id, deep)
    again = goal_snapshot(db, profile.id, deep, previous=first)  # compares the trees
    assert again.nodes == first.nodes and len(again.node_titles()) == DEPTH
    assert len(subtree_ids(first.nodes, first.nodes[0].id)) == DEPTH
    by_node = mastery.goal_mastery(db, profile.id, deep).nodes
    assert len(by_node) == DEPTH
    assert stats.study_stats(db, profile.id, goal_id=deep).total_cards == 2
    assert len(browser.skill_choices(db, profile.id, deep)) == DEPTH
    root = tree[0].id
    assert len(study.due_queue(db, profile.id, node_id=root).cards) == 2
    # Export: a card's skill path is its whole chain.
    csv_path = tmp_path / "deep.csv"
    interop_csv.export_csv(db, profile.id, deep, csv_path)
    assert csv_path.read_text(encoding="utf-8").count("::") == DEPTH - 1
    apkg.export_apkg(db, profile.id, deep, tmp_path / "deep.apkg")
    # Backup and restore, into new profiles: the chain as written here, and a backup listing
    # it children first (the restore writes parents first, climbing, not recursing).
    again_path = tmp_path / "again.zip"
    backup.backup_profile(db, profile.id, again_path)
    for name, path in (("Copy", again_path), ("Other", chain_backup(tmp_path / "b.json"))):
        backup.restore_new_profile(db, name, path)
        copy = ensure_profile(db, name)
        (copied,) = goals.list_goals(db, copy.id)
        assert len(list(goals.walk(goals.skill_tree(db, copy.id, copied.id)))) == DEPTH
    # The command line, as text and as JSON (nested, written without recursion).
    url = ("--database-url", pg_server_url)
    shown = run_cli_here(*url, "goals", "tree", str(deep))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-1].startswith("  " * (DEPTH - 1))
    as_json = run_cli_here(*url, "goals", "tree", str(deep), "--json")
    assert as_json.returncode == 0, as_json.stderr
    out = as_json.stdout
    titles = re.findall(r'"title": "(Level \d+)"', out)
    assert titles == [f"Level {i}" for i in range(1, DEPTH + 1)]
    assert out.rstrip().endswith("[]" + "}]" * DEPTH)


@pytest.mark.gui
def test_the_goal_page_tree_move_dialog_and_statistics_show_a_deep_chain(
    qtbot, main_window, db, profile, deep
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMenu

    from studyapp.gui.move_dialog import MoveDialog
    from studyapp.gui.stats_page import StatsPage
    from tests.gui_driving import choose_menu, click, click_row, dialog_of

    window = main_window
    with qtbot.waitSignals([window.database_ready, window.goals_loaded], timeout=30_000):
        window.open_database()
    page = window.goal_page
    qtbot.waitUntil(lambda: page.snapshot is not None, timeout=30_000)
    model = page.tree_model
    root = model.index(0, 0)
    assert model.node_id_at(root) is not None and model.data(root.siblingAtColumn(1)) == "2"
    # The bottom skill is reachable through the model, 3,000 levels down.
    index, depth = root, 1
    while model.rowCount(index):
        index, depth = model.index(0, 0, index), depth + 1
    assert depth == DEPTH and model.data(index) == f"Level {DEPTH}"
    # A refresh rebuilds the tree and restores its state (both walk every row).
    with qtbot.waitSignal(page.snapshot_applied, timeout=30_000):
        page.reload()
    # Move the root's card with the dialog (its choices are the whole chain) to the bottom.
    row = next(r for r in page.deck_model.rows() if r.card and r.card.front == "At the root?")
    at = page.deck_model.index(page.deck_model.row_of(row.key), 0)
    click_row(qtbot, page.deck, at, right=True)
    menu = next(m for m in page.findChildren(QMenu) if m.isVisible())
    move = next(a for a in menu.actions() if a.text() == "Move to skill\u2026")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(move).center())
    mover = dialog_of(qtbot, MoveDialog)
    assert mover.skill_box.count() == DEPTH
    mover.skill_box.setFocus()
    qtbot.keyClick(mover.skill_box, Qt.Key.Key_End)
    assert mover.skill_box.currentText().strip() == f"Level {DEPTH}"
    bottom = mover.skill_box.currentData()
    with qtbot.waitSignals([page.cards.moved, page.snapshot_applied], timeout=30_000):
        click(qtbot, mover.ok_button)
    assert model.data(model.index_for_node(bottom).siblingAtColumn(1)) == "2"
    assert model.data(model.index(0, 1)) == "2"  # the root counts what is below it
    # Statistics of the goal.
    choose_menu(qtbot, window, "go", "stats")
    stats_page = window.stats_page
    assert isinstance(stats_page, StatsPage)
    qtbot.waitUntil(lambda: "Deep" in stats_page.title.text(), timeout=30_000)
    QApplication.processEvents()
