"""Question cards a strict reader refuses for their shape (round 8, issue 18), each found on
a tuning text and quoted in ``tests/test_question_shapes.py``:

- a subject that is no noun phrase: a comparative correlative ("The more readily the
  particle produces ionization, the more quickly …" asked "What does the more readily the
  particle produce?") or a possessive whose head noun was read as the verb ("The company's
  PacSun stores cater to …" asked "What does the company's PacSun store?");
- a subject with an intensive pronoun ("What are the rays themselves called?"): "themselves"
  sets the thing against one named in the sentence before;
- an answer that repeats a phrase of five or more words (a glossary entry written twice over);
- an answer that says only which set the thing belongs to ("One of the types of rays …"):
  membership, true of its siblings too, is no definition;
- a vague amount as the whole answer ("What are the typical atomic energies?" "A few eV").
"""

from __future__ import annotations

import re

_ASKED = re.compile(
    r"^(?:what|which|how|who) (?:is|are|does|do|was|were|did) (?P<subject>.+?)\??$", re.I
)
# "The more X, the more Y": the "the" of a comparative, never a determiner of a noun.
_CORRELATIVE = re.compile(
    r"^the (?:more|less|fewer)\s+(?:[\w-]+\s+)?(?:the|a|an|it|they|we|you|he|she|this)\b", re.I
)
# "the company's PacSun": a possessive with a name and no head noun after it.
_POSSESSIVE_NAME = re.compile(
    r"\b(?:the|its|their|a|an) [a-z]+['’]s (?:[A-Z][\w.-]*\s)*[A-Z][\w.-]*$"
)
_INTENSIVE = re.compile(r"\b(?:the|these|those) [\w-]+(?: [\w-]+)? (?:themselves|itself)\b", re.I)
_MEMBERSHIP = re.compile(r"^(?:one|each|any|either|some) of the\b", re.I)
_VAGUE_AMOUNT = re.compile(
    r"^(?:a few|a couple of|several|some|many|a lot of|a little|few|lots of)\s+[\w%µ°-]+\.?$",
    re.I,
)


def _subject(front: str) -> str:
    asked = _ASKED.match(front.strip())
    if not asked:
        return ""
    subject = asked["subject"]
    # "What does the company's PacSun store?": the last word is the question's verb.
    if re.match(r"^(?:what|which|how|who) (?:does|do|did) ", front.strip(), re.I):
        subject = subject.rsplit(" ", 1)[0] if " " in subject else subject
    return re.sub(r" (?:called|known as|used for|defined as|mean)$", "", subject)


def garbled_subject(front: str) -> str | None:
    """Why the question's subject is no noun phrase, or ``None``."""
    subject = _subject(front)
    if not subject:
        return None
    if _CORRELATIVE.match(subject):
        return "a garbled question (a comparative 'the more …' is not its subject)"
    if _POSSESSIVE_NAME.search(subject):
        return "a garbled question (a possessive's head noun was read as the verb)"
    if _INTENSIVE.search(subject):
        return "leans on the sentence before (an intensive 'themselves' sets it against another)"
    return None


def repeated_phrase(back: str, size: int = 5) -> bool:
    """An answer in which a phrase of ``size`` or more words comes twice."""
    words = re.findall(r"[\w'-]+", back.lower())
    seen: set[tuple[str, ...]] = set()
    for at in range(len(words) - size + 1):
        gram = tuple(words[at : at + size])
        if gram in seen:
            return True
        seen.add(gram)
    return False


def answer_shape(front: str, back: str) -> str | None:
    """Why the answer cannot stand as the answer to its question, or ``None``."""
    text = back.strip()
    if repeated_phrase(text):
        return "the answer repeats a phrase (written twice over)"
    if _MEMBERSHIP.match(text) and re.match(r"^what (?:is|are) ", front.strip(), re.I):
        return "membership, not a definition ('one of the …' is true of its siblings too)"
    if _VAGUE_AMOUNT.match(text):
        return "a vague amount, not a fact ('a few eV')"
    return None


def shape_flaw(front: str, back: str) -> str | None:
    """Why a question card's shape would not do, or ``None``."""
    return garbled_subject(front) or answer_shape(front, back)
