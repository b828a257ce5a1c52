"""The jobs page: every job of the profile, filterable, with Retry and Cancel and the full error
history of the selected job. Refreshes off the GUI thread while visible (3 s, and at once on a
job notification); selection survives refreshes (kept by job id)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.gui.plain_text import tooltip
from studyapp.jobs import store
from studyapp.jobs.contract import STATUSES, JobInfo
from studyapp.jobs.store import type_label
from studyapp.plural import counted
from studyapp.services.job_labels import describe_jobs, describe_result
from studyapp.services.job_waits import waiting_notes

log = logging.getLogger(__name__)
COLUMNS = ("Type", "For", "Status", "Attempts", "Tokens", "Cost", "Created", "Error")
REFRESH_MS = 3000


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%d %b %H:%M:%S") if moment else ""


def attempts_text(job: JobInfo) -> str:
    """ "1 of 3" only while more may come: a job that failed for good after one attempt (a
    permanent error) is not waiting for two more."""
    if job.status in ("pending", "processing"):
        return f"{job.attempts} of {job.max_attempts}"
    if job.status == "failed" and job.attempts < job.max_attempts:
        return f"{job.attempts} (not retried)"
    return str(job.attempts)


def attempts_sentence(job: JobInfo) -> str:
    """The detail pane's words for the status and the same count ("failed after 1 attempt;
    not retried: …")."""
    tried = counted(job.attempts, "attempt")
    if job.status in ("pending", "processing"):
        return f"{job.status}, attempt {job.attempts} of {job.max_attempts}"
    if job.status == "failed" and job.attempts < job.max_attempts:
        return f"failed after {tried}; not retried (a retry would not fix this error)"
    if job.status == "failed":
        return f"failed after {tried}, all it was allowed"
    return f"{job.status} after {tried}"


class JobsTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._jobs: list[JobInfo] = []
        self._labels: dict[int, str] = {}
        self._waits: dict[int, str] = {}

    def set_jobs(
        self, jobs: list[JobInfo], labels: dict[int, str], waits: dict[int, str] | None = None
    ) -> None:
        self.beginResetModel()
        self._jobs = list(jobs)
        self._labels = dict(labels)
        self._waits = dict(waits or {})
        self.endResetModel()

    def job(self, row: int) -> JobInfo | None:
        return self._jobs[row] if 0 <= row < len(self._jobs) else None

    def waiting(self, job_id: int) -> str:
        return self._waits.get(job_id, "")

    def row_of(self, job_id: int) -> int | None:
        for row, job in enumerate(self._jobs):
            if job.id == job_id:
                return row
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        job = self._jobs[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:  # labels quote cards, errors quote models
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            return tooltip(text) if text else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = COLUMNS[index.column()]
        if column == "Type":
            return type_label(job.type).capitalize()
        if column == "For":
            return self._labels.get(job.id, "")
        if column == "Status":
            if job.id in self._waits:
                return self._waits[job.id]
            if job.status == "pending" and job.attempts:
                return "waiting to retry"
            if job.progress and job.status == "processing" and job.locked_by is None:
                return f"parts {job.progress.get('done', 0)}/{job.progress.get('total', 0)}"
            return job.status
        if column == "Attempts":
            return attempts_text(job)
        if column == "Tokens":
            return f"{job.input_tokens + job.output_tokens:,}" if job.input_tokens else ""
        if column == "Cost":
            return f"${job.cost_usd:.4f}" if job.cost_usd else ""
        if column == "Created":
            return _when(job.created_at)
        if column == "Error":
            return job.error or ""
        return None


class JobsPage(QWidget):
    message = Signal(str)
    error = Signal(str)
    refreshed = Signal()

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = JobsTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Jobs")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 300)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        # The details follow the SELECTION (a current index can outlive it: Ctrl+click).
        self.table.selectionModel().selectionChanged.connect(self._show_details)

        self.status_filter = QComboBox()
        # "" rather than None for "all": an empty QVariant coming back from Qt costs PySide 6.12
        # a reference to None (see DeckModel.row_at).
        self.status_filter.addItem("All statuses", "")
        for status in STATUSES:
            self.status_filter.addItem(status.capitalize(), status)
        self.type_filter = QComboBox()
        self.type_filter.addItem("All types", "")
        for job_type in ("skill_tree_generation", "flashcard_generation", "distractor_generation"):
            self.type_filter.addItem(type_label(job_type).capitalize(), job_type)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.type_filter.currentIndexChanged.connect(self.refresh)
        self.retry_button = QPushButton("Retry")
        self.retry_button.clicked.connect(self.retry_selected)
        self.cancel_button = QPushButton("Cancel job")
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Job details")
        self.count_label = QLabel("")

        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.status_filter)
        top.addWidget(self.type_filter)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.retry_button)
        top.addWidget(self.cancel_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([440, 160])
        layout = QVBoxLayout(self)
        title = QLabel("Background jobs")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self._timer = QTimer(self)
        self._timer.setObjectName("jobs-page-refresh")
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._soon = QTimer(self)
        self._soon.setObjectName("jobs-page-soon")
        self._soon.setSingleShot(True)
        self._soon.setInterval(100)
        self._soon.timeout.connect(self.refresh)
        self._loading = False
        ctx.watcher.job_event.connect(lambda _e: self._soon.start() if self.isVisible() else None)
        self._update_buttons()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._timer.start()
        self.refresh()

    def hideEvent(self, event) -> None:
        self._timer.stop()
        self._soon.stop()
        super().hideEvent(event)

    def shutdown(self) -> None:
        self._timer.stop()
        self._soon.stop()

    def selected_job(self) -> JobInfo | None:
        """The job of the selected row; None when no row is selected."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.job(rows[0].row()) if rows else None

    def refresh(self) -> None:
        if self._loading:
            return
        self._loading = True
        db, profile_id = self.ctx.db, self.ctx.profile.id
        status = self.status_filter.currentData() or None
        job_type = self.type_filter.currentData() or None

        def work() -> tuple[list[JobInfo], dict[int, str], dict[int, str]]:
            jobs = store.list_jobs(db, profile_id, status=status, job_type=job_type, limit=500)
            return jobs, describe_jobs(db, profile_id, jobs), waiting_notes(db, jobs)

        run_op(work, self._apply, self._failed, owner=self)

    def _apply(self, result: tuple[list[JobInfo], dict[int, str], dict[int, str]]) -> None:
        self._loading = False
        jobs, labels, waits = result
        keep = self.selected_job()
        self.model.set_jobs(jobs, labels, waits)
        if keep is not None:
            row = self.model.row_of(keep.id)
            if row is not None:
                self.table.selectRow(row)
        self.count_label.setText(f"{len(jobs)} jobs")
        self._show_details()
        self.refreshed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.error.emit(error_text(exc))

    def _show_details(self, *_args) -> None:
        job = self.selected_job()
        self._update_buttons()
        if job is None:
            self.details.setPlainText("Select a job to see its details and error history.")
            return
        lines = [
            f"Job {job.id}: {type_label(job.type)}, "
            f"{self.model.waiting(job.id) or attempts_sentence(job)}",
            f"Created {_when(job.created_at)}; started {_when(job.started_at) or '-'}; "
            f"finished {_when(job.completed_at) or '-'}",
            f"Tokens in/out: {job.input_tokens:,}/{job.output_tokens:,}; estimated cost "
            f"${job.cost_usd:.4f}",
        ]
        if job.progress:
            lines.append(
                f"Parts: {job.progress.get('done', 0)} done, {job.progress.get('failed', 0)} "
                f"failed, of {job.progress.get('total', 0)}"
            )
        lines.extend(describe_result(job.result))
        if job.errors:
            lines.append("Errors:")
            for entry in job.errors:
                lines.append(
                    f"  attempt {entry.get('attempt')} [{entry.get('kind')}] {entry.get('message')}"
                )
        elif job.error:  # no history kept (a job failed outside the runner): still say why
            lines.append(f"Error: {job.error}")
        self.details.setPlainText("\n".join(lines))

    def _update_buttons(self) -> None:
        job = self.selected_job()
        self.retry_button.setEnabled(job is not None and job.status in ("failed", "cancelled"))
        self.cancel_button.setEnabled(job is not None and job.status in ("pending", "processing"))

    def retry_selected(self) -> None:
        job = self.selected_job()
        if job is None:
            return
        db, profile_id = self.ctx.db, self.ctx.profile.id

        def done(_job: JobInfo) -> None:
            self.message.emit(f"Job {job.id} will run again.")
            if self.ctx.pool is not None:
                self.ctx.pool.wake()
            self.refresh()

        run_op(lambda: store.retry(db, profile_id, job.id), done, self._action_failed, owner=self)

    def cancel_selected(self) -> None:
        job = self.selected_job()
        if job is None:
            return
        db, profile_id = self.ctx.db, self.ctx.profile.id

        def cancelled(_job: object) -> None:
            self.message.emit(f"Job {job.id} cancelled.")
            self.refresh()

        run_op(
            lambda: store.cancel(db, profile_id, job.id), cancelled, self._action_failed, owner=self
        )

    def _action_failed(self, exc: BaseException) -> None:
        self.error.emit(error_text(exc))
        self.refresh()
