"""The deck: cards of a goal (or skill) plus placeholder rows for cards still being generated.

A table model (card | skill) with one delegate, never a widget per card, so 10,000 cards scroll
smoothly. Rows are cards in id order, then one placeholder per generation job at the end, where
its cards will appear; search results are shown in their rank order instead. Changes arrive as
deltas (:meth:`DeckModel.apply_delta`: a few inserted, changed or removed cards) and become row
signals, never a reset, so selection and scroll position survive every refresh and a finished
placeholder is replaced by its cards in place. Selected cards can be dragged onto a skill.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from studyapp.gui.makers import maker
from studyapp.gui.placeholder import Phase, phase_of, placeholder_text
from studyapp.gui.plain_text import ACCESSIBLE_LIMIT, ROW_LIMIT, one_line, tooltip
from studyapp.jobs.contract import JobInfo
from studyapp.services.cards import CardInfo

Key = tuple[str, int]  # ("card", id) or ("job", id)
CARD_IDS_MIME = "application/x-studyapp-card-ids"
CARD, SKILL = 0, 1
HEADERS = ("Card", "Skill")
NO_SKILL = "No skill"


@dataclass(frozen=True, slots=True)
class Row:
    key: Key
    card: CardInfo | None = None
    job: JobInfo | None = None


class DeckModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._index: dict[Key, int] = {}
        self._card_ids: list[int] = []  # ids of the card rows, sorted (unless ranked)
        self._skills: dict[int, str] = {}
        self.ranked = False  # showing search results in rank order (no placeholders)

    # -- Qt API -------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self._rows[index.row()]
        if row.card is not None:
            return (
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
        assert row.job is not None
        if phase_of(row.job) is Phase.FAILED:
            # Enabled (and current-able) so the keyboard can reach its Retry; not selectable
            # as content.
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.NoItemFlags  # greyed, not selectable: content being made

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        if row.card is not None:
            card = row.card
            if role == Qt.ItemDataRole.ToolTipRole:  # plain and bounded (gui/plain_text.py)
                return tooltip(
                    card.front,
                    card.back,
                    f"Skill: {self.skill_of(card)}\nMade by: {maker(card.provider)}",
                )
            if column == SKILL:
                return one_line(self.skill_of(card))
            limit = ACCESSIBLE_LIMIT if role == Qt.ItemDataRole.AccessibleTextRole else ROW_LIMIT
            return f"{one_line(card.front, limit)}\n{one_line(card.back, limit)}"
        assert row.job is not None
        if column != CARD:
            return None
        text = placeholder_text(row.job)
        if role == Qt.ItemDataRole.ToolTipRole:  # an error may quote the model: plain
            return tooltip(text)
        if role == Qt.ItemDataRole.AccessibleTextRole and phase_of(row.job) is Phase.FAILED:
            text += " Press Enter to retry."
        return text

    def mimeTypes(self) -> list[str]:
        return [CARD_IDS_MIME]

    def mimeData(self, indexes: Iterable[QModelIndex]) -> QMimeData:
        """Dragged cards carry their ids; the skill tree takes them (a move)."""
        data = QMimeData()
        data.setData(CARD_IDS_MIME, json.dumps(self.card_ids(indexes)).encode())
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    # -- reading ------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, index: QModelIndex | QPersistentModelIndex) -> Row | None:
        """The row behind an index, read in Python. Views and delegates use this rather than
        custom data roles: PySide 6.12 on Python 3.11 loses a reference to None each time an
        empty QVariant comes back to Python, and enough of those crash the interpreter."""
        if (
            not index.isValid()
            or index.model() is not self
            or not 0 <= index.row() < len(self._rows)
        ):
            return None
        return self._rows[index.row()]

    def row_of(self, key: Key) -> int | None:
        return self._index.get(key)

    def placeholder_rows(self) -> list[Row]:
        return self._rows[len(self._card_ids) :]

    def card_count(self) -> int:
        return len(self._card_ids)

    def card_ids(self, indexes: Iterable[QModelIndex | QPersistentModelIndex]) -> list[int]:
        """The distinct cards behind ``indexes`` (any column), in row order."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return [
            card.id
            for r in rows
            if 0 <= r < len(self._rows) and (card := self._rows[r].card) is not None
        ]

    def skill_of(self, card: CardInfo) -> str:
        if card.node_id is None:
            return NO_SKILL
        return self._skills.get(card.node_id, NO_SKILL)

    # -- content ------------------------------------------------------------------------

    def set_skill_names(self, names: Mapping[int, str]) -> None:
        """Skill titles for the Skill column (one dataChanged for the column when they moved)."""
        names = dict(names)
        if names == self._skills:
            return
        self._skills = names
        if self._card_ids:
            self.dataChanged.emit(self.index(0, SKILL), self.index(len(self._card_ids) - 1, SKILL))

    def set_content(self, cards: Sequence[CardInfo], jobs: Sequence[JobInfo]) -> None:
        """Show exactly these cards (in id order) and placeholders (in job id order). For a new
        goal or skill filter; refreshes of the same view use :meth:`apply_delta`."""
        ordered = sorted(cards, key=lambda c: c.id)
        self.ranked = False
        self._replace_all([Row(("card", c.id), card=c) for c in ordered], jobs)

    def show_results(self, cards: Sequence[CardInfo]) -> None:
        """Search results, best match first: their order is the point, so it is kept."""
        self.ranked = True
        self._replace_all([Row(("card", c.id), card=c) for c in cards], [])

    def apply_delta(
        self,
        upserted: Sequence[CardInfo],
        removed: Iterable[int],
        jobs: Sequence[JobInfo],
        *,
        belongs=None,
    ) -> None:
        """Cards added or changed (``upserted``) and removed since the last refresh, plus the
        placeholders now wanted. ``belongs(card)`` says whether a card is in the current view
        (a skill filter); a changed card that left it is removed. Costs O(changes), not O(deck).
        """
        assert not self.ranked, "search results are not refreshed by deltas"
        gone = {("card", card_id) for card_id in removed}
        stay: list[CardInfo] = []
        for card in upserted:
            if belongs is None or belongs(card):
                stay.append(card)
            else:
                gone.add(("card", card.id))
        # 1. Removals (bottom-up, so earlier row numbers stay right).
        doomed = sorted((self._index[k] for k in gone if k in self._index), reverse=True)
        for at in doomed:
            self.beginRemoveRows(QModelIndex(), at, at)
            self._index.pop(self._rows[at].key)
            del self._rows[at]
            del self._card_ids[at]
            self.endRemoveRows()
        if doomed:
            self._reindex(doomed[-1])
        # 2. Changes in place, and insertions at their id's place (usually the end).
        # Changed rows are announced with ONE dataChanged over their span: a job that homes
        # 1,500 cards to skills emitted 1,500 signals, each running the view's Python slot.
        appended: list[Row] = []
        changed: list[tuple[str, int]] = []
        for card in stay:
            key = ("card", card.id)
            row = Row(key, card=card)
            found = self._index.get(key)
            if found is not None:
                if self._rows[found] != row:
                    self._rows[found] = row
                    changed.append(key)
            elif not self._card_ids or card.id > self._card_ids[-1] or appended:
                appended.append(row)
            else:
                position = bisect.bisect_left(self._card_ids, card.id)
                self._insert(position, [row])
        if appended:
            appended.sort(key=lambda r: r.key[1])
            self._insert(len(self._card_ids), appended)
        if changed:  # where those rows are now, after any insertion above them
            places = [self._index[key] for key in changed]
            self.dataChanged.emit(self.index(min(places), CARD), self.index(max(places), SKILL))
        # 3. The placeholders after the cards.
        self._apply_jobs(jobs)

    def add_placeholder(self, job: JobInfo) -> None:
        """One more placeholder at the end, at once (the learner just clicked "Generate")."""
        key = ("job", job.id)
        if key in self._index:
            return
        self._insert(len(self._rows), [Row(key, job=job)])

    def remove_placeholder(self, job_id: int) -> None:
        at = self._index.get(("job", job_id))
        if at is None:
            return
        self.beginRemoveRows(QModelIndex(), at, at)
        self._index.pop(self._rows[at].key)
        del self._rows[at]
        self.endRemoveRows()
        self._reindex(at)

    def update_job(self, job: JobInfo) -> None:
        """A placeholder's job changed state (e.g. processing → retrying): repaint its row."""
        at = self._index.get(("job", job.id))
        if at is None:
            return
        self._rows[at] = Row(("job", job.id), job=job)
        self.dataChanged.emit(self.index(at, CARD), self.index(at, SKILL))

    # -- row bookkeeping ----------------------------------------------------------------

    def _replace_all(self, card_rows: list[Row], jobs: Sequence[JobInfo]) -> None:
        """A new view (goal, skill filter, search): one reset is cheaper than a diff here."""
        self.beginResetModel()
        job_rows = [Row(("job", j.id), job=j) for j in sorted(jobs, key=lambda j: j.id)]
        self._rows = card_rows + job_rows
        self._card_ids = [r.key[1] for r in card_rows]
        self._index = {row.key: i for i, row in enumerate(self._rows)}
        self.endResetModel()

    def _apply_jobs(self, jobs: Sequence[JobInfo]) -> None:
        """Make the rows after the cards exactly these placeholders, in job id order."""
        start = len(self._card_ids)
        wanted = {("job", j.id): j for j in jobs}
        for at in range(len(self._rows) - 1, start - 1, -1):
            if self._rows[at].key not in wanted:
                self.beginRemoveRows(QModelIndex(), at, at)
                self._index.pop(self._rows[at].key)
                del self._rows[at]
                self.endRemoveRows()
        self._reindex(start)
        for job in sorted(jobs, key=lambda j: j.id):
            key = ("job", job.id)
            row = Row(key, job=job)
            found = self._index.get(key)
            if found is None:
                position = start
                while position < len(self._rows) and self._rows[position].key[1] < job.id:
                    position += 1
                self._insert(position, [row])
            elif self._rows[found] != row:
                self._rows[found] = row
                self.dataChanged.emit(self.index(found, CARD), self.index(found, SKILL))

    def _insert(self, position: int, rows: list[Row]) -> None:
        self.beginInsertRows(QModelIndex(), position, position + len(rows) - 1)
        self._rows[position:position] = rows
        cards = [r.key[1] for r in rows if r.card is not None]
        if cards:
            self._card_ids[position:position] = cards
        self.endInsertRows()
        self._reindex(position)

    def _reindex(self, start: int) -> None:
        """Row numbers from ``start`` on moved: O(rows after start), usually a few."""
        index = self._index
        for at in range(start, len(self._rows)):
            index[self._rows[at].key] = at
