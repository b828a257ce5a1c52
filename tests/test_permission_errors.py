"""A role without table rights is told so, in one sentence that says who can fix it (issue 20).

On main, a role without rights crashed with a traceback whose cause ("permission denied") was
hidden by ``InFailedSqlTransaction`` from the migration lock's unlock.
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql

from studyapp.db.database import Database
from studyapp.db.migrate import upgrade
from studyapp.errors import PermissionRefused
from studyapp.services import goals
from tests.helpers import run_cli_here
from tests.role_support import bare_role


def test_a_role_without_rights_is_refused_in_words_not_a_traceback(db: Database) -> None:
    with bare_role(db.url) as (role, url):
        as_role = Database(url)
        try:
            with pytest.raises(PermissionRefused) as caught:
                upgrade(as_role)  # what every start does first
        finally:
            as_role.dispose()
        message = str(caught.value)
        assert message.startswith(f"The role {role} cannot read table ")
        assert f"ask the server's admin to run `studyapp server add-learner {role}`" in message
        result = run_cli_here("--database-url", url, "goals", "list")
    assert result.returncode == 2
    assert f"The role {role} cannot read table " in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "InFailedSqlTransaction" not in result.stderr


def test_the_table_refused_is_named(db: Database, profile) -> None:
    goal = goals.create_goal(db, profile.id, "TCP")
    with bare_role(db.url, "nocards") as (role, url):
        with psycopg.connect(db.url, autocommit=True) as conn:
            who = sql.Identifier(role)
            conn.execute(sql.SQL("GRANT ALL ON ALL TABLES IN SCHEMA public TO {}").format(who))
            conn.execute(sql.SQL("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {}").format(who))
            conn.execute(sql.SQL("REVOKE ALL ON cards FROM {}").format(who))
        result = run_cli_here(
            "--database-url", url, "--profile", profile.name, "cards", "list", str(goal.id)
        )
    assert result.returncode == 2, result.stdout
    assert result.stderr.strip() == (
        f"The role {role} cannot read table cards: ask the server's admin to run "
        f"`studyapp server add-learner {role}`."
    ) or result.stderr.strip().endswith(
        f"The role {role} cannot read table cards: ask the server's admin to run "
        f"`studyapp server add-learner {role}`."
    )
