"""The skill tree as a Qt item model: skills with card counts and mastery, plus placeholders.

While the top-level tree is being generated the model shows a skeleton (one placeholder row;
during a regeneration it stands above the skills being replaced); a branch whose children are
still being made has a placeholder child; a branch whose job failed has a failed child row
(error + Retry) beside its finished siblings. Rebuilt from a snapshot on each refresh; the view
keeps expansion and selection by node id across rebuilds. Cards dragged from the deck can be
dropped on a skill: the model reports it (``cards_dropped``) and the page moves them.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from studyapp.gui.goal.deck_model import CARD_IDS_MIME
from studyapp.gui.placeholder import Phase, phase_of, placeholder_text, shows_spinner
from studyapp.gui.plain_text import tooltip
from studyapp.handlers.kinds import texts_for
from studyapp.jobs.contract import JobInfo
from studyapp.services.goals import NodeInfo, walk
from studyapp.services.mastery import Mastery

NODE_ID_ROLE = Qt.ItemDataRole.UserRole + 11
JOB_ROLE = Qt.ItemDataRole.UserRole + 12
KIND_ROLE = Qt.ItemDataRole.UserRole + 13
COLUMNS = ("Skill", "Cards", "Mastery")


_uids = itertools.count(1)


@dataclass(eq=False)
class TreeItem:
    kind: str  # "node" or "placeholder"
    parent: TreeItem | None
    node: NodeInfo | None = None
    job: JobInfo | None = None
    text: str = ""
    cards: int = 0
    mastery: str = ""
    children: list[TreeItem] = field(default_factory=list)
    uid: int = field(default_factory=lambda: next(_uids))

    def row(self, root: TreeItem) -> int:
        siblings = (self.parent or root).children
        return siblings.index(self)


class SkillTreeModel(QAbstractItemModel):
    cards_dropped = Signal(object, int)  # card ids, node id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._root = TreeItem("root", None)
        self._by_node: dict[int, TreeItem] = {}
        # Indexes carry an integer id, never a Python object pointer: PySide does not own a
        # reference for internalPointer(), so a stale index (after a rebuild) could reach freed
        # memory. A stale id simply finds nothing.
        self._by_uid: dict[int, TreeItem] = {}

    # -- building -----------------------------------------------------------------------

    def set_tree(
        self,
        nodes: Sequence[NodeInfo],
        *,
        tree_job: JobInfo | None = None,
        jobs: Mapping[int, JobInfo] | None = None,
        card_counts: Mapping[int, int] | None = None,
        mastery: Mapping[int, Mastery] | None = None,
    ) -> None:
        """Rebuild from a snapshot. ``tree_job`` is the goal's top-level tree job (skeleton while
        it runs and no skill exists yet); ``jobs`` holds branch jobs by id for their state."""
        jobs = jobs or {}
        counts = card_counts or {}
        mastery = mastery or {}
        self.beginResetModel()
        self._root = TreeItem("root", None)
        self._by_node = {}
        self._by_uid = {}

        # A skill's cards include its descendants': summed bottom-up over the walk (a tree
        # may be thousands of levels deep, so nothing here recurses).
        order = [node for node, _depth in walk(nodes)]
        totals: dict[int, int] = {}
        for node in reversed(order):
            totals[node.id] = counts.get(node.id, 0) + sum(totals[c.id] for c in node.children)

        def add(node: NodeInfo, parent: TreeItem) -> TreeItem:
            level = mastery.get(node.id)
            item = TreeItem(
                "node",
                parent,
                node=node,
                cards=totals[node.id],
                mastery=level.label if level is not None else "",
            )
            parent.children.append(item)
            self._by_node[node.id] = item
            return item

        def add_placeholder(node: NodeInfo, item: TreeItem) -> None:
            if node.status in ("generating", "failed") and node.job_id is not None:
                job = jobs.get(node.job_id)
                if job is not None and phase_of(job) is not Phase.DONE:
                    item.children.append(
                        TreeItem("placeholder", item, job=job, text=_branch_text(job))
                    )

        # The tree job's own row: the skeleton of a new tree, or, above the current skills, a
        # regeneration in progress (or its failure, with Retry; the old skills stay until a
        # new tree replaces them). Once it has written the top level and handed the branches
        # to their own jobs (``progress``), those jobs' rows say how it goes.
        in_parts = bool((tree_job.progress or {}).get("total")) if tree_job is not None else False
        if (
            tree_job is not None
            and not in_parts
            and (shows_spinner(tree_job) or phase_of(tree_job) is Phase.FAILED)
        ):
            self._root.children.append(
                TreeItem("placeholder", self._root, job=tree_job, text=placeholder_text(tree_job))
            )
        # Depth-first with an explicit stack; a branch's placeholder goes after its children
        # (the "close" entry), as it always has.
        stack: list[tuple[NodeInfo, TreeItem, TreeItem | None]] = [
            (node, self._root, None) for node in reversed(nodes)
        ]
        while stack:
            node, parent, done = stack.pop()
            if done is not None:
                add_placeholder(node, done)
                continue
            item = add(node, parent)
            stack.append((node, parent, item))
            stack.extend((child, item, None) for child in reversed(node.children))
        self._by_uid = {item.uid: item for item in self._iter(self._root)}
        self.endResetModel()

    def update_figures(self, card_counts: Mapping[int, int], mastery: Mapping[int, Mastery]) -> int:
        """New card counts and mastery for the same skills: the changed cells are repainted
        (``dataChanged`` on the Cards and Mastery columns), nothing is laid out again. Returns
        how many rows changed.

        One ``dataChanged`` per parent, spanning its changed rows: the view sizes these columns
        to their contents, and each signal made it measure every row again (a 110-skill tree
        whose counts all moved took 160 ms of the GUI thread, one signal per row)."""
        changed = 0
        spans: dict[int, tuple[TreeItem, int, int]] = {}  # parent uid -> (parent, first, last)

        items = list(self._iter(self._root))
        totals: dict[int, int] = {}
        for item in reversed(items):  # children before their parents: summed bottom-up
            own = card_counts.get(item.node.id, 0) if item.node is not None else 0
            below = sum(totals[c.uid] for c in item.children if c.kind == "node")
            totals[item.uid] = own + below

        for item in items:
            if item.kind != "node" or item.node is None:
                continue
            level = mastery.get(item.node.id)
            cards, label = totals[item.uid], level.label if level is not None else ""
            if (cards, label) != (item.cards, item.mastery):
                item.cards, item.mastery = cards, label
                parent = item.parent if item.parent is not None else self._root
                row = item.row(self._root)
                _p, first, last = spans.get(parent.uid, (parent, row, row))
                spans[parent.uid] = (parent, min(first, row), max(last, row))
                changed += 1
        for parent, first, last in spans.values():
            parent_index = QModelIndex() if parent is self._root else self._index_of(parent)
            self.dataChanged.emit(
                self.index(first, 1, parent_index), self.index(last, 2, parent_index)
            )
        return changed

    def update_job(self, job: JobInfo) -> bool:
        """Repaint placeholders of ``job``; True if any row showed it.

        A finished job leaves its row as it was (spinner, what is being made) until the next
        snapshot puts its skills in its place: a row saying "Done." above no skills read as
        a tree that came out empty."""
        found = False
        for item in self._iter(self._root):
            if item.kind == "placeholder" and item.job is not None and item.job.id == job.id:
                if phase_of(job) is Phase.DONE:
                    found = True
                    continue
                item.job = job
                item.text = (
                    _branch_text(job) if item.parent is not self._root else placeholder_text(job)
                )
                index = self._index_of(item)
                self.dataChanged.emit(index, index.siblingAtColumn(len(COLUMNS) - 1))
                found = True
        return found

    def item_at(self, index: QModelIndex | QPersistentModelIndex) -> TreeItem | None:
        """The item behind an index, read in Python (never ``index.data(ROLE)`` for values that
        may be empty: see ``DeckModel.row_at``)."""
        if not index.isValid() or index.model() is not self:
            return None
        return self._by_uid.get(index.internalId())

    def job_at(self, index: QModelIndex | QPersistentModelIndex) -> JobInfo | None:
        item = self.item_at(index)
        return item.job if item is not None else None

    def node_id_at(self, index: QModelIndex | QPersistentModelIndex) -> int | None:
        item = self.item_at(index)
        return item.node.id if item is not None and item.node is not None else None

    def is_placeholder(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        item = self.item_at(index)
        return item is not None and item.kind == "placeholder"

    def index_for_node(self, node_id: int) -> QModelIndex:
        item = self._by_node.get(node_id)
        return self._index_of(item) if item is not None else QModelIndex()

    def _iter(self, item: TreeItem) -> Iterator[TreeItem]:
        """Every item below ``item``, depth-first in order, with an explicit stack."""
        stack = list(reversed(item.children))
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(current.children))

    def _index_of(self, item: TreeItem, column: int = 0) -> QModelIndex:
        return self.createIndex(item.row(self._root), column, item.uid)

    # -- Qt API -------------------------------------------------------------------------

    def _item(self, index: QModelIndex | QPersistentModelIndex) -> TreeItem:
        if not index.isValid():
            return self._root
        return self._by_uid.get(index.internalId(), self._root)

    def index(
        self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()
    ) -> QModelIndex:
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        item = self._item(parent)
        if row >= len(item.children):
            return QModelIndex()
        return self.createIndex(row, column, item.children[row].uid)

    # QObject.parent() and QAbstractItemModel.parent(index) share the name; a model answers
    # the second only (Qt's views never call the first on it).
    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # the overload pair (above)
        if not index.isValid():
            return QModelIndex()
        item = self._by_uid.get(index.internalId())
        parent = item.parent if item is not None else None
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row(self._root), 0, parent.uid)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._item(parent).children)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return len(COLUMNS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        item = self._item(index)
        if item.kind == "node":
            return (
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDropEnabled
            )
        if item.job is not None and phase_of(item.job) is Phase.FAILED:
            return Qt.ItemFlag.ItemIsEnabled  # reachable by keyboard for Retry
        return Qt.ItemFlag.NoItemFlags

    # -- cards dropped from the deck --------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [CARD_IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def _drop_target(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> int | None:
        """Dropped ON a skill (row -1), never between rows: a card goes into a skill."""
        if row != -1 or not parent.isValid():
            return None
        return self.node_id_at(parent.sibling(parent.row(), 0))  # (a persistent index too)

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        return data.hasFormat(CARD_IDS_MIME) and self._drop_target(row, parent) is not None

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        node_id = self._drop_target(row, parent)
        if node_id is None or not data.hasFormat(CARD_IDS_MIME):
            return False
        try:
            ids = [int(i) for i in json.loads(bytes(data.data(CARD_IDS_MIME).data()))]
        except (ValueError, TypeError):
            return False
        if ids:
            self.cards_dropped.emit(ids, node_id)
        return False  # the page moves them; the deck's rows follow its next refresh

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        item = self._item(index)
        column = index.column()
        if role == KIND_ROLE:
            return item.kind
        if role == JOB_ROLE:
            return item.job
        if role == NODE_ID_ROLE:
            return item.node.id if item.node is not None else None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            if item.kind == "placeholder":
                if column != 0:
                    return None
                text = item.text
                if role == Qt.ItemDataRole.ToolTipRole:  # an error may quote the model
                    return tooltip(text)
                if (
                    role == Qt.ItemDataRole.AccessibleTextRole
                    and item.job
                    and phase_of(item.job) is Phase.FAILED
                ):
                    text += " Press Enter to retry."
                return text
            assert item.node is not None
            if column == 0:
                if role == Qt.ItemDataRole.ToolTipRole:  # a model's words: plain, bounded
                    return tooltip(item.node.title, item.node.description)
                return item.node.title
            if column == 1:
                return str(item.cards)
            if column == 2:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return "Mean recall now (not studied yet: no reviews)"
                return item.mastery
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def model_indexes(model: QAbstractItemModel) -> Iterator[QModelIndex]:
    """Every column-0 index of ``model``, depth-first in order, with an explicit stack (a
    skill tree may be thousands of levels deep)."""
    root = QModelIndex()
    stack = [model.index(row, 0, root) for row in reversed(range(model.rowCount(root)))]
    while stack:
        index = stack.pop()
        yield index
        stack.extend(model.index(row, 0, index) for row in reversed(range(model.rowCount(index))))


def _branch_text(job: JobInfo) -> str:
    return placeholder_text(job, texts_for(job.type).working_branch or None)
