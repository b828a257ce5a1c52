"""Which code runs which job type.

The engine takes a registry rather than importing handlers, so tests register their own and the
engine stays independent of what jobs do. The product's registry is built by the handlers
package (``studyapp.handlers.registry.default_registry``), which imports this module, never the
other way round. ``STUDYAPP_HANDLER_MODULES`` (comma-separated module names
with a ``register(registry)`` function) adds handlers to worker processes: plugins, and the
multi-process tests.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from studyapp.errors import BadInput
from studyapp.jobs.contract import Handler

if TYPE_CHECKING:
    from studyapp.db.database import Database

ENV_HANDLER_MODULES = "STUDYAPP_HANDLER_MODULES"


class HandlerRegistry:
    def __init__(self, handlers: list[Handler] | None = None) -> None:
        self._handlers: dict[str, Handler] = {}
        # What a worker running these handlers holds (the jobs' ``requires`` it can meet, e.g.
        # the profiles' keys it can pay with), asked now and then by the runner; None: the
        # worker takes any job (a registry without requirements).
        self.holdings: Callable[[Database], Sequence[str] | None] | None = None
        for handler in handlers or []:
            self.register(handler)

    def register(self, handler: Handler) -> None:
        self._handlers[handler.job_type] = handler

    def __getitem__(self, job_type: str) -> Handler:
        try:
            return self._handlers[job_type]
        except KeyError:
            known = ", ".join(sorted(self._handlers)) or "none"
            raise BadInput(f"Unknown job type {job_type!r} (known: {known}).") from None

    def __contains__(self, job_type: object) -> bool:
        return job_type in self._handlers

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._handlers))

    def load_modules(self, names: str | None = None) -> None:
        """Import ``register(registry)`` modules named in ``names`` or the environment."""
        spec = names if names is not None else os.environ.get(ENV_HANDLER_MODULES, "")
        for name in filter(None, (part.strip() for part in spec.split(","))):
            importlib.import_module(name).register(self)
