"""The job queue in SQL: every state change of a job happens here, each in one transaction.

States: ``pending → processing → completed | failed | cancelled``; ``processing → pending`` on a
scheduled retry, a release at shutdown or a rescue; ``failed → pending`` on a manual retry.
Every UPDATE that changes a state carries a guard on the state it expects (and, for the worker
that holds a job, ``locked_by = me``), so two actors can never both win. Notifications
(``pg_notify('studyapp_jobs', …)``) come from a trigger on ``jobs``, inside the same transaction.

The package, by concern (import from here; the modules are an implementation detail):
``sql`` shared helpers and limits · ``submit`` validation, dedupe, rate limit · ``read`` · ``worker``
claim, heartbeat, release, adopt · ``complete`` completion (alone or grouped), failure,
cancellation · ``family`` parents and children · ``actions`` retry and cancel ·
``maintenance`` rescue and prune.
"""

from studyapp.jobs.contract import Usage
from studyapp.jobs.store.actions import cancel, retry
from studyapp.jobs.store.complete import (
    GUARD_SQL,
    Finished,
    LostJob,
    complete,
    complete_group,
    fail,
    mark_cancelled,
    retry_delay,
)
from studyapp.jobs.store.family import child_finished, descendants, insert_child
from studyapp.jobs.store.maintenance import prune, rescue_stale, rescue_worker
from studyapp.jobs.store.read import (
    QueueSummary,
    cancel_requested,
    get_job,
    get_many,
    list_jobs,
    pending_summary,
)
from studyapp.jobs.store.sql import (
    COLUMNS,
    MAX_ATTEMPTS,
    MAX_ERROR_CHARS,
    MAX_LOST,
    MAX_PAYLOAD_BYTES,
    PG_NOW,
    RATE_LIMIT,
    RATE_WINDOW,
    RETENTION,
    STALE_AFTER,
    scrub,
    to_info,
    type_label,
)
from studyapp.jobs.store.submit import SubmitResult, encode_payload, insert_job, submit
from studyapp.jobs.store.worker import (
    FRESH_FOR,
    RESCUE_HOLD,
    adopt,
    advertise,
    claim,
    close_lease,
    dead_workers,
    heartbeat,
    register_lease,
    release,
    unmet,
    unregister,
)

__all__ = [
    "COLUMNS",
    "FRESH_FOR",
    "GUARD_SQL",
    "MAX_ATTEMPTS",
    "MAX_ERROR_CHARS",
    "MAX_LOST",
    "MAX_PAYLOAD_BYTES",
    "PG_NOW",
    "RATE_LIMIT",
    "RATE_WINDOW",
    "RESCUE_HOLD",
    "RETENTION",
    "STALE_AFTER",
    "Finished",
    "LostJob",
    "QueueSummary",
    "SubmitResult",
    "Usage",
    "adopt",
    "advertise",
    "cancel",
    "cancel_requested",
    "child_finished",
    "claim",
    "close_lease",
    "complete",
    "complete_group",
    "dead_workers",
    "descendants",
    "encode_payload",
    "fail",
    "get_job",
    "get_many",
    "heartbeat",
    "insert_child",
    "insert_job",
    "list_jobs",
    "mark_cancelled",
    "pending_summary",
    "prune",
    "register_lease",
    "release",
    "rescue_stale",
    "rescue_worker",
    "retry",
    "retry_delay",
    "scrub",
    "submit",
    "to_info",
    "type_label",
    "unmet",
    "unregister",
]
