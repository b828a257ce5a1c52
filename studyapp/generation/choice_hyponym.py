"""A wrong option the material makes a kind of the answer, so the stem is true of it too.

Round 11's strict read (issue 18) found "_____ is a driving force in evolution … => Natural
selection" offered beside "Directional selection", "Diversifying selection" and "Sexual
selection". The text defines each of them as a kind of selection ("**directional selection**:
selection that favors …", "several ways selection can affect population variation:
stabilizing selection, directional selection, …"), so whatever natural selection does, they
do as well: each is also correct. An option is refused when it shares the answer's head noun
and the material makes it a kind of that head (a glossary line "<option>: <head> that …", "a
type/kind/form of <head>", a list after "types/kinds/ways of <head>"), while the answer is not
itself such a kind: two kinds of one head are siblings and make a fair set ("Stabilizing
selection" beside "Directional selection"). An answer the material's glossary names on its own
line ("**positive sanctions**: rewards given for conforming to norms") is such a kind too: the
text classifies it beside the others, and "Informal sanctions" is no kind of it (an informal
sanction may punish).
"""

from __future__ import annotations

import re

KIND_OF_ANSWER = "a kind of the answer (the text makes it one, so the stem is true of it too)"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][\w-]*", text.lower())


def _same_head(a: str, b: str) -> bool:
    return a == b or a.rstrip("s") == b.rstrip("s")


def made_a_kind(term: str, head: str, material: str) -> bool:
    """Does ``material`` make ``term`` a kind of ``head``: "**term**: head that …", "term is a
    type of head", or ``term`` in a list after "types of head" / "ways head …"?"""
    t, h = re.escape(term), re.escape(head)
    return bool(
        re.search(
            rf"(?:\*\*)?\b{t}(?:\*\*)?\s*[:—–]\s*(?:an?\s+|the\s+)?(?:[\w-]+\s+)?{h}s?\s+"
            rf"(?:that|which|in which|where|whereby)\b|"
            rf"\b{t}\b[^.]{{0,60}}?\b(?:is|are)\s+(?:a|an|one|another)\s+(?:[\w-]+\s+)?"
            rf"(?:type|kind|form|sort|variety)\s+of\s+(?:[\w-]+\s+)?{h}s?\b|"
            rf"\b(?:types|kinds|forms|sorts|varieties|ways)\s+(?:of\s+)?{h}s?\b[^.]{{0,200}}?"
            rf"\b{t}\b",
            material,
            re.IGNORECASE,
        )
    )


def _glossed(words: list[str], material: str) -> bool:
    """A glossary line of its own for the term: "**positive sanctions**: …"."""
    term = r"\s+".join(re.escape(w) for w in words)
    return re.search(rf"(?:^|\n)\s*\*\*{term}\*\*\s*:", material, re.IGNORECASE) is not None


def kind_of_answer(answer: str, option: str, material: str) -> str | None:
    """Why ``option`` is a kind of ``answer`` by the material (see the module), or ``None``."""
    a, o = _words(answer), _words(option)
    if not material or len(a) < 1 or len(o) < 2 or a == o or not _same_head(a[-1], o[-1]):
        return None
    head = a[-1]
    if not made_a_kind(" ".join(o), head, material):
        return None
    if len(a) >= 2 and (made_a_kind(" ".join(a), head, material) or _glossed(a, material)):
        return None  # two kinds of one head: siblings
    return KIND_OF_ANSWER
