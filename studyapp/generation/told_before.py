"""A noun phrase that means the one the sentence before it named (issue 18, round 10's sweep).

A paragraph names a thing once with what tells it apart and then calls it by its bare noun:
"… the Japanese are whitewashing that colonial history through these textbooks. … during World
War II, the Japanese forced Korean women into sexual slavery. The textbooks describe the women
as having been “drafted” to work …". On a card without those sentences "the textbooks" and
"the women" are any textbooks, any women. Likewise "Each N" deals out a set the sentence before
introduced: "… is a two-dimensional array of the text records …. Each sub-array contains TXT
chunks of one record." (each sub-array of what?).

Read from the material's own sentences before the card's sentence, in its paragraph: a bare
"the N" (no of-phrase, relative clause or name after it) whose N the sentences before wrote
with a demonstrative or a capitalised modifier ("these textbooks"), opening the sentence as
its subject (a "the interpreter" inside a phrase is the text's own, read as such), and an
"Each/Every N" whose N (or the whole it is a sub-part of: "sub-array" -> array) the sentence
before names. Grammar only: no words of any one text.
"""

from __future__ import annotations

import re

from studyapp.generation.words import STOPWORDS, is_verb

STUB_WORDS = 3  # fewer words is no sentence ("See ." where a figure's reference was)
REACH = 2  # sentences before the card's own that a bare "the N" may point at
# A noun phrase and the word after it: "The textbooks describe", "Each sub-array contains".
_PHRASE = re.compile(
    r"\b(?P<det>the|each|every)\s+(?P<noun>[a-z][a-z-]*[a-z])(?=(?P<after>\s+[\w’']+|\s*[,.;:]|$))",
    re.IGNORECASE,
)
# What tells the thing apart right after its noun: "the women of Korea", "the women who …".
_IDENTIFYING = frozenset(
    "of that which who whom whose where called named known in from for with on at".split()  # noqa: SIM905
)


def _previous(before: str, reach: int) -> str:
    """The last ``reach`` sentences of ``before``, within its paragraph."""
    start = before.rfind("\n")
    paragraph = before[start + 1 :].strip()
    # A stub a removed figure or link left ("See ."): no sentence, it points at nothing.
    sentences = [
        s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph) if len(s.split()) >= STUB_WORDS
    ]
    return " ".join(sentences[-reach:])


def _bare_head(after: str) -> bool:
    """The noun ends its phrase: a verb, punctuation or a function word comes next, not an
    identifying complement and not another word of the phrase ("the informal teaching")."""
    word = after.strip().lower()
    if not word or not word[0].isalpha():
        return True
    if word in _IDENTIFYING:
        return False
    return word in STOPWORDS or is_verb(word)


def told_before(sentence: str, before: str) -> str | None:
    """``sentence`` (a card's, its blank filled) leans on a noun phrase that the material's
    text ``before`` it introduced, as a phrase in quotes; else None."""
    for m in _PHRASE.finditer(sentence):
        noun = m["noun"].lower()
        if noun in STOPWORDS or not _bare_head(m["after"] or ""):
            continue
        if re.search(rf"\b{re.escape(noun)}\b", sentence[: m.start()], re.IGNORECASE):
            continue  # named earlier in the same sentence
        det = m["det"].lower()
        if det == "the" and m.start() > 0:
            continue  # "… by the top-level invocation of the interpreter": not its subject
        if det == "the":
            previous = _previous(before, REACH)
            told = re.search(
                rf"(?:\b(?:this|that|these|those)|(?<=[a-z,] )[A-Z][a-z]+)\s+{re.escape(noun)}\b",
                previous,
            )
        else:
            root = re.sub(r"^sub-?", "", noun)
            root = root[:-1] if root.endswith("s") and not root.endswith("ss") else root
            previous = _previous(before, 1)
            told = re.search(rf"\b{re.escape(root)}s?\b", previous, re.IGNORECASE)
        if told:
            return f'"{m.group(0).strip()}": the {told.group(0).strip()} the sentence before names'
    return None
