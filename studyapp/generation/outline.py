"""The structure of cleaned material: its sections (heading, level, body) and its outline.

Headings are ``#`` lines outside fenced code: a ``#`` comment inside a code block is code, never
a skill. Used by the offline tree builder (a tree from the material's own headings), by the
Claude tree prompt (the outline is sent with the material) and by the card generators (each
card knows the section it came from, which names its skill).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyapp.generation.cleaning.blocks import heading_title, is_boilerplate

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


# Between two materials of one goal (handlers/goal_material.py): a form feed on a line of its
# own, which no cleaned material keeps, so each material's own outline is read on its own (its
# lone title dropped as for one material; its last section never swallows the next material).
DOCUMENT_SEPARATOR = "\n\n\f\n\n"


def documents(text: str) -> list[str]:
    """The materials joined in ``text`` (one, when it is a single material)."""
    return [part for part in text.split("\f") if part.strip()]


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    start: int  # index of the heading line in the text's lines
    end: int  # exclusive: the next heading of the same or a higher level
    body: str  # the text under the heading, sub-sections included
    offset: int = 0  # character offset of the heading line in the text

    @property
    def substantive(self) -> bool:
        """Has prose of its own to learn from (not NAME, SEE ALSO, a bare code listing)."""
        if is_boilerplate(self.title):
            return False
        prose = re.sub(r"```.*?```", "", self.body, flags=re.DOTALL)
        return len(re.findall(r"[A-Za-z]{3,}", prose)) >= 8


def heading_lines(text: str) -> list[tuple[int, int, str, int]]:
    """(line index, level, title, character offset) of every heading outside code."""
    lines = text.splitlines(keepends=True)
    out: list[tuple[int, int, str, int]] = []
    in_code = False
    offset = 0
    skip = -1
    for i, line in enumerate(lines):
        here = offset
        offset += len(line)
        stripped = line.strip()
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code or i == skip:
            continue
        m = _MD_HEADING.match(stripped)
        if m:
            title = heading_title(m.group(2))
            if title:
                out.append((i, len(m.group(1)), title, here))
            continue
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if (
            stripped
            and _SETEXT.match(nxt)
            and len(stripped) <= 120
            and not stripped.startswith(("-", "*", "|"))
        ):
            out.append((i, 1 if nxt.startswith("=") else 2, heading_title(stripped), here))
            skip = i + 1
    return out


def parse_sections(text: str) -> list[Section]:
    lines = text.splitlines()
    heads = heading_lines(text)
    sections = []
    for k, (i, level, title, offset) in enumerate(heads):
        end = len(lines)
        for j, lvl, _, _ in heads[k + 1 :]:
            if lvl <= level:
                end = j
                break
        body = [ln for ln in lines[i + 1 : end] if not _SETEXT.match(ln.strip()) or not ln.strip()]
        sections.append(Section(level, title, i, end, "\n".join(body).strip(), offset))
    return sections


def heading_at(text: str, position: int) -> list[str]:
    """The heading path (outermost first) in force at ``position`` of ``text``."""
    path: list[tuple[int, str]] = []
    for _, level, title, offset in heading_lines(text):
        if offset > position:
            break
        path = [p for p in path if p[0] < level] + [(level, title)]
    return [t for _, t in path]


def outline(text: str, *, limit: int = 4_000) -> str:
    """The material's headings as an indented list (for the Claude tree prompt)."""
    lines = []
    for _, level, title, _ in heading_lines(text):
        lines.append("  " * (min(level, 4) - 1) + f"- {title}")
    out = "\n".join(lines)
    return out[:limit]
