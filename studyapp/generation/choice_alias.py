"""A wrong option the material itself gives as another name of the answer is also correct.

Round 9's strict read (issue 18) dropped "A mixture of hydrogen and sodium emitted both sets of
_____" => spectral lines among bright lines | dark lines | chemical elements: the text says "A
bright line, or emission spectrum, appears as a pattern or series of bright lines", so bright
lines are lines of a spectrum (spectral lines) too; and "microorganisms" offered with
"microbes", which a text writing "microorganisms (or microbes)" calls the same thing.

The material's own ways of naming a thing twice, read with no word list:
"X (or Y)", "X, or Y,", "X, also called Y", "X (also known as Y)", "X, known as Y",
"Y for short", and an acronym after its expansion ("Appropriate Byte Count (ABC)").

:func:`stated_alias` answers why an option is the answer by another name, or an alias of a
thing the answer's own words name ("bright line" = "emission spectrum": a spectrum's line is
a spectral line), else None.
"""

from __future__ import annotations

import re
from functools import lru_cache

from studyapp.generation.choice_peers import key, shared_start

_NAME = r"[A-Za-z][\w'’-]*(?:[ -][A-Za-z][\w'’-]*){0,4}"
# (X, Y) pairs: the same thing named twice.
_PAIRS = (
    re.compile(rf"({_NAME})\s*\(\s*(?:or|also called|also known as|aka|i\.e\.,?)\s+({_NAME})\s*\)"),
    re.compile(rf"({_NAME}),\s+or\s+({_NAME}),"),
    re.compile(rf"({_NAME}),?\s+(?:also called|also known as|also termed|known as)\s+({_NAME})"),
    re.compile(rf"({_NAME}),?\s+or\s+({_NAME})\s+for short"),
)
_ACRONYM = re.compile(r"((?:[A-Z][a-z]+[ -]){1,5}[A-Z][a-z]+)\s*\(([A-Z]{2,6})s?\)")
_SHARED_STEM = 5  # letters a word of the answer and the alias's noun open with alike


def _flat(material: str) -> str:
    return " ".join(material.split()).replace("“", "").replace("”", "").replace('"', "")


def _trim(name: str) -> str:
    """A pair's side as a term: no leading article or lead-in words of the sentence."""
    words = name.split()
    for i, w in enumerate(words):  # "series of bright lines" keeps its last phrase
        if w.lower() in {"a", "an", "the", "of", "called", "as", "is", "are", "and"}:
            words_after = words[i + 1 :]
            if words_after:
                return _trim(" ".join(words_after))
    return " ".join(words)


@lru_cache(maxsize=256)
def aliases(material: str) -> tuple[tuple[str, str], ...]:
    """Every pair of names the material gives one thing, as keys (:func:`key`)."""
    text = _flat(material)
    out: list[tuple[str, str]] = []
    for rx in _PAIRS:
        for m in rx.finditer(text):
            if rx is _PAIRS[1] and text[: m.start()].rstrip().endswith(","):
                continue  # "contextual, cultural, or social norms": a list, not two names
            a, b = key(_trim(m.group(1))), key(m.group(2))  # "Old Fuss and Feathers" whole
            if a and b and a != b:
                out.append((a, b))
    for m in _ACRONYM.finditer(text):
        words = m.group(1).split()
        letters = m.group(2).upper()
        # The expansion is the words whose initials make the acronym ("… Appropriate Byte
        # Count (ABC)"): the last len(letters) words, when their initials agree.
        tail = words[-len(letters) :] if len(words) >= len(letters) else []
        if tail and "".join(w[0] for w in tail).upper() == letters:
            out.append((key(" ".join(tail)), key(letters)))
    return tuple(out)


def _stem_shared(a: str, b: str) -> bool:
    shared = shared_start(a, b)
    return shared >= _SHARED_STEM and len(a) > _SHARED_STEM and len(b) > _SHARED_STEM


def _same(a: str, b: str) -> bool:
    """Two keys of one term: equal, or one ends with the other ("series of bright line")."""
    return a == b or (len(b.split()) >= 1 and a.endswith(" " + b)) or b.endswith(" " + a)


def stated_alias(answer: str, option: str, material: str) -> str | None:
    """Why ``option`` is the answer by a name the material gives it, or None."""
    if not material or not answer.strip() or not option.strip():
        return None
    a, o = key(answer), key(option)
    if not a or not o or a == o:
        return None
    answer_words = [w for w in a.split() if len(w) > _SHARED_STEM]
    for x, y in aliases(material):
        for mine, other in ((x, y), (y, x)):
            if not _same(mine, o):
                continue
            if _same(other, a):
                return "another name the text gives the answer (also correct)"
            # The alias's noun is the answer's own word in another form: "bright line, or
            # emission spectrum" for "spectral lines" (a line of a spectrum).
            head = other.split()[-1]
            if any(_stem_shared(head, w) for w in answer_words) and head not in a.split():
                return f"also correct: the text calls it {other!r}, which the answer's words name"
    return None
