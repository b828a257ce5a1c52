"""Which part of an HTML page is its content, decided before the page is read.

Pages mark their content in many ways, and the same mark means different things to different
generators: Sphinx's ``div.body`` is the whole text, but Asciidoctor (Git's documentation and
many other projects) puts ``class="content"`` on every small listing or admonition box inside
the text and keeps the whole text in ``<div id="content">``. Taking the first container whose
class says "content" therefore lost everything before the first code listing. So the page is
first measured (:func:`main_container`): every candidate container's readable words are counted
(page chrome left out, as the reader leaves it out), and the content is the candidate with the
strongest mark (``<main>``/``role="main"``, then ``<article>``, then ``id="content"``/
``id="main"``, then the class names) among those that hold at least half of the page's readable
words. A box holding a small share of the page is never taken for the page; when no candidate
holds enough, the whole page (chrome left out) is read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

# Page chrome: never read, never counted.
SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "button",
             "svg", "template", "iframe", "select", "head", "title"}  # fmt: skip
_SKIP_CLASSES = re.compile(
    r"\b(headerlink|sphinxsidebar|related|navigation|nav|sidebar|footer|breadcrumbs?|toc|"
    r"skip-link|copybutton|mw-editsection|reference internal\b(?=.*toc))\b"
)
_SKIP_ROLES = {"navigation", "banner", "contentinfo", "search"}
VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source"}

# What may stand in <head>. Any other start tag ends a head left open, as browsers read it
# (HTML's "in head" insertion mode): old pages write "<Head><Title>…</Title><BODY>" and never
# close the head, and read literally the whole page was head, so chrome, and gave no words.
HEAD_CONTENT = {"title", "meta", "link", "style", "script", "base", "noscript", "template"}

_MAIN_IDS = {"content", "main", "main-content", "maincontent"}
_MAIN_CLASSES = re.compile(r"\b(body|document|content)\b")
# The content holds at least this share of the page's readable words: a smaller container is a
# box inside the text (a listing, a note, a card), not the text.
MIN_SHARE = 0.5


def skips(tag: str, attrs: dict[str, str]) -> bool:
    """Whether the element is page chrome (navigation, header, footer, sidebar, script...).

    ``<html>`` and ``<body>`` never are: they hold the whole page, and their classes describe
    the layout, not themselves (Asciidoctor's ``<body class="article toc2 toc-left">`` says
    where the table of contents goes, and read as chrome it emptied the page)."""
    if tag in {"html", "body"}:
        return False
    return (
        tag in SKIP_TAGS
        or attrs.get("role") in _SKIP_ROLES
        or bool(_SKIP_CLASSES.search(attrs.get("class", "")))
        or attrs.get("aria-hidden") == "true"
    )


def head_left_open(tag: str, open_tags: Sequence[str]) -> int | None:
    """Where a ``<head>`` left open ends: the stack index of that head when ``tag`` (a start tag)
    cannot stand in it, else None. The caller drops the head and whatever is open inside it."""
    if tag in HEAD_CONTENT or tag == "head":
        return None
    for i, open_tag in enumerate(open_tags):
        if open_tag == "head":
            return i
    return None


def main_rank(tag: str, attrs: dict[str, str]) -> int | None:
    """How strongly the element says it is the page's content (0 strongest), or None.

    Semantic marks first (they are written for exactly this), then the ids layout templates
    give their one content wrapper, then class names, which also name small boxes."""
    if tag == "main" or attrs.get("role") == "main":
        return 0
    if tag == "article":
        return 1
    if attrs.get("id", "").strip().lower() in _MAIN_IDS and attrs.get("role") != "navigation":
        return 2
    if (
        tag == "div"
        and _MAIN_CLASSES.search(attrs.get("class", "")) is not None
        and attrs.get("role") != "navigation"
    ):
        return 3
    return None


@dataclass
class _Open:
    tag: str
    skip: bool
    candidate: int | None  # index into _Census.candidates


@dataclass
class Candidate:
    ordinal: int  # the element's start tag is the page's ordinal-th (0-based)
    rank: int
    words: int = 0


class _Census(HTMLParser):
    """Counts the readable words of the page and of every candidate container.

    Its stack follows the reader's rules (an end tag closes the nearest open element of its
    name and whatever is open inside it; an end tag with nothing open to close is ignored), so
    the two passes agree on where each element ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ordinal = -1
        self.stack: list[_Open] = []
        self.candidates: list[Candidate] = []
        self.words = 0

    @property
    def skipping(self) -> bool:
        return any(o.skip for o in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ordinal += 1
        if (head := head_left_open(tag, [o.tag for o in self.stack])) is not None:
            del self.stack[head:]
        if tag in VOID:
            return
        a = {k: v or "" for k, v in attrs}
        skip = skips(tag, a)
        rank = None if skip or self.skipping else main_rank(tag, a)
        index = None
        if rank is not None:
            index = len(self.candidates)
            self.candidates.append(Candidate(self.ordinal, rank))
        self.stack.append(_Open(tag, skip, index))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or all(o.tag != tag for o in self.stack):
            return
        while self.stack and self.stack.pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        n = len(data.split())
        self.words += n
        for o in self.stack:
            if o.candidate is not None:
                self.candidates[o.candidate].words += n


def main_container(text: str) -> int | None:
    """The ordinal of the start tag of the page's content container (see the module's note),
    or None when the whole page, chrome left out, is the content."""
    census = _Census()
    census.feed(text)
    census.close()
    enough = [c for c in census.candidates if c.words > 0 and c.words >= MIN_SHARE * census.words]
    if not enough:
        return None
    return min(enough, key=lambda c: (c.rank, c.ordinal)).ordinal
