"""The description a sentence gives the name an author marks: "The lowest concentration of
oxygen that allows growth is called the **minimum permissive oxygen concentration**."

Such a sentence names a thing after describing it, so its cloze blanks the name beside words
of the name ("… of oxygen … the minimum permissive _____ concentration" gives the answer
away), and its "What is X called?" question needs a short description. Asked the other way
round, "What is the minimum permissive oxygen concentration?", the description is the
answer and nothing is given away. Two shapes, the whole sentence being the naming:

- "<description> is/are (commonly) called/known as/termed/referred to as/named <term>.";
- "<description> is/are its/their <term>." ("The lowest temperature at which the organism can
  survive and replicate is its minimum growth temperature.": the term is the description's
  own, "its" pointing inside the sentence).

The description must stand alone: it opens on an article and holds no word pointing at
another sentence ("This process is called animal domestication." names what the paragraph
before describes, which no card carries). Only an author-marked term is asked this way: the
mark says the name is the term the text teaches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAMING = (
    r"(?:(?:commonly|often|usually|sometimes|also)\s+)?"
    r"(?:called|known\s+as|termed|referred\s+to\s+as|named)"
)
_POINTER = re.compile(r"\b(?:this|these|those|it|they|he|she|such(?!\s+as\b))\b", re.IGNORECASE)


@dataclass(frozen=True)
class MarkedName:
    """A marked name and the description the sentence gives it."""

    description: str
    name: str
    article: str  # "the", "a", "an" or "" as the sentence writes it ("its" reads as "the")
    plural: bool


def marked_name(sentence: str, term: str) -> MarkedName | None:
    """The naming that ``sentence`` states of the marked ``term``, or ``None``."""
    name = re.escape(term)
    m = re.fullmatch(
        rf"(?P<desc>(?:The|A|An)\s[^;:]+?)\s+(?P<be>is|are)\s+(?:{_NAMING}\s+"
        rf"(?:(?P<article>the|a|an)\s+)?|(?P<own>its|their)\s+)(?P<name>{name})\.",
        sentence.strip(),
        re.IGNORECASE,
    )
    if m is None:
        return None
    description = m["desc"]
    if len(description.split()) < 4 or _POINTER.search(description):
        return None  # "The term is called …": too little; "This form of …": the one before
    if m["own"] is None and "," in description:
        return None  # "The X, which …, is called Y": the naming is one clause
    article = "the" if m["own"] else (m["article"] or "").lower()
    return MarkedName(description, m["name"], article, m["be"].lower() == "are")
