"""A blank in the short clause a contrast makes background.

"_____ moves as a fluid; however, when injury occurs, hemostasis is accomplished in two major
ways: primary hemostasis and secondary hemostasis." => Human blood (round 14's blind read,
clotting_and_coagulation.html). The sentence's fact is after "; however,"; what comes before
it is a few words of scene-setting ("moves as a fluid"), and the blank there asks for
whatever fits them. The same holds before ", but": "The legislature enacts _____, but all are
tested against Islamic tenets." (statutes; "laws" fits as well).

A blank stays a fact when its clause says enough to pin it (more than a few words), or when
the clause after the contrast goes on about the answer (its words again, or "it", "they").
"""

from __future__ import annotations

import re

BLANK = "_____"

# The contrast that turns the clause before it into background.
_CONTRAST = re.compile(r";\s*however,\s+|[;,]\s+(?:but|yet)\s+(?!also\b|not\b)", re.IGNORECASE)
# Words the clause after may refer back to the answer with.
_BACK = re.compile(
    r"\b(?:it|its|itself|they|them|their|themselves|this|these|such|he|she|his|her)\b",
    re.IGNORECASE,
)
_SHORT = 5  # words beside the blank in its clause: "moves as a fluid" (4), "The legislature
# enacts" (3)
_REST = 6  # words in the clause after the contrast: it carries the sentence's fact


def background_problem(sentence: str, answer: str) -> str | None:
    """Why a blank in the short clause before "; however," or ", but" teaches nothing, or
    ``None`` (see the module)."""
    at = sentence.find(BLANK)
    contrast = _CONTRAST.search(sentence)
    if at < 0 or contrast is None or at > contrast.start():
        return None
    clause, rest = sentence[: contrast.start()], sentence[contrast.end() :]
    beside = re.findall(r"[\w'’-]+", clause.replace(BLANK, " "))
    if len(beside) > _SHORT or len(re.findall(r"[\w'’-]+", rest)) < _REST:
        return None
    if _BACK.search(rest):
        return None  # "… is usually harmless; however, it causes …": still about the answer
    rest_words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]*", rest)}
    if any(len(w) > 3 and w.lower() in rest_words for w in re.findall(r"[A-Za-z][\w-]*", answer)):
        return None
    return "a blank in a short clause the contrast after it makes background (many words fit)"
