"""Resources a running job can have closed under it, so a quit never waits for a slow call.

A handler's provider (an HTTP client blocked in an LLM call that may take minutes) is registered
with :func:`closing` while the job runs on this thread. When the runner shuts down (or the job is
taken away from this worker) it calls ``close()`` on each of them from another thread; the
blocked call then raises at once, and the runner releases the job to pending without spending an
attempt. ``close()`` must therefore be thread-safe and idempotent. Outside a job (the CLI's own
calls), :func:`closing` does nothing.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol, TypeVar, cast

log = logging.getLogger(__name__)
T = TypeVar("T")


class Closeable(Protocol):
    def close(self) -> None: ...


class Interruptible:
    """The resources of one running job, closed together by :meth:`interrupt`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._resources: list[Closeable] = []
        self.interrupted = threading.Event()

    def add(self, resource: Closeable) -> None:
        with self._lock:
            interrupted = self.interrupted.is_set()
            if not interrupted:
                self._resources.append(resource)
        if interrupted:  # registered after the interrupt: close it right away
            _close(resource)

    def interrupt(self) -> None:
        with self._lock:
            self.interrupted.set()
            resources, self._resources = self._resources, []
        for resource in resources:
            _close(resource)


def _close(resource: Closeable) -> None:
    try:
        resource.close()
    except Exception:
        log.exception("closing %r for an interrupted job failed", resource)


_current = threading.local()


def bind(scope: Interruptible | None) -> None:
    """The runner marks which job this thread runs (None when it is done)."""
    _current.scope = scope


def closing(resource: T) -> T:
    """Close ``resource`` (its ``close()``) if the job running on this thread is interrupted.
    Objects without ``close()`` are returned untouched. Returns ``resource``."""
    scope: Interruptible | None = getattr(_current, "scope", None)
    if scope is not None and callable(getattr(resource, "close", None)):
        scope.add(cast(Closeable, resource))
    return resource
