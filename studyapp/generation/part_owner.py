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

from studyapp.generation.cleaning.reference_rows import PART_KINDS, singular
from studyapp.generation.words import STOPWORDS, with_indefinite

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


def _heading_owner(title: str, kind: str) -> str | None:
    """What a heading names as the owner of the ``kind`` parts its table lists: a call or an
    identifier as written ("dns.lookup(hostname)", "<javac>"), a short plural noun phrase as
    one of them ("Projects" -> "a project", "Command-line Arguments" -> "a command-line
    argument"), a singular one as itself ("Build File" -> "the build file"); None for a
    heading that is a sentence, a gerund ("Writing a Simple Buildfile") or the kind alone
    ("Attributes": whose?)."""
    title = title.strip()
    if re.search(r"[(.<_]", title) and len(title.split()) <= 4:
        return title
    words = title.split()
    if not 1 <= len(words) <= 3 or not all(re.fullmatch(r"[A-Za-z][A-Za-z-]*", w) for w in words):
        return None
    if words[0].lower().endswith("ing") or any(w.lower() in STOPWORDS for w in words):
        return None
    last = singular(words[-1])
    if len(words) == 1 and last.lower() in PART_KINDS:
        return None
    if len(words) == 1 and title.islower() and last == title:
        return title  # a command's name as its manual writes it ("git-commit", "mytool")
    low = [w if w.isupper() and len(w) > 1 else w.lower() for w in words[:-1]]
    low.append(last if last.isupper() and len(last) > 1 else last.lower())
    phrase = " ".join(low)
    if last.lower() == kind:
        return phrase  # "Command-line Options" of options: "the -v command-line option"
    if last.lower() == words[-1].lower():
        return f"the {phrase}"
    return with_indefinite(phrase)


def row_subject(name: str, kind: str, path: list[str], text: str, material: str) -> str | None:
    """How a question names a reference table's row ``name`` of ``kind`` (see
    :mod:`.cleaning.reference_rows`): "the default attribute of a project", its owner the
    element its section writes it on, else the deepest heading that names one (a heading
    that is the kind alone, "Attributes", hands over to the one above it); None when no
    owner is found: "What is the name attribute?" asks about nothing in particular."""
    owner = _owner(name, kind, text, material) if material else None
    if owner is None:
        for title in reversed(path[-2:]):
            owner = _heading_owner(title, kind)
            alone = title.split() and singular(title.split()[-1]).lower() in PART_KINDS
            if owner is not None or not (alone and len(title.split()) == 1):
                break
    if owner is None:
        return None
    if owner.endswith(f" {kind}") and not owner.startswith(("a ", "an ", "the ")):
        return f"the {name} {owner}"
    return f"the {name} {kind} of {owner}"


def heading_kind(title: str) -> str:
    """The kind of part a heading lists ("Options" -> "option", "Socket options" ->
    "option"), "" when its last word names none."""
    words = title.split()
    if not 1 <= len(words) <= 3 or not re.fullmatch(r"[A-Za-z-]+", words[-1]):
        return ""
    kind = singular(words[-1]).lower()
    return kind if kind in PART_KINDS else ""
