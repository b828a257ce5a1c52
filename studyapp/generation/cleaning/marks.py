"""Marked terms: the terms the author emphasised where they define or introduce them.

Textbooks bold a key term where it is introduced (OpenStax: ``<b>nomadism</b>``), HTML has
``<dfn>`` for exactly that, some documentation sets terms in ``<em>``, and Markdown writes
``**term**``. Cleaning turns the material into plain text and drops the emphasis, so the card
maker would have to guess which words are the key terms; :func:`marked_terms` reads them from
the material as written, before cleaning, in the order the material marks them.

Only a short noun phrase counts as a term: not a whole bold sentence ("Charge is
conserved."), not a label ("Note:", "**Default:**"), not a block that is nothing but the mark
(a heading in bold), nothing inside a heading, code or ``<pre>`` and no command ("go mod
init example/user/hello"), not a word that names nothing ("must", "not"). ``<i>`` is not
read: it sets titles, species and foreign words, not the terms a text teaches.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from studyapp.generation.cleaning.blocks import squash
from studyapp.generation.cleaning.html_main import VOID, head_left_open, skips
from studyapp.generation.types import MarkedTerm
from studyapp.generation.words import STOPWORDS

MAX_WORDS = 5  # "minimum permissive oxygen concentration" is four
MAX_CHARS = 60
# Text kept either side of a mark at most: more than a sentence a card is made of (240
# characters at most), and a payload of a few hundred marks stays small.
CONTEXT_CHARS = 300
MAX_MARKS = 1000
_MARK_TAGS = {"b", "strong", "dfn", "em"}
_NOT_PROSE = {"pre", "code", "kbd", "samp", "tt", "var", "h1", "h2", "h3", "h4", "h5", "h6",
              "caption", "figcaption", "th", "button", "label", "title"}  # fmt: skip
# A block's boundary: a mark is judged against the text of the block it sits in.
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "blockquote", "figure", "table", "tr",
               "td", "ul", "ol", "li", "dl", "dt", "dd", "body", "html", "br"}  # fmt: skip
# Characters of code, paths and commands, never of a term a sentence teaches.
_CODE_CHARS = re.compile(r"[`=/\\{}<>\[\]|$#@*_\"]")
_ARTICLES = {"a", "an", "the"}
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def as_term(mark: str, before: str = "", after: str = "") -> str | None:
    """The emphasised text as a term, or None when it is not a short noun phrase: ``before``
    and ``after`` are the text around the mark in its block (a mark that opens its block or a
    sentence and ends in ":" is a label; "the phenomenon of **static electricity**: When …" is a term)."""
    term = squash(mark).strip(" ,;")
    opens = not before.strip() or before.rstrip()[-1] in ".!?"  # a block or a sentence
    label = opens and (term.endswith(":") or after.lstrip().startswith(":"))
    term = term.rstrip(":").rstrip()
    if not term or label or len(term) > MAX_CHARS or len(term.split()) > MAX_WORDS:
        return None
    if term[-1] in ".!?":
        return None  # a sentence ("Charge is quantized.")
    if _CODE_CHARS.search(term):
        return None
    words = _WORD.findall(term)
    if not words or all(len(w) < 2 for w in words):
        return None  # "s" in "mesophile<b>s</b>"
    if all(w.lower() in STOPWORDS for w in words):
        return None  # "must", "not": emphasis, not a term
    tokens = term.lower().split()
    if tokens[-1] in STOPWORDS or (tokens[0] in STOPWORDS and tokens[0] not in _ARTICLES):
        return None  # a fragment ("since Ant 1.6.0", "is not"), not a noun phrase
    return term


class _Marks(HTMLParser):
    """Collects marks block by block, so a mark can be judged against its block's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, leaves the text out)
        self.block: list[str] = []  # the current block's text
        self.open: list[int] = []  # where each open mark starts in the block's text
        self.pending: list[tuple[int, int]] = []  # (start, end) of the block's marks
        self.terms: list[MarkedTerm] = []

    @property
    def hidden(self) -> bool:
        return any(left_out for _, left_out in self.stack)

    def _end_block(self) -> None:
        text = "".join(self.block)
        whole = squash(text).rstrip(":")
        for start, end in self.pending:
            mark = text[start:end]
            if squash(mark).rstrip(":") == whole:
                continue  # the block is nothing but the mark: a heading set in bold
            term = as_term(mark, text[:start], text[end:])
            if term is not None:
                self.terms.append(MarkedTerm(term, around(text, start, end)))
        self.block, self.open, self.pending = [], [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (head := head_left_open(tag, [t for t, _ in self.stack])) is not None:
            del self.stack[head:]
        if tag in _BLOCK_TAGS:
            self._end_block()
        if tag in VOID:
            return
        left_out = tag in _NOT_PROSE or skips(tag, {k: v or "" for k, v in attrs})
        self.stack.append((tag, left_out))
        if tag in _MARK_TAGS and not self.hidden:
            self.open.append(len("".join(self.block)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or all(open_tag != tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag in _MARK_TAGS and not self.hidden and self.open:
                self.pending.append((self.open.pop(), len("".join(self.block))))
            if open_tag == tag:
                break
        if tag in _BLOCK_TAGS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.block.append(data)

    def close(self) -> None:
        super().close()
        self._end_block()


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z])")


def around(text: str, start: int, end: int) -> str:
    """The mark's context: the sentence it is in, told roughly (an abbreviation, "J.
    Thomson", may end it early: the card maker matches either way), at most CONTEXT_CHARS
    either side of the mark."""
    lo = max(0, start - CONTEXT_CHARS)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    after = _SENTENCE_END.search(text, end, end + CONTEXT_CHARS)
    return squash(
        text[ends[-1] if ends else lo : after.start() + 1 if after else end + CONTEXT_CHARS]
    )


def html_marks(text: str) -> list[MarkedTerm]:
    parser = _Marks()
    parser.feed(text)
    parser.close()
    return parser.terms


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s")
_STRONG = re.compile(
    r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])|(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])"
)
_CODE_SPAN = re.compile(r"(`+).+?\1")
_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def markdown_marks(text: str) -> list[MarkedTerm]:
    """``**term**`` and ``__term__`` in Markdown prose (not in code, not in headings). A
    paragraph (or a list item) is a mark's block, as an HTML ``<p>`` is."""
    out: list[MarkedTerm] = []
    for block in _markdown_blocks(text):
        prose = _CODE_SPAN.sub(" ", block)
        for m in _STRONG.finditer(prose):
            mark = m.group(1) or m.group(2)
            if squash(mark).rstrip(":") == squash(prose).strip("*_ ").rstrip(":"):
                continue  # the block is nothing but the mark: a heading set in bold
            term = as_term(mark, prose[: m.start()], prose[m.end() :])
            if term is not None:
                out.append(MarkedTerm(term, around(prose, m.start(), m.end())))
    return out


def _markdown_blocks(text: str) -> list[str]:
    """The prose paragraphs and list items of Markdown text, markers off; code and headings
    left out."""
    blocks: list[str] = []
    lines: list[str] = []
    fenced = False

    def end() -> None:
        if lines:
            blocks.append(" ".join(lines))
            lines.clear()

    for line in text.splitlines():
        if _FENCE.match(line):
            end()
            fenced = not fenced
            continue
        if fenced or not line.strip() or line.startswith(("    ", "\t")) or _HEADING.match(line):
            end()
            continue
        if _LIST_MARK.match(line):
            end()
        lines.append(_LIST_MARK.sub("", line).strip())
    end()
    return blocks


def marked_terms(text: str, fmt: str) -> tuple[MarkedTerm, ...]:
    """The material's marked terms (see the module docstring), in the material's order (a
    term marked twice, in a chapter and in its summary, has two). Formats without emphasis
    (plain text, man pages, PDF text) have none."""
    if fmt == "html":
        found = html_marks(text)
    elif fmt == "markdown":
        found = markdown_marks(text)
    else:
        return ()
    return tuple(found[:MAX_MARKS])
