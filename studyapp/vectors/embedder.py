"""Text embeddings. The default needs no download: feature hashing, deterministic everywhere.

Words (unigrams and bigrams) catch shared vocabulary, character trigrams catch inflections and
typos; everything is hashed with CRC32 (stable across processes, unlike ``hash()``) into a fixed
number of signed buckets and L2-normalised, so a dot product is the cosine similarity. It is not
a semantic model, but it is honest about near-duplicates and good enough to rank candidates; a
model-based embedder can replace it through the :class:`Embedder` protocol.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import zlib
from typing import Protocol

import numpy as np

DEFAULT_DIM = 512
_WORD = re.compile(r"\w+", re.UNICODE)


class Embedder(Protocol):
    dim: int
    name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (a zero row for empty text)."""
        ...


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used by embedders and duplicate checks."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text.casefold()))


class HashingEmbedder:
    """Feature-hashing embedder: unigrams (1.0), bigrams (0.7), character trigrams (0.4)."""

    name = "hashing-v1"

    def __init__(self, dim: int = DEFAULT_DIM) -> None:
        self.dim = dim

    def _features(self, text: str) -> list[tuple[str, float]]:
        words = normalise(text).split()
        feats: list[tuple[str, float]] = [("w:" + w, 1.0) for w in words]
        feats += [(f"b:{a} {b}", 0.7) for a, b in itertools.pairwise(words)]
        for word in words:
            padded = f" {word} "
            feats += [("c:" + padded[i : i + 3], 0.4) for i in range(len(padded) - 2)]
        return feats

    def embed_one(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for feature, weight in self._features(text):
            h = zlib.crc32(feature.encode("utf-8"))
            vec[h % self.dim] += weight if (h >> 16) & 1 else -weight
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm > 0 else vec

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.embed_one(t) for t in texts])


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two L2-normalised vectors (0 when either is the zero vector)."""
    return float(np.dot(a, b))


_default: HashingEmbedder | None = None


def default_embedder() -> HashingEmbedder:
    global _default
    if _default is None:
        _default = HashingEmbedder()
    return _default
