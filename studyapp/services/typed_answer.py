"""A typed answer compared with the expected one, character by character, as Anki shows it.

Anki's "type in the answer" cards (``{{type:Field}}``) ask the learner to type; after Enter the
card shows what was typed with each character marked right or wrong, and, when it was not exact,
the expected answer below with the characters the learner missed. The learner then grades as
usual (the comparison informs the grade, it does not give it). Both texts are normalised as Anki
normalises them (Unicode NFC, surrounding space trimmed) before comparing.

Qt-free: the study page turns the segments into escaped rich text with the palette's colours.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from enum import Enum


class Mark(Enum):
    GOOD = "good"  # typed and right
    BAD = "bad"  # typed and wrong
    MISSED = "missed"  # expected, not typed


@dataclass(frozen=True)
class Comparison:
    """``typed``: the typed line's segments; ``expected``: the expected line's, empty when the
    answer was exact (the typed line, all right, says it all)."""

    typed: tuple[tuple[str, Mark], ...]
    expected: tuple[tuple[str, Mark], ...]

    @property
    def exact(self) -> bool:
        return not self.expected


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def compare(typed: str, expected: str) -> Comparison:
    given, wanted = _norm(typed), _norm(expected)
    if given == wanted:
        return Comparison(((given, Mark.GOOD),) if given else (), ())
    if not given:
        return Comparison((), ((wanted, Mark.MISSED),))
    ours: list[tuple[str, Mark]] = []
    theirs: list[tuple[str, Mark]] = []
    matcher = difflib.SequenceMatcher(None, given, wanted, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            ours.append((given[i1:i2], Mark.GOOD))
            theirs.append((wanted[j1:j2], Mark.GOOD))
            continue
        if i2 > i1:
            ours.append((given[i1:i2], Mark.BAD))
        if j2 > j1:
            if op == "insert":
                ours.append(("-" * (j2 - j1), Mark.MISSED))
            theirs.append((wanted[j1:j2], Mark.MISSED))
    return Comparison(_merged(ours), _merged(theirs))


def _merged(segments: list[tuple[str, Mark]]) -> tuple[tuple[str, Mark], ...]:
    out: list[tuple[str, Mark]] = []
    for text, mark in segments:
        if out and out[-1][1] is mark:
            out[-1] = (out[-1][0] + text, mark)
        elif text:
            out.append((text, mark))
    return tuple(out)
