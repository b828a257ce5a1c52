"""A part named without what it belongs to: "the location attribute", "the size field".

Reference prose names a part by its own word and lets the section say whose it is: round 7's
"What does the location attribute specify?" (ant_using.html) read, out of its section, as a
question about nothing in particular; the section's own markup shows the attribute on one
element, ``<pathelement location="lib/helper.jar"/>``. A question about such a part carries
its owner ("the location attribute of <pathelement>"): the element the section writes it
on, or the owner the material itself names ("the location attribute of the path element").
With no owner to find, the question makes no card.

An identifier names itself ("the EPOLLET flag", "the SO_KEEPALIVE option"): only a part
called by a plain lower-case word is a part of something else.
"""

from __future__ import annotations

import re

from studyapp.generation.words import STOPWORDS

# Nouns that name a part of something else by its role.
_PART = re.compile(
    r"^(?i:the) (?P<name>[a-z][\w-]*) (?P<part>attribute|option|field|parameter|argument|"
    r"property|flag|setting|member|column)$"
)


def _section_of(sentence: str, material: str) -> str:
    """The text of the section (between two headings) that holds ``sentence``; "" when the
    material does not hold it."""
    words = sentence.split()[:8]
    if not words:
        return ""
    m = re.search(r"\s+".join(re.escape(w) for w in words), material)
    if m is None:
        return ""
    heads = [h.start() for h in re.finditer(r"^#.*$", material, re.MULTILINE)]
    start = max((h for h in heads if h <= m.start()), default=0)
    end = min((h for h in heads if h > m.start()), default=len(material))
    return material[start:end]


def _owner(name: str, part: str, sentence: str, material: str) -> str | None:
    """What the part ``name`` belongs to: the one element its section writes it on, else
    the owner the material names after "the <name> <part> of"."""
    section = _section_of(sentence, material)
    if part.lower() == "attribute":
        elements = {
            m[1]
            for m in re.finditer(rf"<([A-Za-z][\w:.-]*)\b[^<>]*?\s{re.escape(name)}\s*=", section)
        }
        if len(elements) == 1:
            return f"<{elements.pop()}>"
    named = set()
    for m in re.finditer(
        rf"\bthe {re.escape(name)} {part}s? of ((?:the |an? )?[\w<>-]+)(?: ([\w<>-]+)(\W+\w+)?)?",
        material,
        re.IGNORECASE,
    ):
        # "of the path element is …" names "the path element"; "of the header counts bytes"
        # names "the header" (a word and no function word after it is the verb and its object).
        after = (m[3] or "").strip(" ").lower()
        second = m[2] and (not m[3] or not after[:1].isalpha() or after in STOPWORDS)
        named.add(f"{m[1]} {m[2]}" if second else m[1])
    return named.pop() if len(named) == 1 else None


def owned_subject(subject: str, sentence: str, material: str) -> str | None:
    """``subject`` as a question can ask it: unchanged unless it is a part named by a plain
    word ("the location attribute"); then with its owner ("the location attribute of
    <pathelement>"), or None when the material gives none."""
    m = _PART.match(subject.strip())
    if m is None:
        return subject
    owner = _owner(m["name"], m["part"], sentence, material)
    return None if owner is None else f"{subject.strip()} of {owner}"
