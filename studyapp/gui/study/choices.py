"""The choice tracker: multiple-choice options of the cards ahead, requested, watched and retried.

Multiple choice needs three distractors per card, made by ``distractor_generation`` jobs that
count against a 20-per-hour limit. So the page asks only for the current card and the next two
(:meth:`ChoiceTracker.want`); a card whose options are not there (still being made, failed for
good, or refused by the limit) is studied as a flip card with the reason on screen. Job states
come from the window's :class:`JobWatcher`; when a card's job completes its options are read and
:attr:`ChoiceTracker.changed` fires, so they appear by themselves.

:meth:`reset` starts a new session: every callback of the previous one is dropped (``run_op``'s
``is_current``), so options asked for an earlier session never land in this one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from studyapp.errors import RateLimited
from studyapp.gui.context import AppContext
from studyapp.gui.feedback import error_text
from studyapp.gui.ops import run_op
from studyapp.gui.study.session import Choices, ChoiceStatus
from studyapp.jobs import store
from studyapp.jobs.contract import JobInfo
from studyapp.services import cards as cards_service
from studyapp.services import generation


class ChoiceTracker(QObject):
    changed = Signal(int)  # card id whose choices changed
    notice = Signal(str)  # a line for the page's status (a refused retry)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._choices: dict[int, Choices] = {}
        self._jobs: dict[int, int] = {}  # job id -> card id
        self._refused: tuple[datetime, str] | None = None  # rate limit: until when, message
        self._token = 0
        ctx.watcher.jobs_changed.connect(self._on_jobs_changed)
        # Also read the watcher's states after every refresh: a dict with int keys does not
        # survive a Signal(dict) (Qt converts it to a QVariantMap and drops the keys).
        ctx.watcher.refreshed.connect(self._on_watcher_refreshed)

    # --- public ------------------------------------------------------------------------------

    def get(self, card_id: int) -> Choices | None:
        return self._choices.get(card_id)

    def watched_jobs(self) -> dict[int, int]:
        """Distractor job id -> card id, for the jobs this session waits on."""
        return dict(self._jobs)

    def reset(self) -> None:
        """Forget everything (a new session or leaving the page): unwatch, drop late results."""
        self._token += 1
        if self._jobs:
            self.ctx.watcher.unwatch(list(self._jobs))
        self._jobs.clear()
        self._choices.clear()
        self._refused = None

    def want(self, card_ids: Iterable[int]) -> None:
        """Make sure these cards' options are there or on their way."""
        for card_id in card_ids:
            if card_id not in self._choices:
                self._request(card_id)

    def forget(self, card_id: int) -> None:
        """The card was answered and is not coming back soon: stop watching its job."""
        state = self._choices.get(card_id)
        if state is None or state.status is ChoiceStatus.READY:
            return
        self._choices.pop(card_id, None)
        if state.job_id is not None and self._jobs.pop(state.job_id, None) is not None:
            self.ctx.watcher.unwatch([state.job_id])

    def set_answer(self, card_id: int, back: str) -> None:
        """The card was edited: its options show the new answer (the distractors stay)."""
        state = self._choices.get(card_id)
        if state is not None and state.options and state.options[0] != back:
            state.options = (back, *state.options[1:])
            self.changed.emit(card_id)

    def retry(self, card_id: int) -> bool:
        """Retry the card's failed job (counts against the hourly limit); False if nothing to."""
        state = self._choices.get(card_id)
        if state is None or state.status is not ChoiceStatus.FAILED or state.job_id is None:
            return False
        db, pid, job_id = self.ctx.db, self.ctx.profile.id, state.job_id

        def retried(job: JobInfo) -> None:
            self._choices[card_id] = Choices(ChoiceStatus.PREPARING, job_id=job.id)
            if job.id not in self._jobs:
                self._jobs[job.id] = card_id
                self.ctx.watcher.watch([job.id])
            self.ctx.watcher.refresh()
            if self.ctx.pool is not None:
                self.ctx.pool.wake()
            self.changed.emit(card_id)

        def refused(exc: BaseException) -> None:
            if isinstance(exc, RateLimited):
                self._refused = (exc.next_slot_at, str(exc))
            state.status = ChoiceStatus.FAILED  # still failed; Retry stays on offer
            self.notice.emit(error_text(exc))
            self.changed.emit(card_id)

        # "Preparing choices…" at once, and no second Retry while this one is on its way.
        state.status = ChoiceStatus.REQUESTING
        self.changed.emit(card_id)
        self._op(lambda: store.retry(db, pid, job_id), retried, refused)
        return True

    # --- requesting --------------------------------------------------------------------------

    def _op(
        self,
        work: Callable[[], Any],
        ok: Callable[[Any], None],
        fail: Callable[[BaseException], None],
    ) -> None:
        token = self._token
        run_op(work, ok, fail, owner=self, is_current=lambda: token == self._token)

    def _request(self, card_id: int) -> None:
        if self._refused is not None and datetime.now(UTC) < self._refused[0]:
            self._choices[card_id] = Choices(ChoiceStatus.REFUSED, error=self._refused[1])
            return
        self._choices[card_id] = Choices()
        db, pid, registry = self.ctx.db, self.ctx.profile.id, self.ctx.registry

        def work() -> tuple[str, Any]:
            info = cards_service.get_card(db, pid, card_id)
            if len(info.distractors) >= 3:
                return "ready", (info.back, *info.distractors[:3])
            try:
                submitted = generation.submit_distractors(db, pid, card_id, registry=registry)
            except RateLimited as exc:
                return "refused", exc
            return "job", submitted.job

        self._op(
            work,
            lambda result: self._on_requested(card_id, result),
            lambda exc: self._set(card_id, Choices(ChoiceStatus.REFUSED, error=error_text(exc))),
        )

    def _on_requested(self, card_id: int, result: tuple[str, Any]) -> None:
        kind, value = result
        if kind == "ready":
            self._set(card_id, Choices(ChoiceStatus.READY, options=tuple(value)))
        elif kind == "refused":
            self._refused = (value.next_slot_at, f"{value} Study it as a flashcard for now.")
            self._set(card_id, Choices(ChoiceStatus.REFUSED, error=self._refused[1]))
        else:
            self._track(card_id, value)
            if self.ctx.pool is not None:
                self.ctx.pool.wake()

    def _set(self, card_id: int, state: Choices) -> None:
        self._choices[card_id] = state
        self.changed.emit(card_id)

    # --- watching ----------------------------------------------------------------------------

    def _track(self, card_id: int, job: JobInfo) -> None:
        self._choices[card_id] = Choices(ChoiceStatus.PREPARING, job_id=job.id)
        if job.id not in self._jobs:
            self._jobs[job.id] = card_id
            self.ctx.watcher.watch([job.id], refresh=True)
        self._apply_job(card_id, job)

    def _on_jobs_changed(self, changed: dict[int, JobInfo]) -> None:
        for job_id, job in changed.items():
            card_id = self._jobs.get(job_id)
            if card_id is not None:
                self._apply_job(card_id, job)

    def _on_watcher_refreshed(self) -> None:
        for job_id, card_id in list(self._jobs.items()):
            job = self.ctx.watcher.state(job_id)
            if job is not None:
                self._apply_job(card_id, job)

    def _apply_job(self, card_id: int, job: JobInfo) -> None:
        state = self._choices.get(card_id)
        if state is None or state.job_id != job.id:
            return
        if state.status in (ChoiceStatus.READY, ChoiceStatus.LOADING):
            return
        if job.status == "completed":
            state.status = ChoiceStatus.LOADING  # still "Preparing choices…" to the learner
            self._load(card_id)
            return
        if job.status in ("failed", "cancelled"):
            state.status = ChoiceStatus.FAILED
            state.error = job.error or (
                "the generation was cancelled." if job.status == "cancelled" else "unknown error."
            )
        else:
            state.status = ChoiceStatus.PREPARING
            state.note = (
                f"retrying, attempt {job.attempts + 1} of {job.max_attempts}"
                if job.attempts and job.error
                else ""
            )
        self.changed.emit(card_id)

    def _load(self, card_id: int) -> None:
        db, pid = self.ctx.db, self.ctx.profile.id

        def loaded(info: cards_service.CardInfo) -> None:
            state = self._choices.get(card_id)
            if state is None:
                return
            if len(info.distractors) >= 3:
                state.status, state.options = ChoiceStatus.READY, (info.back, *info.distractors[:3])
            else:
                state.status = ChoiceStatus.FAILED
                state.error = "the job finished without three options."
            self.changed.emit(card_id)

        def not_loaded(exc: BaseException) -> None:
            state = self._choices.get(card_id)
            if state is not None:
                state.status, state.error = ChoiceStatus.FAILED, error_text(exc)
                self.changed.emit(card_id)

        self._op(lambda: cards_service.get_card(db, pid, card_id), loaded, not_loaded)
