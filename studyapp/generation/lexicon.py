"""An English word list with frequency ranks: what is a word, how common it is, and where the
spaces in a run of letters most likely go.

A PDF's text layer splits words where the typesetter kerned them ("netw ork", "recei ving",
"a void") and runs others together ("Nis" for "N is", "the yare" for "they are"); the document
alone cannot always tell, because it may never write the whole word anywhere else. This list
can: 126,000 words of English Wikipedia, most frequent first, as shipped inside the
``wordninja`` wheel (a dependency; nothing is downloaded at run time). Costs follow Zipf's law
(``log(rank * log N)``), the model ``wordninja`` itself uses, so "network" (rank 787) beats
"netw" + "ork" (not words) and "they are" beats "the" + "yare" (rank 52,691).

Loaded once, on first use (about 0.1 s); lookups are dictionary reads.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import re
import threading
from functools import cache
from pathlib import Path

_LOCK = threading.Lock()
# A word the list does not know costs more than any it does, more so the longer it is, so a
# split into known words wins whenever one exists.
_UNKNOWN_BASE = 4.0
_MAX_WORD = 24


def _word_file() -> Path:
    spec = importlib.util.find_spec("wordninja")
    if spec is None or spec.origin is None:  # pragma: no cover - a declared dependency
        raise RuntimeError("The 'wordninja' package (its English word list) is not installed.")
    return Path(spec.origin).parent / "wordninja" / "wordninja_words.txt.gz"


@cache
def _ranks() -> dict[str, int]:
    with _LOCK, gzip.open(_word_file(), "rt", encoding="utf-8") as f:
        words = f.read().split()
    ranks: dict[str, int] = {}
    for i, word in enumerate(words):
        ranks.setdefault(word, i)
    return ranks


def rank(word: str) -> int | None:
    """The word's frequency rank (0 = "the"), or ``None`` when it is not an English word."""
    return _ranks().get(word.lower())


def is_word(word: str, *, max_rank: int | None = None) -> bool:
    r = rank(word)
    return r is not None and (max_rank is None or r <= max_rank)


def is_superlative(word: str) -> bool:
    """ "highest", "largest", "farthest": a superlative, told by its comparative ("higher");
    "interest", "request" have none."""
    w = word.lower()
    if not re.fullmatch(r"[a-z]{3,}est", w):
        return False
    return is_word(w[:-3] + "er")


@cache
def _log_n() -> float:
    return math.log(len(_ranks()))


def cost(word: str) -> float:
    """-log P(word) under Zipf's law; unknown words cost more than the rarest known one."""
    r = rank(word)
    if r is None:
        return math.log(len(_ranks()) * _log_n()) + _UNKNOWN_BASE + len(word)
    return math.log((r + 1) * _log_n())


def segment(letters: str) -> list[str] | None:
    """The cheapest split of ``letters`` into known words ("theyare" -> ["they", "are"]), or
    ``None`` when no split into known words exists. Case is kept."""
    low = letters.lower()
    n = len(low)
    best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * n
    ranks = _ranks()
    for end in range(1, n + 1):
        for start in range(max(0, end - _MAX_WORD), end):
            piece = low[start:end]
            if piece not in ranks or best[start][0] == math.inf:
                continue
            c = best[start][0] + cost(piece)
            if c < best[end][0]:
                best[end] = (c, start)
    if best[n][0] == math.inf:
        return None
    out: list[str] = []
    end = n
    while end > 0:
        start = best[end][1]
        out.append(letters[start:end])
        end = start
    return out[::-1]


def split_cost(words: list[str]) -> float:
    return sum(cost(w) for w in words)
