"""A wrong option the material says does what the blank's sentence says: a second right answer.

Round 16's strict read (issue 18) dropped "A _____ connects devices and allows for resource
sharing across the network." => server among workstation | hub | mainframe: the same text says
"The purpose of a hub is to send a received message to all connected devices", so "hub" is
right too (a hub connects devices). The gate's "also correct in the text" check
(:func:`studyapp.generation.choice_fit.misfit`) only finds the sentence's own words around the
option; the material says the same thing of the option in its own words.

Judged only where the blank is the sentence's subject ("A _____ connects devices …"): the verb
right after the blank and the words of the rest of its clause ("connect", "device") say what
the answer does. An option the material makes the subject of a sentence (or a glossary line:
"**hub**: device that …", "The purpose of a hub is …") that has that verb and those words in
any form ("connected devices"), not negated, does it too. Nothing here is one text's words:
the closed lists are English grammar (articles, copulas, negations).
"""

from __future__ import annotations

import re
from functools import lru_cache

from studyapp.generation.quality import BLANK, cloze_sentence
from studyapp.generation.words import STOPWORDS, is_verb

_ARTICLES = frozenset({"", "a", "an", "the"})
# Words after the blank that say what the subject is, not what it does.
_NOT_DEEDS = frozenset(
    """is are was were be been has have had can may might must will would should could also
    often usually does do did not""".split()  # noqa: SIM905
)
_NEGATION = re.compile(r"\b(?:not|never|cannot|unlike|no longer)\b|n't\b", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+(?:[.,]\d+)?|[^\sA-Za-z\d]")
_CLAUSE_ENDS = frozenset(",;:.!?()")
_CLAUSE_WORDS = frozenset(
    "and or but whereas while although though which that who whom whose".split()  # noqa: SIM905
)


def root(word: str) -> str:
    """A word without its verb or plural ending and a final "e", so that "connects",
    "connected" and "connecting" meet, as do "device" and "devices"."""
    w = word.lower()
    for end in ("ing", "ed", "es", "s"):
        if w.endswith(end) and len(w) - len(end) >= 3 and not w.endswith(("ss", "us", "is")):
            w = w[: -len(end)]
            break
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


def deed(stem: str) -> tuple[str, tuple[str, ...]] | None:
    """What the blank's sentence says the answer does: the verb right after a blank that is
    the sentence's subject, and every word of the rest of its clause (up to a comma, "and",
    "whereas", …) but grammar words, as roots; None otherwise. The whole clause, numbers too:
    "_____ grow best in the temperature range of 0–15 °C" is not what "Mesophiles grow best
    at moderate temperatures in the range of 20 °C to about 45 °C" says."""
    before, found, after = cloze_sentence(stem).partition(BLANK)
    if not found or before.strip().lower() not in _ARTICLES:
        return None
    tokens = _TOKEN.findall(after)
    if not tokens:
        return None
    verb = tokens[0]
    if not verb.islower() or verb in _NOT_DEEDS or verb in STOPWORDS:
        return None
    if not (is_verb(verb) or (verb.endswith("s") and len(verb) > 4)):
        return None
    objects: list[str] = []
    for token in tokens[1:]:
        low = token.lower()
        if token in _CLAUSE_ENDS or low in _CLAUSE_WORDS:
            break
        if token[:1].isalnum() and low not in STOPWORDS:
            objects.append(root(low))
    if not objects:
        return None
    return root(verb), tuple(objects)


@lru_cache(maxsize=64)
def _statements(material: str) -> tuple[str, ...]:
    """The material's sentences and glossary lines, each on one line."""
    out: list[str] = []
    for line in material.splitlines():
        for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
            if sentence:
                out.append(sentence)
    return tuple(out)


def _about(option: str, sentence: str) -> bool:
    """The sentence says something of ``option``: the option opens it as its subject (after
    an article, a list's mark or bold type) or as a glossary entry, or "The purpose of a X
    is …" does."""
    words = option.split()
    if not words:
        return False
    last = re.escape(words[-1])
    term = r"\s+".join([*(re.escape(w) for w in words[:-1]), rf"{last}(?:s|es)?"])
    opener = r"^(?:[-*•]\s+)?(?:\*\*)?(?:(?:the|an?)\s+)?"
    purpose = r"(?:(?:the|an?)\s+)?(?:main\s+)?(?:purpose|role|job|function|task)\s+of\s+"
    subject = rf"{opener}(?:{purpose}(?:(?:the|an?)\s+)?)?{term}(?:\*\*)?(?:\s*:|\s+(?!of\b)[a-z])"
    return re.match(subject, sentence, re.IGNORECASE) is not None


def does_too(answer: str, option: str, stem: str, material: str) -> str | None:
    """Why ``option`` is right too, by what the material says it does, or None."""
    if not material or not option.strip():
        return None
    said = deed(stem)
    if said is None:
        return None
    verb, objects = said
    for sentence in _statements(material):
        if not _about(option, sentence) or _about(answer, sentence) or _NEGATION.search(sentence):
            continue
        roots = {root(w) for w in _TOKEN.findall(sentence) if w[:1].isalnum()}
        if verb in roots and all(o in roots for o in objects):
            quote = sentence if len(sentence) <= 90 else sentence[:87] + "…"
            return f"right too: the text says it does what the sentence says ({quote!r})"
    return None
