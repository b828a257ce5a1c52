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


def field(value: Any) -> str:
    """One value as a COPY text field."""
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ("{" + ",".join(_array_item(item) for item in value) + "}").translate(_ESCAPES)
    if isinstance(value, Json):
        return json.dumps(value.value, separators=(",", ":"), ensure_ascii=False).translate(
            _ESCAPES
        )
    raise TypeError(f"cannot COPY a {type(value).__name__}")


def line(row: tuple[Any, ...]) -> str:
    return "\t".join(field(value) for value in row) + "\n"


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
