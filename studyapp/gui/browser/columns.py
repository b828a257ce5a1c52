"""The browser's columns: title, the SQL sort behind each, and the text of a cell.

Qt-free on purpose: a block of rows is turned into cell texts on the worker thread that fetched
it (:func:`cells`), so the GUI thread only stores tuples and hands out strings when painting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from studyapp.gui import plain_text
from studyapp.gui.makers import maker
from studyapp.services.browser import BrowserRow, Sort
from studyapp.services.study import short_interval

TEXT_LIMIT = 300  # a cell shows at most this much; the tooltip has more (bounded too)


@dataclass(frozen=True)
class Column:
    title: str
    sort: Sort
    numeric: bool
    sample: str  # as wide as a typical cell: the column's starting width
    text: Callable[[BrowserRow, datetime], str]


def one_line(value: str) -> str:
    """A card's text on one line (newlines would make the fixed-height rows lie), at most
    TEXT_LIMIT characters; only a bounded start of a huge field is read."""
    return plain_text.one_line(value, TEXT_LIMIT)


def due_text(row: BrowserRow, now: datetime) -> str:
    if row.archived:
        return "Suspended"
    if row.buried:
        return "Buried"
    if row.is_new:
        return "New"
    local_now, when = now.astimezone(), row.due.astimezone()
    if when <= local_now:
        return "Due now"
    if when.date() == local_now.date():
        return f"Today {when:%H:%M}"
    if when.date() == (local_now + timedelta(days=1)).date():
        return f"Tomorrow {when:%H:%M}"
    return f"{when:%d %b %Y}"


def _interval(row: BrowserRow, _now: datetime) -> str:
    return short_interval(row.interval) if row.interval is not None else "\u2014"


def _stability(row: BrowserRow, _now: datetime) -> str:
    if row.stability is None:
        return "\u2014"
    return short_interval(timedelta(days=row.stability))


def _difficulty(row: BrowserRow, _now: datetime) -> str:
    return f"{row.difficulty:.1f}" if row.difficulty is not None else "\u2014"


COLUMNS: tuple[Column, ...] = (
    Column(
        "Front",
        Sort.FRONT,
        False,
        "What is the slow start threshold of",
        lambda r, _n: one_line(r.front),
    ),
    Column(
        "Answer", Sort.BACK, False, "The phase in which the wind", lambda r, _n: one_line(r.back)
    ),
    Column("Goal", Sort.GOAL, False, "Understand TC", lambda r, _n: one_line(r.goal_title)),
    Column(
        "Skill",
        Sort.SKILL,
        False,
        "Loss recovery",
        lambda r, _n: one_line(r.skill_title or "\u2014"),
    ),
    Column("Due", Sort.DUE, False, "Today 00:00", due_text),
    Column("Interval", Sort.INTERVAL, True, "10.5mo", _interval),
    Column("Stability", Sort.STABILITY, True, "10.5mo", _stability),
    Column("Difficulty", Sort.DIFFICULTY, True, "10.0", _difficulty),
    Column("Reviews", Sort.REVIEWS, True, "1000", lambda r, _n: str(r.reviews)),
    Column("Lapses", Sort.LAPSES, True, "100", lambda r, _n: str(r.lapses)),
    Column("Made by", Sort.MADE_BY, False, "Imported", lambda r, _n: maker(r.made_by)),
    Column("Tags", Sort.TAGS, False, "bio::cells exam", lambda r, _n: one_line(" ".join(r.tags))),
)
SORT_COLUMN = {column.sort: i for i, column in enumerate(COLUMNS)}


def cells(row: BrowserRow, now: datetime | None = None) -> tuple[str, ...]:
    """Every column's text for ``row``."""
    moment = now or datetime.now(UTC)
    return tuple(column.text(row, moment) for column in COLUMNS)
