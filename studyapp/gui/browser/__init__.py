"""The card browser: ``BrowserPage(ctx)``; call ``show_goal(goal_id | None)`` when it is shown.

- ``columns.py``: the columns and their cell text (Qt-free, computed on the fetching thread).
- ``model.py``: :class:`CardTableModel`, ids plus a row cache filled block by block.
- ``dialogs.py``: confirm a delete (moving uses ``gui/move_dialog.py``, editing
  ``gui/card_editor.py``, both shared with the goal page).
- ``page.py``: :class:`BrowserPage`, the filter bar, the table and the actions.
"""

from studyapp.gui.browser.page import BrowserPage

__all__ = ["BrowserPage"]
