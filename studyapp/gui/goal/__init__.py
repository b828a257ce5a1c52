"""The goal page: its skill tree, its deck, and their dialogs, one module each.

``page.py`` (the page: loading, refreshing, generation and material), ``deck_actions.py`` (what
is done with cards: add, edit, move, archive), ``tree_model.py`` / ``tree_view.py`` (skills and
their placeholders), ``deck_model.py`` / ``deck_view.py`` (cards and theirs), ``dialogs.py``.
"""

from studyapp.gui.goal.page import GoalPage

__all__ = ["GoalPage"]
