from __future__ import annotations

import pytest

from studyapp.errors import BadInput
from studyapp.services.profiles import ensure_profile, list_profiles


def test_default_profile_created_once(db) -> None:
    first = ensure_profile(db)
    second = ensure_profile(db)
    assert first == second
    assert first.name == "default"
    assert [p.name for p in list_profiles(db)] == ["default"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "bad\x00name"])
def test_bad_profile_names(db, name: str) -> None:
    with pytest.raises(BadInput):
        ensure_profile(db, name)
