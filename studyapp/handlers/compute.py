"""Where a job's CPU-bound steps run: the one boundary between handlers and processes.

Handlers call this module for the steps that are long pure-Python or numeric work (offline
generation, the quality gate, duplicate checks, embedding, the vector store), and nothing else
knows whether those run here or in a process:

- :func:`run` ``(fn, *args)``: a module-level function (``judge_cards``, ``homes``, …);
- :func:`provider` ``(p)``: the provider, or, for the offline one (pure CPU), a stand-in whose
  calls run in the pool (Claude's calls are HTTP waits and stay on the job thread, where the
  engine can close them under a quit);
- :func:`store` ``(directory)``: the vector store, or a stand-in whose calls run in the pool;
- :func:`embedder` ``()``: the embedder, or a stand-in whose ``embed()`` runs in the pool.

With no pool installed (``studyapp worker``, the CLI, most tests) each is the plain object or
call, in this process, exactly as before. The window installs a
:class:`~studyapp.handlers.process_pool.ComputePool` while its job pool runs
(:func:`install`), because there the job threads share the interpreter lock with the GUI
thread. ``studyapp worker`` does not: it has no event loop to keep responsive, its job threads
only compete with each other (and a stall of the lease thread for a few hundred ms is
harmless), one process is simpler to run and to stop, and it scales out by starting more
workers.

The generator and the gate need not know any of this: what crosses is their own arguments and
results (frozen dataclasses, strings, numpy arrays), pickled.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from studyapp.generation.offline import OfflineProvider
from studyapp.vectors.embedder import Embedder, default_embedder
from studyapp.vectors.store import VectorStore, open_store

if TYPE_CHECKING:
    from studyapp.generation.provider import Provider
    from studyapp.generation.types import (
        CardSet,
        CardsRequest,
        DistractorRequest,
        DistractorSet,
        SkillTree,
        TreeRequest,
    )
    from studyapp.handlers.process_pool import ComputePool

T = TypeVar("T")

_pool: ComputePool | None = None
_install_lock = threading.Lock()


def install(pool: ComputePool | None) -> ComputePool | None:
    """Send this process's CPU-bound steps to ``pool`` (None: run them here). Returns the pool
    installed before."""
    global _pool
    with _install_lock:
        previous, _pool = _pool, pool
    return previous


def installed() -> ComputePool | None:
    return _pool


def run(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, in the compute pool when one is installed, else here.
    ``fn`` must be a module-level function; arguments and result must pickle."""
    pool = _pool
    if pool is None:
        return fn(*args, **kwargs)
    return pool.call(fn, *args, **kwargs)


# -- the provider ------------------------------------------------------------------------------


def provider(made: Provider) -> Provider:
    """``made``, or for the offline provider with a pool installed, the same provider whose
    calls run in the pool."""
    if _pool is None or not isinstance(made, OfflineProvider):
        return made
    return PooledProvider(made)


class PooledProvider:
    """A local provider whose every call runs in the compute pool (it is pickled along)."""

    def __init__(self, inner: Provider) -> None:
        self.inner = inner
        self.name = inner.name

    def skill_tree(self, request: TreeRequest) -> SkillTree:
        return run(_provider_call, self.inner, "skill_tree", request)

    def cards(self, request: CardsRequest) -> CardSet:
        return run(_provider_call, self.inner, "cards", request)

    def distractors(self, request: DistractorRequest) -> DistractorSet:
        return run(_provider_call, self.inner, "distractors", request)


def _provider_call(made: Provider, method: str, request: Any) -> Any:
    return getattr(made, method)(request)


# -- the embedder ------------------------------------------------------------------------------


def embedder() -> Embedder:
    """The default embedder, or (pool installed) one whose ``embed()`` runs in the pool. Its
    name and thresholds are the pool's embedder's: the model loads there, never here."""
    if _pool is None:
        return default_embedder()
    return PooledEmbedder()


class PooledEmbedder:
    """:class:`~studyapp.vectors.embedder.Embedder` whose work runs in the compute pool."""

    def __init__(self) -> None:
        described = _described()
        self.name: str = described["name"]
        self.dim: int = described["dim"]
        self.duplicate_cosine: float = described["duplicate_cosine"]
        self.near_identical: float = described["near_identical"]

    def embed(self, texts: list[str]) -> np.ndarray:
        return run(_embed, list(texts))

    def __reduce__(self) -> tuple[Any, ...]:
        # Handed to a step, it arrives in the compute process as the embedder itself.
        return (default_embedder, ())


def _described() -> dict[str, Any]:
    """The pool's embedder, as :func:`warm` described it (the pool waits for its warm-up)."""
    pool = _pool
    try:
        described = pool.warm_result() if pool is not None else None
    except Exception:  # the warm-up failed: ask again (a dead pool is renewed by the call)
        described = None
    return described if isinstance(described, dict) else run(describe_embedder)


def describe_embedder() -> dict[str, Any]:
    model = default_embedder()
    return {
        "name": model.name,
        "dim": model.dim,
        "duplicate_cosine": model.duplicate_cosine,
        "near_identical": model.near_identical,
    }


def _embed(texts: list[str]) -> np.ndarray:
    return default_embedder().embed(texts)


def warm() -> dict[str, Any]:
    """Run first in every compute process: import what the steps use and load the embedding
    model (1-3 s), so the first job's steps do not pay for it. Returns the embedder's
    description (:class:`PooledEmbedder` reads it)."""
    import lancedb  # noqa: F401  (the vector store opens it on first use)

    from studyapp.generation import offline_cards, quality  # noqa: F401
    from studyapp.handlers import flashcards  # noqa: F401  (the steps' own module)

    default_embedder().embed(["warm up"])
    return describe_embedder()


# -- the vector store --------------------------------------------------------------------------


def store(directory: Path) -> VectorStore:
    """The vector store in ``directory``, or (pool installed) a stand-in whose calls run in
    the pool, where the store is opened once per process."""
    if _pool is None:
        return open_store(directory)
    return PooledStore(directory)


class PooledStore(VectorStore):
    """A :class:`VectorStore` whose methods run in the compute pool, on the store of the same
    directory opened there. It never opens LanceDB here: anything not forwarded fails."""

    def __init__(self, directory: Path) -> None:  # no super().__init__: nothing to open here
        self.directory = Path(directory)
        self._embedder: Embedder | None = None

    # The base class's plain attribute, made lazily here: nobody assigns a pooled store's.
    @property
    def embedder(self) -> Embedder:  # type: ignore[override]  # read-only on purpose (above)
        if self._embedder is None:
            self._embedder = PooledEmbedder()
        return self._embedder

    @property
    def table_name(self) -> str:  # type: ignore[override]  # the same: asked of the pool
        return run(_store_call, self.directory, "table_name")

    def table(self) -> Any:
        raise RuntimeError("the pooled vector store opens LanceDB only in the compute process")

    def __reduce__(self) -> tuple[Any, ...]:
        # Handed to a step, it arrives in the compute process as the store itself.
        return (open_store, (self.directory,))

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return run(_store_call, self.directory, method, *args, **kwargs)


def _forwarded(name: str) -> Callable[..., Any]:
    """:class:`PooledStore`'s ``name``: the same method of the store in the compute process.
    Its signature and type are :class:`VectorStore`'s (mypy reads those); an iterable argument
    crosses as a list, because a generator or a dict's keys do not pickle."""

    def method(self: PooledStore, *args: Any, **kwargs: Any) -> Any:
        return self._call(
            name, *map(_picklable, args), **{k: _picklable(v) for k, v in kwargs.items()}
        )

    method.__name__ = name
    method.__qualname__ = f"PooledStore.{name}"
    method.__doc__ = getattr(VectorStore, name).__doc__
    return method


def _picklable(value: Any) -> Any:
    if isinstance(value, str | bytes | np.ndarray | Mapping) or not isinstance(value, Iterable):
        return value
    return list(value)


# Every public method of the store, so that one added there runs in the pool too (inherited, it
# would call table(), which refuses here); those PooledStore defines itself are its own.
for _name, _member in list(vars(VectorStore).items()):
    if not _name.startswith("_") and callable(_member) and _name not in vars(PooledStore):
        setattr(PooledStore, _name, _forwarded(_name))


def _store_call(directory: Path, method: str, *args: Any, **kwargs: Any) -> Any:
    found = getattr(open_store(directory), method)
    return found(*args, **kwargs) if callable(found) else found
