"""CSV import and export: a header row, UTF-8, and an exact round trip.

Columns: ``front``, ``back`` and optionally ``skill`` (the node path, ``Parent::Child``). Fields are
written with the ``csv`` module's excel dialect (quotes only where needed), so commas, quotes,
newlines (``\\n`` and ``\\r\\n`` alike), emoji and right-to-left text come back byte for byte. A
UTF-8 byte-order mark (Excel writes one) is accepted on import; other encodings are refused with
the position of the first bad byte rather than guessed at, because a wrong guess corrupts text
silently. The whole file is checked before anything is written.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from studyapp.db.database import Database
from studyapp.errors import BadInput
from studyapp.limits import check_card_side
from studyapp.services.atomic_files import write_atomically
from studyapp.services.interop_notes import (
    ImportResult,
    NoteIn,
    export_notes,
    import_notes,
    join_path,
    split_path,
)

COLUMNS = ("front", "back", "skill")
REQUIRED = ("front", "back")
MAX_ROWS = 200_000
MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class ExportResult:
    goal_id: int
    path: Path
    cards: int
    format: str
    reviews: int = 0  # .apkg: review history rows written
    media_files: int = 0  # .apkg: media files included
    media_missing: int = 0  # .apkg: referenced files no longer in the media folder


def export_csv(db: Database, profile_id: int, goal_id: int, path: Path) -> ExportResult:
    goal = export_notes(db, profile_id, goal_id)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for note in goal.notes:
        writer.writerow((note.front, note.back, join_path(note.skill)))
    data = buffer.getvalue().encode("utf-8")
    write_atomically(Path(path), lambda handle: handle.write(data))
    return ExportResult(goal_id, Path(path), len(goal.notes), "csv")


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput(f"{name} is UTF-16 text; save it as UTF-8 CSV and import it again.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(
            f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}); "
            "save it as UTF-8 CSV and import it again."
        ) from None


def parse_csv(data: bytes, name: str = "The file", *, max_rows: int = MAX_ROWS) -> list[NoteIn]:
    """Turn CSV bytes into notes, or refuse the whole file with one clear reason."""
    if len(data) > MAX_BYTES:
        raise BadInput(f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MB; split it.")
    text = _decode(data, name)
    if not text.strip():
        raise BadInput(f"{name} is empty; expected a header row: front,back[,skill].")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    old_limit = csv.field_size_limit()
    # Every field is read whole (the text is in memory already) and measured here, so an
    # over-long one is refused by its line and column, not as "not valid CSV".
    csv.field_size_limit(max(old_limit, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise BadInput(f"{name} has no header row.") from None
        columns = [column.strip().lower() for column in header]
        unknown = [c for c in columns if c not in COLUMNS]
        missing = [c for c in REQUIRED if c not in columns]
        if unknown or missing or len(set(columns)) != len(columns):
            problem = (
                f"unknown column(s) {', '.join(repr(c) for c in unknown)}"
                if unknown
                else f"missing column(s) {', '.join(missing)}"
                if missing
                else "a column appears twice"
            )
            raise BadInput(
                f"{name} has the wrong columns ({problem}): the header row must be "
                f"front,back and optionally skill; found {','.join(header)!r}."
            )
        index = {column: i for i, column in enumerate(columns)}
        notes: list[NoteIn] = []
        for row in reader:
            if not row:  # a blank line
                continue
            if len(row) != len(columns):
                raise BadInput(
                    f"{name}, line {reader.line_num}: {len(row)} field(s) where the header has "
                    f"{len(columns)}; a field containing commas or quotes must be in double quotes."
                )
            if len(notes) >= max_rows:
                raise BadInput(f"{name} has more than {max_rows:,} cards; split it into parts.")
            for column in ("front", "back"):
                check_card_side(
                    row[index[column]],
                    f"{name}, line {reader.line_num}: the {column}",
                    "; nothing was imported",
                )
            skill = split_path(row[index["skill"]]) if "skill" in index else ()
            notes.append(NoteIn(row[index["front"]], row[index["back"]], skill))
        return notes
    except csv.Error as exc:
        raise BadInput(f"{name}, line {reader.line_num}: not valid CSV ({exc}).") from None
    finally:
        csv.field_size_limit(old_limit)


def read_file(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise BadInput(f"No such file: {path}.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror}.") from None


def import_csv(
    db: Database, profile_id: int, goal_id: int | None, path: Path, *, max_rows: int = MAX_ROWS
) -> ImportResult:
    """Cards from a CSV file into the goal (``goal_id`` None: a new goal named after the file)."""
    notes = parse_csv(read_file(path), Path(path).name, max_rows=max_rows)
    return import_notes(
        db, profile_id, goal_id, notes, source="csv", new_goal_title=Path(path).stem
    )
