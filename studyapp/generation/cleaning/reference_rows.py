"""A reference table's rows as definitions of the parts they describe.

Reference pages teach through tables: Apache Ant's "Attribute | Description | Required" under
"Projects" lists what a ``<project>`` takes. Flattened to "- name: the name of the project.;
No", a row lost what it was (an attribute), and its description ran into the next column
("…; No"), so round 8 made 4 cards of 2,207 words of Ant's manual. A table whose header names
a kind of part in its first column (Attribute, Option, Parameter, …) and a description in its
second is a list of definitions: each row becomes ``**name** (attribute): description``, the
other columns after it as "Required: No.", so the offline generator can ask "What is the
default attribute of a project?" and Claude still reads every column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from studyapp.generation.cleaning.blocks import Block, Definition, Heading

# Nouns that name a part of something a reference page documents, singular.
PART_KINDS = frozenset(
    """attribute option parameter argument field flag property key variable directive element
    setting command switch member method function column header event hook macro keyword
    subcommand""".split()  # noqa: SIM905
)
_DESCRIPTION = re.compile(
    r"^(?:description|meaning|purpose|explanation|definition|effect|usage|what it does)$",
    re.IGNORECASE,
)


def singular(word: str) -> str:
    """A plural noun's singular ("Properties" -> "Property", "Switches" -> "Switch"), else the
    word as it is."""
    low = word.lower()
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        return word[:-1]
    return word


def description_column(header: list[str]) -> int:
    """Where a table's description is: the first column after the first one headed
    "Description" (or "Meaning", "Purpose", …); 0 when none is. API tables put a type or a
    default before it ("Parameter | Type | Description")."""
    return next((i for i, h in enumerate(header) if i and _DESCRIPTION.match(h.strip())), 0)


def part_kind(header: list[str], heading: str = "") -> str:
    """The kind of part a table's rows are ("attribute"), "" when its header is not a
    reference table's: a kind noun first ("Attribute", "Options", "Command-line flag") and
    a description column. A first column called "Name" takes its kind from the ``heading``
    the table sits under ("Options": "Name | Description" lists options)."""
    if not description_column(header):
        return ""
    first = header[0].strip()
    if first.lower() == "name":
        first = heading.strip()
    words = first.split()
    if not words or len(words) > 3:
        return ""
    kind = singular(words[-1]).lower()
    return kind if kind in PART_KINDS else ""


def last_heading(blocks: Sequence[Block]) -> str:
    """The text of the last heading in ``blocks`` ("" when none): what a table is under."""
    return next((b.text for b in reversed(blocks) if isinstance(b, Heading)), "")


def glossary_table(header: Sequence[str]) -> bool:
    """A two-column table of terms and what they mean: its second column is headed
    "Definition", "Meaning" or "Description" ("Term | Definition"). Its rows are a glossary's
    entries, read as a ``<dl>``'s are; a table headed otherwise is rows of cells."""
    return len(header) == 2 and description_column(list(header)) == 1


# A glossary row's term: a name or a short noun phrase, no sentence nor a cell of values.
_TERM_CELL = re.compile(r"[A-Za-z][\w’'-]*(?: [\w’'()-]+){0,5}")


def glossary_row(header: Sequence[str], cells: Sequence[str]) -> Definition | None:
    """A row of a :func:`glossary_table` as the definition of its term, when the row is a
    clean term and definition: two cells, a term of at most six words and a definition of
    at least three. Anything else (a blank cell, a value, a note) stays a row."""
    if not glossary_table(header) or len(cells) != 2:
        return None
    term, text = (c.strip() for c in cells)
    if not _TERM_CELL.fullmatch(term) or len(text.split()) < 3:
        return None
    return Definition(term, text)


def row_definition(kind: str, header: list[str], cells: list[str]) -> Definition | None:
    """A row of a reference table of ``kind`` as the definition of its part, its other
    columns after the description ("Required: No."); None for a row with no name or no
    description (a spacer, a group label), which stays as it was."""
    at = description_column(header)
    if not at or len(cells) <= at or not cells[0].strip() or not cells[at].strip():
        return None
    text = cells[at].strip()
    rest = [
        f"{h.strip()}: {c.strip().rstrip('.')}." if h.strip() else c.strip()
        for i, (h, c) in enumerate(zip(header, cells, strict=False))
        if i not in (0, at) and c.strip() and c.strip() != "-"
    ]
    if rest:
        text = f"{text if text.endswith(('.', '!', '?')) else text + '.'} {' '.join(rest)}"
    return Definition(cells[0].strip(), text, kind)
