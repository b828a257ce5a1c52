"""The FSRS parameter fit itself, run as a child process: ``python -m studyapp.services.fsrs_fit``.

Reads ``{"histories": [[[rating, days], ...], ...], "parameters": [...] | null}`` as JSON on
stdin and writes ``{"parameters", "log_loss_before", "rmse_before", "log_loss_after",
"rmse_after", "items", "reviews"}`` on stdout. The optimiser is ``fsrs-rs-python`` (the Rust core
Anki's "Optimize" uses); its calls hold the GIL for the whole fit, so a window running it on a
thread would freeze: it runs here, in its own process, importing nothing but the library.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def items_of(histories: list[list[list[int]]]) -> list[Any]:
    """One training item per review after a card's first: the history up to that review (what
    Anki's optimiser trains on). ``days`` is the whole days since the previous review."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    items: list[FSRSItem] = []
    for history in histories:
        reviews = [FSRSReview(int(rating), int(days)) for rating, days in history]
        items.extend(FSRSItem(reviews[: i + 1]) for i in range(1, len(reviews)))
    return items


def fit(request: dict[str, Any]) -> dict[str, Any]:
    from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS

    items = items_of(request["histories"])
    long_term = [item for item in items if item.long_term_review_cnt() > 0]
    current = request.get("parameters") or DEFAULT_PARAMETERS
    before = FSRS(current).evaluate(long_term)
    fitted = FSRS(DEFAULT_PARAMETERS).compute_parameters(items)
    after = FSRS(fitted).evaluate(long_term)
    return {
        "parameters": [float(w) for w in fitted],
        "log_loss_before": float(before.log_loss),
        "rmse_before": float(before.rmse_bins),
        "log_loss_after": float(after.log_loss),
        "rmse_after": float(after.rmse_bins),
        "items": len(long_term),
    }


def main() -> None:
    request = json.load(sys.stdin)
    json.dump(fit(request), sys.stdout)


if __name__ == "__main__":
    main()
