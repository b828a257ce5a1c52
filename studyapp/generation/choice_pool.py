"""More of the material's own terms of one kind, for choice sets the cards' answers cannot fill.

Issue 18: the offline choice checks made sets better but far too few. Most refusals were a
thin pool: the wrong options were drawn from other cards' answers (mostly definitions, of
another form) and from the terms the material defines ("X is a Y"), and a card like
"Organisms that grow at 50-80 °C are called _____" found no other "-philes" although the text
names three ("Organisms categorized as mesophiles ('middle loving')", "Organisms called
psychrotrophs"). Other ways a text names things of one kind are read here:

- :func:`named_terms`: what it introduces by a naming verb ("called X", "known as X",
  "categorized as X") or glosses in quotes ("mesophiles ('middle loving')");
- :func:`heading_kin`: the subjects of the headings beside the answer's own heading
  ("### Family", "### Peer Groups", "### School" under one chapter): a text's sections on
  things of one kind, written as the prose writes them;
- :func:`heading_lists`: those heading groups as lists, so the kind checks
  (:func:`studyapp.generation.choice_sense.listed_together`) count them as one kind, as they
  do a sentence's list ("family, school, and peers");
- :func:`in_number`: a term in the number the blank asks for, as the text writes it
  ("natural concepts" beside "artificial concepts", not the "natural concept" the pool had).

Every term still goes through the gate and :func:`studyapp.generation.choice_fit.misfit`
(kind, number, article, "also correct in the text"); these only widen the pool.
"""

from __future__ import annotations

import re
from functools import lru_cache

from studyapp.generation.outline import heading_lines
from studyapp.generation.words import STOPWORDS

# A verb that names what follows it ("are called thermophiles", "categorized as mesophiles").
_NAMING = re.compile(
    r"\b(?:called|termed|named|known\s+as|referred\s+to\s+as|categori[sz]ed\s+as|"
    r"classified\s+as)\s+(?:an?\s+|the\s+)?"
    r"(?P<t>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}?)"
    # The name ends where a gloss, a clause or the sentence starts.
    r"(?=\s*(?:\(|,|;|:|\.(?:\s|$)|\s+(?:which|that|who|because|and|or|are|is|were|was|in|"
    r"for|to|by|with)\b))"
)
# A lower-case term glossed in quotes right after it: "mesophiles (“middle loving”)".
_GLOSS = re.compile(
    r"(?<![\w-])(?P<t>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+\([“\"][^”\")]{2,40}[”\"]\)"
)
_ARTICLES = frozenset({"a", "an", "the"})
_MOST_WORDS = 3  # a heading longer than this is a topic ("Branch management for a release")


def named_terms(text: str) -> list[str]:
    """The terms ``text`` names with a naming verb or glosses in quotes, in its order. A name
    that opens with a stopword ("as mesophiles", "on it") is the verb's object, not a term."""
    flat = " ".join(text.split())
    out: list[str] = []
    for pattern in (_NAMING, _GLOSS):
        for m in pattern.finditer(flat):
            term = m.group("t")
            if term.split()[0].lower() in STOPWORDS or term in out:
                continue
            out.append(term)
    return out


def _subject(title: str) -> str | None:
    """A heading's title as a term: at most three words, none of them a stopword after a
    leading article ("The Workplace" -> "Workplace"), no code or punctuation; else None."""
    words = title.split()
    if words and words[0].lower() in _ARTICLES:
        words = words[1:]
    if not 1 <= len(words) <= _MOST_WORDS:
        return None
    if not all(re.fullmatch(r"[A-Za-z][A-Za-z-]*", w) for w in words):
        return None
    if any(w.lower() in STOPWORDS for w in words):
        return None
    return " ".join(words)


@lru_cache(maxsize=64)
def _groups(material: str) -> tuple[tuple[str, ...], ...]:
    """Heading subjects of one level under one heading two levels up (a chapter's sections
    and their subsections' titles: "Family", "Peer Groups", "School", …), or under one
    parent when there is no such heading. Groups of fewer than two terms are left out."""
    heads = [(level, title) for _, level, title, _ in heading_lines(material)]
    groups: dict[tuple[int, int], list[str]] = {}
    for i, (level, title) in enumerate(heads):
        above = [j for j in range(i) if heads[j][0] < level]
        parent = above[-1] if above else -1
        grand = [j for j in range(i) if heads[j][0] < heads[parent][0]] if parent >= 0 else []
        key = (level, grand[-1] if grand else parent)
        subject = _subject(title)
        if subject:
            groups.setdefault(key, []).append(subject)
    return tuple(tuple(g) for g in groups.values() if len(g) >= 2)


def _prose(material: str) -> str:
    return " ".join(re.sub(r"(?m)^#.*$", " ", material).split())


def _as_written(subject: str, prose: str, plural: bool | None) -> str | None:
    """The subject as the prose writes it (its case; in the number asked for when the prose
    has that form), or None when the prose never writes it: a heading's own wording."""
    words = subject.split()
    head = words[-1]
    base = head[:-1] if head.lower().endswith("s") and not head.lower().endswith("ss") else head
    stems = r"\s+".join([*(re.escape(w) for w in words[:-1]), re.escape(base) + r"(?:s|es)?"])
    found = [m.group(0) for m in re.finditer(rf"(?<![\w-]){stems}(?![\w-])", prose, re.I)]
    if not found:
        return None
    lower_case = any(f[:1].islower() for f in found)
    if plural is not None:
        wanted = [f for f in found if f.lower().endswith("s") == plural]
        found = wanted or found
    lower = [f for f in found if not f[:1].isupper()]
    if lower:
        return lower[0]
    # Written lower-case in the other number ("religions are …"): the capital of "Religion
    # is …" only opens a sentence.
    return found[0][:1].lower() + found[0][1:] if lower_case else found[0]


def heading_kin(answer: str, material: str, plural: bool | None = None) -> list[str]:
    """The subjects of the headings in the answer's heading group (see :func:`_groups`),
    the answer's own left out, as the prose writes them: the text's sections on other things
    of the answer's kind. [] when the answer is no heading's subject."""
    if not material:
        return []
    key = _key(answer)
    prose = _prose(material)
    for group in _groups(material):
        if key not in {_key(s) for s in group}:
            continue
        kin = [_as_written(s, prose, plural) for s in group if _key(s) != key]
        return [k for k in kin if k]
    return []


def heading_lists(material: str) -> tuple[frozenset[str], ...]:
    """Each heading group as a list of lower-case terms (see :func:`_groups`)."""
    return tuple(frozenset(s.lower() for s in group) for group in _groups(material))


def _key(term: str) -> str:
    """A term compared without case, article or a plural's "s"."""
    words = [w.lower() for w in term.split()]
    if words and words[0] in _ARTICLES:
        words = words[1:]
    if words and words[-1].endswith("s") and not words[-1].endswith("ss"):
        words[-1] = words[-1][:-1]
    return " ".join(words)


def _other_numbers(head: str, plural: bool) -> list[str]:
    """The head noun's regular forms in the other number ("concept" -> "concepts";
    "species" is left to the material: both are tried and only a written one is kept)."""
    low = head.lower()
    if plural:
        if re.search(r"[^aeiou]y$", low):
            return [head[:-1] + "ies"]
        return [head + "es", head + "s"] if re.search(r"(s|x|z|ch|sh)$", low) else [head + "s"]
    if low.endswith("ies"):
        return [head[:-3] + "y"]
    if re.search(r"(sses|xes|zes|ches|shes)$", low):
        return [head[:-2]]
    return [head[:-1]] if low.endswith("s") and not low.endswith("ss") else []


def in_number(term: str, plural: bool, material: str) -> str | None:
    """``term`` in the number the blank asks for ("natural concept" -> "natural concepts"
    beside "artificial concepts"), as the material writes it somewhere; None when the
    material never writes that form (no made-up plurals: "role schemas", "data")."""
    words = term.split()
    if not words or not material:
        return None
    for form in _other_numbers(words[-1], plural):
        candidate = " ".join([*words[:-1], form])
        pattern = r"\s+".join(re.escape(w) for w in candidate.split())
        found = re.search(rf"(?<![\w-]){pattern}(?![\w-])", material, re.IGNORECASE)
        if found is not None:
            written = " ".join(found.group(0).split())
            return written if written[:1].islower() == term[:1].islower() else candidate
    return None


def heading_terms(material: str) -> list[str]:
    """Every subject of a heading group (see :func:`_groups`) as the prose writes it, in
    either number: what :func:`heading_kin` may offer for some answer of the material."""
    prose = _prose(material)
    out: list[str] = []
    for group in _groups(material):
        for subject in group:
            for plural in (None, False, True):
                written = _as_written(subject, prose, plural)
                if written and written not in out:
                    out.append(written)
    return out
