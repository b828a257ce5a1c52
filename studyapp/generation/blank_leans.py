"""Blanks whose answer the sentence gives away in another form, or that lean on a list the
card does not carry (issue 18, round 18's read).

- A noun and its verb that trade "f" for "v" (belief / believing, relief / relieve, grief /
  grieve, proof / prove): the stem check (:func:`.terms.stem`) and the check for one word
  starting the other (:func:`.blanks.leak_problem`) both miss the pair, so "Judging or
  _____ is a certain complex unity …; if …, then the belief is true" (truth_and_falsehood.html,
  answered "believing") left its answer in the sentence.
- A count with none of its items: "Within the while control structure there are _____ to a
  properly working loop." (while_loop.html, answered "four attributes"; the next sentence is
  "They are:" and a list). The card asks for a number and a noun that only the list the
  sentence introduces makes a fact; the reader: "a count with none of its items".

- (round 19) An answer that ends in a time adverb: "… and New Amsterdam (called _____) in
  1624." (colonial_america_essay, answered "New York City today"): the blank took "today"
  with it, so the learner must guess a word that is no part of the name.

Pure functions of the sentence; no words of any one text.
"""

from __future__ import annotations

import re

# A number word (or digits) and a plural noun: "four attributes", "3 phases", "several parts".
_COUNT = re.compile(
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|several|many|few)"
    r"\s+(?:[a-z]+\s+)?[a-z]{3,}s",
    re.IGNORECASE,
)
# What introduces a count as the subject of a list to come: "there are", "there exist".
_THERE_ARE = re.compile(r"\bthere\s+(?:are|were|exist)\s+$", re.IGNORECASE)


def _f_to_v(word: str) -> str | None:
    """The verb stem of a noun ending in "f" or "fe" ("belief" -> "believ", "relief" ->
    "reliev"), or ``None``; five letters or more, so "life" / "living" is not read."""
    w = word.lower()
    if w.endswith("fe"):
        w = w[:-1]
    if not w.endswith("f"):
        return None
    v = w[:-1] + "v"
    return v if len(v) >= 5 else None


def fv_form_problem(sentence: str, start: int, end: int) -> str | None:
    """The answer's word in the sentence with its "f" traded for "v" or back ("believing" and
    "the belief"): the learner reads the answer off the sentence."""
    answer_words = re.findall(r"[A-Za-z]+", sentence[start:end])
    rest_words = re.findall(r"[A-Za-z]+", sentence[:start] + " " + sentence[end:])
    for a in answer_words:
        for b in rest_words:
            for noun, verb in ((a, b), (b, a)):
                v = _f_to_v(noun)
                if v is not None and verb.lower().startswith(v):
                    return "the answer is given away (another form of its word is in the sentence)"
    return None


def bare_count_problem(sentence: str, start: int, end: int) -> str | None:
    """A blank that is a count and a plural noun after "there are" ("there are _____" →
    four attributes): the sentence only announces a list, and the card carries none of it."""
    answer = sentence[start:end].strip()
    if _COUNT.fullmatch(answer) and _THERE_ARE.search(sentence[:start]):
        return "a count with none of its items (the list it announces is not on the card)"
    return None


# Adverbs of time that date a statement rather than name a thing.
_TIME_ADVERB = frozenset(
    "today now currently nowadays presently later afterwards formerly then".split()  # noqa: SIM905
)


def time_adverb_problem(sentence: str, start: int, end: int) -> str | None:
    """A blank whose answer ends in a time adverb ("New York City today"): the adverb says
    when the name holds, it is not part of it, and no learner writes it into the blank."""
    words = re.findall(r"[A-Za-z]+", sentence[start:end])
    if len(words) >= 2 and words[-1].lower() in _TIME_ADVERB:
        return "a bad blank (the answer ends in a time adverb, not part of the name)"
    return None
