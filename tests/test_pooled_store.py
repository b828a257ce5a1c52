"""The pooled vector store (handlers/compute.py) forwards every method of the store to the
compute process, what crosses pickled, and answers as the store itself does."""

from __future__ import annotations

import pickle
from typing import Any

from studyapp.handlers import compute
from studyapp.handlers.compute import PooledStore
from studyapp.vectors.store import CardText, VectorStore, open_store


class _PicklingPool:
    """A compute pool in this process: a call's function, arguments and result are pickled and
    unpickled as on the way to a compute process and back."""

    def call(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        fn, args, kwargs = pickle.loads(pickle.dumps((fn, args, kwargs)))
        return pickle.loads(pickle.dumps(fn(*args, **kwargs)))

    def warm_result(self) -> Any:
        return None


def test_every_public_method_of_the_store_is_forwarded_to_the_pool() -> None:
    public = [
        name
        for name, member in vars(VectorStore).items()
        if not name.startswith("_") and callable(member)
    ]
    assert "nearest_cards" in public
    for name in public:  # inherited, a method would open LanceDB here (table() refuses)
        assert getattr(PooledStore, name) is not getattr(VectorStore, name), name


def test_a_pooled_store_takes_generators_and_answers_as_the_store(tmp_path) -> None:
    answers = ["slow start", "fast recovery", "congestion window", "retransmission timeout"]
    cards = [
        CardText(i, 1, 2, "basic", f"What is the {answer}?", answer)
        for i, answer in enumerate(answers, 1)
    ]
    plain = open_store(tmp_path / "plain")
    previous = compute.install(_PicklingPool())  # type: ignore[arg-type]
    try:
        pooled = compute.store(tmp_path / "pooled")
        assert isinstance(pooled, PooledStore)
        assert pooled.add(c for c in cards) == plain.add(cards)
        pooled.remove(c.card_id for c in cards[:1])
        plain.remove([cards[0].card_id])
        assert pooled.card_ids(1, 2) == plain.card_ids(1, 2)
        assert pooled.card_id_list(1, 2) == plain.card_id_list(1, 2)
        assert pooled.fingerprint(1, 2) == plain.fingerprint(1, 2)
        assert pooled.nearest_cards(1, 2, "fast recovery", limit=2) == plain.nearest_cards(
            1, 2, "fast recovery", limit=2
        )
        assert pooled.neighbour_answers(
            1, "fast recovery", "basic", exclude=(i for i in [2])
        ) == plain.neighbour_answers(1, "fast recovery", "basic", exclude=[2])
        assert pooled.resync(iter(cards), 1, 2) == plain.resync(cards, 1, 2)
        assert pooled.table_name == plain.table_name
    finally:
        compute.install(previous)
