"""The structure of cleaned material: its sections (heading, level, body) and its outline.

Headings are ``#`` lines outside fenced code: a ``#`` comment inside a code block is code, never
a skill. Used by the offline tree builder (a tree from the material's own headings), by the
Claude tree prompt (the outline is sent with the material) and by the card generators (each
card knows the section it came from, which names its skill).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from studyapp.generation.cleaning.blocks import heading_title, is_boilerplate, is_furniture

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
        """A skill of its own: prose to learn from under a heading that names a topic (not
        NAME, SEE ALSO, a bare code listing, nor a textbook's "Key Terms" or "Summary", whose
        cards are filed by their terms: :class:`TermHomes`)."""
        if is_boilerplate(self.title, self.body) or is_furniture(self.title):
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


def boilerplate_heads(text: str) -> set[int]:
    """The line indices of the headings whose sections hold nothing to learn, each judged with
    its body (a "References" that lists citations, not one that teaches: :func:`is_boilerplate`)."""
    return {s.start for s in parse_sections(text) if is_boilerplate(s.title, s.body)}


def heading_at(text: str, position: int) -> list[str]:
    """The heading path (outermost first) in force at ``position`` of ``text``."""
    path: list[tuple[int, str]] = []
    for _, level, title, offset in heading_lines(text):
        if offset > position:
            break
        path = [p for p in path if p[0] < level] + [(level, title)]
    return [t for _, t in path]


def outline(text: str, *, limit: int = 4_000) -> str:
    """The material's headings as an indented list (for the Claude tree prompt), without the
    ones that are no skills nor those under them (a textbook's "Key Terms", a bibliography,
    SEE ALSO: :attr:`Section.substantive`): the prompt asks for a skill per heading."""
    lines = []
    for part in documents(text):
        path: list[tuple[int, bool]] = []  # (level, no skill) of the headings in force
        for s in parse_sections(part):
            furniture = is_furniture(s.title) or is_boilerplate(s.title, s.body)
            path = [p for p in path if p[0] < s.level] + [(s.level, furniture)]
            if not any(no for _, no in path):
                lines.append("  " * (min(s.level, 4) - 1) + f"- {s.title}")
    out = "\n".join(lines)
    return out[:limit]


def in_furniture(path: Sequence[str]) -> bool:
    """Whether a heading path passes through a textbook's furniture ("Key Terms", "Chapter 3
    Review"): sections that are not skills (:func:`~.cleaning.blocks.is_furniture`)."""
    return any(is_furniture(title) for title in path)


_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)


class TermHomes:
    """Where a card made in a textbook's furniture belongs. "Key Terms", "Glossary" and
    "Summary" are no skills, but their definitions are often the material's best cards: each
    is filed under the section that mentions its term most often (its own text, not its
    sub-sections', so the deepest section that discusses the term), else where the furniture
    stands (its heading path without it: the skill it closes, or above the document's title no
    skill, so the card goes by its text to the nearest skill, as a card of no section does).
    Built once per document; one search of the text per term."""

    def __init__(self, text: str) -> None:
        lines = text.splitlines()
        heads = heading_lines(text)
        self._sections: list[tuple[list[str], str]] = []
        path: list[tuple[int, str, bool]] = []  # (level, title, boilerplate)
        boilerplate = boilerplate_heads(text)
        levels = [level for _, level, _, _ in heads]
        # A document's lone title over its sections is no skill (its own text is an
        # introduction): a term it mentions goes to the section that discusses it.
        title_level = min(levels) if levels.count(min(levels, default=0)) == 1 else None
        for k, (i, level, title, _) in enumerate(heads):
            path = [p for p in path if p[0] < level] + [(level, title, i in boilerplate)]
            titles = [t for _, t, _ in path]
            if in_furniture(titles) or any(b for _, _, b in path):
                continue
            if level == title_level and len(heads) > 1:
                continue
            end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
            self._sections.append((titles, "\n".join(lines[i + 1 : end])))
        self._found: dict[str, list[str] | None] = {}

    def home(self, path: Sequence[str], term: str) -> list[str]:
        """The heading path a card of ``term`` made under ``path`` is filed by: ``path`` itself
        unless it passes through furniture."""
        cut = next((k for k, title in enumerate(path) if is_furniture(title)), None)
        if cut is None:
            return list(path)
        found = self._mentions(term)
        return list(found) if found is not None else list(path[:cut])

    def _mentions(self, term: str) -> list[str] | None:
        word = _ARTICLE.sub("", term.strip())
        if len(word) < 2:
            return None
        if word.lower() not in self._found:
            pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?:s|es)?(?![\w-])", re.IGNORECASE)
            best, most = None, 0
            for titles, own in self._sections:
                count = len(pattern.findall(own))
                if count > most:  # ties: the first section that discusses it
                    best, most = titles, count
            self._found[word.lower()] = best
        return self._found[word.lower()]
