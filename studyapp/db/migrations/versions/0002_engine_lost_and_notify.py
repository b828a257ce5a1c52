"""job engine: worker losses counted apart (jobs.lost); notify only the states listeners need

Revision ID: 0002
Revises: 0001
"""

from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("lost", sa.Integer(), server_default=sa.text("0"), nullable=False))
    # A claim (pending → processing) no longer notifies: nobody needs it at once (windows poll
    # every 3 s and hear in-process starts directly), and a NOTIFY holds the cluster-wide notify
    # lock until the commit is flushed, so claims could not share an fsync with completions.
    # New jobs, retries, releases, rescues (→ pending: wake idle workers) and endings
    # (→ completed/failed/cancelled: refresh windows) still notify, inside their transaction.
    op.execute("DROP TRIGGER IF EXISTS jobs_notify_status ON jobs")
    op.execute(
        "CREATE TRIGGER jobs_notify_status AFTER UPDATE OF status ON jobs "
        "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status "
        "AND NEW.status <> 'processing') "
        "EXECUTE FUNCTION studyapp_notify_job()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS jobs_notify_status ON jobs")
    op.execute(
        "CREATE TRIGGER jobs_notify_status AFTER UPDATE OF status ON jobs "
        "FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) "
        "EXECUTE FUNCTION studyapp_notify_job()"
    )
    op.drop_column("jobs", "lost")
