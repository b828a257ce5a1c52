"""Prompt templates live as files in ``studyapp/resources/prompts/`` (package data), so they can be
read and reviewed as prose. ``$name`` placeholders are filled with :class:`string.Template`, which
never re-reads what it inserts: material with ``$`` or braces in it is inserted verbatim."""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Template


@cache
def template(name: str) -> Template:
    path = resources.files("studyapp").joinpath("resources", "prompts", f"{name}.md")
    return Template(path.read_text(encoding="utf-8"))


def render(name: str, **values: object) -> str:
    return template(name).safe_substitute({k: str(v) for k, v in values.items()}).strip()


def system_prompt() -> str:
    return render("system")
