"""Wrong options for a definition card: the definitions of the subject's siblings, in its form.

Issue 18: a card "What is an absorption spectrum?" answered by a definition made almost no
choice set offline. Its options were other cards' answers to "What is …?" about anything of
the same genus, and the gate refused most of them as "not 0.5-2x the answer's length" or "not
in the same form as the answer": a long definition among short ones, "Sanctions …" among "A
…", a full stop only the answer has. A strict reader would have refused the rest, as they
define other kinds of thing.

A fair wrong option for a definition is the definition of a SIBLING of the term: another term
the material defines that is of the same kind, the same head noun with another modifier
("emission spectrum", "continuous spectrum" beside "absorption spectrum"; "secondary groups"
beside "primary groups"), or for names, the same family of names ("tcp_syn_retries" beside
"tcp_synack_retries"; an error code beside an error code). The card the material's sentence
makes for the sibling must ask the same question ("What is …?", "What does … do?").

Refused, because each would let two options be right or would tell the learner which is which:
- a broader term (its words all in the subject's: "spectrum" for "absorption spectrum"), or a
  term the answer itself names ("A small social group …" makes "social groups" X's genus);
- a definition that names the subject's own term or its modifier;
- a definition naming its own option ("Sets or gets the SO_LINGER option." for SO_RCVBUF).

:func:`shaped` then writes each option in the answer's form, so form never tells them apart:
the same kind of opening (an article, none, a verb in the same form), the same capital and
final stop, and a long definition cut at a clause boundary (", which …", "; …") to a length
near the answer's, only where the part kept is a whole definition (a head and its clause).
Anything else is left out: the gate and :func:`studyapp.generation.choice_fit.misfit` still
judge every option.
"""

from __future__ import annotations

import re
from functools import lru_cache

from studyapp.generation.choice_frame import frame, is_descriptive
from studyapp.generation.offline_cards import definition_card, find_definition, term_card, units
from studyapp.generation.quality import clean
from studyapp.generation.terms import stem
from studyapp.generation.words import STOPWORDS, is_verb

MATERIAL_CHARS = 120_000  # what is read of the goal's material for its definitions
_ARTICLES = {"a": "indefinite", "an": "indefinite", "the": "definite"}
# Clause boundaries after which a definition only adds (an example, a further property).
_CUTS = ("; ", ", which ", ", and ", ", so ", ", often ", ", such as ", ", for example", " (")
_SUBJECT = re.compile(
    r"^(?:what|who)\s+(?:is|are|does|do)\s+(?:an?\s+|the\s+)?(.+?)"
    r"(?:\s+(?:do|mean|used for))?\?$",
    re.IGNORECASE,
)
# Words a cut must not end on: the part kept would be cut mid-phrase.
_DANGLING = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "for", "with", "by", "and", "or", "as", "at"}
    | {"from", "that", "which", "who", "whose", "than"}
)
_ERROR_CODE = re.compile(r"^E[A-Z0-9]{2,}$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def subject(front: str) -> str:
    """The term a definition question asks about ("What are formal sanctions?" -> "formal
    sanctions"; "What does tcp_fin_timeout do?" -> "tcp_fin_timeout"), or ""."""
    m = _SUBJECT.match(" ".join(front.split()))
    return m.group(1).strip().strip("`") if m else ""


def _bare(term: str) -> str:
    return re.sub(r"^(?:a|an|the)\s+", "", term.strip().strip("`"), flags=re.IGNORECASE)


def _stems(text: str) -> list[str]:
    return [stem(w.lower()) for w in _WORD.findall(text)]


def _family(term: str) -> str:
    """A name's family: an error code ("E…"), a lower-case identifier's prefix ("tcp_"), an
    upper-case constant's prefix ("SO_"); "" for words."""
    if _ERROR_CODE.match(term):
        return "E"
    m = re.fullmatch(r"([A-Za-z][A-Za-z0-9]*)_[A-Za-z0-9_]+", term)
    return m.group(1).lower() + "_" if m else ""


def siblings(mine: str, other: str) -> bool:
    """Whether ``other`` is a sibling of ``mine``: of one family of names, or two word terms of
    one head noun, each with a modifier of its own (never the broader term, whose words are
    all in ``mine``)."""
    a, b = _bare(mine), _bare(other)
    if not a or not b or a.lower() == b.lower():
        return False
    fam = _family(a)
    if fam or _family(b):
        return fam == _family(b)
    sa, sb = _stems(a), _stems(b)
    if len(sa) < 2 or len(sb) < 2 or len(sa) != len(a.split()) or len(sb) != len(b.split()):
        return False  # a single word, or not plain words
    if sa[-1] != sb[-1] or set(sa[:-1]) <= set(sb[:-1]) or set(sb[:-1]) <= set(sa[:-1]):
        return False  # another head, or one modifier within the other's ("social" groups)
    return not any(w in STOPWORDS for w in sb[:-1])


def _names(text: str, term: str) -> bool:
    """``text`` names ``term``: its words in a row, or for a term of words its modifier (the
    part that tells it from its siblings: "absorb…" in a definition for "absorption
    spectrum")."""
    t = _bare(term)
    if re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", text, re.IGNORECASE):
        return True
    if _family(t):
        return False
    said = {s[:5] for s in _stems(text) if len(s) >= 4}
    own = [s for s in _stems(t)[:-1] if len(s) >= 4 and s not in STOPWORDS]
    return any(s[:5] in said for s in own)


@lru_cache(maxsize=4)
def definitions(material: str) -> tuple[tuple[str, str, str], ...]:
    """(term, front, back) of every definition card the material's sentences and items make,
    in its order. Cached: a goal's cards ask for the same material one after another."""
    out: list[tuple[str, str, str]] = []
    text = material[:MATERIAL_CHARS]
    for unit in units(text):
        if unit.kind == "definition" and unit.term:
            card = term_card(unit, text)
            if card is not None:
                out.append((unit.term.strip().strip("`"), card.front, card.back))
            continue
        d = find_definition(unit.text)
        if d is None or d.example:
            continue
        card = definition_card(d, unit.section, unit.item, text)
        out.append((d.term, card.front, card.back))
    return tuple(out)


def _opening(text: str) -> str:
    """How a definition opens: an article's kind, a verb and its form, or "other"."""
    first = text.split()[0].lower() if text.split() else ""
    if "/" in first:
        return "alternatives"  # "Show/set …" beside "Enable …" reads as another form
    if first in _ARTICLES:
        return _ARTICLES[first]
    if is_verb(first) and not first.endswith(("ing", "ed")):
        return "verb-s" if first.endswith("s") and not first.endswith("ss") else "verb"
    return "other"


def _cut(option: str, most: int, least: int) -> str:
    """``option`` cut at the last clause boundary that keeps it within ``most`` characters and
    at least ``least``, keeping five words or more; "" when none does."""
    best = ""
    for mark in _CUTS:
        at = 0
        while (at := option.find(mark, at + 1)) > 0:
            head = option[:at].rstrip(" ,;")
            ws = head.split()
            whole = len(ws) >= 5 and ws[-1].lower() not in _DANGLING
            if whole and least <= len(head) <= most and len(head) > len(best):
                best = head
    return best


def shaped(option: str, answer: str) -> str:
    """``option`` in ``answer``'s form (opening, capital, final stop, a comparable length),
    or "" when it cannot be put so without changing what it says."""
    option, answer = clean(option), clean(answer)
    if not option or not answer or _opening(option) != _opening(answer):
        return ""
    stop = answer.endswith(".")
    body = option.rstrip(".")
    length = len(answer.rstrip("."))
    if len(body) > 2 * length:
        body = _cut(body, 2 * length - 2, max(length // 2 + 1, 20))
        if not body:
            return ""
    word = body.split()[0]
    if answer[:1].isupper() != word[:1].isupper():
        if any(c.isupper() for c in word[1:]) or not word.isalpha():
            return ""  # a name ("TCP", "iPhone") keeps its capitals: it would stand apart
        body = (body[:1].upper() if answer[:1].isupper() else body[:1].lower()) + body[1:]
    return body + ("." if stop else "")


def asks_about_sibling(front: str, other_front: str) -> bool:
    """Whether ``other_front`` asks ``front``'s question about a sibling of its subject ("What
    are informal sanctions?" beside "What are formal sanctions?"): another question, however
    alike the two read, so its answer is no other correct answer to ``front``."""
    mine, theirs = subject(front), subject(other_front)
    same = frame(front) is not None and frame(front) == frame(other_front)
    return same and bool(mine and theirs) and siblings(mine, theirs)


def sibling_definitions(front: str, answer: str, material: str) -> list[str]:
    """The definitions of the card's subject's siblings that the material gives in answer to
    the card's own question, in the answer's form (see the module docstring); [] for a card
    that is no definition question."""
    asked = frame(front)
    mine = subject(front)
    if asked is None or not mine or not is_descriptive(answer):
        return []
    out: list[str] = []
    for term, other_front, back in definitions(material):
        if frame(other_front) != asked or not siblings(mine, term):
            continue
        if _names(answer, term) or _names(back, mine):
            continue  # the broader term (the answer names it), or a definition naming X
        if _family(_bare(term)) and _names(back, term):
            continue  # "Sets or gets the SO_LINGER option.": plainly not X's definition
        option = shaped(back, answer)
        if option and option not in out and clean(back) != clean(answer):
            out.append(option)
    return out
