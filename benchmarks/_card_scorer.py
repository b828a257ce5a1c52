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
from functools import cache

from studyapp.generation.choice_contrast import contrast_misfit
from studyapp.generation.choice_hyponym import kind_of_answer
from studyapp.generation.choice_other_kind import set_of_other_kind
from studyapp.generation.choice_verb_fit import verb_misfit

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


def card_failures(
    front: str, back: str, kind: str, material: str, goal_title: str = ""
) -> list[str]:
    """Empty when a learner would keep the card as it stands."""
    fails: list[str] = []
    body = front.removeprefix("Fill in the blank: ")
    if kind == "cloze":
        fails += _cloze_reading(body, back, material, goal_title)
    else:
        fails += _question_reading(front, back)
    if _split_word(f"{front} {back}"):
        fails.append("a word split in two")
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


# -- a learner's reading: written apart from the gate's flaws.py, with its own lists --------
_LEANS = re.compile(
    r"^(if so|if not|yes,|no,|otherwise|then\b|in that case|in this case|note how|suppose|"
    r"(if|when|once) (enabled|disabled|set|true|false|used)\b)|"
    r"\b(those|these) [a-z]+|\bthis (is|was|will|can|only|means)\b|\blike this\b|\bthe above\b|"
    r"previous section|\bsee\b[^.]*\b(below|above)\b",
    re.I,
)
_OPENING_FRAGMENT = re.compile(
    r"^([•*(\[]|by |with |and |or |will |would |can |to |for |which |then )"
)
_LISTED_VALUE = re.compile(r"^['\"]?[\w.-]{1,12}['\"]?: ")
_REFERENCE = re.compile(r"^(RFC|_____) (\d+|_____) for ")
_MODAL_BEFORE = re.compile(
    r"\b(will|would|can|could|may|might|must|should|always|never|to|be|is|are) _____", re.I
)
_LY_NOUNS = {"family", "assembly", "supply", "reply", "apply", "anomaly", "poly"}
_NEIGHBOUR_SKIP = _FILLERS | set(
    [
        "until",
        "about",
        "after",
        "before",
        "into",
        "over",
        "under",
        "between",
        "through",
        "without",
        "within",
        "during",
        "while",
        "since",
        "upon",
        "onto",
        "toward",
        "across",
        "along",
        "via",
        "than",
        "also",
        "only",
        "such",
        "each",
        "every",
        "any",
        "all",
        "some",
        "both",
        "either",
        "neither",
        "more",
        "most",
        "less",
        "other",
    ]
)
# Verbs a description starts with ("Enable …", "Returns …"): the scorer's own list.
_DOING = set(
    [
        "enable",
        "disable",
        "set",
        "get",
        "return",
        "try",
        "count",
        "show",
        "control",
        "define",
        "limit",
        "allow",
        "bind",
        "bound",
        "force",
        "send",
        "retrieve",
        "specify",
        "indicate",
        "change",
        "prevent",
        "use",
        "create",
        "make",
        "keep",
        "clear",
        "select",
        "determine",
        "report",
        "attach",
        "provide",
        "take",
        "turn",
        "start",
        "stop",
        "accept",
        "cause",
        "permit",
        "store",
        "save",
        "register",
    ]
)


def _starts_with_doing(text: str) -> bool:
    first = (text.split() or [""])[0].lower().strip(",.")
    for cut in ("", "s", "es"):
        if cut and not first.endswith(cut):
            continue
        if (first[: len(first) - len(cut)] if cut else first) in _DOING:
            return True
    return first.endswith("ies") and first[:-3] + "y" in _DOING


def _plural_blind(word: str) -> str:
    w = word.lower()
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


def _cloze_reading(body: str, back: str, material: str, goal_title: str) -> list[str]:
    fails: list[str] = []
    if body.rstrip().endswith("?"):
        fails.append("a question as a cloze")
    if body.rstrip().endswith(":") or _LEANS.search(body):
        fails.append("leans on missing context")
    if _OPENING_FRAGMENT.match(body) or any(
        body.count(a) != body.count(b) for a, b in ("()", "[]")
    ):
        fails.append("a fragment")
    if (_LISTED_VALUE.match(body) and not body.startswith("_____")) or _REFERENCE.match(body):
        fails.append("a list line out of its list")
    if "^" in body:
        fails.append("a formula")
    answer = back.strip()
    if (re.fullmatch(r"[a-z]{3,}ly", answer) and answer not in _LY_NOUNS) or (
        re.fullmatch(r"[a-z]+", answer) and _MODAL_BEFORE.search(body)
    ):
        fails.append("blank on a verb or an adverb")
    title_words = {_plural_blind(w) for w in re.findall(r"[a-z0-9.]+", goal_title.lower())}
    if " " not in answer and _plural_blind(answer) in title_words:
        fails.append("blank on the goal's topic")
    rest = {_plural_blind(w) for w in tokens(body.replace("_____", " "))}
    if answer and all(_plural_blind(w) in rest for w in tokens(answer)):
        fails.append("answer given away")
    if _half_term(body, answer, material):
        fails.append("blank on part of a term")
    return fails


def _half_term(body: str, answer: str, material: str) -> bool:
    """The blank's neighbour belongs to the term: a number after a name ("RFC _____"), or a
    word the material writes next to the answer in most of the answer's uses."""
    m = re.search(r"(\S+) _____ (\S+)|(\S+) _____|_____ (\S+)", body)
    if not m:
        return False
    left = (m.group(1) or m.group(3) or "").strip(",;:()")
    right = (m.group(2) or m.group(4) or "").strip(",;:().")
    if re.fullmatch(r"\d+", left + right) and re.fullmatch(r"[A-Z]+", answer):
        return True
    if re.search(r"[_().]", answer) or not material:
        return False
    low = material.lower()
    first, last = answer.split()[0].lower(), answer.split()[-1].lower()
    for before, after, word in ((left, "", first), ("", right, last)):
        near = (before or after).lower()
        if not re.fullmatch(r"[a-z][a-z-]{2,}", near) or near in _NEIGHBOUR_SKIP:
            continue
        if after and re.fullmatch(r"[A-Z0-9]{2,}", answer):
            continue  # "_____ sockets" -> UDP: an acronym before what it names
        stem = _plural_blind(word)
        alone = len(re.findall(rf"\b{re.escape(stem)}", low))
        pair = (
            rf"\b{re.escape(near)}s? {re.escape(stem)}"
            if before
            else rf"\b{re.escape(stem)}s? {re.escape(_plural_blind(near))}"
        )
        together = len(re.findall(pair, low))
        if together >= 2 and together >= 0.4 * alone:
            return True
    return False


def _question_reading(front: str, back: str) -> list[str]:
    fails: list[str] = []
    answer = back.strip()
    if re.match(r"^What (is|are) ", front):
        if _starts_with_doing(answer) or re.match(
            r"^(used|must|if|when|for|of|is|are)\b", answer, re.I
        ):
            fails.append("answer in another form than the question")
        if re.fullmatch(r"What (is|are) the [a-z]+\?", front):
            fails.append("names nothing specific")
    if re.search(r"\^|\bif\b.*\bif\b|; or\b", answer, re.I):
        fails.append("more than one fact")
    if re.search(r"the following|\bthis (value|option|socket)\b|\(see ", answer, re.I):
        fails.append("answer points at missing context")
    name = re.match(r"^What (?:does|is) (\S*[_.]\S*|[A-Z_]{4,}) (?:do|mean)?\??$", front)
    if name:
        pieces = [p for p in re.split(r"[^a-z0-9]+", name.group(1).lower()) if p]
        pieces += ["socket"] if "so" in pieces else []
        said = [
            t
            for t in tokens(answer)
            if t not in _FILLERS and t not in {"enable", "disable", "set", "get", "sets", "gets"}
        ]
        if said and all(
            any(t.startswith(p[:4]) or p.startswith(t[:4]) for p in pieces) for t in said
        ):
            fails.append("answer repeats the question")
    return fails


@cache
def _vocabulary() -> frozenset[str]:
    """Whole English words of wordllama's tokenizer (a different list from the gate's)."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("wordllama")
    path = (
        Path(spec.origin).parent / "tokenizers" / "l2_supercat_tokenizer_config.json"
        if spec and spec.origin
        else None
    )
    vocab = json.loads(path.read_text())["model"]["vocab"] if path and path.exists() else {}
    return frozenset(t[1:].lower() for t in vocab if t.startswith("\u2581") and t[1:].isalpha())


def _split_word(text: str) -> bool:
    """ "netw ork": two pieces, one of them no word, that make a word together."""
    words = _vocabulary()
    for a, b in re.findall(r"\b([A-Za-z]{2,}) (?=([a-z]{2,})\b)", text):
        a = a.lower()
        if (a not in words or b not in words) and (a + b) in words:
            return True
    return bool(re.search(r"[a-z] [,.;:](\s|$)", text))


def choice_failures(
    answer: str,
    options: Sequence[str],
    front: str,
    goal_answers: Iterable[str] | None = None,
    material: str = "",
) -> list[str]:
    """Empty when the three options make a fair multiple-choice question. ``material``: the
    goal's text, by whose usage an option of another kind than the answer fails (round 8:
    "overall", "physics", "magnitude" among particles; "Rangelands" among herd animals)."""
    fails: list[str] = list(set_of_other_kind(answer, options, material)) if material else []
    # "the _____ is lit" => candle: an abstract word or a modifier is no thing that is lit.
    fails += [f"{o!r}: {why}" for o in options if (why := verb_misfit(answer, o, front, material))]
    # "the attractions are stronger than the _____" => repulsions: no electrons, no orbitals.
    fails += [
        f"{o!r}: {why}" for o in options if (why := contrast_misfit(answer, o, front, material))
    ]
    # "Natural selection" among "Directional selection", …: kinds of it, so also correct.
    fails += [f"{o!r}: {why}" for o in options if (why := kind_of_answer(answer, o, material))]
    opts = [o.strip() for o in options]
    if len(opts) != 3 or len({o.lower() for o in opts}) != 3:
        fails.append("not three distinct options")
    a = answer.strip().lower()
    a_tokens = {_plural_blind(t) for t in tokens(a)}
    pool = {g.strip().lower() for g in goal_answers} if goal_answers is not None else None
    a_form = _opening_kind(answer)
    for o in opts:
        low = o.lower()
        o_tokens = {_plural_blind(t) for t in tokens(low)}
        if _opening_kind(o) != a_form:
            fails.append(f"{o!r} opens unlike the answer")
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


def _opening_kind(text: str) -> str:
    """How an option opens: a that-clause, "to …", a condition, a verb, a quoted value, a
    name among common words, or a noun phrase."""
    t = text.strip()
    for kind, rx in (
        ("that", r"^that\b"),
        ("to", r"^to\b"),
        ("condition", r"^(if|when|whenever|once|unless)\b"),
        ("quoted", r"^['\"‘“]"),
    ):
        if re.match(rx, t, re.I):
            return kind
    if _starts_with_doing(t):
        return "verb"
    if re.search(r"[A-Z][a-z]+ [A-Z]|\b[A-Z]{2,} [A-Z][a-z]|[a-z][A-Z]", t):
        return "name"
    return "noun phrase"


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
    """The share of the text's real headings the tree has as skills; a text whose only
    headings are furniture ("Key Concepts and Summary") has none to miss."""
    if not truth:
        return 1.0
    have = {heading_key(t) for t in tree_titles}
    return sum(heading_key(h) in have for h in truth) / len(truth)
