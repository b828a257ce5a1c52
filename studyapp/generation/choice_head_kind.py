"""A blank before a head noun asks for a kind of that noun: options must be ones the text names.

Round 18's strict read (issue 18) dropped "_____ filters are useful for a wide variety of
applications …" => Analog among Amplitude | Vector | Stopband: none is a kind of filter. When
the blank modifies the noun right after it ("_____ filters"), the answer names a kind of that
noun, and the text says which kinds there are by writing them before it ("Butterworth filters",
"Chebyshev filters", "digital filters"). An option the text never writes before that noun is a
word of the subject, not a kind of the thing: a learner strikes it at once.

The rule holds only where the text shows the noun taking kinds (two or more other words written
before it), so a verb after the blank ("the _____ terminates") or a noun the text never
qualifies is left to the other checks. :func:`head_kind_misfit` says why, or None.
"""

from __future__ import annotations

import re

from studyapp.generation.quality import BLANK, cloze_sentence
from studyapp.generation.words import STOPWORDS, is_verb

# What follows a head noun that is the sentence's subject ("_____ filters are useful").
_FINITE = frozenset(
    """is are was were be been can could may might must shall should will would has have had do
    does did""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_KINDS = 2  # the text writes at least this many other words before the head: it has kinds


def head_after_blank(stem: str) -> str | None:
    """The lower-case word right after the blank ("_____ filters are" -> "filters"), or None."""
    sentence = cloze_sentence(stem)
    m = re.search(rf"{re.escape(BLANK)}\s+([a-z][a-z-]{{2,}})\b\s*([A-Za-z]*)", sentence)
    if m is None or m.group(1) in STOPWORDS:
        return None
    word, then = m.group(1), m.group(2).lower()
    verbal = is_verb(word) or word.endswith(("ing", "ed"))
    if verbal and not (then in _FINITE or is_verb(then)):
        return None  # "A _____ connects devices", "a(n) _____ containing the …": no head noun
    return word


def _head_forms(head: str) -> str:
    base = head[:-1] if head.endswith("s") and not head.endswith("ss") else head
    return rf"{re.escape(base)}(?:s|es)?"


def kinds_named(head: str, material: str) -> set[str]:
    """The words the material writes right before the head, lower-case ("butterworth",
    "chebyshev", "digital" before "filters"; "(continuous-time)" asides skipped)."""
    text = re.sub(r"\s*\([^()]*\)", "", " ".join(material.split()))
    found = re.findall(rf"([A-Za-z][\w-]*)\s+{_head_forms(head)}\b", text)
    return {w.lower() for w in found if w.lower() not in STOPWORDS}


def head_kind_misfit(answer: str, option: str, stem: str, material: str) -> str | None:
    """Why ``option`` is no kind of the noun after the blank that the text names (see the
    module), or None."""
    if not material or not (_WORD.fullmatch(answer) and _WORD.fullmatch(option)):
        return None  # code ("os.stat()" before "function") and phrases are other checks' own
    head = head_after_blank(stem)
    if head is None:
        return None
    kinds = kinds_named(head, material)
    if answer.lower() not in kinds or len(kinds - {answer.lower()}) < _KINDS:
        return None
    if option.lower() in kinds:
        return None
    return f"not a kind of {head} the text names (it writes no {option!r} {head})"
