"""Checks every provider's output passes before anything is stored.

A failed check raises :class:`InvalidOutput` (transient: the job engine retries, and a model's
next answer is usually fine); nothing invalid is ever written. The offline provider runs the same
checks, so both providers promise the same shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from studyapp.generation.errors import InvalidOutput
from studyapp.generation.types import CARD_KINDS, CardDraft, TreeNode
from studyapp.vectors.embedder import Embedder, cosine, default_embedder, normalise

MAX_FRONT = 400
MAX_BACK = 300
MAX_BACK_WORDS = 50
MAX_OPTION = 300
NEAR_IDENTICAL = 0.8  # hashing-embedder cosine; 'the X' vs 'X' scores ~0.85
MAX_TREE_DEPTH = 3
MAX_TREE_NODES = 60
MAX_TOP_LEVEL = 12
MAX_TITLE = 200
MAX_DESCRIPTION = 2000
MAX_CARDS = 50

_CATCH_ALL = re.compile(
    r"\b(all|none|both|neither) of (the )?(above|these|them|those)\b|\ball (the )?answers\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^[~≈<>±-]?\s*[\d.,]+\s*%?\s*[a-zA-Zµ°/]{0,8}\.?$")
_SENTENCE_END = re.compile(r"[.!?](\s+|$)")


def stem_key(text: str) -> str:
    """A crude form for "the same answer, reworded trivially": no articles, no plural -s."""
    words = [w for w in normalise(text).split() if w not in {"a", "an", "the"}]
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


def _is_numeric(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def _sentences(text: str) -> int:
    return len([s for s in _SENTENCE_END.split(text.strip()) if s and s.strip()])


def clean(text: str) -> str:
    """Collapse whitespace; models and extracted text both leave stray runs of it."""
    return " ".join(str(text).split())


def validate_cards(cards: Sequence[CardDraft], *, max_count: int = MAX_CARDS) -> list[CardDraft]:
    """Non-empty, one fact each (a short answer, at most two sentences), bounded length,
    no duplicates within the set. Returns the cleaned cards."""
    if not cards:
        raise InvalidOutput("The generator returned no cards.")
    if len(cards) > max_count:
        raise InvalidOutput(f"The generator returned {len(cards)} cards (at most {max_count}).")
    out: list[CardDraft] = []
    seen: set[str] = set()
    for i, card in enumerate(cards, 1):
        front, back = clean(card.front), clean(card.back)
        if not front or not back:
            raise InvalidOutput(f"Card {i} has an empty side.")
        if card.kind not in CARD_KINDS:
            raise InvalidOutput(f"Card {i} has an unknown kind {card.kind!r}.")
        if len(front) > MAX_FRONT or len(back) > MAX_BACK:
            raise InvalidOutput(
                f"Card {i} is too long (front at most {MAX_FRONT}, back at most {MAX_BACK} "
                "characters)."
            )
        if len(back.split()) > MAX_BACK_WORDS or _sentences(back) > 2:
            raise InvalidOutput(f"Card {i} holds more than one fact (its answer is too long).")
        if card.kind == "cloze" and "____" not in front:
            raise InvalidOutput(f"Cloze card {i} has no blank.")
        if normalise(front) == normalise(back):
            raise InvalidOutput(f"Card {i} asks for its own answer.")
        key = normalise(front)
        if key in seen:
            raise InvalidOutput(f"Card {i} repeats an earlier card.")
        seen.add(key)
        out.append(CardDraft(front, back, card.kind))
    return out


def check_option(answer: str, option: str, *, embedder: Embedder | None = None) -> str:
    """One distractor against the answer: non-empty, bounded, not a catch-all, not (nearly) the
    answer, similar in length and form. Returns the cleaned option."""
    embedder = embedder or default_embedder()
    option, answer = clean(option), clean(answer)
    if not option:
        raise InvalidOutput("A distractor is empty.")
    if len(option) > MAX_OPTION:
        raise InvalidOutput(f"A distractor is longer than {MAX_OPTION} characters.")
    if _CATCH_ALL.search(option):
        raise InvalidOutput(f"A catch-all option is not a real distractor: {option!r}.")
    if normalise(option) == normalise(answer):
        raise InvalidOutput("A distractor is the answer itself.")
    vectors = embedder.embed([answer, option])
    if stem_key(option) == stem_key(answer) or cosine(vectors[0], vectors[1]) >= NEAR_IDENTICAL:
        raise InvalidOutput(f"The distractor {option!r} is nearly the answer.")
    short, long_ = sorted((len(answer), len(option)))
    if long_ - short > 15 and long_ > 3 * max(short, 1):
        raise InvalidOutput(f"The distractor {option!r} is not similar in length to the answer.")
    if _is_numeric(option) != _is_numeric(answer):
        raise InvalidOutput(f"The distractor {option!r} is not in the same form as the answer.")
    return option


def check_pair(a: str, b: str, *, embedder: Embedder | None = None) -> None:
    """Two distractors must differ (not equal, not near-identical)."""
    embedder = embedder or default_embedder()
    if normalise(a) == normalise(b):
        raise InvalidOutput("The distractors are not distinct.")
    vectors = embedder.embed([a, b])
    if stem_key(a) == stem_key(b) or cosine(vectors[0], vectors[1]) >= NEAR_IDENTICAL:
        raise InvalidOutput(f"The distractors {a!r} and {b!r} are nearly the same.")


def validate_distractors(
    answer: str, options: Sequence[str], *, embedder: Embedder | None = None
) -> tuple[str, str, str]:
    """Exactly 3, distinct, none equal or near-identical (cosine) to the answer or each other,
    similar in length and form to the answer, no catch-alls like "all of the above"."""
    if len(options) != 3:
        raise InvalidOutput(f"Expected exactly 3 distractors, got {len(options)}.")
    cleaned = [check_option(answer, o, embedder=embedder) for o in options]
    for i in range(3):
        for j in range(i + 1, 3):
            check_pair(cleaned[i], cleaned[j], embedder=embedder)
    return (cleaned[0], cleaned[1], cleaned[2])


def _walk(nodes: Sequence[TreeNode], depth: int, titles: set[str], counter: list[int]) -> None:
    for node in nodes:
        title = clean(node.title)
        if not title:
            raise InvalidOutput("A skill has an empty title.")
        if len(title) > MAX_TITLE or len(node.description) > MAX_DESCRIPTION:
            raise InvalidOutput(f"The skill {title[:40]!r} is too long.")
        key = normalise(title)
        if key in titles:
            raise InvalidOutput(f"The skill title {title!r} appears twice.")
        titles.add(key)
        counter[0] += 1
        if depth > MAX_TREE_DEPTH:
            raise InvalidOutput(f"The skill tree is deeper than {MAX_TREE_DEPTH} levels.")
        _walk(node.children, depth + 1, titles, counter)


def validate_tree(
    nodes: Sequence[TreeNode], *, taken: Sequence[str] = (), max_depth: int = MAX_TREE_DEPTH
) -> tuple[TreeNode, ...]:
    """Unique titles (also against ``taken``: titles elsewhere in the tree), bounded depth and
    size, at least one node. Returns cleaned nodes."""
    if not nodes:
        raise InvalidOutput("The skill tree is empty.")
    if len(nodes) > MAX_TOP_LEVEL:
        raise InvalidOutput(
            f"The skill tree has {len(nodes)} top-level skills (at most {MAX_TOP_LEVEL})."
        )
    counter = [0]
    titles = {normalise(t) for t in taken}
    _walk(nodes, 1, titles, counter)
    if counter[0] > MAX_TREE_NODES:
        raise InvalidOutput(f"The skill tree has {counter[0]} skills (at most {MAX_TREE_NODES}).")
    if _depth(nodes) > max_depth:
        raise InvalidOutput(f"The skill tree is deeper than {max_depth} levels.")
    return tuple(_cleaned(n) for n in nodes)


def _depth(nodes: Sequence[TreeNode]) -> int:
    return 0 if not nodes else 1 + max(_depth(n.children) for n in nodes)


def _cleaned(node: TreeNode) -> TreeNode:
    return TreeNode(
        clean(node.title), node.description.strip(), tuple(_cleaned(c) for c in node.children)
    )
