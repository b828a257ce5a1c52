"""The shape every provider's output must have (trees, card batches, distractor sets).

A malformed answer raises :class:`InvalidOutput` (transient: the job engine retries, and a
model's next answer is usually fine). Content quality, card by card and option by option, is
the quality gate's (:mod:`studyapp.generation.quality`); this module uses it for distractor
sets, which need three good options to exist at all.
"""

from __future__ import annotations

from collections.abc import Sequence

from studyapp.generation.choice_fit import pick_choices
from studyapp.generation.errors import InvalidOutput
from studyapp.generation.quality import Rejection, clean
from studyapp.generation.types import CardDraft, TreeNode
from studyapp.vectors.embedder import Embedder, normalise

MAX_FRONT = 400  # the bounds of a card a learner writes or edits by hand
MAX_BACK = 300
MAX_TREE_DEPTH = 3
MAX_TREE_NODES = 60
MAX_TOP_LEVEL = 12
MAX_TITLE = 200
MAX_DESCRIPTION = 2000
MAX_CARDS = 50


def validate_cards(cards: Sequence[CardDraft], *, max_count: int = MAX_CARDS) -> list[CardDraft]:
    """The shape of a provider's answer: at least one card, at most ``max_count``. Whether
    each card is any good is the quality gate's call (:mod:`studyapp.generation.quality`),
    card by card, with a reason kept for each one it rejects."""
    if not cards:
        raise InvalidOutput("The generator returned no cards.")
    if len(cards) > max_count:
        raise InvalidOutput(f"The generator returned {len(cards)} cards (at most {max_count}).")
    return list(cards)


def validate_distractors(
    answer: str,
    options: Sequence[str],
    stem: str = "",
    *,
    embedder: Embedder | None = None,
    also_correct: Sequence[str] = (),
    material: str = "",
    harvested: bool = False,
) -> tuple[tuple[str, str, str], list[Rejection]]:
    """The first three options (best first) that pass the quality gate and fit the sentence,
    as a set that gives nothing away (:mod:`studyapp.generation.choice_fit`; ``material``, the
    text the card came from, tells which options it says are right too), and the rejections.
    Fewer than three good ones is invalid output, with every reason in the message."""
    kept, rejected = pick_choices(
        answer,
        options,
        stem,
        embedder=embedder,
        also_correct=also_correct,
        material=material,
        harvested=harvested,
    )
    if len(kept) < 3:
        why = "; ".join(f"{r.text!r}: {r.reason}" for r in rejected) or "too few options"
        raise InvalidOutput(f"Only {len(kept)} of the distractors are usable ({why}).")
    return (kept[0], kept[1], kept[2]), rejected


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
    nodes: Sequence[TreeNode],
    *,
    taken: Sequence[str] = (),
    max_depth: int = MAX_TREE_DEPTH,
    max_top: int = MAX_TOP_LEVEL,
) -> tuple[TreeNode, ...]:
    """Unique titles (also against ``taken``: titles elsewhere in the tree), bounded depth and
    size, at least one node. Returns cleaned nodes."""
    if not nodes:
        raise InvalidOutput("The skill tree is empty.")
    if len(nodes) > max_top:
        raise InvalidOutput(
            f"The skill tree has {len(nodes)} top-level skills (at most {max_top})."
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
