"""Issue 18, defects 2 and 3 in the real window, offline: New goal makes one skill named for
the goal (its placeholder never says "Done." before the skill shows); Add material makes the
material's headings the tree; Generate cards on one of those skills makes cards from its
section. Every action through the widget a learner uses; every wait on a condition."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QDialogButtonBox

from studyapp.config import AppConfig
from studyapp.gui.goal.dialogs import MaterialDialog
from studyapp.gui.goal.tree_model import KIND_ROLE, SkillTreeModel
from studyapp.gui.main_window import MainWindow
from studyapp.gui.window_parts import NewGoalDialog
from studyapp.services import cards as card_service
from tests.gen_support import FIXTURE, FIXTURE_SKILLS, make_registry
from tests.gui_driving import click, click_row, dialog_of

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("offline_provider")]
OK = QDialogButtonBox.StandardButton.Ok


def tree_items(model: SkillTreeModel) -> list[tuple[int, str, str]]:
    out = []

    def walk(parent, depth):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            out.append((depth, index.data(KIND_ROLE), index.data()))
            walk(index, depth + 1)

    walk(QModelIndex(), 0)
    return out


@pytest.fixture
def window(qtbot, db, profile, pg_server_url, tmp_path, monkeypatch):
    monkeypatch.setenv("STUDYAPP_VECTORS_DIR", str(tmp_path / "vectors"))
    made = MainWindow(
        AppConfig(data_dir=tmp_path, database_url=pg_server_url),
        registry=make_registry(tmp_path / "vectors"),
        run_jobs=True,
        threads=2,
        listen=False,
    )
    qtbot.addWidget(made)
    made.show()
    with qtbot.waitSignals([made.database_ready, made.goals_loaded], timeout=30_000):
        made.open_database()
    yield made
    made.shutdown()
    active = [t for t in made.findChildren(QTimer) if t.isActive()]
    assert active == [], [(t.objectName(), t.interval()) for t in active]
    assert QThreadPool.globalInstance().waitForDone(10_000)


def test_new_goal_then_material_then_cards_for_a_skill(window, qtbot, db, profile) -> None:
    page = window.goal_page
    model = page.tree_model
    shown: list[str] = []  # every text a placeholder row of the tree showed

    def record(*_args) -> None:
        shown.extend(t for _d, k, t in tree_items(model) if k == "placeholder")

    model.dataChanged.connect(record)
    model.modelReset.connect(record)

    qtbot.keyClick(window.empty_page.button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = dialog_of(qtbot, NewGoalDialog)
    qtbot.keyClicks(dialog.title, "Understand TCP congestion control")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.goal_id is not None, timeout=10_000)
    qtbot.waitUntil(
        lambda: tree_items(model) == [(0, "node", "TCP congestion control")], timeout=20_000
    )
    assert shown and all(t.startswith("Generating") for t in shown), shown
    assert "Done." not in shown

    # Add material: its headings become the tree.
    click(qtbot, page.material_button)
    material = dialog_of(qtbot, MaterialDialog)
    material.text.setPlainText(FIXTURE.read_text())
    click(qtbot, material.buttons.button(OK))

    def top() -> list[str]:
        return [t for d, k, t in tree_items(model) if d == 0 and k == "node"]

    qtbot.waitUntil(lambda: top() == FIXTURE_SKILLS, timeout=30_000)
    qtbot.waitUntil(
        lambda: (
            (1, "node", "Slow start") in tree_items(model)
            and not [k for _d, k, _t in tree_items(model) if k == "placeholder"]
        ),
        timeout=30_000,
    )
    qtbot.waitUntil(lambda: page.snapshot is not None and bool(page.snapshot.cards), timeout=30_000)

    # Generate cards on "Detecting loss": it reads its section (never "…none for this skill").
    # The material's own job made a card of every fact there already, so the new job makes
    # none and the status bar says why (the click must not look as if it did nothing).
    loss = next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, 0).data() == "Detecting loss"
    )
    node_id = model.node_id_at(loss)
    before = len(card_service.list_cards(db, profile.id, page.goal_id, node_id=node_id))
    click_row(qtbot, page.tree, loss)
    click(qtbot, page.generate_button)

    qtbot.waitUntil(
        lambda: "has a card already" in window.statusBar().currentMessage(), timeout=30_000
    )
    qtbot.waitUntil(
        lambda: not [r for r in page.deck_model.rows() if r.card is None], timeout=30_000
    )
    assert len(card_service.list_cards(db, profile.id, page.goal_id, node_id=node_id)) == before
    assert not window.banner.isVisible() or "none for this skill" not in window.banner.text()
