"""Database URLs: the forms a user pastes are accepted; bad ones are explained; passwords masked."""

from __future__ import annotations

import pytest

from studyapp.db import urls
from studyapp.errors import BadInput


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://user@host:5432/db",
        "postgresql://user@/db?host=/socket/dir",
        "postgres://user:secret@localhost/db",
        "host=localhost dbname=db user=me",
    ],
)
def test_standard_forms_are_accepted(url: str) -> None:
    assert urls.normalize(url) == url


def test_sqlalchemy_form_is_converted() -> None:
    assert urls.normalize("postgresql+psycopg://u@h/d") == "postgresql://u@h/d"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "empty"),
        ("mysql://root@localhost/db", "not a PostgreSQL URL"),
        ("postgresql://user@host:notaport/db", "malformed"),
    ],
)
def test_bad_urls_are_explained(url: str, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        urls.normalize(url)


def test_describe_masks_password() -> None:
    text = urls.describe("postgresql://alice:hunter2@db.example:6543/study")
    assert "hunter2" not in text
    assert text == "postgresql://alice:***@db.example:6543/study"
    assert (
        urls.describe("postgresql://bob@/study?host=/run/pg")
        == "postgresql://bob@/study?host=/run/pg"
    )


def test_with_dbname_keeps_server() -> None:
    assert "dbname=other" in urls.with_dbname("postgresql://u@h:1/d", "other")
