"""Guard against a refcount bug in some PySide6 wheels (seen in 6.12.0 under Python 3.11): every
void call (``painter.setPen(...)``) and every empty QVariant returned to Python loses a reference
to None, and after some tens of thousands the interpreter aborts ("none_dealloc"). A window that
paints for an hour would crash. pyproject.toml excludes that release; this test proves that the
installed one, painting our deck as the view does, keeps None alive.

The probe runs in a subprocess: on a broken PySide it aborts, which must fail this test, not kill
the test run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

PROBE = r"""
import sys
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
app = QApplication([])
from studyapp.gui.goal.deck_model import DeckModel
from studyapp.gui.goal.deck_view import DeckView
from studyapp.gui.goal.tree_model import SkillTreeModel
from studyapp.gui.placeholder import SpinnerClock
from studyapp.jobs.contract import JobInfo
from studyapp.services.cards import CardInfo
from studyapp.services.goals import NodeInfo

clock = SpinnerClock()
view = DeckView(clock)
model = DeckModel()
view.setModel(model)
cards = [CardInfo(i, 1, None, f"Q{i}", f"A{i}", "basic", "offline", None, False, None) for i in range(5)]
job = JobInfo(id=9, profile_id=1, type="flashcard_generation", status="failed", payload={},
              attempts=3, max_attempts=3, error="overloaded")
model.set_content(cards, [job])
tree = SkillTreeModel()
tree.set_tree([NodeInfo(1, "Root", "", "failed", job_id=9)], jobs={9: job})
option = QStyleOptionViewItem()
view.initViewItemOption(option)
option.rect = QRect(0, 0, 400, 54)
image = QImage(400, 60, QImage.Format.Format_ARGB32)
painter = QPainter(image)
before = sys.getrefcount(None)
for _ in range(int(sys.argv[1])):
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            view.delegate.paint(painter, option, model.index(row, column))
    tree.job_at(tree.index(0, 0, tree.index(0, 0)))
    tree.node_id_at(tree.index(0, 0))
after = sys.getrefcount(None)
painter.end()
print(before - after)
"""


def test_painting_keeps_none_alive() -> None:
    rounds = 2000  # 12,000 row paints, each dozens of Qt calls
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(rounds)],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=120,
    )
    assert done.returncode == 0, f"the paint probe crashed:\n{done.stderr[-2000:]}"
    lost = int(done.stdout.strip().splitlines()[-1])
    assert lost < 500, f"None lost {lost} references while painting (PySide refcount bug)"
