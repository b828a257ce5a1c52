"""HTML into the cleaned form, with the standard library's tolerant parser.

Only the document's content is kept: ``<main>``/``<article>``/``role="main"`` (or Sphinx's
``div.body``) when the page has one; navigation, headers, footers, sidebars, scripts, styles,
forms and permalink anchors (``¶``) never. Headings stay headings, ``<pre>`` stays code, list
items, definition lists and table rows become their cleaned equivalents.
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
    render,
    squash,
)

_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "button",
         "svg", "template", "iframe", "select", "head", "title"}  # fmt: skip
_SKIP_CLASSES = re.compile(
    r"\b(headerlink|sphinxsidebar|related|navigation|nav|sidebar|footer|breadcrumbs?|toc|"
    r"skip-link|copybutton|mw-editsection|reference internal\b(?=.*toc))\b"
)
_BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "figure", "figcaption",
           "table", "tr", "ul", "ol", "dl", "body", "html"}  # fmt: skip
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.text: list[str] = []
        self.kind: str = "p"
        self.level = 0
        self.pre = 0
        self.term: str | None = None
        self.cells: list[str] = []
        self.saw_main = False

    # -- helpers -------------------------------------------------------------------------
    @property
    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

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
        a = {k: v or "" for k, v in attrs}
        main = (
            tag in {"main", "article"}
            or a.get("role") == "main"
            or (
                tag == "div"
                and re.search(r"\b(body|document|content)\b", a.get("class", "")) is not None
                and a.get("role") != "navigation"
            )
        )
        skip = (
            tag in _SKIP
            or a.get("role") in {"navigation", "banner", "contentinfo", "search"}
            or bool(_SKIP_CLASSES.search(a.get("class", "")))
            or a.get("aria-hidden") == "true"
        )
        if tag in _VOID:
            if tag == "br" and not self.skipping:
                self.text.append("\n" if self.pre else " ")
            return
        if main and not self.saw_main:
            self.saw_main = True
            self.blocks = []  # what came before the content was page chrome
            self.text = []
        if self.skipping or skip:
            self.stack.append((tag, skip))
            return
        if tag in _HEADINGS:
            self.flush()
            self.kind, self.level = "h", _HEADINGS[tag]
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
        elif tag in _BLOCKS:
            self.flush()
            self.kind = "p"
        self.stack.append((tag, False))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            if skip or any(s for _, s in self.stack):
                if open_tag == tag:
                    return
                continue
            self._close(open_tag)
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
                lead, rest = self.cells[0], self.cells[1:]
                self.blocks.append(Item(f"{lead}: {'; '.join(rest)}" if rest else lead))
                self.cells = []
        elif tag in _HEADINGS or tag in {"li", "dt", "dd"} or tag in _BLOCKS:
            self.flush()
            self.kind = "p"

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
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.blocks


def clean(text: str) -> str:
    return render(parse(text))
