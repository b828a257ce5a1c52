"""Markdown (and plain text, which is Markdown without markup) into the cleaned form.

Removed: front matter, HTML comments (Node.js keeps YAML change logs in them), link and image
syntax (the link text stays), emphasis and code-span markers (their text stays), reference
definitions, raw tags, entities and backslash escapes, API stability banners. Fenced and indented
code stays code. Tables become one line per row. ``#`` lines inside code are code, not headings.
"""

from __future__ import annotations

import html as html_lib
import re

from studyapp.generation.cleaning.blocks import (
    Block,
    Code,
    Definition,
    Heading,
    Item,
    Para,
    Row,
    Vocabulary,
    join_lines,
    render,
)
from studyapp.generation.cleaning.reference_rows import (
    glossary_row,
    glossary_table,
    last_heading,
    part_kind,
    row_definition,
)

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_LIST = re.compile(r"^(\s*)([-*+•]|\d+[.)])\s+(.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FRONT_MATTER = re.compile(
    r"\A(?:---|\+\+\+)\s*\n.*?\n(?:---|\+\+\+|\.\.\.)\s*(?:\n|\Z)", re.DOTALL
)
_DEFINITION = re.compile(r"^\*\*(?P<term>[^*]+)\*\*(?: \((?P<detail>.*?)\))?(?:: (?P<text>.*))?$")
_PARAM = re.compile(
    r"^`(?P<term>[^`]+)`\s*(?:\{(?P<type>[^}]+)\}|<(?P<type2>[\w.\[\]|]+)>)?\s*[:\u2014-]?\s*(?P<text>.*)$"
)
_BANNER = re.compile(r"^(Stability:\s*\d|Stability: )", re.IGNORECASE)
_THEMATIC = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)|\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(
    r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])|(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])"
)
_EMPH = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"
)
_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s+[^<>]*?)?/?>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
_TYPE_BRACES = re.compile(r"\{([A-Za-z][\w.<>\[\]|, ]*)\}")


def looks_like_markdown(text: str) -> bool:
    head = text[:20_000]
    return bool(
        re.search(r"^#{1,6}\s+\S", head, re.MULTILINE)
        or re.search(r"^(```|~~~)", head, re.MULTILINE)
        or re.search(r"\[[^\]]+\]\([^)]+\)", head)
    )


def inline(text: str) -> str:
    """Markup out, words in: links keep their text, code spans their code."""
    spans: list[str] = []

    def keep(m: re.Match[str]) -> str:
        spans.append(m.group(2).strip())
        return f"\x00{len(spans) - 1}\x00"

    text = _CODE_SPAN.sub(keep, text)
    text = _IMAGE.sub("", text)
    for _ in range(2):
        text = _LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _FOOTNOTE.sub("", text)
    text = _TAG.sub("", text)
    for _ in range(2):
        text = _STRONG.sub(lambda m: m.group(1) or m.group(2) or "", text)
        text = _EMPH.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _ESCAPE.sub(r"\1", text)
    text = html_lib.unescape(text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], text)
    return text


def _strip_comments(lines: list[str]) -> list[str]:
    """HTML comments out, except inside fenced code."""
    out: list[str] = []
    buffer: list[str] = []
    fence: str | None = None
    for line in lines:
        m = _FENCE.match(line)
        if fence is None and m and not buffer:
            fence = m.group(1)[0] * 3
            out.append(line)
            continue
        if fence is not None:
            out.append(line)
            if line.strip().startswith(fence):
                fence = None
            continue
        if buffer or "<!--" in line:
            buffer.append(line)
            joined = "\n".join(buffer)
            if joined.count("<!--") <= joined.count("-->"):
                out.extend(_COMMENT.sub("", joined).split("\n"))
                buffer = []
            continue
        out.append(line)
    out.extend(buffer)  # an unclosed comment: keep the text rather than lose the rest
    return out


def _row(line: str) -> list[str]:
    cells = line.strip().strip("|").split("|")
    return [inline(c.strip()) for c in cells]


def parse(text: str) -> list[Block]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = _FRONT_MATTER.sub("", text.lstrip("\ufeff"), count=1)
    lines = _strip_comments(text.split("\n"))
    vocab = Vocabulary.of(text)
    blocks: list[Block] = []
    para: list[str] = []
    item: list[str] | None = None

    def flush() -> None:
        nonlocal item
        if para:
            blocks.append(_paragraph(para, vocab))
            para.clear()
        if item is not None:
            blocks.append(_item(item, vocab))
            item = None

    i = 0
    previous_blank = True
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        fence = _FENCE.match(line)
        if fence:
            flush()
            mark = fence.group(1)
            body: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(mark[0] * len(mark)):
                body.append(lines[i])
                i += 1
            blocks.append(Code("\n".join(body)))
            i += 1
            previous_blank = False
            continue
        if not stripped:
            if item is None or not nxt.startswith("  "):
                flush()
            previous_blank = True
            i += 1
            continue
        if previous_blank and item is None and not para and line.startswith("    "):
            flush()
            body = []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                body.append(lines[i][4:])
                i += 1
            blocks.append(Code("\n".join(body)))
            continue
        previous_blank = False
        atx = _ATX.match(line)
        if atx:
            flush()
            blocks.append(Heading(len(atx.group(1)), inline(atx.group(2))))
            i += 1
            continue
        setext = para == [] and item is None and nxt and _SETEXT.match(nxt)
        if setext and not _LIST.match(line) and not _THEMATIC.match(line):
            flush()
            blocks.append(Heading(1 if nxt.strip().startswith("=") else 2, inline(stripped)))
            i += 2
            continue
        if _THEMATIC.match(line) or _REF_DEF.match(line):
            flush()
            i += 1
            continue
        if "|" in line and _TABLE_SEP.match(nxt):
            flush()
            header = _row(line)
            kind = part_kind(header, last_heading(blocks))
            if not kind and not glossary_table(header):
                blocks.append(Row(tuple(header)))  # what the columns are, for Claude
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                cells = _row(lines[i])
                made = row_definition(kind, header, cells) if kind else glossary_row(header, cells)
                # a reference table's row, or a glossary table's (see reference_rows); any
                # other row stays a row of cells, never a sentence
                blocks.append(made if made is not None else Row(tuple(cells)))
                i += 1
            continue
        if stripped.startswith(">"):
            quote = stripped.lstrip(">").strip()
            if _BANNER.match(inline(quote)):
                i += 1
                continue
            line = quote
            stripped = quote
        listed = _LIST.match(line)
        if listed:
            flush()
            item = [listed.group(3)]
            i += 1
            continue
        if item is not None:
            item.append(stripped)
        else:
            para.append(stripped)
        i += 1
    flush()
    return blocks


def _paragraph(lines: list[str], vocab: Vocabulary) -> Block:
    raw = " ".join(lines)
    m = _DEFINITION.match(raw)
    if m and m.group("text") is not None:  # already cleaned: keep it a definition
        return Definition(m.group("term"), m.group("text") or "", m.group("detail") or "")
    return Para(inline(join_lines(lines, vocab)))


def _item(lines: list[str], vocab: Vocabulary) -> Block:
    raw = join_lines(lines, vocab)
    param = _PARAM.match(raw)
    if param and param.group("text"):
        detail = param.group("type") or param.group("type2") or ""
        body = _TYPE_BRACES.sub(r"(\1)", inline(param.group("text")))
        return Definition(inline(f"`{param.group('term')}`"), body, detail)
    return Item(_TYPE_BRACES.sub(r"(\1)", inline(raw)))


def clean(text: str) -> str:
    return render(parse(text))
