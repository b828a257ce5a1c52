"""Studyapp's widgets and models keep Qt's contracts: what the type check (`make lint`) found
where an override or an attribute disagreed with the Qt method it replaces."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPersistentModelIndex, Qt, QUrl
from PySide6.QtGui import QAction, QImage, QTextDocument

from studyapp.gui.goal.deck_model import CARD_IDS_MIME, DeckModel
from studyapp.gui.goal.deck_view import DeckView
from studyapp.gui.goal.tree_model import SkillTreeModel
from studyapp.gui.placeholder import SpinnerClock
from studyapp.gui.rich_text import RichText
from studyapp.gui.study.widgets import StudyView
from studyapp.services import goals

pytestmark = pytest.mark.gui


def test_the_study_views_actions_are_its_qt_actions(qtbot) -> None:
    """The grade/reveal stack was stored as ``self.actions``, so ``view.actions()`` raised
    "'QStackedWidget' object is not callable" instead of listing the view's actions."""
    view = StudyView()
    qtbot.addWidget(view)
    bury = QAction("Bury", view)
    view.addAction(bury)
    assert view.actions() == [bury]
    assert view.action_pages.count() == 4  # reveal, grades, continue, nothing


def test_the_deck_view_can_be_left_without_a_model(qtbot) -> None:
    """Qt's setModel(None) takes a view's model away; the deck's override followed the new
    model's signals without asking whether there was one ('NoneType' has no rowsInserted)."""
    view = DeckView(SpinnerClock())
    qtbot.addWidget(view)
    model = DeckModel()
    view.setModel(model)
    view.setModel(None)
    assert view.model() is None
    view.setModel(model)  # and a model given back is followed again
    assert view.model() is model


def test_cards_dropped_on_a_skill_through_a_persistent_index(qtbot) -> None:
    """Qt's drop API takes a QModelIndex or a QPersistentModelIndex; the tree asked the
    latter for siblingAtColumn(), which only the former has."""
    tree = SkillTreeModel()
    tree.set_tree([goals.NodeInfo(1, "Root", "", "ready")], jobs={}, card_counts={})
    cards = QMimeData()
    cards.setData(CARD_IDS_MIME, QByteArray(json.dumps([5, 6]).encode()))
    skill = QPersistentModelIndex(tree.index(0, 1))  # any column of the skill's row
    move = Qt.DropAction.MoveAction
    assert tree.canDropMimeData(cards, move, -1, 0, skill)
    dropped: list[tuple[list[int], int]] = []
    tree.cards_dropped.connect(lambda ids, node: dropped.append((ids, node)))
    tree.dropMimeData(cards, move, -1, 0, skill)  # False: the page moves them, not the model
    assert dropped == [([5, 6], 1)]


def test_a_picture_asked_for_by_name_as_text(qtbot) -> None:
    """QTextBrowser.loadResource is given a QUrl or a str; the card's picture lookup called
    toString() on either (a str has none), instead of finding the picture by that name."""
    rich = RichText()
    qtbot.addWidget(rich)
    picture = QImage(4, 3, QImage.Format.Format_ARGB32)
    picture.fill(Qt.GlobalColor.red)
    rich.show_html('<img src="cat.png">', {"cat.png": picture})
    kind = int(QTextDocument.ResourceType.ImageResource)
    assert rich.loadResource(kind, QUrl("cat.png")) == picture
    assert rich.loadResource(kind, "cat.png") == picture
