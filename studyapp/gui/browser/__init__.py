"""The card browser: ``BrowserPage(ctx)``; call ``show_goal(goal_id | None)`` when it is shown.

- ``columns.py``: the columns and their cell text (Qt-free, computed on the fetching thread).
- ``model.py``: :class:`CardTableModel`, ids plus a row cache filled block by block.
- ``dialogs.py``: move to a skill, confirm a delete.
- ``page.py``: :class:`BrowserPage`, the filter bar, the table and the actions.
"""

from studyapp.gui.browser.page import BrowserPage

__all__ = ["BrowserPage"]
