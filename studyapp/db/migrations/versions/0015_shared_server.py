"""one PostgreSQL server for several devices and learners (issue 20)

- ``jobs.requires``: what a worker must hold to run the job; ``key:<profile id>`` for a Claude
  job, paid only with the key of the profile that asked for it. NULL: runs anywhere (offline).
  Children inherit their parent's.
- ``workers.capabilities``: what a live worker holds (``key:<profile id>`` …); NULL: a worker
  that did not say (a library caller), which may take any job. The job list reads it to say
  "waiting for a worker with bob's key".
- ``profile_keys``: a profile's API key for shared workers, sealed (Fernet) with a secret the
  workers are given (``STUDYAPP_WORKER_SECRET``); the database never holds it in clear.
- ``cards.studied_by`` / ``studied_until``: the device showing the card in study now (a lease
  of 90 s, renewed per card), so a second device's queue does not hand out the same card, and
  says so when it cannot avoid it (services/study_presence.py).
- ``server_roles``: which database role is which learner (or a shared worker), filled by
  ``studyapp server add-learner`` / ``add-worker`` (studyapp/services/server_roles.py).
- Row-level security on every table that holds a profile's rows (``profile_id``, or reachable
  from one: skill nodes through goals, distractor sets through cards). The table owner (the
  role that migrates: the embedded server's, or a server's admin) bypasses it, so a database
  with one role works exactly as before; a learner's role sees and writes its own profile's
  rows only; a worker's role claims and completes any job but reads only the goals, skills
  and cards of jobs running now. The policies call three SECURITY DEFINER functions (they
  read ``server_roles`` and ``jobs`` past RLS; they are given ``current_user``, which inside
  a SECURITY DEFINER function would be the definer, and answer only for a role the session
  may act as, so a learner cannot ask them about another), each wrapped in a sub-select so
  PostgreSQL evaluates it once per statement, not once per row.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 08:00:00
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


MINE = "profile_id = ANY ((SELECT studyapp_my_profiles(current_user))::bigint[])"
WORKER = "(SELECT studyapp_is_worker(current_user))"
JOB_GOALS = "ANY ((SELECT studyapp_job_goals(current_user))::bigint[])"
# table -> (the learner's rows, the worker's rows or None: a worker never needs them)
# A worker only reads these (whose jobs, whose keys): it never makes or changes a profile.
WORKER_READS_ONLY = {"profiles", "profile_keys", "server_roles"}
POLICIES = {
    "profiles": ("id = ANY ((SELECT studyapp_my_profiles(current_user))::bigint[])", "true"),
    "goals": (MINE, f"id = {JOB_GOALS}"),
    "study_presets": (MINE, None),
    "skill_nodes": ("goal_id IN (SELECT id FROM goals)", f"goal_id = {JOB_GOALS}"),
    "cards": (MINE, f"goal_id = {JOB_GOALS}"),
    "distractor_sets": ("card_id IN (SELECT id FROM cards)", "card_id IN (SELECT id FROM cards)"),
    "reviews": (MINE, None),
    "note_types": (MINE, None),
    "notes": (MINE, None),
    "jobs": (MINE, "true"),
    "job_submissions": (MINE, None),
    "profile_keys": (MINE, "true"),
    "server_roles": ("role = current_user", "role = current_user"),
}

FUNCTIONS = """
CREATE FUNCTION studyapp_my_profiles(who name) RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT coalesce(array_agg(profile_id), '{}') FROM server_roles
    WHERE role = who AND kind = 'learner' AND pg_has_role(session_user, who, 'MEMBER')
$$;
CREATE FUNCTION studyapp_is_worker(who name) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM server_roles WHERE role = who AND kind = 'worker')
        AND pg_has_role(session_user, who, 'MEMBER')
$$;
CREATE FUNCTION studyapp_job_goals(who name) RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT CASE WHEN EXISTS (
        SELECT 1 FROM server_roles WHERE role = who AND kind = 'worker')
        AND pg_has_role(session_user, who, 'MEMBER')
    THEN (SELECT coalesce(array_agg(DISTINCT goal_id), '{}') FROM jobs
          WHERE status = 'processing' AND goal_id IS NOT NULL)
    ELSE '{}'::bigint[] END
$$;
"""


def upgrade() -> None:
    op.add_column("jobs", sa.Column("requires", sa.String(length=64), nullable=True))
    op.add_column("workers", sa.Column("capabilities", postgresql.ARRAY(sa.Text()), nullable=True))
    op.add_column("cards", sa.Column("studied_by", sa.Text(), nullable=True))
    op.add_column("cards", sa.Column("studied_until", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "profile_keys",
        sa.Column("profile_id", sa.BigInteger(), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_profile_keys_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("profile_id", name=op.f("pk_profile_keys")),
    )
    op.create_table(
        "server_roles",
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("profile_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_server_roles_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("role", name=op.f("pk_server_roles")),
    )
    op.execute(FUNCTIONS)
    for table, (learner, worker) in POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY learner_rows ON {table} USING ({learner}) WITH CHECK ({learner})"
        )
        if worker is not None and table in WORKER_READS_ONLY:
            op.execute(
                f"CREATE POLICY worker_rows ON {table} FOR SELECT USING ({WORKER} AND {worker})"
            )
        elif worker is not None:
            op.execute(
                f"CREATE POLICY worker_rows ON {table} USING ({WORKER} AND {worker}) "
                f"WITH CHECK ({WORKER} AND {worker})"
            )


def downgrade() -> None:
    for table in POLICIES:
        op.execute(f"DROP POLICY IF EXISTS worker_rows ON {table}")
        op.execute(f"DROP POLICY IF EXISTS learner_rows ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute(
        "DROP FUNCTION studyapp_job_goals(name), studyapp_is_worker(name), "
        "studyapp_my_profiles(name)"
    )
    op.drop_table("server_roles")
    op.drop_table("profile_keys")
    op.drop_column("cards", "studied_until")
    op.drop_column("cards", "studied_by")
    op.drop_column("workers", "capabilities")
    op.drop_column("jobs", "requires")
