"""Another name for a blank's answer, set right beside the blank.

Textbooks give a term's second name in passing: "Nearsightedness, or myopia, is the inability
to see far objects …", "A terminal symbol (token) is any string …". A cloze on either name
with the other left standing answers itself: "_____, or myopia, is …" asks for the word the
learner reads as "myopia" (round 14's blind read, the_eye.html). The acronym of a spelled-out
name was already read this way (:func:`.blanks.leak_problem`); any other name is the same leak.

A gloss is not a name: "essential for _____, or the body's ability to stop bleeding" (an
article opens it: a definition), "_____ (“middle loving”)" (a quoted translation), "_____
(formed when a solid …)" (a clause), "_____ (1804–1881)" (dates).
"""

from __future__ import annotations

import re

from studyapp.generation.words import STOPWORDS

# One to three words, each a word (no digits), the first no closed-class word: "myopia",
# "terminal symbols", "IL-1", "Avicenna".
_NAME = r"[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,2}"
# ", or myopia," / ", also called myopia," after the blank, the sentence going on after it, or
# ", or hook." ending it.
_OR_AFTER = re.compile(
    rf"^,\s+(?:or|also called|also known as|i\.e\.,?)\s+(?P<name>{_NAME})(?:,(?=\s+\S)|(?=\.$))",
    re.I,
)
# " (token)", " (sometimes referred to as Avicenna)" after the blank.
_BRACKET_AFTER = re.compile(
    rf"^\s+\((?:(?:also|sometimes|often|commonly)\s+)?(?:(?:called|known as|referred to as|"
    rf"or)\s+)?(?P<name>{_NAME})\)"
)
# "Nearsightedness, or _____," / "myopia (_____)": the other name before the blank.
# ", short for Electronic Numerical Integrator And Computer," / " (short for …)" after the blank:
# the words an acronym or a clipped name abbreviates, the sentence going on after them
# (high_performance_computing.html, round 18's read: "_____, short for Electronic Numerical
# Integrator And Computer, was the first …" answered ENIAC). The spelled-out words may be
# longer than a name of three words.
_SHORT_FOR_AFTER = re.compile(
    r"^(?:,\s+|\s+\()(?:short for|which stands for|standing for|an? (?:acronym|abbreviation) "
    r"(?:for|of))\s+(?P<name>[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,7})(?:,(?=\s+\S)|\))"
)
_OR_BEFORE = re.compile(rf"(?:^|[\s(])(?P<name>{_NAME}),\s+or\s+$", re.I)
_VERBISH = re.compile(r"^[a-z]+(?:ed|ing)$")


def _a_name(name: str) -> bool:
    """Words that could name a thing: no article, pronoun or preposition first ("the body's
    ability", "from which …"), no participle ("formed when …"), nothing closed-class last."""
    words = name.split()
    first, last = words[0].lower(), words[-1].lower()
    return first not in STOPWORDS and last not in STOPWORDS and not _VERBISH.match(first)


def name_after(sentence: str, start: int, end: int) -> re.Match[str] | None:
    """The other name right after the blank ``sentence[start:end]`` (", or myopia," or "
    (token)"), or ``None``; the match is relative to ``sentence[end:]``. A blank that is
    itself an item of a list ("Charset, Content-Type, _____, or Encoding, then …") has the
    next item after it, not its other name."""
    if re.search(r",\s*$", sentence[:start]):
        return None
    rest = sentence[end:]
    m = _OR_AFTER.match(rest) or _BRACKET_AFTER.match(rest) or _SHORT_FOR_AFTER.match(rest)
    return m if m is not None and _a_name(m["name"]) else None


def name_before(sentence: str, start: int, end: int) -> str | None:
    """The other name right before the blank ``sentence[start:end]`` that the sentence then
    goes on from ("Nearsightedness, or _____, is …"): the blank is the apposition."""
    m = _OR_BEFORE.search(sentence[:start])
    if m is None or not _a_name(m["name"]) or not re.match(r",\s+\S", sentence[end:]):
        return None
    before = sentence[: m.start("name")].rstrip()
    if before.endswith(","):  # "A, B, or _____,": the last of a list, not a second name
        return None
    return m["name"]


def other_name_problem(sentence: str, start: int, end: int) -> str | None:
    """The blank's answer given away by its other name beside it (see the module)."""
    if (
        name_after(sentence, start, end) is not None
        or name_before(sentence, start, end) is not None
    ):
        return "the answer is given away (another name for it is beside the blank)"
    return None


def without_other_name(sentence: str, start: int, end: int) -> str | None:
    """The sentence with the other name after the blank cut out, when what is left is still a
    whole sentence: "Nearsightedness, or myopia, is the inability …" → "Nearsightedness is the
    inability …" (the blank at the start, the verb straight after the cut). ``None`` when
    there is no other name or cutting it would break the sentence."""
    m = name_after(sentence, start, end)
    if m is None or re.fullmatch(r"[A-Z][A-Z0-9-]+s?", m["name"]):
        # An acronym ("A deep vein thrombosis (DVT) is …") is the leak check's refusal as
        # before: its sentence's definition card asks "What is a deep vein thrombosis
        # (DVT)?", and the cloze would only restate it.
        return None
    rest = sentence[end + m.end() :]
    if rest == "." and m.group(0).startswith(","):
        return sentence[:end] + rest  # "… developing a strong opener, or hook." → "… opener."
    if not re.match(r"\s+[a-z]", rest):
        return None  # "… in _____ (token)." or "… _____ (IL-1), which": leave it whole
    return sentence[:end] + rest
