"""HTML into the cleaned form, with the standard library's tolerant parser.

Only the document's content is kept: the container :func:`.html_main.main_container` finds
(``<main>``, ``<article>``, ``id="content"``, Sphinx's ``div.body``... that holds most of the
page's text) when the page has one, else the whole page; navigation, headers, footers,
sidebars, scripts, styles, forms and permalink anchors (``¶``) never. Headings stay headings,
``<pre>`` stays code, list items, definition lists and table rows become their cleaned
equivalents. An ``<hgroup>`` is one heading (see :func:`_hgroup_heading`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from studyapp.generation.cleaning.blocks import (
    Block,
    Code,
    Definition,
    Heading,
    Item,
    Para,
    Row,
    render,
    squash,
)
from studyapp.generation.cleaning.html_main import VOID as _VOID
from studyapp.generation.cleaning.html_main import head_left_open, main_container, skips
from studyapp.generation.cleaning.reference_rows import (
    glossary_row,
    glossary_table,
    last_heading,
    part_kind,
    row_definition,
)

_BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "figure", "figcaption",
           "table", "tr", "ul", "ol", "dl", "body", "html"}  # fmt: skip
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
# A heading that only numbers its part ("IV", "Chapter IX", "Book 2."): in an <hgroup> the
# title beside it is the heading a learner reads.
_NUMBER_ONLY = re.compile(
    r"(?:(?:chapter|book|part|section|lecture|lesson|letter|essay|volume)\s+)?"
    r"(?:[IVXLCDM]+|\d+|[a-z]+teenth|first|second|third)\.?",
    re.IGNORECASE,
)


def _hgroup_heading(blocks: list[Block]) -> list[Block]:
    """An HTML5 ``<hgroup>``'s blocks as one heading. Standard Ebooks (and other EPUB-made
    pages) set a chapter as ``<hgroup><h3>IV</h3><p>Of the Origin and Use of Money</p>
    </hgroup>``: read block by block, the tree got a skill called "IV" and the title became a
    sentence of prose. The heading keeps its level; a heading that only numbers the part takes
    the title's words, any other keeps its own and the subtitle is dropped (it is no prose)."""
    heads = [b for b in blocks if isinstance(b, Heading)]
    lines = [b.text for b in blocks if isinstance(b, Para)]
    if not heads or len(heads) + len(lines) != len(blocks):
        return blocks
    head = heads[0]
    if lines and all(_NUMBER_ONLY.fullmatch(h.text.strip()) for h in heads):
        return [Heading(head.level, lines[0])]
    return [head]


class _Reader(HTMLParser):
    def __init__(self, main: int | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        # The content container's start-tag ordinal (None: the whole page), and where it sits
        # in the stack once open; everything outside it is left out like chrome.
        self.main = main
        self.ordinal = -1
        self.main_depth: int | None = None
        self.outside = main is not None
        self.text: list[str] = []
        self.kind: str = "p"
        self.level = 0
        self.pre = 0
        self.term: str | None = None
        self.cells: list[str] = []
        # The open table's header cells, when its first row was all <th>, and whether the
        # open row has only <th> cells so far: a reference table's rows become definitions.
        self.header: list[str] = []
        self.head_row = True
        # Where the open <hgroup>'s blocks start (None: none is open).
        self.hgroup: int | None = None

    # -- helpers -------------------------------------------------------------------------
    @property
    def skipping(self) -> bool:
        return self.outside or any(skip for _, skip in self.stack)

    def flush(self) -> None:
        raw = "".join(self.text)
        self.text = []
        if self.pre:
            return
        text = squash(raw)
        if not text:
            return
        if self.kind == "h":
            self.blocks.append(Heading(self.level, text))
        elif self.kind == "li":
            self.blocks.append(Item(text))
        elif self.kind == "dt":
            self.term = text
            return
        elif self.kind == "dd" and self.term is not None:
            self.blocks.append(Definition(self.term, text))
            self.term = None
        elif self.kind == "cell":
            self.cells.append(text)
            return
        else:
            self.blocks.append(Para(text))
        if self.term is not None and self.kind != "dd":
            self.blocks.insert(len(self.blocks) - 1, Para(self.term))
            self.term = None

    # -- parser callbacks ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ordinal += 1
        a = {k: v or "" for k, v in attrs}
        skip = skips(tag, a)
        if (head := head_left_open(tag, [t for t, _ in self.stack])) is not None:
            del self.stack[head:]  # chrome, all of it: nothing inside was read, nothing to close
        if tag in _VOID:
            if tag == "br" and not self.skipping:
                self.text.append("\n" if self.pre else " ")
            return
        if self.ordinal == self.main:
            self.outside = False
            self.main_depth = len(self.stack)
        if self.skipping or skip:
            self.stack.append((tag, skip))
            return
        if tag in _HEADINGS:
            self.flush()
            self.kind, self.level = "h", _HEADINGS[tag]
        elif tag == "hgroup":
            self.flush()
            self.hgroup = len(self.blocks)
        elif tag == "pre":
            self.flush()
            self.pre += 1
        elif tag == "li":
            self.flush()
            self.kind = "li"
        elif tag == "dt":
            self.flush()
            self.kind = "dt"
        elif tag == "dd":
            self.flush()
            self.kind = "dd"
        elif tag in {"td", "th"}:
            self.flush()
            self.kind = "cell"
            self.head_row = self.head_row and tag == "th"
        elif tag in _BLOCKS:
            self.flush()
            self.kind = "p"
            if tag == "table":
                self.header = []
            if tag == "tr":
                self.head_row = True
        self.stack.append((tag, False))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or all(open_tag != tag for open_tag, _ in self.stack):
            return  # nothing of that name is open: a stray end tag closes nothing
        while self.stack:
            open_tag, skip = self.stack.pop()
            if skip or self.skipping:
                pass
            else:
                self._close(open_tag)
            if self.main_depth is not None and len(self.stack) == self.main_depth:
                self.flush()
                self.outside = True  # the content container is closed: the rest is chrome
                self.main_depth = None
            if open_tag == tag:
                return

    def _close(self, tag: str) -> None:
        if tag == "pre":
            code = "".join(self.text)
            self.text = []
            self.pre = max(0, self.pre - 1)
            self.blocks.append(Code(code))
        elif tag in {"td", "th"}:
            self.flush()
            self.kind = "p"
        elif tag == "tr":
            self.flush()
            if self.cells:
                self._row(self.cells)
                self.cells = []
        elif tag in _HEADINGS or tag in {"li", "dt", "dd"} or tag in _BLOCKS:
            self.flush()
            self.kind = "p"
        elif tag == "hgroup" and self.hgroup is not None:
            self.flush()
            self.kind = "p"
            self.blocks[self.hgroup :] = _hgroup_heading(self.blocks[self.hgroup :])
            self.hgroup = None

    def _row(self, cells: list[str]) -> None:
        """A table row: a reference table's header is kept only as its kind, its rows become
        definitions, as a "Term | Definition" table's clean rows do (see
        :mod:`.reference_rows`); any other row stays a row of cells, never a sentence."""
        heading = last_heading(self.blocks)
        if self.head_row and not self.header:
            self.header = cells
            if part_kind(cells, heading) or glossary_table(cells):
                return
        kind = part_kind(self.header, heading)
        made = row_definition(kind, self.header, cells) if kind and not self.head_row else None
        if made is None and not self.head_row:
            made = glossary_row(self.header, cells)
        self.blocks.append(made if made is not None else Row(tuple(cells)))

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.text.append(data)

    def close(self) -> None:
        super().close()
        while self.stack:
            self.handle_endtag(self.stack[-1][0])
        self.flush()
        if self.term is not None:
            self.blocks.append(Para(self.term))


def parse(text: str) -> list[Block]:
    reader = _Reader(main_container(text))
    reader.feed(text)
    reader.close()
    return reader.blocks


def clean(text: str) -> str:
    return render(parse(text))
