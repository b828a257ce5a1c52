"""The browser's table model: the ordered card ids of a search, and a cache of fetched rows.

Anki's ``browser/table/model.py`` and calibre's ``gui2/library/caches.py`` are the pattern: the
model holds only ids (a 10,000-card search is a list of ints), rows are fetched when the view
paints them, and a row not fetched yet shows blank until its block arrives with one
``dataChanged``. Fetching runs off the GUI thread (``run_op``); :meth:`data` only looks up a
tuple of ready-made strings, so a repaint costs a dictionary lookup per cell and scrolling never
calls into the database from the GUI thread.

Ids change in two ways. A new search that only drops rows (an archive or delete under a filter)
is applied as ``rowsRemoved`` ranges, so selection and scroll position survive; anything else is
a reset, after which the page restores the selection by id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from studyapp.gui.browser.columns import COLUMNS, cells
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.gui.plain_text import ACCESSIBLE_LIMIT, clip, tooltip
from studyapp.services.browser import BrowserRow

BLOCK = 150  # rows fetched per round trip: a few screens
CACHE_LIMIT = 4000  # rows kept; older blocks are fetched again when scrolled back to
MAX_REMOVALS = 32  # more separate removed ranges than this (a new filter) make a reset

_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole.value
_ID_ROLE = Qt.ItemDataRole.UserRole.value
_ROLES_UNUSED = frozenset(
    r.value
    for r in (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.SizeHintRole,
    )
)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
_ALIGNMENTS = tuple(_RIGHT if column.numeric else _LEFT for column in COLUMNS)
_TITLES = tuple(column.title for column in COLUMNS)

Entry = tuple[BrowserRow, tuple[str, ...]]  # a row and its cells' text
Fetch = Callable[[list[int]], list[Entry]]


def removed_ranges(old: Sequence[int], new: Sequence[int]) -> list[tuple[int, int]] | None:
    """If ``new`` is ``old`` with some ids left out (order kept), the removed row ranges
    (first, last), last range first; otherwise None."""
    if len(new) >= len(old):
        return None
    ranges: list[tuple[int, int]] = []
    j = 0
    start: int | None = None
    for i, card_id in enumerate(old):
        if j < len(new) and new[j] == card_id:
            if start is not None:
                ranges.append((start, i - 1))
                start = None
            j += 1
        elif start is None:
            start = i
    if j != len(new):
        return None
    if start is not None:
        ranges.append((start, len(old) - 1))
    return ranges[::-1]


def row_runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Row numbers as sorted (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class CardTableModel(QAbstractTableModel):
    rows_loaded = Signal()  # a block of rows arrived and was announced
    fetch_failed = Signal(str)

    def __init__(self, fetch: Fetch, parent: QObject | None = None) -> None:
        """``fetch(ids)`` runs on a worker thread and returns each found row with its cells."""
        super().__init__(parent)
        self.fetch = fetch
        self._ids: list[int] = []
        self._pos: dict[int, int] = {}
        self._cache: dict[int, Entry] = {}
        self._pending: set[int] = set()
        self._wanted_lo = -1
        self._wanted_hi = -1
        self._muted = QBrush(QColor(128, 128, 128))
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._fetch_wanted)

    # --- Qt API ------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        # Called for every visible cell and role on each paint: the common roles come first
        # and cost one dictionary lookup.
        if role == _DISPLAY:
            row = index.row()
            entry = self._cache.get(self._ids[row]) if 0 <= row < len(self._ids) else None
            if entry is None:
                self._want(row, row)
                return ""
            return entry[1][index.column()]
        if role == _ALIGN:
            return _ALIGNMENTS[index.column()]
        if role == _FOREGROUND:
            row = index.row()
            entry = self._cache.get(self._ids[row]) if 0 <= row < len(self._ids) else None
            return self._muted if entry is None or entry[0].archived else None
        if role in _ROLES_UNUSED:
            return None
        return self._rare_data(index, role)

    def _rare_data(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        if role in (_TOOLTIP, _ACCESSIBLE):
            entry = self._entry(index)
            if entry is None:
                text = "Loading\u2026"
            elif index.column() == 0:
                text = entry[0].front
            elif index.column() == 1:
                text = entry[0].back
            else:
                text = f"{_TITLES[index.column()]}: {entry[1][index.column()]}"
            # Card text is shown literally and bounded (gui/plain_text.py): a tooltip of raw
            # text is rich text whenever it starts like a tag.
            return tooltip(text) if role == _TOOLTIP else clip(text, ACCESSIBLE_LIMIT)
        if role == _ID_ROLE:
            return self._ids[index.row()] if 0 <= index.row() < len(self._ids) else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if int(role) == _DISPLAY:
                return _TITLES[section]
            if int(role) == _ALIGN:
                return _ALIGNMENTS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- ids ---------------------------------------------------------------------------------

    def ids(self) -> list[int]:
        return list(self._ids)

    def card_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, card_id: int) -> int | None:
        return self._pos.get(card_id)

    def row(self, card_id: int) -> BrowserRow | None:
        """The fetched row of ``card_id`` (None until its block arrived)."""
        entry = self._cache.get(card_id)
        return entry[0] if entry is not None else None

    def set_ids(self, ids: Sequence[int], first_rows: Sequence[Entry] = ()) -> None:
        """Show these cards in this order. ``first_rows`` are rows fetched with the search (the
        first screen, so it paints without another round trip); a new search drops every other
        cached row, so nothing shown is older than the search."""
        new = list(ids)
        if new == self._ids:
            self._store(first_rows)
            return
        ranges = removed_ranges(self._ids, new)
        if ranges is not None and len(ranges) <= MAX_REMOVALS:
            for first, last in ranges:  # last range first: earlier row numbers stay valid
                self.beginRemoveRows(QModelIndex(), first, last)
                for card_id in self._ids[first : last + 1]:
                    self._cache.pop(card_id, None)
                    self._pos.pop(card_id, None)
                del self._ids[first : last + 1]
                self.endRemoveRows()
            self._pos = {card_id: row for row, card_id in enumerate(self._ids)}
            self._store(first_rows)
            return
        self.beginResetModel()
        self._ids = new
        self._pos = {card_id: row for row, card_id in enumerate(new)}
        self._cache = {}
        self._pending.clear()  # blocks in flight still land (rows are keyed by id)
        self._wanted_lo = self._wanted_hi = -1
        for row, texts in first_rows:
            if row.id in self._pos:
                self._cache[row.id] = (row, texts)
        self.endResetModel()
        if not first_rows:
            self._want(0, min(len(new), BLOCK) - 1)  # the first screen, before the view asks

    def refresh(self, card_ids: Sequence[int]) -> None:
        """These cards changed (edited, moved): fetch their rows again."""
        for card_id in card_ids:
            if card_id in self._pos:
                self._cache.pop(card_id, None)
                row = self._pos[card_id]
                self._want(row, row)

    def set_muted(self, color: QColor) -> None:
        """The colour of archived rows and rows still loading (the palette's placeholder)."""
        self._muted = QBrush(color)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._ids) - 1, len(COLUMNS) - 1),
                [Qt.ItemDataRole.ForegroundRole],
            )

    def prefetch(self, first: int, last: int) -> None:
        """Fetch the rows around what is on screen before they are painted (the page calls
        this as the view scrolls, so a steady scroll finds its rows already here)."""
        first, last = max(0, first), min(len(self._ids) - 1, last)
        if any(self._ids[r] not in self._cache for r in range(first, last + 1)):
            self._want(first, last)

    def loaded(self, row: int) -> bool:
        return 0 <= row < len(self._ids) and self._ids[row] in self._cache

    # --- fetching ----------------------------------------------------------------------------

    def _entry(self, index: QModelIndex | QPersistentModelIndex) -> Any:
        row = index.row()
        if not 0 <= row < len(self._ids):
            return None
        entry = self._cache.get(self._ids[row])
        if entry is None:
            self._want(row, row)
        return entry

    def _want(self, first: int, last: int) -> None:
        if last < first:
            return
        if self._wanted_lo < 0:
            self._wanted_lo, self._wanted_hi = first, last
        else:
            self._wanted_lo = min(self._wanted_lo, first)
            self._wanted_hi = max(self._wanted_hi, last)
        if not self._flush.isActive():
            self._flush.start()

    def _fetch_wanted(self) -> None:
        lo, hi = self._wanted_lo, self._wanted_hi
        self._wanted_lo = self._wanted_hi = -1
        if lo < 0 or lo >= len(self._ids):
            return
        # A block around what was asked for: the rows just off screen come along.
        lo = max(0, lo - BLOCK // 4)
        hi = min(len(self._ids) - 1, max(hi, lo + BLOCK - 1), lo + 4 * BLOCK)
        ids = [
            card_id
            for card_id in self._ids[lo : hi + 1]
            if card_id not in self._cache and card_id not in self._pending
        ]
        if not ids:
            return
        self._pending.update(ids)
        fetch = self.fetch
        run_op(
            lambda: fetch(ids),
            lambda rows: self._arrived(ids, rows),
            lambda exc: self._failed(ids, exc),
            owner=self,
        )

    def _arrived(self, asked: list[int], rows: Sequence[Entry]) -> None:
        self._pending.difference_update(asked)
        self._store(rows)
        self.rows_loaded.emit()

    def _store(self, rows: Sequence[Entry]) -> None:
        if not rows:
            return
        if len(self._cache) + len(rows) > CACHE_LIMIT:
            for old in list(self._cache)[: len(self._cache) + len(rows) - CACHE_LIMIT + BLOCK]:
                del self._cache[old]
        positions = []
        for row, texts in rows:
            position = self._pos.get(row.id)
            if position is not None:
                self._cache[row.id] = (row, texts)
                positions.append(position)
        # One signal per run of new rows: a block above and below the screen must not repaint
        # the rows in between, which were already there.
        last_column = len(COLUMNS) - 1
        for first, last in row_runs(positions):
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))

    def _failed(self, asked: list[int], exc: BaseException) -> None:
        self._pending.difference_update(asked)
        self.fetch_failed.emit(error_text(exc))


def fetcher(fetch_rows: Callable[[list[int]], list[BrowserRow]]) -> Fetch:
    """``fetch_rows`` plus the cell texts, both on the worker thread."""

    def fetch(ids: list[int]) -> list[Entry]:
        return [(row, cells(row)) for row in fetch_rows(ids)]

    return fetch
