"""No choice set offers one option twice.

Round 18's strict read (issue 18) dropped "A(n) _____ permits you to work on an image or image
sequence in isolation …" => image stack among image setting | image operator | operator:
"operator" and "image operator" are one option twice. An option that is another option's head
("operator" in "image operator"), or the same after dropping one modifier, names the same thing:
the learner strikes both at once, or must guess which of two equal options the card means.

:func:`one_option_twice` says why a set (answer and wrong options) repeats an option, or None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from studyapp.generation.terms import stem as stem_word


def _words(option: str) -> list[str]:
    return [stem_word(w) for w in re.findall(r"[A-Za-z0-9]+", option.lower())]


def _one_less(short: list[str], long: list[str]) -> bool:
    """``long`` is ``short`` with one word more (a modifier dropped gives ``short``)."""
    if not short or len(long) != len(short) + 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def one_option_twice(every: Sequence[str]) -> str | None:
    """Why two of the set's options are one ("operator" beside "image operator"), or None."""
    words = [_words(o) for o in every]
    for i, a in enumerate(words):
        for j, b in enumerate(words):
            if i == j or len(a) >= len(b):
                continue
            if b[len(b) - len(a) :] == a or _one_less(a, b):
                return f"one option twice ({every[i]!r} is {every[j]!r} without a word)"
    return None
