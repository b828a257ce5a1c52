"""The study session as a state machine, with no Qt in it.

It decides what the study page shows and what each key means: which card is current, whether
its answer is showing, whether its choices are on screen, what a wrong pick marked, what undo
brings back. The page (``page.py``) runs the database work and paints a :class:`View`; this
module never touches a widget, a thread or the database, so every rule here is tested in plain
Python (``tests/test_study_session.py``) and the page stays a thin shell.

Why under ``gui/`` and not ``services/``: these are the rules of one screen (what is visible,
which row of buttons), not a use case another front end would call. It imports no PySide6
(``tests/test_study_session.py`` checks the import list), like ``services/`` would.

One card's life::

    FRONT ──Space──▶ REVEALED ──1–4 (record)──▶ next card
      │ choices ready
      ▼
    CHOOSING ──pick (record: right first → Good, wrong → Again)──▶ ANSWERED ──Space──▶ next card

A wrong pick ends the question: the pick is marked wrong, the answer right, the review is
recorded as Again and Space/Enter (or Continue) goes on.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum

from studyapp.handlers.kinds import DISTRACTOR_GENERATION, texts_for
from studyapp.services.next_due import NextDue
from studyapp.services.study import QueueCard

GRADES = (("Again", 1), ("Hard", 2), ("Good", 3), ("Easy", 4))  # key n grades rating n
LOOKAHEAD = 3  # cards whose choices are requested ahead (current + 2): the limit is 20/h
EMPTY_TITLE = "Nothing due right now"  # when the next review is unknown (see empty_title)
# The choice job's own words, declared once beside its handler.
PREPARING = texts_for(DISTRACTOR_GENERATION).working  # "Preparing choices…"
FAILED_PREFIX = texts_for(DISTRACTOR_GENERATION).failed + ": "  # "Choices could not be made: "
RIGHT_FIRST = "Correct!"
WRONG_PICK = "Not quite \u2014 the right answer is marked. This card comes back sooner."


class Mode(Enum):
    FLIP = "flip"
    CHOICE = "choice"


class Phase(Enum):
    """Where the current card stands."""

    FRONT = "front"  # question shown, answer hidden
    REVEALED = "revealed"  # flip card: answer shown, waiting for a grade
    CHOOSING = "choosing"  # choice card: options shown, waiting for a pick
    ANSWERED = "answered"  # choice card: picked and recorded, waiting for Continue


class ChoiceStatus(Enum):
    """Where a card's multiple-choice options stand."""

    REQUESTING = "requesting"  # asking whether the card has options or needs a job
    PREPARING = "preparing"  # a distractor job is making them
    LOADING = "loading"  # the job completed; reading its options
    READY = "ready"
    FAILED = "failed"  # the job failed for good (Retry)
    REFUSED = "refused"  # the rate limit (or an error) refused to start a job

    @property
    def waiting(self) -> bool:
        return self in (ChoiceStatus.REQUESTING, ChoiceStatus.PREPARING, ChoiceStatus.LOADING)


@dataclass
class Choices:
    """One card's options: the answer first, then three distractors (shuffled when shown)."""

    status: ChoiceStatus = ChoiceStatus.REQUESTING
    options: tuple[str, ...] = ()
    job_id: int | None = None
    error: str = ""
    note: str = ""  # "retrying, attempt 2 of 3"


class Key(Enum):
    """The study keys, as the page's key handler reads them (``keys.py``)."""

    ADVANCE = "advance"  # Space, Enter
    ONE = 1
    TWO = 2
    THREE = 3
    FOUR = 4
    UNDO = "undo"  # Ctrl+Z
    RETRY = "retry"  # R
    EDIT = "edit"  # E
    LEAVE = "leave"  # Esc
    BURY = "bury"  # -  (Anki's keys)
    SUSPEND = "suspend"  # @
    INFO = "info"  # I


class Do(Enum):
    """What a key asks the page to do."""

    REVEAL = "reveal"
    CONTINUE = "continue"
    GRADE = "grade"
    PICK = "pick"
    UNDO = "undo"
    RETRY = "retry"
    EDIT = "edit"
    LEAVE = "leave"
    BURY = "bury"
    SUSPEND = "suspend"
    INFO = "info"


@dataclass(frozen=True)
class Intent:
    do: Do
    value: int = 0  # the rating for GRADE, the option's place (0–3) for PICK


class Tone(Enum):
    PLAIN = "plain"
    MUTED = "muted"
    GOOD = "good"
    BAD = "bad"
    WARN = "warn"


class Actions(Enum):
    """The row of buttons under the card."""

    REVEAL = "reveal"
    GRADES = "grades"
    CONTINUE = "continue"
    NONE = "none"  # choosing: the options are the buttons


class Verdict(Enum):
    NONE = ""
    WRONG = "wrong"
    RIGHT = "right"


@dataclass(frozen=True)
class ChoiceLine:
    """The line above the actions while a card's choices are not on screen."""

    text: str
    tone: Tone
    spinner: bool
    retry: bool


@dataclass(frozen=True)
class Pick:
    """A pick to record: right at the first pick is Good, a wrong pick is Again."""

    card: QueueCard
    correct: bool


@dataclass(frozen=True)
class View:
    """Everything the study view shows for the current card."""

    card: QueueCard
    mode: Mode
    phase: Phase
    busy: bool
    remaining: int
    show_back: bool
    actions: Actions
    options: tuple[str, ...]  # in the order shown (empty unless choosing or answered)
    verdicts: tuple[Verdict, ...]
    choice_line: ChoiceLine | None
    feedback: str
    feedback_tone: Tone
    can_undo: bool
    can_edit: bool
    type_in: bool = False  # show the answer box (a typed-answer card on its front)
    typed: str | None = None  # what was typed, compared with the card's answer once revealed


@dataclass
class StudySession:
    """One study session: the queue, the current card's phase, what undo can take back."""

    mode: Mode = Mode.FLIP
    rng: random.Random = field(default_factory=random.Random)
    queue: list[QueueCard] = field(default_factory=list)
    index: int = 0
    phase: Phase = Phase.FRONT
    busy: bool = False
    history: list[QueueCard] = field(default_factory=list)  # recorded here, newest last
    review_ids: list[int | None] = field(default_factory=list)  # the reviews of ``history``
    order: list[int] = field(default_factory=list)  # option indexes in the order shown
    wrong: int | None = None  # the place (0–3) of a wrong pick
    feedback: str = ""
    feedback_tone: Tone = Tone.PLAIN
    typed: str | None = None  # what the learner typed for a "type in the answer" card

    # --- the queue -------------------------------------------------------------------------

    def load(self, cards: list[QueueCard]) -> QueueCard | None:
        """A fresh queue (at start or when the queue ran out); the first card or None."""
        self.queue, self.index = list(cards), 0
        return self._enter_card()

    def current(self) -> QueueCard | None:
        return self.queue[self.index] if 0 <= self.index < len(self.queue) else None

    def ahead(self, count: int = LOOKAHEAD) -> list[QueueCard]:
        """The current card and the next ones (whose choices are requested ahead)."""
        return self.queue[self.index : self.index + count]

    def comes_again(self, card_id: int) -> bool:
        """Is ``card_id`` still ahead in the queue (after the current card)?"""
        return any(c.card_id == card_id for c in self.queue[self.index + 1 :])

    def advance(self) -> QueueCard | None:
        """Go to the next card; None when the queue is used up (the page reloads it)."""
        self.index += 1
        return self._enter_card()

    def drop_ahead(self, card_ids: set[int] | frozenset[int]) -> None:
        """Cards that left study (siblings buried by a review) are not shown later on."""
        if card_ids:
            ahead = [c for c in self.queue[self.index + 1 :] if c.card_id not in card_ids]
            self.queue = self.queue[: self.index + 1] + ahead

    def drop_current(self) -> QueueCard | None:
        """The current card was buried or suspended: it goes (with any later copy) and the next
        card comes up; None when the queue is used up (the page reloads it)."""
        card = self.current()
        if card is None or self.busy:
            return card
        self.queue = self.queue[: self.index] + [
            c for c in self.queue[self.index + 1 :] if c.card_id != card.card_id
        ]
        return self._enter_card()

    def _enter_card(self) -> QueueCard | None:
        self.phase, self.busy, self.order, self.wrong = Phase.FRONT, False, [], None
        self.feedback, self.feedback_tone = "", Tone.PLAIN
        self.typed = None
        return self.current()

    # --- keys ------------------------------------------------------------------------------

    def intent(self, key: Key) -> Intent | None:
        """What ``key`` means now; None when it means nothing (the page ignores it)."""
        fixed = {
            Key.UNDO: Do.UNDO,
            Key.RETRY: Do.RETRY,
            Key.EDIT: Do.EDIT,
            Key.LEAVE: Do.LEAVE,
            Key.BURY: Do.BURY,
            Key.SUSPEND: Do.SUSPEND,
            Key.INFO: Do.INFO,
        }
        if key in fixed:
            return Intent(fixed[key])
        if key is Key.ADVANCE:
            if self.phase is Phase.ANSWERED:
                return Intent(Do.CONTINUE)
            return Intent(Do.REVEAL) if self.phase is Phase.FRONT else None
        number = int(key.value)
        if self.phase is Phase.CHOOSING:
            return Intent(Do.PICK, number - 1)
        return Intent(Do.GRADE, GRADES[number - 1][1]) if self.phase is Phase.REVEALED else None

    # --- answering -------------------------------------------------------------------------

    def reveal(self, typed: str | None = None) -> bool:
        """Show a flip card's answer (a choice card whose options are not there yet, too).
        ``typed``: what the learner typed, for a card that asks to type its answer."""
        if self.current() is None or self.busy or self.phase is not Phase.FRONT:
            return False
        self.phase = Phase.REVEALED
        self.typed = typed
        return True

    def asks_to_type(self) -> bool:
        """Does the current card want its answer typed now (a flip card still on its front)?"""
        card = self.current()
        return (
            card is not None
            and card.type_answer is not None
            and self.mode is Mode.FLIP
            and self.phase is Phase.FRONT
        )

    def choices_ready(self, choices: Choices | None) -> bool:
        """The current card's options arrived: show them, unless the learner already turned the
        card over (then it stays a flip card). True when the phase changed."""
        if (
            self.mode is not Mode.CHOICE
            or choices is None
            or choices.status is not ChoiceStatus.READY
            or self.phase is not Phase.FRONT
        ):
            return False
        self.order = list(range(len(choices.options)))
        self.rng.shuffle(self.order)
        self.phase = Phase.CHOOSING
        return True

    def begin_grade(self, rating: int) -> QueueCard | None:
        """The card to grade with ``rating`` (the page records it); None when not now."""
        card = self.current()
        if card is None or self.busy or self.phase is not Phase.REVEALED:
            return None
        if rating not in (r for _name, r in GRADES):
            return None
        self.busy = True
        return card

    def begin_pick(self, place: int) -> Pick | None:
        """Pick the option shown at ``place`` (0–3); the page records the returned outcome."""
        card = self.current()
        if card is None or self.busy or self.phase is not Phase.CHOOSING:
            return None
        if not 0 <= place < len(self.order):
            return None
        correct = self.order[place] == 0  # option 0 is the answer
        self.wrong = None if correct else place
        self.busy = True
        return Pick(card, correct)

    def recorded(self, card: QueueCard, review_id: int | None = None) -> QueueCard | None:
        """The review (``review_id``) committed. A flip card moves on (the next card, or None
        when the queue ran out); a choice card shows its verdict and waits for Continue."""
        self.busy = False
        self.history.append(card)
        self.review_ids.append(review_id)
        if self.phase is Phase.CHOOSING:
            self.phase = Phase.ANSWERED
            if self.wrong is None:
                self.feedback, self.feedback_tone = RIGHT_FIRST, Tone.GOOD
            else:
                self.feedback, self.feedback_tone = WRONG_PICK, Tone.BAD
            return card
        return self.advance()

    def record_failed(self) -> None:
        """The write failed: nothing changed, the learner can answer again."""
        self.busy = False
        self.wrong = None

    # --- undo ------------------------------------------------------------------------------

    def can_undo(self) -> bool:
        return bool(self.history) and not self.busy

    def begin_undo(self) -> bool:
        if not self.can_undo():
            return False
        self.busy = True
        return True

    def last_review_id(self) -> int | None:
        """The review undo takes back: this session's own newest, never another window's."""
        return self.review_ids[-1] if self.review_ids else None

    def undone(self, card_id: int) -> QueueCard | None:
        """The newest review (of ``card_id``) was taken back: show that card again, before the
        card that was next. None when it was not this session's (the page reloads the queue)."""
        self.busy = False
        previous = self.history.pop() if self.history else None
        if self.review_ids:
            self.review_ids.pop()
        if previous is None or previous.card_id != card_id:
            return None
        current = self.current()
        if current is None or current.card_id != previous.card_id:
            self.index = min(self.index, len(self.queue))
            self.queue.insert(self.index, previous)
        return self._enter_card()

    def undo_failed(self) -> None:
        self.busy = False

    # --- editing ---------------------------------------------------------------------------

    def card_edited(self, card_id: int, front: str, back: str, node_id: int | None) -> None:
        """The learner edited a card: every copy in the queue and history shows the new text."""

        def fresh(card: QueueCard) -> QueueCard:
            if card.card_id != card_id:
                return card
            # The editor is plain text: an edited side shows plain from now on.
            return dataclasses.replace(
                card,
                front=front,
                back=back,
                node_id=node_id,
                front_html=card.front_html if front == card.front else None,
                back_html=card.back_html if back == card.back else None,
            )

        self.queue = [fresh(c) for c in self.queue]
        self.history = [fresh(c) for c in self.history]

    # --- what to show ----------------------------------------------------------------------

    def view(self, choices: Choices | None) -> View | None:
        """The study view for the current card given its ``choices`` (None in flip mode)."""
        card = self.current()
        if card is None:
            return None
        phase = self.phase
        answered = phase is Phase.ANSWERED
        shown = phase in (Phase.CHOOSING, Phase.ANSWERED) and choices is not None
        options: tuple[str, ...] = ()
        verdicts: tuple[Verdict, ...] = ()
        if shown and choices is not None:
            options = tuple(choices.options[i] for i in self.order)
            verdicts = tuple(
                Verdict.WRONG
                if place == self.wrong
                else Verdict.RIGHT
                if answered and option == 0
                else Verdict.NONE
                for place, option in enumerate(self.order)
            )
        actions = {
            Phase.FRONT: Actions.REVEAL,
            Phase.REVEALED: Actions.GRADES,
            Phase.CHOOSING: Actions.NONE,
            Phase.ANSWERED: Actions.CONTINUE,
        }[phase]
        line = None
        if self.mode is Mode.CHOICE and not shown:
            line = choice_line(choices, revealed=phase is Phase.REVEALED)
        return View(
            card=card,
            mode=self.mode,
            phase=phase,
            busy=self.busy,
            remaining=len(self.queue) - self.index,
            show_back=phase in (Phase.REVEALED, Phase.ANSWERED),
            actions=actions,
            options=options,
            verdicts=verdicts,
            choice_line=line,
            feedback=self.feedback,
            feedback_tone=self.feedback_tone,
            can_undo=self.can_undo(),
            can_edit=not self.busy,
            type_in=self.asks_to_type(),
            typed=self.typed if phase is Phase.REVEALED else None,
        )


def choice_line(choices: Choices | None, *, revealed: bool) -> ChoiceLine | None:
    """Why a choice card is shown as a flip card right now."""
    if choices is None:
        return None
    if choices.status.waiting:
        text = PREPARING + (f" ({choices.note})" if choices.note else "")
        if not revealed:
            text += " You can also press Space to answer it as a flashcard."
        return ChoiceLine(text, Tone.MUTED, spinner=True, retry=False)
    if choices.status is ChoiceStatus.FAILED:
        return ChoiceLine(
            FAILED_PREFIX + for_learner(choices.error), Tone.WARN, spinner=False, retry=True
        )
    if choices.status is ChoiceStatus.REFUSED:
        return ChoiceLine(choices.error, Tone.WARN, spinner=False, retry=False)
    return None  # ready but the card was already turned over: nothing to explain


def for_learner(error: str) -> str:
    """A choice job's error without the diagnosis in its closing brackets ("(turned down: 4 not
    0.5-2x the answer's length, …)"): that is for the Jobs page, not for the learner mid-card."""
    if error.endswith(")") and " (turned down: " in error:
        return error[: error.index(" (turned down: ")]
    return error


def empty_title(info: NextDue | None, now: datetime | None = None) -> str:
    """The empty study page's heading, agreeing with the line under it: "come back tomorrow"
    only when tomorrow is when something is due ("…tomorrow" above "The next review is due
    today at 03:16" sent learners away from reviews due that night)."""
    if info is None:
        return EMPTY_TITLE
    local_now = (now or datetime.now(UTC)).astimezone()
    tomorrow = (local_now + timedelta(days=1)).date()
    if info.next_review_at is not None:
        when = info.next_review_at.astimezone().date()
        if when == local_now.date():
            return EMPTY_TITLE
        if when == tomorrow or info.new_waiting:  # new cards come with tomorrow's allowance
            return "Nothing due \u2014 come back tomorrow"
        return f"Nothing due until {info.next_review_at.astimezone():%a %d %b}"
    if info.new_waiting:
        return "Nothing due \u2014 come back tomorrow"
    return "No cards to study here yet"


def describe_next(info: NextDue | None, now: datetime | None = None) -> str:
    """ "The next review is due today at 14:32." in the learner's local time; "" when unknown."""
    if info is None:
        return ""
    parts: list[str] = []
    if info.next_review_at is not None:
        local_now = (now or datetime.now(UTC)).astimezone()
        when = info.next_review_at.astimezone()
        if when.date() == local_now.date():
            day = "today"
        elif when.date() == (local_now + timedelta(days=1)).date():
            day = "tomorrow"
        else:
            day = f"on {when:%a %d %b}"
        parts.append(f"The next review is due {day} at {when:%H:%M}.")
    if info.new_waiting:
        noun = "card waits" if info.new_waiting == 1 else "cards wait"
        parts.append(f"{info.new_waiting} new {noun} for tomorrow\u2019s allowance.")
    return " ".join(parts)
