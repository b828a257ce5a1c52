"""PDF text (pypdf's text layer) into the cleaned form.

A PDF's text layer is a sequence of lines per page with no paragraphs, no headings and every
page's running header, footer and page number in the flow. From what pypdf tells us:

- running headers and footers are lines (digits ignored) that open or close most pages, and page
  numbers are lone numbers ("7", "Page 7 of 9", "vii") at a page's top or bottom: dropped;
- headings come from the document outline (bookmarks) when it has one, else from lines set
  wholly in a bold or larger font, short and without a closing full stop; their level from the
  font size, then the indent. Bold lines deeper than two heading levels are definition terms;
- monospaced lines are code;
- a paragraph ends at a short line that closes a sentence; a word broken across lines is joined
  (see :func:`~.blocks.join_lines`), and words the extractor split at kerning ("sock et") are
  joined when the document itself uses the whole word.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from studyapp.generation.cleaning.blocks import (
    Block,
    Code,
    Definition,
    Heading,
    Para,
    Vocabulary,
    join_lines,
    render,
    repair_split_words,
)

log = logging.getLogger(__name__)

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)
_MONO = re.compile(r"courier|mono|code|consol|menlo|typewriter", re.IGNORECASE)
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


@dataclass
class _Style:
    size: float = 0.0
    x: float = 0.0
    bold: bool = True
    mono: bool = True
    chars: int = 0


@dataclass
class _Page:
    lines: list[str]
    styles: dict[str, _Style] = field(default_factory=dict)


def _styles(page: Any) -> dict[str, _Style]:
    """Line key → how the line is set, from pypdf's text visitor (position, font, size)."""
    runs: list[tuple[float, float, str, str, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text or not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        name = str((font or {}).get("/BaseFont", "")) if hasattr(font, "get") else ""
        scale = abs(tm[0] * cm[0]) or 1.0
        runs.append((round(y, 0), x, text, name, float(size or 0) * scale))

    page.extract_text(visitor_text=visit)
    by_line: dict[float, list[tuple[float, str, str, float]]] = defaultdict(list)
    for y, x, text, name, size in runs:
        by_line[y].append((x, text, name, size))
    styles: dict[str, _Style] = {}
    for parts in by_line.values():
        parts.sort()
        text = "".join(p[1] for p in parts)
        key = _key(text)
        if not key:
            continue
        chars = sum(len(p[1].strip()) for p in parts)
        styles[key] = _Style(
            size=max(p[3] for p in parts),
            x=parts[0][0],
            bold=all(_BOLD.search(p[2]) for p in parts if p[1].strip()),
            mono=all(_MONO.search(p[2]) for p in parts if p[1].strip()),
            chars=chars,
        )
    return styles


def _outline(reader: Any) -> dict[str, int]:
    """Outline titles (keys) → level, when the PDF has bookmarks."""
    found: dict[str, int] = {}

    def walk(items: Any, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                title = str(getattr(item, "title", "") or "").strip()
                if title:
                    found.setdefault(_key(title), level)

    try:
        walk(reader.outline or [], 1)
    except Exception:  # pypdf raises many kinds for a broken outline; the text is still good
        log.info("the PDF's outline could not be read; using its text alone", exc_info=True)
        return {}
    return found


def _furniture(pages: list[_Page]) -> set[str]:
    """Lines that open or close most pages (digits ignored): running headers and footers."""
    if len(pages) < 3:
        return set()
    edges: Counter[str] = Counter()
    for page in pages:
        lines = [ln for ln in page.lines if ln.strip()]
        seen = {re.sub(r"\d+", "#", _key(ln)) for ln in lines[:2] + lines[-2:]}
        edges.update(seen)
    return {k for k, n in edges.items() if n >= max(2, len(pages) // 2)}


def clean_reader(reader: Any) -> str:
    """The cleaned Markdown of a ``pypdf.PdfReader``."""
    pages = [
        _Page([ln.rstrip() for ln in (p.extract_text() or "").splitlines()], _styles(p))
        for p in reader.pages
    ]
    return render(parse_pages(pages, _outline(reader)))


def parse_pages(pages: list[_Page], outline: dict[str, int] | None = None) -> list[Block]:
    furniture = _furniture(pages)
    lines: list[tuple[str, _Style | None]] = []
    for page in pages:
        kept = [ln for ln in page.lines if ln.strip()]
        for i, line in enumerate(kept):
            key = _key(line)
            edge = i < 2 or i >= len(kept) - 2
            if re.sub(r"\d+", "#", key) in furniture:
                continue
            if edge and _PAGE_NUMBER.match(line.strip()):
                continue
            lines.append((line.strip(), page.styles.get(key)))
    vocab = Vocabulary.of("\n".join(text for text, _ in lines))
    body_size = _body_size([s for _, s in lines if s is not None])
    levels = _heading_levels(lines, body_size, outline or {})
    widths = [len(t) for t, s in lines if not (s and s.mono)]
    typical = median(widths) if widths else 80

    blocks: list[Block] = []
    para: list[str] = []
    code: list[str] = []
    term: str | None = None

    def flush() -> None:
        nonlocal term
        if code:
            blocks.append(Code("\n".join(code)))
            code.clear()
        if para:
            text = repair_split_words(join_lines(para, vocab), vocab)
            blocks.append(Definition(term, text) if term else Para(text))
            para.clear()
            term = None
        elif term:
            blocks.append(Para(term))
            term = None

    for text, style in lines:
        level = levels.get(_key(text))
        if level is not None and level <= 2:
            flush()
            blocks.append(Heading(level, repair_split_words(text, vocab)))
            continue
        if level is not None:
            flush()
            term = repair_split_words(text, vocab)
            continue
        if style is not None and style.mono:
            if para:
                flush()
            code.append(text)
            continue
        if code:
            flush()
        para.append(text)
        if re.search(r"[.!?:)]$", text) and len(text) < 0.75 * typical:
            flush()
    flush()
    return blocks


def _body_size(styles: list[_Style]) -> float:
    sizes: Counter[float] = Counter()
    for s in styles:
        sizes[round(s.size, 1)] += s.chars
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _heading_levels(
    lines: list[tuple[str, _Style | None]], body_size: float, outline: dict[str, int]
) -> dict[str, int]:
    """Line key → heading level (1, 2) or 3+ for a definition term."""
    if outline:
        return {k: min(v, 3) for k, v in outline.items() if any(_key(t) == k for t, _ in lines)}
    candidates: dict[str, tuple[float, float]] = {}
    for text, style in lines:
        if style is None or style.mono or len(text) > 80 or re.search(r"[.,;]$", text):
            continue
        larger = body_size and style.size >= 1.15 * body_size
        if style.bold or larger:
            candidates.setdefault(_key(text), (-round(style.size, 0), round(style.x / 4)))
    ranks = sorted(set(candidates.values()))
    return {k: ranks.index(v) + 1 for k, v in candidates.items()}
