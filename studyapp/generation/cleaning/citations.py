"""Whether a section's body is a list of citations (a bibliography, a list of links) or prose.

A heading such as "References", "Notes", "Sources" or "Resources" names a bibliography in a
textbook (OpenStax: "Becker, Howard. 1963. Outsiders: … New York: Free Press.") and a lesson in
a manual (Apache Ant's "References" teaches the id and refid attributes; a man page's NOTES are
prose about the call). The title cannot tell them apart, the body can: a citation is written in
a shape of its own (authors, a year, a quoted title, a URL or DOI, "et al.", "pp.", a volume and
issue, "City: Publisher"), a teaching section in sentences.
"""

from __future__ import annotations

import re

# The marks a citation carries. A year and a quoted title are weak: prose names years ("In 1856,
# clashes …") and quotes ("the “Young America” movement"); a citation has two marks, one of them
# strong (its authors, a URL, a page range, its publisher…).
_WEAK = (
    re.compile(r"(?<![\w.])(?:1[5-9]\d\d|20\d\d)[a-z]?(?![\w-]|\.\d)|\bn\.d\."),  # a year
    re.compile(r"[“\"][^”\"]{4,}[”\"]"),  # a quoted title
)
_STRONG = (
    re.compile(r"https?://|\bwww\.\w|\bdoi:|\b10\.\d{4,}/", re.IGNORECASE),  # a URL or a DOI
    # Its first author, surname first: "Becker, Howard." "Sumner, William Graham." "Hinduja, S."
    re.compile(r"^[A-Z][\w'’-]+,\s+(?:(?:[A-Z]\.\s?)+|[A-Z][a-z]+(?:\s[A-Z][a-z]*\.?)*\.\s)"),
    re.compile(r"\bet al\.|\bpp?\.\s*\d|\bvols?\.\s*\d|\(eds?\.\)|\bISBN\b|\bRetrieved\b"),
    re.compile(r"\b\d+\s*\(\d+(?:[/–-]\d+)?\),\s*\d"),  # volume(issue), pages: "19(3/4), 75"
    # Its publisher after its title's period: ". New York: Free Press", ". Homewood, IL: Dorsey"
    re.compile(r"\.\s[A-Z][a-z]+(?:\s[A-Z][a-z]+)*(?:,\s[A-Z]{2})?:\s[A-Z]"),
)
# A citation in running prose, "(Brabham 2001)", "(Steup et al. 1996)": the prose around it
# teaches, so it is no mark of the entry.
_IN_TEXT = re.compile(r"\([A-Z][^()]*?\s(?:1[5-9]\d\d|20\d\d)[a-z]?\)")
_URL_ONLY = re.compile(r"^\(?(?:https?://|www\.)\S+$", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_PROSE_WORDS = 6  # an entry of this many words that is no citation is a sentence that teaches


def entries(body: str) -> list[str]:
    """The paragraphs and list items of cleaned Markdown, outside code and headings."""
    out: list[str] = []
    current: list[str] = []
    in_code = False
    for line in [*body.splitlines(), ""]:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            continue
        if not stripped or stripped.startswith(("#", "- ", "* ")):
            if current:
                out.append(" ".join(current))
            current = [stripped[2:].strip()] if stripped.startswith(("- ", "* ")) else []
        else:
            current.append(stripped)
    return out


def is_citation(entry: str) -> bool:
    """An entry written as a citation or a bare link, not a sentence about the subject."""
    text = entry.strip()
    if _URL_ONLY.match(text):
        return True
    text = _IN_TEXT.sub("", text)
    strong = sum(1 for m in _STRONG if m.search(text))
    return strong >= 1 and strong + sum(1 for m in _WEAK if m.search(text)) >= 2


def lists_citations(body: str) -> bool:
    """Whether ``body`` is a bibliography or a list of links: it holds no sentence that is not
    a citation, or its citations outnumber such sentences two to one (a list of references
    with a line introducing it). A teaching section (Ant's id/refid "References") is prose."""
    found = entries(body)
    citations = sum(1 for e in found if is_citation(e))
    prose = sum(1 for e in found if not is_citation(e) and len(_WORD.findall(e)) >= _PROSE_WORDS)
    return prose == 0 or citations >= 2 * prose
