"""The window's study controls an Anki user reaches for: study options, study more, card info,
bury, suspend and tags, as menu actions that follow the page on screen.

Kept out of ``main_window.py`` (which only calls :meth:`StudyActions.update` and
:meth:`StudyActions.pages_ready`): each action finds its target itself: the goal on screen (or
the goal being studied) for study options and study more, the card on screen in study or the
browser's current card / selection for card info, bury, suspend and tags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from studyapp.gui.ops import run_op
from studyapp.plural import counted

if TYPE_CHECKING:
    from studyapp.gui.card_info import CardInfoDialog
    from studyapp.gui.main_window import MainWindow
    from studyapp.gui.study_more import StudyMoreDialog
    from studyapp.gui.study_options import StudyOptionsDialog
    from studyapp.services.study_options import Saved

# The dialogs and services are imported when an action is used: the menu is built before the
# window's first paint, which must not wait for the database stack (gui/app.py).

NAMES = ("study-options", "study-more", "card-info", "bury-card", "suspend-card", "tag-cards")


class StudyActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: QDialog | None = None
        m = window.menus
        m.separator("edit")
        m.add("edit", "card-info", "Card &info", self.card_info, "Ctrl+I")
        m.add("edit", "bury-card", "&Bury until tomorrow", self.bury)
        m.add("edit", "suspend-card", "&Suspend / unsuspend", self.suspend)
        m.add("edit", "tag-cards", "&Tags\u2026", self.tags, "Ctrl+Shift+T")
        m.separator("edit")
        m.add("edit", "study-options", "Study &options\u2026", self.study_options)
        m.add_go("study-more", "Study &more\u2026", self.study_more)

    # --- wiring ----------------------------------------------------------------------------

    def pages_ready(self) -> None:
        w = self.window
        assert w.goal_page is not None and w.study_page is not None
        w.goal_page.options_requested.connect(self.study_options)
        w.goal_page.more_requested.connect(self.study_more)
        w.study_page.study_more_requested.connect(self.study_more)

    def _on(self, page: object) -> bool:
        return page is not None and self.window.pages.currentWidget() is page

    def update(self) -> None:
        w = self.window
        studying = self._on(w.study_page)
        browsing = self._on(w.browser_page)
        goal = self._goal() is not None
        for name, enabled in (
            ("card-info", studying or browsing),
            ("bury-card", studying or browsing),
            ("suspend-card", studying or browsing),
            ("tag-cards", browsing),
            ("study-options", goal),
            ("study-more", goal or studying),
        ):
            w.menus[name].setEnabled(enabled)

    def _goal(self) -> int | None:
        """The goal the options are about: the goal page's, or the one being studied."""
        w = self.window
        if self._on(w.goal_page) and w.goal_page is not None:
            return w.goal_page.goal_id
        if self._on(w.study_page) and w.study_page is not None:
            return w.study_page.goal_id
        return None

    # --- actions ---------------------------------------------------------------------------

    def card_info(self) -> CardInfoDialog | None:
        w = self.window
        if self._on(w.study_page) and w.study_page is not None:
            return w.study_page.show_card_info()
        if self._on(w.browser_page) and w.browser_page is not None:
            return w.browser_page.show_card_info()
        return None

    def bury(self) -> None:
        w = self.window
        if self._on(w.study_page) and w.study_page is not None:
            w.study_page.bury_current()
        elif self._on(w.browser_page) and w.browser_page is not None:
            w.browser_page.toggle_buried()

    def suspend(self) -> None:
        w = self.window
        if self._on(w.study_page) and w.study_page is not None:
            w.study_page.suspend_current()
        elif self._on(w.browser_page) and w.browser_page is not None:
            w.browser_page.toggle_suspended()

    def tags(self) -> None:
        w = self.window
        if self._on(w.browser_page) and w.browser_page is not None:
            w.browser_page.ask_tags()

    def study_options(self) -> StudyOptionsDialog | None:
        w = self.window
        goal_id = self._goal()
        if w.ctx is None or goal_id is None or self.dialog is not None:
            if goal_id is None:
                w.banner.show_message("Open a goal first (click it in the list).", "action")
            return None
        from studyapp.gui.study_options import StudyOptionsDialog

        title = w.goal_page.title.text() if w.goal_page is not None else ""
        dialog = StudyOptionsDialog(w.ctx, goal_id, title, w)
        dialog.saved.connect(self._options_saved)
        self._open(dialog)
        return dialog

    def _options_saved(self, saved: Saved) -> None:
        moved = f" {counted(saved.rescheduled, 'card')} rescheduled." if saved.rescheduled else ""
        self.window.statusBar().showMessage(
            f"Study options saved (preset \u201c{saved.preset.name}\u201d).{moved}", 6000
        )
        if self.window.goal_page is not None and self.window.goal_page.goal_id is not None:
            self.window.goal_page.schedule_reload()

    def study_more(self) -> StudyMoreDialog | None:
        w = self.window
        if w.ctx is None or self.dialog is not None:
            return None
        goal_id, node_id = self._goal(), None
        if self._on(w.study_page) and w.study_page is not None:
            node_id = w.study_page.node_id
        elif self._on(w.goal_page) and w.goal_page is not None:
            node_id = w.goal_page.selected_node()
        from studyapp.gui.study_more import StudyMoreDialog

        scope = "this skill" if node_id is not None else "this goal" if goal_id else "every goal"
        dialog = StudyMoreDialog(scope, has_goal=goal_id is not None, parent=w)
        dialog.chosen.connect(lambda kind, n: self._study_more(goal_id, node_id, kind, n))
        self._open(dialog)
        return dialog

    def _study_more(self, goal_id: int | None, node_id: int | None, kind: str, amount: int) -> None:
        from studyapp.gui.study_more import NEW
        from studyapp.services import study_options

        w = self.window
        if w.ctx is None:
            return
        if kind != NEW:
            w.show_study(goal_id, node_id, "flip", custom=(kind, amount))
            return
        if goal_id is None:
            return
        db, pid = w.ctx.db, w.ctx.profile.id

        def started(extra: tuple[int, int]) -> None:
            w.statusBar().showMessage(f"{counted(extra[0], 'more new card')} today.", 6000)
            w.show_study(goal_id, node_id, "flip")

        run_op(
            lambda: study_options.extend_today(db, pid, goal_id, new=amount),
            started,
            owner=w,
        )

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        dialog.deleteLater()
        if self.dialog is dialog:
            self.dialog = None
