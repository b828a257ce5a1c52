"""An answer that defines the asked term by the term itself (issue 18, round 13's strict read).

"What is a logical Ogg bitstream?" -> "A contiguous stream of sequential pages belonging only
to the logical bitstream", and "What does the term carbohydrate refer to?" -> "Both simple and
complex carbohydrates": the learner who does not know the term learns nothing from an answer
that uses it. The answer is circular when it says the whole term again: all of a compound
term's own (lower-case) words, side by side, or the one-word term itself in any number.

Repeating only the head as the genus is how a definition works ("What is a planar graph?" ->
"A graph that can be drawn …"): not circular. A name in the term ("Ogg") is left out of the
comparison, since an answer in the same text need not repeat it; a term that is only a head
once its names are left out ("an Ogg page") is judged as that head, so never.
"""

from __future__ import annotations

import re

from studyapp.generation.terms import stem
from studyapp.generation.words import STOPWORDS

# "What is X?", "What are X?", "What does (the term) X refer to / mean / denote?".
_DEFINITION_ASKED = re.compile(
    r"^What (?:is|are) (?:the (?:term|word|concept) )?(?P<a>.+?)\?$|"
    r"^What (?:does|do) (?:the (?:term|word|phrase|concept) )?(?P<b>.+?) "
    r"(?:refer to|mean|denote|describe|stand for)\?$"
)
# Asides and other names are not the definition: "Selection that favors phenotypes that are
# either common (positive frequency-dependent selection) or rare (…)" names its kinds in
# brackets; "…; also called paracrine factor" gives a synonym.
_ASIDE = re.compile(r"\([^()]*\)")
_NAMING_TAIL = re.compile(r"[;,]?\s+(?:also |sometimes |often )?(?:called|known as|termed)\s")
# A cloze of a definition: "A logical Ogg bitstream is a _____ of sequential pages …".
_CLOZE_DEFINITION = re.compile(
    r"^(?P<term>[^_,;:()]{3,80}?) (?P<be>is|are) (?P<pred>(?:a|an|the|_____)\s.+?)\.?$"
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def _stems(text: str) -> list[str]:
    """The words of ``text``, lower case, without their plural ending."""
    return [stem(w) for w in _WORD.findall(text.lower())]


def defines_by_itself(front: str, back: str) -> bool:
    """Does the answer to "What is X?" use X itself (see the module docstring)?"""
    back = _ASIDE.sub(" ", _NAMING_TAIL.split(back)[0])
    m = _DEFINITION_ASKED.match(front.strip())
    if m is None:
        return False
    term = m["a"] or m["b"] or ""
    words = _WORD.findall(term)
    while words and words[0].lower() in {"a", "an", "the"}:
        words = words[1:]
    if not words or any(w.lower() in {"called", "used", "for", "known", "defined"} for w in words):
        return False  # "What is X called?", "What is X used for?": not a definition asked
    if len(words) == 1:
        own = stem(words[0])
        return len(own) >= 4 and own in _stems(back)
    names = {stem(w) for w in words if w[0].isupper()}
    content = [stem(w) for w in words if w.lower() not in STOPWORDS and not w[0].isupper()]
    if len(content) < 2:
        return False
    # The answer's own words in order, without its small words and the term's names: "the
    # logical Ogg bitstream" reads "logical bitstream".
    said = [w for w in _stems(back) if w not in STOPWORDS and w not in names]
    n = len(content)
    return any(said[i : i + n] == content for i in range(len(said) - n + 1))


def cloze_by_itself(sentence: str, answer: str) -> bool:
    """The same circle as a cloze: "A logical Ogg bitstream is a _____ of sequential pages
    belonging only to the logical bitstream." (round 13; the question's circle as a blank)."""
    m = _CLOZE_DEFINITION.match(sentence.strip())
    if m is None or "_____" in m["term"]:
        return False
    asked = f"What {m['be']} {m['term']}?"  # (a capital opening it is read as a name)
    return defines_by_itself(asked, m["pred"].replace("_____", answer))


# "A pair of electrons": an article, a noun, "of" and one noun, nothing else.
_BARE_GENUS_OF = re.compile(
    r"^(?:an?|the)\s+(?P<genus>[A-Za-z][\w-]*)\s+of\s+(?:(?:an?|the)\s+)?[A-Za-z][\w-]*\.?$",
    re.IGNORECASE,
)


def names_own_genus(front: str, back: str) -> bool:
    """Does the answer to "What is X?" give only the genus X's own name already says, with an
    of-phrase and no difference? "What is a Cooper Pair?" -> "A pair of electrons" (round 16's
    strict read: a Cooper pair is a pair of electrons bound together at low temperature): the
    learner who reads the name already knows it is a pair, and nothing tells this pair of
    electrons from any other. A genus that is not the term's head ("What is a flock?" -> "A
    group of birds") or an answer with a modifier, a verb or a clause ("A pair of electrons
    bound by the lattice") says more, and is left to the other checks."""
    m = _DEFINITION_ASKED.match(front.strip())
    g = _BARE_GENUS_OF.match(back.strip())
    if m is None or g is None:
        return False
    words = _WORD.findall(m["a"] or m["b"] or "")
    while words and words[0].lower() in {"a", "an", "the"}:
        words = words[1:]
    if len(words) < 2:
        return False  # a one-word term in its own answer is defines_by_itself's
    return stem(words[-1].lower()) == stem(g["genus"].lower())
