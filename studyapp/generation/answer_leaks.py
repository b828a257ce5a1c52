"""Blanks whose answer the rest of the sentence still gives away (issue 18, round 19's read).

The leak checks of :func:`.blanks.leak_problem` read the answer's head word, its acronym and
its other name set off by commas; round 19's reader found four more ways a sentence says its
own answer:

- A bracket right after the blank that holds only a symbol: "The _____ (/) is treated purely
  as a separator, …" (lynx_url_schemes.html, answered "lead slash"): the bracket is the thing
  itself. A bracket with words in it ("your _____ (user@host)") is a gloss, not the answer.
- A rare word of the answer (not its head) elsewhere in the sentence: "A tn3270 or _____ is
  specified equivalently, and similarly spawns a tn3270 or rlogin session." (answered "rlogin
  URL"): the head check reads only "URL"; "rlogin" is the answer's distinctive word.
- The answer's word with another suffix: "The articles or forms of _____ to which the
  consumer clings …" (pecuniary_standard_of_living.html, answered "consumption"): the stem
  check gives "consum" and "consumpt"; with their derivational suffixes cut both are "consum".
- A second name after a naming verb with no comma: "The less forcible and lively are
  commonly denominated _____ or Ideas." (origin_of_ideas.html, answered "Thoughts");
  :mod:`.other_names` reads only ", or myopia,".

Pure functions of the sentence; no words of any one text.
"""

from __future__ import annotations

import re

from studyapp.generation import lexicon
from studyapp.generation.words import GENERIC, STOPWORDS

# A bracket of symbols only, right after the blank: " (/)", " (#)", " (~)", " (&&)".
_SYMBOL_BRACKET = re.compile(r"^\s*\(\s*[^\w\s()]{1,3}\s*\)")


def symbol_bracket_problem(sentence: str, start: int, end: int) -> str | None:
    """The blank followed by a bracket that holds only a symbol ("The _____ (/) is treated …"
    → lead slash): the symbol is the answer in another form."""
    if _SYMBOL_BRACKET.match(sentence[end:]):
        return "the answer is given away (its symbol is in a bracket beside the blank)"
    return None


RARE_RANK = 20_000


def _rare(word: str) -> bool:
    """A word no common English vocabulary has ("rlogin", "tn3270"): if it is in the answer
    and in the sentence, the sentence names the answer."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{3,}", word) or word.lower() in STOPWORDS:
        return False
    r = lexicon.rank(word)
    return r is None or r > RARE_RANK


def rare_word_problem(sentence: str, start: int, end: int) -> str | None:
    """A rare word of the answer also in the rest of the sentence ("A tn3270 or _____ …
    spawns a tn3270 or rlogin session." → rlogin URL). The head word is
    :func:`.blanks.leak_problem`'s; this reads the answer's other words."""
    # Words as the answer spells them: an identifier ("DEFLATE_SUPPORT") is one name, not words.
    answer_words = [w for w in sentence[start:end].split() if re.fullmatch(r"[A-Za-z0-9]+", w)]
    if len(sentence[start:end].split()) < 2:
        return None
    rest = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", sentence[:start])}
    rest |= {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", sentence[end:])}
    for w in answer_words[:-1]:
        if _rare(w) and w.lower() in rest:
            return "the answer is given away (its word is elsewhere in the sentence)"
    return None


# Derivational and inflectional endings, longest first: "consumption" and "consumer" are both
# "consum" without them. "-ation" is not cut, so "population" is not read as "popular".
_SUFFIXES = (
    "ptions",
    "ption",
    "ments",
    "ment",
    "tions",
    "tion",
    "sions",
    "sion",
    "ings",
    "ing",
    "ers",
    "ors",
    "er",
    "or",
    "ed",
    "es",
    "e",
    "s",
)
MIN_ROOT = 6
_DERIVED = frozenset(("ptions", "ption", "ments", "ment", "tions", "tion", "sions", "sion"))
_DERIVED |= frozenset(("ers", "ors", "er", "or"))


def _root(word: str) -> str:
    w = word.lower()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= MIN_ROOT:
            return w[: -len(suffix)]
    return w


def shared_root_problem(sentence: str, start: int, end: int) -> str | None:
    """An answer word that is a word of the sentence with another ending ("consumption" and
    "the consumer"): both cut to a root of six letters or more ("consum"). Short roots
    ("form", "use") are not read: too many words share them."""
    answer_words = re.findall(r"[A-Za-z]+", sentence[start:end])
    rest_words = re.findall(r"[A-Za-z]+", sentence[:start] + " " + sentence[end:])
    for a in answer_words:
        if not a.islower() or a in STOPWORDS | GENERIC:
            continue
        ra = _root(a)
        if len(ra) < MIN_ROOT or ra == a:
            continue
        for b in rest_words:
            rb = _root(b)
            if b.lower() == a or rb != ra:
                continue
            # One of the two is a noun made from the root ("consumer", "consumption"); a plural
            # or a participle ("distances", "windowing") is the older checks' to read.
            if a[len(ra) :] in _DERIVED or b.lower()[len(rb) :] in _DERIVED:
                return "the answer is given away (another form of its word is in the sentence)"
    return None


# "are commonly denominated _____ or Ideas": a naming verb, the blank, "or" and a second name
# that ends the sentence or its clause.
_NAMED_BEFORE = re.compile(
    r"\b(?:called|termed|named|denominated|styled|known as|referred to as)\s+$", re.I
)
_OR_NAME_AFTER = re.compile(r"^\s+or\s+(?:the\s+)?[A-Za-z][\w-]*(?=\s*(?:[.;:!?]|,|$))")


def named_or_problem(sentence: str, start: int, end: int) -> str | None:
    """The blank after a naming verb with a second name after it and no comma ("are commonly
    denominated _____ or Ideas." → Thoughts): the sentence gives the thing two names, and the
    one left standing answers the other."""
    if _NAMED_BEFORE.search(sentence[:start]) and _OR_NAME_AFTER.match(sentence[end:]):
        return "the answer is given away (another name for it is beside the blank)"
    return None


def answer_leak_problem(sentence: str, start: int, end: int) -> str | None:
    """Why the rest of the sentence gives the blank's answer away (see the module), or
    ``None``."""
    return (
        symbol_bracket_problem(sentence, start, end)
        or rare_word_problem(sentence, start, end)
        or shared_root_problem(sentence, start, end)
        or named_or_problem(sentence, start, end)
    )


# "The less forcible and lively are …", "The former is …", "The latter were …": an adjective
# standing for a noun the sentence before gave.
_BARE_ADJECTIVE_SUBJECT = re.compile(
    r"^The\s+(?:former|latter|(?:less|more|most|least)\s+[a-z]+(?:\s+and\s+[a-z]+)?)\s+"
    r"(?:is|are|was|were|has|have|had)\b"
)


def bare_adjective_subject_problem(sentence: str, start: int) -> str | None:
    """A sentence whose subject is an adjective with no noun ("The less forcible and lively
    are commonly denominated _____ …", origin_of_ideas.html; "The former is …"): what it
    stands for is in the sentence before, which the card does not carry."""
    if start > 0 and _BARE_ADJECTIVE_SUBJECT.match(sentence):
        return "leans on context the card does not carry (its subject is an adjective with no noun)"
    return None


# The part of a book's title that says where in it the text is: "chapter II", "part 3".
_PLACE_IN_BOOK = re.compile(
    r"\b(?:chapter|part|section|book|volume|vol\.?|lecture|lesson)\s+[\w.]+", re.I
)


def _same_word(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a == b or (n >= 5 and n >= min(len(a), len(b)) - 2)


def book_title_answer(answer: str, goal_title: str) -> bool:
    """A multi-word answer every content word of which is a word of the book the text is a
    chapter of (the title before its first colon: "leisure class" in "Thorstein Veblen, The
    Theory of the Leisure Class, chapter II: Pecuniary Emulation"): the book's own topic is the
    learner's first guess for every blank. The part after the colon is
    :func:`.cloze_surface.goal_topic_answer`'s."""
    if ":" not in goal_title:
        return False
    book = _PLACE_IN_BOOK.sub(" ", goal_title.split(":", 1)[0])
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", answer) if w.lower() not in STOPWORDS]
    title = [w for w in re.findall(r"[A-Za-z][\w-]*", book) if w.lower() not in STOPWORDS]
    return len(words) >= 2 and all(any(_same_word(w, t) for t in title) for w in words)
