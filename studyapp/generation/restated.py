"""A cloze that restates a question card of the same batch.

"Fill in the blank: _____ are rewards given for conforming to norms. => Positive sanctions"
beside "What are positive sanctions? => Rewards given for conforming to norms" asks the same
fact twice: the learner reviews one definition as two cards. The question card is the one a
strict reader keeps (it names the term and carries the whole definition); the cloze goes.

Two clozes that blank the same term in sentences saying one thing are one card too: "The _____
is an epidemiological model that allows for a more complex and nuanced interplay between the
host, agent, and environment …" and "The _____ is an epidemiological model that depicts the
complex, nuanced interplay between the host, agent, and environment and includes a reservoir,
…" (round 13, from two parts of one text). Whichever came first is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from studyapp.generation.types import CardDraft
from studyapp.vectors.embedder import normalise

_ASKS = re.compile(r"^what (?:is|are) (?P<term>.+?)\?$", re.IGNORECASE)
_CLOZE = re.compile(r"^fill in the blank:\s*", re.IGNORECASE)
_MINOR = frozenset(
    "a an the of to in on and or is are that which by for with as it its".split()  # noqa: SIM905
)


def _key(text: str) -> str:
    """The term without articles or a plural -s ("the peer groups" ~ "peer group")."""
    words = [w for w in normalise(text).split() if w not in {"a", "an", "the"}]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def _content(text: str) -> set[str]:
    return {_key(w) for w in re.findall(r"[a-z][a-z-]+", text.lower()) if w not in _MINOR}


def restates(cloze: CardDraft, question: CardDraft) -> bool:
    """Does ``cloze`` hide the term ``question`` asks about ("What is X?") in a sentence that
    gives the same definition: the question's source inside the cloze's sentence, or most of
    the question's answer in it?"""
    asked = _ASKS.match(question.front.strip())
    if not asked or not _CLOZE.match(cloze.front) or _key(cloze.back) != _key(asked["term"]):
        return False
    sentence = _CLOZE.sub("", cloze.front).lower()
    source = normalise(question.source)
    if source and len(source.split()) >= 4 and source in normalise(cloze.source or sentence):
        return True
    said = _content(question.back)
    return len(said) >= 3 and len(said & _content(sentence)) >= 0.6 * len(said)


# The share of the shorter sentence's content words the other must have, and how many it
# needs for the share to mean anything: "_____ cannot produce the perfect organism" beside
# "_____ acts on entire organisms" shares a word of two, not a fact.
SAME_CLOZE_SHARE = 0.75
SAME_CLOZE_WORDS = 4


def same_cloze(a: CardDraft, b: CardDraft) -> bool:
    """Two clozes with the same answer whose sentences share most of the shorter one's content
    words: the same fact blanked twice ("The _____ consists of cells, tissues, and organs that
    secrete hormones as a primary or secondary function" / "… that secrete hormones critical to
    homeostasis"). The pair word overlap of :func:`studyapp.generation.quality.same_card` misses
    it when one sentence goes on with a list the other lacks."""
    if not (_CLOZE.match(a.front) and _CLOZE.match(b.front)) or _key(a.back) != _key(b.back):
        return False
    wa, wb = (_content(_CLOZE.sub("", c.front)) for c in (a, b))
    shorter = min(len(wa), len(wb))
    return shorter >= SAME_CLOZE_WORDS and len(wa & wb) >= SAME_CLOZE_SHARE * shorter


def drop_restated(cards: Sequence[CardDraft]) -> tuple[list[CardDraft], list[CardDraft]]:
    """Split ``cards`` into those kept and the clozes that restate a question card among
    them."""
    questions = [c for c in cards if _ASKS.match(c.front.strip())]
    kept: list[CardDraft] = []
    dropped: list[CardDraft] = []
    for card in cards:
        (dropped if any(restates(card, q) for q in questions) else kept).append(card)
    return kept, dropped
