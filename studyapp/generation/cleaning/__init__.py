"""Material cleaning, per format, before chunking (see :mod:`.blocks` for the cleaned form).

:func:`clean` takes the text a reader produced and the format it came in (``markdown``,
``html``, ``man``, ``pdf`` or ``text``; :func:`detect_format` guesses it from the file name and
the text) and returns the cleaned Markdown. It is idempotent on its own output, so material that
was cleaned at submission can be cleaned again safely.
"""

from __future__ import annotations

import re

from studyapp.generation.cleaning import html, man, markdown
from studyapp.generation.cleaning.blocks import heading_title, is_boilerplate, is_furniture

FORMATS = ("markdown", "html", "man", "pdf", "text")
__all__ = [
    "FORMATS",
    "clean",
    "detect_format",
    "heading_title",
    "is_boilerplate",
    "is_furniture",
]

_HTML_START = re.compile(r"^\s*(<!doctype html|<html\b|<head\b|<body\b)", re.IGNORECASE)


def detect_format(text: str, source: str = "") -> str:
    """The format of ``text``: from the file suffix when it says, else from the text itself."""
    name = source.lower()
    if name.endswith((".md", ".markdown")):
        return "markdown"
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith(".pdf"):
        return "pdf"
    if (
        _HTML_START.match(text[:2000])
        or len(re.findall(r"</(p|div|h[1-6]|li)>", text[:20_000])) >= 5
    ):
        return "html"
    if man.looks_like_man(text):
        return "man"
    return "markdown" if markdown.looks_like_markdown(text) else "text"


def clean(text: str, fmt: str = "text") -> str:
    """The cleaned Markdown of ``text``. PDF text arrives already cleaned page by page
    (:func:`studyapp.generation.cleaning.pdf.clean_pages`), so here it is read as Markdown."""
    if fmt == "html":
        return html.clean(text)
    if fmt == "man" or (fmt == "text" and man.looks_like_man(text)):
        from studyapp.generation.cleaning.blocks import render

        return render(man.parse(text))
    return markdown.clean(text)
