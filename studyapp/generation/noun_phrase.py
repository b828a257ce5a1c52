"""A cloze blank grown to the whole noun phrase its word only modifies.

A strict reader (issue 18, round 9) found blanks on one word of a noun phrase, the rest left
standing beside the blank: "On individual connections, the _____ buffer size must be set prior
to the listen(2) or connect(2) calls" (socket), "The _____ control message is sent with level
SOL_SOCKET" (timestamp), "Apache _____ supports content negotiation" (HTTPD). The thing the
sentence says something about is the phrase ("the socket buffer size"); its first word alone is
a guess at a modifier. :func:`terms.widen` joins words the material writes together often; a
phrase written once is only told by its grammar, which is what this module reads:

- to the right: a singular common word after "the"/"a"/"an" (or opening the sentence) is
  followed by its verb, a preposition or a stop (a word a determiner follows is a verb with its
  object: "at the surface *follow* a circular path"). A plain word after it instead ("the socket
  *buffer* size must") is a noun it modifies, so the blank runs on to the phrase's head, the
  last word before the verb ("must"), preposition or stop;
- to the left: a capitalised word opening the sentence right before the blank ("Apache _____",
  "Obligate _____ bacteria", "Absorption _____ occur") is the first word of the same phrase
  (an opening verb or adverb, "Always _____ your fixes", is not).

Pure functions of the sentence; no words of any one text.
"""

from __future__ import annotations

import re

from studyapp.generation.terms import name_like
from studyapp.generation.words import GENERIC, STOPWORDS, is_verb

# Words that end a subject noun phrase: the verb after it, however the word list spells it.
_AUXILIARIES = frozenset(
    """is are was were be been being has have had do does did can could may might must shall
    should will would""".split()  # noqa: SIM905
)
_WORD = re.compile(r" ([A-Za-z][A-Za-z-]*)(?=$|[\s,.;:!?()])")
_MOST = 3  # words the blank may grow by
# A determiner after a word opens that word's object: the word is a verb, no noun of the phrase.
_OBJECT_NEXT = re.compile(r" (?:the|a|an|this|these|those|its|their|his|her)\b", re.IGNORECASE)


def _plural_like(word: str) -> bool:
    """A plural, or a word that may be one ("bacteria", "spectra", "media"): a bare verb may
    follow it, so the next word is not known to be a noun."""
    w = word.lower()
    return (w.endswith("s") and not w.endswith(("ss", "us", "is"))) or w.endswith("a")


def _continues(word: str, after_plural: bool) -> bool:
    """Is ``word`` another word of the noun phrase (a noun or an acronym), not its verb?"""
    w = word.lower()
    if w in STOPWORDS or w in _AUXILIARIES or w.endswith(("ly", "ed", "ing")):
        return False
    if not (word.islower() or re.fullmatch(r"[A-Z]{2,}", word)):
        return False
    if _plural_like(w) and not w.endswith("a"):
        return False  # "the socket options are …" vs "the socket *sets* …": can't be told
    return not (after_plural and is_verb(w))


def _grow_right(sentence: str, start: int, end: int) -> int:
    """The end of the noun phrase a singular common word after an article (or opening the
    sentence) begins: a word after it that is no verb, preposition or stop continues it."""
    answer = sentence[start:end]
    last = answer.split()[-1]
    led = start == 0 or re.search(r"(?:^|\s)(?:the|a|an)\s+$", sentence[:start], re.I)
    if not led or name_like(answer) or not re.fullmatch(r"[a-z][a-z-]+", last):
        return end
    if last.endswith("s") and not last.endswith(("ss", "us", "is")):
        return end
    grown = end
    for _ in range(_MOST):
        m = _WORD.match(sentence, grown)
        if m is None or not _continues(m.group(1), _plural_like(last)):
            break
        grown = m.end(1)
    if grown == end:
        return end
    if _OBJECT_NEXT.match(sentence, grown):
        # "water particles at the surface *follow* a circular path": a determiner opens the
        # last word's object, so that word was the verb; the phrase ends before it.
        grown = sentence.rindex(" ", end, grown)
        if grown == end:
            return end
    head = sentence[grown:].lstrip()
    words = sentence[end:grown].split()
    # The phrase must end where a clause or phrase ends, on a real head: "a generic *way*" is
    # no term, "the socket buffer *size*" is.
    if (len(words) == 1 and words[0].lower() in GENERIC) or (
        re.match(r"[A-Za-z]", head) and _continues_noun(head)
    ):
        return end
    return grown


def _continues_noun(rest: str) -> bool:
    """The word after a grown phrase is still a plain noun: the phrase was cut short."""
    m = re.match(r"([a-z][a-z-]*)\b", rest)
    if m is None:
        return False
    return m.group(1) not in STOPWORDS | _AUXILIARIES and not is_verb(m.group(1))


def _grow_left(sentence: str, start: int) -> int:
    """The opening capitalised words before the blank, when they are part of the same phrase
    ("Apache _____", "Jan Baptista _____"): at most three, the first no verb or adverb."""
    m = re.fullmatch(r"((?:[A-Z][a-z][a-z-]* ){1,3})", sentence[:start])
    if m is None:
        return start
    words = m.group(1).split()
    if any(w.lower() in STOPWORDS for w in words):
        return start
    first = words[0].lower()
    if is_verb(first) or first.endswith(("ly", "ing", "ed")):
        return start
    return 0


# "the _____ of Sciences" (Paris Academy): a name goes on through "of" and capitalised words.
_NAME_OF = re.compile(r" of(?: [A-Z][a-z]+){1,3}(?=$|[\s,.;:!?()])")


def whole_phrase(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The blank ``sentence[start:end]`` grown to the noun phrase it is part of: "the _____
    buffer size must" → "socket buffer size"; "Apache _____ supports" → "Apache HTTPD"; "the
    _____ of Sciences" → "Paris Academy of Sciences"."""
    answer = sentence[start:end]
    if not answer.strip():
        return start, end
    left = _grow_left(sentence, start)
    if re.fullmatch(r"[A-Z][a-z]+", answer.split()[-1]):
        named = _NAME_OF.match(sentence, end)
        if named is not None:
            return left, named.end()
    return left, _grow_right(sentence, left, end)


# Adjectives that say how many or which, not what: "a *single* package", "the *same* scope",
# "a *particular* type". A blank that opens on one asks the learner to guess the word the
# sentence chose, not the term; the word stays in the sentence and the blank holds the rest.
_WHICH_ADJECTIVES = frozenset(
    """single particular specific certain given whole entire separate same other different
    only main""".split()  # noqa: SIM905
)


def without_which_adjective(sentence: str, start: int, end: int) -> tuple[int, int]:
    """ "corresponds to a _____" → single package becomes "corresponds to a single _____" →
    package (go_command.html; the material writes "single package" often, so the blank had
    been widened over both words). The narrowed blank then meets every gate as any other: on
    that page "package" is the answer of another card already, and this one is not made."""
    words = sentence[start:end].split()
    if len(words) < 2 or words[0].lower() not in _WHICH_ADJECTIVES:
        return start, end
    return start + sentence[start:end].index(words[1]), end
