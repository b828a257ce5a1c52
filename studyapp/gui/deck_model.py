"""The deck: cards of a goal (or skill) plus placeholder rows for cards still being generated.

Model/view with one delegate, never a widget per card, so 10,000 cards scroll smoothly. Rows are
cards in id order, then one placeholder per generation job at the end, where its cards will
appear. :meth:`DeckModel.set_content` applies a new snapshot as row removals, insertions and
``dataChanged`` (never a reset), so selection and scroll position survive every refresh and a
finished placeholder is replaced by its cards in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from studyapp.gui.placeholder import Phase, phase_of, placeholder_text
from studyapp.jobs.contract import JobInfo
from studyapp.services.cards import CardInfo

Key = tuple[str, int]  # ("card", id) or ("job", id)


@dataclass(frozen=True)
class Row:
    key: Key
    card: CardInfo | None = None
    job: JobInfo | None = None


class DeckModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._index: dict[Key, int] = {}
        self._cards_signature: object = None

    # -- Qt API -------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self._rows[index.row()]
        if row.card is not None:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if row.card is not None:
                return f"{row.card.front}\n{row.card.back}"
            assert row.job is not None
            text = placeholder_text(row.job)
            if role == Qt.ItemDataRole.AccessibleTextRole and phase_of(row.job) is Phase.FAILED:
                text += " Press Enter to retry."
            return text
        if role == Qt.ItemDataRole.ToolTipRole and row.job is not None:
            return placeholder_text(row.job)
        return None

    # -- content ------------------------------------------------------------------------

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
        return [row for row in self._rows if row.job is not None]

    def card_count(self) -> int:
        return sum(1 for row in self._rows if row.card is not None)

    def set_content(
        self,
        cards: Sequence[CardInfo],
        jobs: Sequence[JobInfo],
        *,
        cards_signature: object = None,
    ) -> None:
        """Show exactly these cards (in id order) and placeholders (in job id order).

        ``cards_signature`` (computed off the GUI thread) says whether the cards are the ones
        already shown; then only the few placeholder rows at the end are compared, so a refresh of
        a 10,000-card deck costs the GUI thread next to nothing."""
        job_rows = [Row(("job", j.id), job=j) for j in sorted(jobs, key=lambda j: j.id)]
        if cards_signature is not None and cards_signature == self._cards_signature:
            first_job = next(
                (i for i, row in enumerate(self._rows) if row.job is not None), len(self._rows)
            )
            self._apply(job_rows, start=first_job)
            return
        ordered = sorted(cards, key=lambda c: c.id)
        shown = [row.card for row in self._rows if row.card is not None]
        if (
            shown
            and len(ordered) > len(shown)
            and all(a is b for a, b in zip(shown, ordered, strict=False))
        ):
            # The same card objects plus newer ones (a generation finished): insert only those.
            first_job = len(shown)
            added = [Row(("card", c.id), card=c) for c in ordered[len(shown) :]]
            self._apply(added + job_rows, start=first_job)
        else:
            new = [Row(("card", c.id), card=c) for c in ordered]
            self._apply(new + job_rows)
        self._cards_signature = cards_signature

    def add_placeholder(self, job: JobInfo) -> None:
        """One more placeholder at the end, at once (the learner just clicked "Generate")."""
        key = ("job", job.id)
        if key in self._index:
            return
        self._insert(len(self._rows), [Row(key, job=job)])
        self._index[key] = len(self._rows) - 1

    def remove_placeholder(self, job_id: int) -> None:
        at = self._index.get(("job", job_id))
        if at is None:
            return
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        self.endRemoveRows()
        self._index = {row.key: i for i, row in enumerate(self._rows)}

    def update_job(self, job: JobInfo) -> None:
        """A placeholder's job changed state (e.g. processing → retrying): repaint its row."""
        at = self._index.get(("job", job.id))
        if at is None:
            return
        self._rows[at] = Row(("job", job.id), job=job)
        index = self.index(at)
        self.dataChanged.emit(index, index)

    def _apply(self, new: list[Row], start: int = 0) -> None:
        """Make ``self._rows[start:]`` equal ``new`` with row-level signals."""
        wanted = {row.key for row in new}
        # 1. Removals, bottom-up, in contiguous runs.
        at = len(self._rows) - 1
        while at >= start:
            if self._rows[at].key in wanted:
                at -= 1
                continue
            end = at
            while at - 1 >= start and self._rows[at - 1].key not in wanted:
                at -= 1
            self.beginRemoveRows(QModelIndex(), at, end)
            del self._rows[at : end + 1]
            self.endRemoveRows()
            at -= 1
        # 2. Insertions: what remains is in the new order already (both are sorted by kind
        #    then id), so walk the new list and insert runs that are missing.
        position = start
        pending: list[Row] = []
        for row in new:
            if position < len(self._rows) and self._rows[position].key == row.key:
                if pending:
                    self._insert(position, pending)
                    position += len(pending)
                    pending = []
                changed = self._rows[position] != row
                self._rows[position] = row
                if changed:
                    index = self.index(position)
                    self.dataChanged.emit(index, index)
                position += 1
            else:
                pending.append(row)
        if pending:
            self._insert(position, pending)
        self._index = {row.key: i for i, row in enumerate(self._rows)}

    def _insert(self, position: int, rows: list[Row]) -> None:
        self.beginInsertRows(QModelIndex(), position, position + len(rows) - 1)
        self._rows[position:position] = rows
        self.endInsertRows()
