"""A second, independent scorer for cards and choice sets.

Written apart from ``studyapp.generation.quality`` (different rules, different word lists, no
shared code) so the benchmark does not grade the gate with the gate. It reads a card the way a
demanding learner would: is it a real question, about something named, answerable from the
material, free of debris, short, one thing, not given away; is a choice set three distinct,
wrong-but-plausible options of the same shape and size as the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_TOKEN = re.compile(r"[a-z0-9_]+")
_FILLERS = set(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "and",
        "or",
        "but",
        "not",
        "no",
        "if",
        "then",
        "than",
        "so",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "may",
        "might",
        "what",
        "which",
        "who",
        "whom",
        "how",
        "why",
        "when",
        "where",
        "there",
        "here",
    ]
)
_VAGUE = set(
    [
        "thing",
        "stuff",
        "value",
        "default",
        "option",
        "following",
        "above",
        "below",
        "item",
        "one",
        "data",
    ]
)
_POINTING = re.compile(
    r"^(it|this|that|these|those|they|he|she|such)\b|\bfollowing\b|\babove\b|\bbelow\b", re.I
)
_DEBRIS = re.compile(r"[`*#{}|\\]|<!--|-->|\u2010|[a-z]- [a-z]|\b(\w+) \1\b|&[a-z]+;")
_TRIVIA = re.compile(r"\bversion\b|\bsince\b.*\d|\bdefault\b|\badded\b.*\bv?\d", re.I)
_SHAPES = [
    ("number", re.compile(r"^[\d.,%\s]+[a-zA-Z]{0,4}$")),
    ("call", re.compile(r"^[\w.]+\(\w*\)$")),
    ("constant", re.compile(r"^[A-Z][A-Z0-9_]+$")),
    ("sentence", re.compile(r"^[A-Z]\S*(\s+\S+){2,}[.!]$")),
]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def shape(text: str) -> str:
    t = text.strip()
    return next((name for name, rx in _SHAPES if rx.match(t)), "phrase")


def card_failures(front: str, back: str, kind: str, material: str) -> list[str]:
    """Empty when a learner would keep the card as it stands."""
    fails: list[str] = []
    body = front.removeprefix("Fill in the blank: ")
    if kind == "cloze":
        if body.count("_____") != 1:
            fails.append("cloze without exactly one blank")
        if back.lower() in _FILLERS or len(back.strip()) < 2:
            fails.append("blank on a filler")
    elif not front.rstrip().endswith("?"):
        fails.append("not a question")
    if _POINTING.search(body):
        fails.append("points at missing context")
    specific = [
        w
        for w in re.findall(r"[\w.()/]+", body.replace("_____", " "))
        if re.search(r"[_.()]|\d", w)
        or (w[:1].isupper() and w != body.split()[0])
        or (len(w) >= 7 and w.lower() not in _VAGUE)
    ]
    if not specific:
        fails.append("names nothing specific")
    if _DEBRIS.search(front) or _DEBRIS.search(back):
        fails.append("debris")
    words = len(back.split())
    if words > 25 or len(front.split()) > 45 or len(front.split()) < 3:
        fails.append("too long or too short")
    if back.count(";") or re.search(r",.*,.*\band\b", back):
        fails.append("more than one fact")
    if back.strip().lower() in body.lower().replace("_____", " "):
        fails.append("answer given away")
    if _TRIVIA.search(body):
        fails.append("trivia")
    known = set(tokens(material))
    content = [t for t in tokens(back) if t not in _FILLERS and len(t) > 2]
    if content and sum(t in known for t in content) * 10 < 6 * len(content):
        fails.append("answer not from the material")
    return fails


def choice_failures(
    answer: str, options: Sequence[str], front: str, goal_answers: Iterable[str] | None = None
) -> list[str]:
    """Empty when the three options make a fair multiple-choice question."""
    fails: list[str] = []
    opts = [o.strip() for o in options]
    if len(opts) != 3 or len({o.lower() for o in opts}) != 3:
        fails.append("not three distinct options")
    a = answer.strip().lower()
    a_tokens = set(tokens(a))
    pool = {g.strip().lower() for g in goal_answers} if goal_answers is not None else None
    for o in opts:
        low = o.lower()
        o_tokens = set(tokens(low))
        overlap = len(a_tokens & o_tokens) / max(1, len(a_tokens | o_tokens))
        # Options in the answer's own pattern ("Enable X congestion control") are fair; one
        # that adds nothing to the answer's words, or is the answer reworded, is not.
        if low in a or a in low or o_tokens <= a_tokens or a_tokens <= o_tokens or overlap >= 0.8:
            fails.append(f"{o!r} overlaps the answer")
        ratio = len(o) / max(1, len(answer))
        if not (0.5 <= ratio <= 2.0) and abs(len(o) - len(answer)) > 3:
            fails.append(f"{o!r} is not the answer's size")
        if shape(o) != shape(answer):
            fails.append(f"{o!r} is not the answer's shape")
        if len(low) > 3 and low in front.lower():
            fails.append(f"{o!r} is in the question")
        if pool is not None and low not in pool:
            fails.append(f"{o!r} is not from this goal")
    return fails


def near_duplicate_pairs(cards: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """Pairs of cards a learner would call the same card: most content words shared."""
    sets = [{t for t in tokens(f"{f} {b}") if t not in _FILLERS and len(t) > 2} for f, b in cards]
    pairs = []
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            union = sets[i] | sets[j]
            if union and len(sets[i] & sets[j]) / len(union) >= 0.7:
                pairs.append((i, j))
    return pairs


def heading_key(title: str) -> str:
    title = re.sub(r"^\d+(\.\d+)*\.?\s+", "", title.replace("`", ""))
    return " ".join(tokens(title))


def coverage(truth: Sequence[str], tree_titles: Iterable[str]) -> float:
    have = {heading_key(t) for t in tree_titles}
    return sum(heading_key(h) in have for h in truth) / max(1, len(truth))
