"""Man pages as ``man`` prints them (``man tcp > tcp.txt``), into the cleaned form.

What a rendered page looks like: a running header and footer (``tcp(7)  … tcp(7)``), section
headings in capitals at column 0, subsection headings at column 3, prose at column 7, option and
parameter headers (``tcp_ecn (Integer; default: see below; since Linux 2.4)``) with their text
indented further, code and examples indented under prose, and words hyphenated across lines.
Overstrike bold (``X\\bX``) and terminal colours are undone first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from studyapp.generation.cleaning.blocks import (
    Block,
    Code,
    Definition,
    Heading,
    Item,
    Para,
    Vocabulary,
    join_lines,
    looks_like_code,
)

_OVERSTRIKE = re.compile(r".\x08")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_RUNNING = re.compile(
    r"^\S+\(\w+\)\s{2,}.*?\s*\S*\(\w+\)\s*$|^\S.*\s{2,}\d{4}-\d{2}-\d{2}\s{2,}\S+\(\w+\)\s*$"
)
_SIGNATURE = re.compile(r"^\S+\(\w+\)\s")
_TAG_DETAIL = re.compile(r"^(?P<term>.+?)\s*\((?P<detail>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$")
_SAME_LINE_TAG = re.compile(r"^(?P<tag>\S+(?: \S+)*)\s{2,}(?P<body>\S.*)$")
CODE_SECTIONS = {"synopsis"}
# A bullet or an enumerator is list markup, not a term: "•", "-", "o", "(2)", "2.", "a)".
_LIST_MARK = re.compile(r"[•·∙◦o*+–-]|\(?\d{1,2}[.)]|\(\d{1,2}\)|\(?[a-z][.)]")


def looks_like_man(text: str) -> bool:
    """``NAME`` and ``DESCRIPTION`` (or ``SYNOPSIS``) headings at column 0 over indented text."""
    head = _plain(text[:20_000])
    has_name = re.search(r"^NAME\s*\n\s{3,}\S", head, re.MULTILINE) is not None
    sections = len(re.findall(r"^(SYNOPSIS|DESCRIPTION|OPTIONS|SEE ALSO)\s*$", head, re.MULTILINE))
    return has_name and sections >= 1


def _plain(text: str) -> str:
    text = _ANSI.sub("", text)
    while "\x08" in text:
        text = _OVERSTRIKE.sub("", text)
    return text


@dataclass
class _Line:
    indent: int
    text: str


def _lines(text: str) -> list[_Line | None]:
    raw = [ln.rstrip() for ln in _plain(text).expandtabs(8).splitlines()]
    out: list[_Line | None] = []
    for ln in raw:
        if not ln.strip():
            out.append(None)
        elif _RUNNING.match(ln.strip()) and (
            _SIGNATURE.match(ln.strip()) or ln.strip().endswith(")")
        ):
            out.append(None)  # running header or footer
        else:
            stripped = ln.lstrip()
            out.append(_Line(len(ln) - len(stripped), stripped))
    return out


def _paragraphs(lines: list[_Line | None]) -> list[list[_Line]]:
    groups: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line is None:
            if current:
                groups.append(current)
                current = []
            continue
        heading = line.indent <= 4
        if heading and current:  # a (sub)section heading is its own group
            groups.append(current)
            current = []
        current.append(line)
        if heading:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _same_line_tag(group: list[_Line]) -> bool:
    """``0      increase cwnd once per acknowledgement``: a short tag and its text on one line,
    the text's continuation lines starting under the text. Justified prose also has runs of
    spaces, so one line alone needs a wide gap and a continuation must line up exactly."""
    first = group[0]
    m = _SAME_LINE_TAG.match(first.text)
    if m is None or len(m.group("tag")) > 12:
        return False
    body_column = first.indent + m.start("body")
    if len(group) == 1:
        return m.start("body") - m.end("tag") >= 4
    return all(ln.indent == body_column for ln in group[1:])


def _split_tag(term_line: str) -> Definition:
    m = _TAG_DETAIL.match(term_line)
    if m and len(m.group("term")) <= 80:
        return Definition(m.group("term").strip(), "", m.group("detail").strip())
    return Definition(term_line.strip(), "")


def parse(text: str) -> list[Block]:
    lines = _lines(text)
    vocab = Vocabulary.of(_plain(text))
    blocks: list[Block] = []
    section = ""
    prose_indent = 7
    pending_term: Definition | None = None
    term_body_indent: int | None = None

    def flush_term(body: str = "") -> None:
        nonlocal pending_term
        if pending_term is not None:
            blocks.append(Definition(pending_term.term, body, pending_term.detail))
            pending_term = None

    for group in _paragraphs(lines):
        first = group[0]
        if first.indent == 0:
            flush_term()
            section = first.text.strip().lower()
            blocks.append(Heading(1, first.text))
            term_body_indent = None
            continue
        if first.indent <= 4 and len(group) == 1 and len(first.text) <= 80:
            flush_term()
            blocks.append(Heading(2, first.text))
            term_body_indent = None
            continue
        texts = [ln.text for ln in group]
        if section in CODE_SECTIONS:
            flush_term()
            blocks.append(
                Code("\n".join(" " * (ln.indent - first.indent) + ln.text for ln in group))
            )
            continue
        if _same_line_tag(group):
            flush_term()
            same = _SAME_LINE_TAG.match(first.text)
            assert same is not None
            body = [same.group("body"), *(ln.text for ln in group[1:])]
            tag = same.group("tag")
            if _LIST_MARK.fullmatch(tag):  # "•  The ready list …", "(2)  A pipe writer …"
                blocks.append(Item(join_lines(body, vocab)))
            else:
                blocks.append(Item(f"{tag}: {join_lines(body, vocab)}"))
            continue
        deeper = [i for i, ln in enumerate(group) if ln.indent > first.indent]
        if deeper and deeper[0] > 0 and all(ln.indent > first.indent for ln in group[deeper[0] :]):
            # A tag (one or more lines at this indent) over its text, indented further.
            flush_term()
            head = " ".join(ln.text for ln in group[: deeper[0]])
            body_lines = group[deeper[0] :]
            body_text = [ln.text for ln in body_lines]
            if looks_like_code(body_text):
                blocks.append(Para(join_lines([head], vocab)))
                blocks.append(Code("\n".join(body_text)))
                continue
            term = _split_tag(join_lines([head], vocab))
            pending_term = term
            term_body_indent = body_lines[0].indent
            flush_term(join_lines(body_text, vocab))
            continue
        base = term_body_indent if term_body_indent is not None else prose_indent
        if first.indent > base and looks_like_code(texts):
            flush_term()
            blocks.append(
                Code("\n".join(" " * (ln.indent - first.indent) + ln.text for ln in group))
            )
            continue
        if looks_like_code(texts) and len(texts) <= 3 and all(len(t) < 60 for t in texts):
            flush_term()
            blocks.append(Code("\n".join(texts)))
            continue
        flush_term()
        if first.indent <= prose_indent:
            term_body_indent = None
        bullet = re.match(r"^[•·∙◦]\s+", texts[0])
        if bullet:  # "•  Is the epoll file descriptor itself poll/epoll/selectable?"
            blocks.append(Item(join_lines([texts[0][bullet.end() :], *texts[1:]], vocab)))
            continue
        blocks.append(Para(join_lines(texts, vocab)))
    flush_term()
    return blocks
