"""A table's field labels and build switches asked as terms (issue 18, round 16's strict read).

Three shapes of a technical page made of label:value tables and option lists:

- A label cell: the CVS to Subversion guide sets each task's cells under "Commands:",
  "Explanation:" and "Book References:", which the conversion writes ``**Commands:**: $ cvs -d
  /usr/local/repos init``. The label carries its own colon; a glossary's term never does (its
  colon follows the bold). The offline generator asked "What is Commands:?" and "What does
  Explanation: do?". The label names a field of every row, not a thing to learn: its cell's
  sentences may still teach, read as ordinary sentences.
- A cell with no subject: "Contacts repository, but doesn't modify the working copy." opens on
  a verb; the subject is the command of the row, which the sentence does not carry ("Fill in
  the blank: _____, but doesn't modify the working copy." => "Contacts repository").
- A build switch: libtiff's "**PACKBITS_SUPPORT**: Macintosh PackBits algorithm (compression
  32773)" names what the switch turns on, not what the switch is; "What is PACKBITS_SUPPORT?"
  => "Macintosh PackBits algorithm" is wrong. When the page defines the name as a macro
  ("#define PACKBITS_SUPPORT", "tiffconf.h defines COLORIMETRY_SUPPORT"), "What does defining
  PACKBITS_SUPPORT enable support for?" is sure; without that, no question is.
"""

from __future__ import annotations

import re

from studyapp.generation.lexicon import is_word

_LABEL_WORDS = re.compile(
    r"(?:explanation|commands?|book references?|references?|examples?|description|usage|"
    r"syntax|see also)",
    re.IGNORECASE,
)


def field_label(term: str) -> bool:
    """Is the bold ``term`` of a ``**term**: text`` line a table's field label ("Commands:",
    "Explanation:", "Book References:")? Its own closing colon says so, as does a bare label
    word that names a field of any row ("Explanation", "Usage", "See also")."""
    t = term.strip()
    return t.endswith(":") or _LABEL_WORDS.fullmatch(t) is not None


_AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "can",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "should",
        "will",
        "would",
        "do",
        "does",
        "did",
        "of",
        "and",
        "or",
    ]
)


def subjectless_cell(sentence: str) -> bool:
    """Does ``sentence`` open on a verb with no subject ("Contacts repository, but doesn't
    modify the working copy.", "Shows modified files only.")? A table cell's note on its
    row's command: the subject is the command, which the sentence does not carry. "Contacts
    are stored …" opens on a noun: a verb follows it."""
    words = re.findall(r"[A-Za-z'’]+", sentence)
    if len(words) < 2 or not re.fullmatch(r"[A-Z][a-z]+s", words[0]):
        return False
    verb = words[0].lower()
    if not is_word(verb) or words[1].lower() in _AUXILIARIES:
        return False
    stems = (verb[:-1], verb[:-2], verb[:-3] + "y" if verb.endswith("ies") else "")
    return any(len(stem) >= 3 and is_word(stem) for stem in stems)


_SWITCH = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_SUPPORT")
# The page sets its switches by defining them ("#define PACKBITS_SUPPORT", "tiffconf.h defines
# COLORIMETRY_SUPPORT", "define COMPRESSION_SUPPORT and then one or more additional defines").
_DEFINED = re.compile(r"(?:#\s*define\s+|\bdefines?\s+(?:\w+\s+)?)" + _SWITCH.pattern + r"\b")


def build_switch(term: str) -> bool:
    """Is ``term`` a build switch's name ("PACKBITS_SUPPORT", "COLORIMETRY_SUPPORT")?"""
    return _SWITCH.fullmatch(term.strip()) is not None


def switch_question(term: str, back: str, material: str) -> tuple[str, str] | None:
    """(front, back) for the build switch ``term`` whose description ``back`` names what it
    turns on; ``None`` when no question is sure (the page never sets its switches by defining
    them)."""
    if _DEFINED.search(material) is None:
        return None  # "What is X?" is wrong, and the page never says how its switches are set
    support = re.match(r"^support for\s+(?P<what>.+)$", back, re.IGNORECASE)
    if support:  # "support for the TIFF 6.0 colorimetry tags"
        return f"What does defining {term} enable?", "Support for " + support["what"]
    return f"What does defining {term} enable support for?", back[:1].upper() + back[1:]
