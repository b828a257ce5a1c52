"""What a cloze's sentence shows around its blank besides the fact: marks of the page, not of
the fact, and small words that give the answer away.

Round 16's blind read refused clozes whose sentence still carried the page it came from or a
hint at the answer (computer_hardware.html, forensic_science.html, mercury_toxicity.html):

- a figure panel label: "… runs communications for the computer system (a)." points at a
  picture the card does not carry; the fact reads whole without it;
- the indefinite article before the blank: "An _____ is housed within the computer unit"
  tells the learner the answer starts with a vowel; "a(n) _____" states the same fact and
  gives nothing away (the back and the choice code put the right article back);
- a caption word for the answer: "_____ shows an example of the various types of
  procedures …" → TABLE asks which word of the page's layout stood there, not a fact;
- the goal's topic for the answer: "_____ must be careful to present their evidence …" →
  Forensic scientists, in a chapter on forensic science, is guessed from the title.
"""

from __future__ import annotations

import re

from studyapp.generation.words import STOPWORDS, takes_an

BLANK = "_____"

# " (a)" … " (h)" after a word: a panel of a figure ("system (a).", "A microprocessor (b)
# consists of"), or a symbol the sentence gives its quantity ("the semi-major axis (a) is").
# After "Figure", "part", "option" … the letter is what the sentence names: left alone.
_PANEL = re.compile(r"(?<=[\w)]) \([a-h]\)(?=[\s.,;:!?]|$)")
_NAMES_A_LABEL = re.compile(
    r"\b(?:fig|figure|table|panel|part|parts|option|options|step|item|case|line|section|"
    r"clause|paragraph|subsection|condition|answer|choice|column|row|equation|eq)\.?$",
    re.IGNORECASE,
)


def without_panel_labels(text: str) -> str:
    """``text`` without the figure panel labels after its words (see the module)."""

    def cut(m: re.Match[str]) -> str:
        return m.group(0) if _NAMES_A_LABEL.search(text[: m.start()]) else ""

    return _PANEL.sub(cut, text)


# "a _____" / "An _____": the article before the blank, as a word of its own.
_ARTICLE = re.compile(rf"(?<![\w'’-])([Aa])n? (?={re.escape(BLANK)})")


def neutral_article(sentence: str) -> str:
    """The sentence with "a"/"an" before its blank written "a(n)": the article no longer
    tells whether the answer starts with a vowel ("An _____ is housed within …")."""
    return _ARTICLE.sub(lambda m: f"{m.group(1)}(n) ", sentence)


_NEUTRAL = re.compile(rf"\b([Aa])\(n\) (?={re.escape(BLANK)})")


def with_article(sentence: str, answer: str) -> str:
    """The sentence with "a(n)" before its blank made "a" or "an" for ``answer`` (what the
    back and a choice set fill the blank with): "a(n) _____" + "internal disk drive" →
    "an _____"."""

    def put(m: re.Match[str]) -> str:
        return f"{m.group(1)}n " if takes_an(answer) else f"{m.group(1)} "

    return _NEUTRAL.sub(put, sentence)


# The word a caption or a cross-reference opens with: "TABLE shows …", "Figure 2 shows …".
_CAPTION = re.compile(
    r"(?i:table|figure|fig\.?|chart|exhibit|plate|panel|diagram)(?: (?:\d[\w.-]*|[A-Z]|[IVX]+))?"
)


def caption_answer(answer: str) -> bool:
    """An answer that is a caption's label ("TABLE", "Figure 3"): the sentence speaks of the
    page's layout, and the blank asks for that word, not for a fact."""
    return _CAPTION.fullmatch(answer.strip()) is not None


def _same_word(a: str, b: str) -> bool:
    """One word in two forms ("scientists", "science"; "behavioral", "behavior"): one is the
    other, or they share a start of five letters or more that leaves at most two letters of the
    shorter one."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 5 and n >= min(len(a), len(b)) - 2


def goal_topic_answer(answer: str, goal_title: str) -> bool:
    """A multi-word answer every content word of which is a word of the goal's own topic
    (the title after its last colon: "Forensic Science" in "Physical Methods in Chemistry and
    Nano Science, chapter 11: Forensic Science"), in any form: "Forensic scientists" is read
    off the title. One-word answers are :func:`.flaws.topic_word`'s."""
    words = [w for w in re.findall(r"[A-Za-z][\w-]*", answer) if w.lower() not in STOPWORDS]
    if len(words) < 2 or not goal_title:
        return False
    topic = goal_title.rsplit(":", 1)[-1]
    title = [w for w in re.findall(r"[A-Za-z][\w-]*", topic) if w.lower() not in STOPWORDS]
    return all(any(_same_word(w, t) for t in title) for w in words)
