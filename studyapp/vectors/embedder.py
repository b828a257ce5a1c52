"""Text embeddings, with no download at run time.

The default is :class:`WordLlamaEmbedder`: a small learned static embedding model (token vectors
averaged, 256 dimensions) that ships *inside* the ``wordllama`` wheel, weights and tokenizer both.
It sees that "What is the default value? → The system page size" and "What is the default? → It
is the page size of the system" say the same thing (cosine ~0.9), which word hashing cannot, and
embeds thousands of sentences in a few hundredths of a second on one core.

:class:`HashingEmbedder` (CRC32 feature hashing of words, word pairs and character trigrams) is
the fallback when the model cannot be loaded: deterministic everywhere, catches reworded
duplicates, not paraphrases. ``STUDYAPP_EMBEDDER=hashing`` forces it.

Only the beginning of a text is embedded: ``DERIVED_CHARS`` characters (:mod:`studyapp.limits`),
and of those at most ``EMBED_TOKENS`` tokens, which is what a search or a duplicate check needs.
WordLlama pads every text of a batch to the longest one, so one uncapped 1 MB card made a batch
of 64 cost 64 x 290,000 tokens x 1 KB (7 GB, then "Unable to allocate 5.83 GiB" on every later
search). Texts are embedded in batches of at most ``BATCH_TEXTS`` texts and ``BATCH_CHARS``
characters, so memory is bounded whatever is asked for at once.

Every embedder names itself (``name``) and its size (``dim``); the vector store's table name
includes both, so vectors of two embedders never mix, and switching embedder re-embeds every card
once (the new table starts empty and the store's resync fills it from PostgreSQL). Each also
carries its own similarity thresholds, because cosines mean different things in each space.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import threading
import unicodedata
import zlib
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from studyapp.limits import DERIVED_CHARS

log = logging.getLogger(__name__)

DEFAULT_DIM = 512
EMBED_TOKENS = 256  # tokens of a text embedded (after cutting it to DERIVED_CHARS characters)
BATCH_TEXTS = 64
BATCH_CHARS = BATCH_TEXTS * DERIVED_CHARS // 4  # a batch of long texts is a smaller batch
ENV_EMBEDDER = "STUDYAPP_EMBEDDER"
_WORD = re.compile(r"\w+", re.UNICODE)


class Embedder(Protocol):
    dim: int
    name: str
    duplicate_cosine: float  # two cards at or above this say the same thing
    near_identical: float  # two short answers at or above this are the same answer

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text (a zero row for empty text)."""
        ...


def embedded_part(text: str) -> str:
    """The part of ``text`` an embedder reads: its beginning (see the module docstring)."""
    return text[:DERIVED_CHARS]


def batches(texts: list[str]) -> list[tuple[int, int]]:
    """(start, end) slices of ``texts`` (already cut) with at most ``BATCH_TEXTS`` texts and,
    unless one text alone is longer, ``BATCH_CHARS`` characters each."""
    out: list[tuple[int, int]] = []
    start = size = 0
    for i, text in enumerate(texts):
        if i > start and (i - start >= BATCH_TEXTS or size + len(text) > BATCH_CHARS):
            out.append((start, i))
            start, size = i, 0
        size += len(text)
    if start < len(texts):
        out.append((start, len(texts)))
    return out


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used by embedders and duplicate checks."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(text.casefold()))


class HashingEmbedder:
    """Feature-hashing embedder: unigrams (1.0), bigrams (0.7), character trigrams (0.4)."""

    name = "hashing-v1"
    duplicate_cosine = 0.85
    near_identical = 0.8  # 'the X' vs 'X' scores ~0.85 here

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
        for feature, weight in self._features(embedded_part(text)):
            h = zlib.crc32(feature.encode("utf-8"))
            vec[h % self.dim] += weight if (h >> 16) & 1 else -weight
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm > 0 else vec

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.embed_one(embedded_part(t)) for t in texts])


class WordLlamaEmbedder:
    """The ``l2_supercat`` WordLlama model packaged in the ``wordllama`` wheel (256 dims).

    Its loader finds the weights beside its own module but looks for the tokenizer under
    ``<package>/tokenizer/`` while the wheel ships it in ``<package>/tokenizers/``; passing the
    package folder as ``cache_dir`` makes the loader's cache lookup (``cache_dir/tokenizers``)
    find the packaged file, and ``disable_download=True`` turns any miss into an error instead
    of a request to the network."""

    name = "wordllama-l2s"
    dim = 256
    duplicate_cosine = 0.85  # paraphrased cards ~0.89; distinct cards of one topic <= 0.8
    near_identical = 0.85
    CONFIG = "l2_supercat"

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        with self._lock:
            if self._model is None:
                wordllama = _import_wordllama()
                package = Path(wordllama.__file__).parent
                model = wordllama.WordLlama.load(
                    config=self.CONFIG, dim=self.dim, cache_dir=package, disable_download=True
                )
                # Its inference sets no truncation; ours is part of what an embedding means.
                model.tokenizer.enable_truncation(max_length=EMBED_TOKENS)
                self._model = model
            return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self.load()
        # The model is cased ("SLOW start" vs "slow start" only ~0.5); lower-casing first makes
        # case differences vanish and measured better on paraphrases of cards.
        cut = [embedded_part(t).lower() for t in texts]
        out = np.empty((len(cut), self.dim), dtype=np.float32)
        for start, end in batches(cut):
            part = cut[start:end]
            out[start:end] = model.embed(part, norm=False, batch_size=len(part))
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        # An empty text pools to zeros (or 0/0): give it the zero row, never NaN.
        safe = np.where(np.isfinite(norms) & (norms > 0), norms, 1.0)
        unit = np.where(np.isfinite(out), out, 0.0) / safe
        return unit.astype(np.float32, copy=False)


def _import_wordllama() -> Any:
    """``import wordllama``, without the ``logging.basicConfig(level=INFO)`` it runs at import:
    that would hand the root logger an INFO handler on stderr, so every library's INFO lines
    (pgserver's commands, the runner's) would reach a benchmark's output, the CLI's stderr and
    the worker's log. The root logger is put back as it was."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return wordllama


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two L2-normalised vectors (0 when either is the zero vector)."""
    return float(np.dot(a, b))


_default: Embedder | None = None
_default_lock = threading.Lock()


def default_embedder() -> Embedder:
    """WordLlama when its packaged model loads, else hashing (logged once, not silent)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = _choose()
        return _default


def _choose() -> Embedder:
    if os.environ.get(ENV_EMBEDDER, "").strip().lower() == "hashing":
        return HashingEmbedder()
    model = WordLlamaEmbedder()
    try:
        model.load()
    except Exception as exc:  # ImportError, a missing file, a broken wheel: keep working
        log.warning(
            "the learned embedder could not be loaded (%s: %s); using feature hashing, which "
            "catches reworded duplicates but not paraphrases",
            type(exc).__name__,
            exc,
        )
        return HashingEmbedder()
    return model
