"""COPY in PostgreSQL's text format, rows formatted here: the fast path of a big import.

``psycopg``'s ``write_row`` adapts each value on its own, and a Python list (tags, an Anki log)
goes through its pure-Python array dumper: for an import of 10,000 cards with 100,000 reviews
that was seconds of the import's time. Rows here are formatted once, as text lines, by a few
string operations, and written in large chunks through the session's own connection (so they
share its transaction).

Only the types an import writes are supported: ``None``, ``bool``, ``int``, ``float``, ``str``,
``datetime``, lists of ``str`` or ``int`` (PostgreSQL arrays) and :class:`Json` (JSONB).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

CHUNK = 1 << 20  # characters per write
NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class Json:
    """A value to write as JSON (a JSONB column)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _array_item(item: Any) -> str:
    if item is None:
        return "NULL"
    if isinstance(item, int):
        return str(item)
    text = str(item)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(value: str) -> str:
    return (
        value.translate(_ESCAPES)
        if ("\\" in value or "\t" in value or "\n" in value or "\r" in value)
        else value
    )


def _array(value: list[Any] | tuple[Any, ...]) -> str:
    return ("{" + ",".join(_array_item(item) for item in value) + "}").translate(_ESCAPES)


def _json(value: Json) -> str:
    return json.dumps(value.value, separators=(",", ":"), ensure_ascii=False).translate(_ESCAPES)


# By exact type: one dictionary lookup per value (bool before int: True is an int too).
_FORMAT: dict[type, Any] = {
    type(None): lambda _value: NULL,
    bool: lambda value: "t" if value else "f",
    int: str,
    float: repr,
    str: _text,
    datetime: datetime.isoformat,
    list: _array,
    tuple: _array,
    Json: _json,
}


def field(value: Any) -> str:
    """One value as a COPY text field."""
    formatter = _FORMAT.get(type(value))
    if formatter is None:
        if isinstance(value, datetime):  # a subclass (pendulum and the like)
            return value.isoformat()
        raise TypeError(f"cannot COPY a {type(value).__name__}")
    return formatter(value)


def line(row: tuple[Any, ...]) -> str:
    return "\t".join([_FORMAT.get(type(v), field)(v) for v in row]) + "\n"


def copy_lines(
    session: Session, table: str, columns: list[str], rows: Iterable[tuple[Any, ...] | str]
) -> int:
    """COPY ``rows`` into ``table`` (text format); returns how many. A row is a tuple of values
    or a line already formatted (ending in a newline)."""
    raw = session.connection().connection.driver_connection
    assert raw is not None
    count = 0
    buffer: list[str] = []
    size = 0
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            text = row if isinstance(row, str) else line(row)
            buffer.append(text)
            size += len(text)
            count += 1
            if size >= CHUNK:
                copy.write("".join(buffer))
                buffer, size = [], 0
        if buffer:
            copy.write("".join(buffer))
    return count
