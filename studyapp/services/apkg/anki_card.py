"""Anki's own scheduling fields of an imported card, kept so an unchanged card goes back exactly.

Studyapp schedules with exact times; Anki with integers whose meaning depends on the card (a
position, a time, a day number from the collection's creation) and with values we do not derive
(the interval Anki chose, its ease, reps and lapses counts, flags, add-ons' custom data). Rebuilt
from our FSRS state they would drift: Anki's interval 6 became 5 when a review at 20:00 was
measured in hours to a due day starting at 4 am. So an import keeps the card's fields as Anki
wrote them in ``cards.anki``, with our state at that moment (``at``). An export of a card whose
state is still that one writes Anki's fields back; a card studied or rescheduled in Studyapp
since is written from its new state (``schedule.export_schedule``).

A due day number only means something against its collection's creation day, so the calendar
date of a due day is kept too (``day``) and turned into a day number of the exported collection.
Revlog rows that are not reviews of the card's current history (a "Forget", a "Set due date",
reviews before a reset) are kept under ``revlog`` and written back as they were.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from studyapp.services.apkg.collection import CardRow, Timing
from studyapp.services.apkg.schedule import (
    BURIED,
    LEARNING,
    NEW,
    REVIEW,
    ROLLOVER,
    SUSPENDED,
    ImportedSchedule,
    to_ms,
)

DAY_LEARNING = 3  # queue: a learning card whose next step is a day or more away


def natural_queue(ctype: int, queue: int, due: int) -> int:
    """The queue a card is in when it is neither suspended nor buried."""
    if queue >= 0:
        return queue
    if ctype == NEW:
        return NEW
    if ctype == REVIEW:
        return REVIEW
    return DAY_LEARNING if due < 1_000_000_000 else LEARNING


def imported(
    card: CardRow,
    timing: Timing,
    tz: tzinfo,
    schedule: ImportedSchedule,
) -> dict[str, Any]:
    """The card's Anki fields as imported (``seal`` adds our state once it is known)."""
    out: dict[str, Any] = {
        "id": card.id,
        "type": card.type,
        "queue": card.queue,
        "due": card.due,
        "ivl": card.ivl,
        "factor": card.factor,
        "reps": card.reps,
        "lapses": card.lapses,
        "left": card.left,
        "flags": card.flags,
        "data": card.raw_data,
        "mod": card.mod,
        "rollover": timing.rollover if timing.rollover is not None else ROLLOVER,
    }
    if schedule.day_due is not None:
        out["day"] = schedule.day_due.astimezone(tz).date().isoformat()
    if schedule.others:
        out["revlog"] = [list(row[:1]) + list(row[2:]) for row in schedule.others]
    return out


def seal(
    anki: dict[str, Any], due: datetime, last_review: datetime | None, archived: bool
) -> dict[str, Any]:
    """``anki`` with our state at import (what "unchanged" compares against)."""
    return anki | {"at": _state(due, last_review, archived)}


def _state(due: datetime, last_review: datetime | None, archived: bool) -> list[Any]:
    return [to_ms(due), to_ms(last_review) if last_review else None, bool(archived)]


def unchanged(
    anki: dict[str, Any] | None, due: datetime, last_review: datetime | None, archived: bool
) -> bool:
    """Is the card still as it was imported (not studied, rescheduled or suspended since)?"""
    if not anki:
        return False
    return anki.get("at") == _state(due, last_review, archived)


def crt_date(timing: Timing) -> date:
    """The calendar date of a (modern-timing) collection's day 0."""
    offset = timedelta(minutes=-(timing.creation_offset or 0))
    return datetime.fromtimestamp(timing.crt, timezone(offset)).date()


def exact_fields(anki: dict[str, Any], timing: Timing) -> tuple[int, int, int]:
    """(type, natural queue, due) of an unchanged card in the exported collection: its due day
    moved to the same calendar date there."""
    ctype, queue, due = int(anki["type"]), int(anki["queue"]), int(anki["due"])
    if anki.get("day"):
        due = (date.fromisoformat(anki["day"]) - crt_date(timing)).days
    return ctype, natural_queue(ctype, queue, due), due


def exported_queue(natural: int, anki: dict[str, Any] | None, archived: bool, buried: bool) -> int:
    """Suspended (archived) wins, then buried (Anki's -2 "by a sibling" when the card came so,
    else -3 "by the learner"), else the natural queue."""
    if archived:
        return SUSPENDED
    if buried:
        before = int(anki["queue"]) if anki else -3
        return before if before in BURIED else -3
    return natural


def revlog_rows(anki: dict[str, Any] | None) -> list[tuple[int, int, int, int, int, int, int]]:
    """The kept non-review rows: (id, ease, ivl, lastIvl, factor, time, type)."""
    rows = []
    for row in (anki or {}).get("revlog", []):
        if isinstance(row, list) and len(row) == 7 and all(isinstance(v, int) for v in row):
            rid, ease, ivl, last_ivl, factor, took, kind = row
            rows.append((rid, ease, ivl, last_ivl, factor, took, kind))
    return rows
