"""Worker deaths are not job failures: four worker processes, a random one SIGKILLed every
second or so and replaced at once, until every job has ended (benchmarks/kill_storm.py, small).
No job may fail because of the kills alone, and every result lands exactly once."""

from __future__ import annotations

import pytest

from benchmarks.kill_storm import storm

pytestmark = pytest.mark.slow


def test_kill_storm_fails_no_job_and_applies_each_once(db, profile) -> None:
    result = storm(
        db, profile.id, jobs=60, job_seconds=0.4, workers=4, threads=2, kill_every=1.2, timeout=240
    )
    assert result.kills >= 3, result  # the storm really happened while jobs ran
    assert result.max_lost >= 1, result  # and it did interrupt jobs
    assert (result.completed, result.failed) == (60, 0), result
    assert result.effects == 60 and result.duplicated == 0, result
