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
from studyapp.services.server_roles import add_learner
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


def test_the_table_refused_is_named(db: Database) -> None:
    """A learner's role that lost its rights on one table (an admin's REVOKE)."""
    with bare_role(db.url, "nocards") as (role, url):
        profile = add_learner(db, role).profile
        assert profile is not None
        goal = goals.create_goal(db, profile.id, "TCP")
        with psycopg.connect(db.url, autocommit=True) as conn:
            conn.execute(sql.SQL("REVOKE ALL ON cards FROM {}").format(sql.Identifier(role)))
        result = run_cli_here("--database-url", url, "cards", "list", str(goal.id))
    assert result.returncode == 2, result.stdout
    assert result.stderr.strip().endswith(
        f"The role {role} cannot read table cards: ask the server's admin to run "
        f"`studyapp server add-learner {role}`."
    )
    assert "Traceback" not in result.stderr


def test_a_role_that_is_no_learner_is_told_who_can_make_it_one(db: Database) -> None:
    """Rights on every table but no learner's row: the policies show it nothing of anyone."""
    with bare_role(db.url, "stranger") as (role, url):
        with psycopg.connect(db.url, autocommit=True) as conn:
            who = sql.Identifier(role)
            conn.execute(sql.SQL("GRANT ALL ON ALL TABLES IN SCHEMA public TO {}").format(who))
            conn.execute(sql.SQL("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {}").format(who))
        result = run_cli_here("--database-url", url, "goals", "list")
    assert result.returncode == 2, result.stdout
    assert f"The role {role} may only write its own profile's rows" in result.stderr
    assert f"`studyapp server add-learner {role}`" in result.stderr
    assert "Traceback" not in result.stderr
