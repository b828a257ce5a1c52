"""Optimise a preset's FSRS parameters on the learner's own reviews (Anki's "Optimize").

The reviews of every card of the preset's goals are read (one query), turned into per-card
histories of (grade, whole days since the previous review, on the learner's calendar), and fitted
by ``fsrs-rs-python`` in a child process (``fsrs_fit.py``: the fit holds the GIL). The fit is
judged on the same history before and after (log loss and RMSE, as Anki shows them); the new
parameters are kept only when they fit better, and then the preset's cards are replayed with
them in the same transaction that stores them, as a retention change does.

Only cards whose whole history is here count (their first review is a first review, not a log
that began mid-way in Anki), and a fit needs at least :data:`MIN_REVIEWS` reviews after a
card's first day: fewer, and the learner gets a refusal that says how many there are.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.errors import BadInput, NotFound
from studyapp.services import presets
from studyapp.services.study import resolve_tz
from studyapp.services.study_options import set_parameters

MIN_REVIEWS = 400  # reviews on a later day than the card's previous review
FIT_TIMEOUT_S = 600

_HISTORY = text(
    """
    SELECT r.card_id, r.rating, r.reviewed_at, r.previous ->> 'last_review' IS NULL AS first
    FROM reviews r JOIN cards c ON c.id = r.card_id
    WHERE c.profile_id = :p AND c.goal_id = ANY(:goals)
    ORDER BY r.card_id, r.reviewed_at, r.id
    """
)


@dataclass(frozen=True)
class Optimised:
    preset_id: int
    reviews: int  # reviews the fit was judged on (later-day reviews of whole histories)
    log_loss_before: float
    log_loss_after: float
    rmse_before: float
    rmse_after: float
    kept: bool  # False: the current parameters already fit as well or better
    rescheduled: int
    seconds: float

    def summary(self) -> str:
        fit = (
            f"log loss {self.log_loss_before:.4f} \u2192 {self.log_loss_after:.4f}, "
            f"RMSE {self.rmse_before:.4f} \u2192 {self.rmse_after:.4f}"
        )
        if not self.kept:
            return (
                f"The current parameters already fit your {self.reviews:,} reviews as well "
                f"({fit}); nothing changed."
            )
        return (
            f"Optimised on {self.reviews:,} reviews: {fit} (lower is better). "
            f"{self.rescheduled:,} cards were rescheduled."
        )


def histories(
    db: Database, profile_id: int, goal_ids: list[int], tz: tzinfo
) -> list[list[list[int]]]:
    """Per card, [[grade, days since the previous review], ...] from its first review on."""
    out: list[list[list[int]]] = []
    with db.session() as session:
        rows = session.execute(_HISTORY, {"p": profile_id, "goals": goal_ids})
        card: int | None = None
        history: list[list[int]] = []
        whole = False
        last_day = None
        for card_id, rating, reviewed_at, first in rows:
            if card_id != card:
                if whole and history:
                    out.append(history)
                card, history, whole, last_day = card_id, [], bool(first), None
            day = reviewed_at.astimezone(tz).date()
            history.append([int(rating), 0 if last_day is None else (day - last_day).days])
            last_day = day
        if whole and history:
            out.append(history)
    return out


def later_day_reviews(found: list[list[list[int]]]) -> int:
    return sum(1 for history in found for _rating, days in history[1:] if days > 0)


def run_fit(request: dict[str, Any]) -> dict[str, Any]:
    """The fit in a child process (see ``fsrs_fit.py``)."""
    done = subprocess.run(
        [sys.executable, "-m", "studyapp.services.fsrs_fit"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=FIT_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BadInput(f"The FSRS optimiser failed: {last[:300]}")
    return json.loads(done.stdout)


def optimise_preset(
    db: Database,
    profile_id: int,
    preset_id: int,
    *,
    tz: tzinfo | str | None = None,
    min_reviews: int = MIN_REVIEWS,
) -> Optimised:
    """Fit, judge, and (when better) store and apply the parameters. Slow: seconds for
    100,000 reviews; call it off the GUI thread."""
    started = time.monotonic()
    zone = resolve_tz(tz)
    with db.session() as session:
        preset = next(
            (p for p in presets.read_presets(session, profile_id) if p.id == preset_id), None
        )
    if preset is None:
        raise NotFound(f"No study preset {preset_id}.")
    if not preset.goal_ids:
        raise BadInput(f"No goal uses the preset \u201c{preset.name}\u201d, so it has no reviews.")
    found = histories(db, profile_id, list(preset.goal_ids), zone)
    count = later_day_reviews(found)
    if count < min_reviews:
        raise BadInput(
            f"Optimising needs at least {min_reviews:,} reviews made on a later day than the "
            f"card's previous one; the goals of \u201c{preset.name}\u201d have {count:,}. "
            "Study more and try again (the default parameters are used meanwhile)."
        )
    result = run_fit(
        {"histories": found, "parameters": list(preset.parameters) if preset.parameters else None}
    )
    kept = result["log_loss_after"] < result["log_loss_before"]
    rescheduled = 0
    if kept:
        report = {
            "at": datetime.now(UTC).isoformat(),
            "reviews": result["items"],
            "log_loss_before": result["log_loss_before"],
            "log_loss_after": result["log_loss_after"],
            "rmse_before": result["rmse_before"],
            "rmse_after": result["rmse_after"],
        }
        with db.session() as session:
            rescheduled = set_parameters(
                session, profile_id, preset_id, tuple(result["parameters"]), report
            )
    return Optimised(
        preset_id,
        int(result["items"]),
        result["log_loss_before"],
        result["log_loss_after"],
        result["rmse_before"],
        result["rmse_after"],
        kept,
        rescheduled,
        time.monotonic() - started,
    )
