"""Modules imported on first use, for the window's shell.

The window paints before the database stack (SQLAlchemy, Alembic, numpy, pyarrow: most of a
second) is imported (``tests/test_startup.py``). Shell modules that build menus or sidebars at
start but only call services when the learner acts hold those services as a :func:`module`
proxy: the real import happens at the first attribute read, by then long done in the
background (``main_window.BACKGROUND_IMPORTS``). Type checkers see the real module (import it
under ``TYPE_CHECKING`` too).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class _LazyModule:
    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def module(name: str) -> Any:
    """A stand-in for ``import name`` that imports it when first used."""
    return _LazyModule(name)
