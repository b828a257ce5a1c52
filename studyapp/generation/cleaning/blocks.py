"""The cleaned form every format is turned into, and the text repairs the formats share.

Material is cleaned into a small, regular Markdown dialect before it is chunked, so everything
downstream (the chunker, the offline generator, Claude's prompt, the tree builder) reads one
format:

- ``# Title`` headings (levels 1-3), nothing else starts with ``#`` outside code;
- code only inside fenced blocks (```), never as prose, so no cloze ever lands in code;
- a definition as one paragraph ``**term**: what the material says about it`` (man-page option
  and parameter headers, HTML ``<dt>/<dd>``, Markdown parameter lists);
- list items as ``- item``; every other paragraph on one line, with hyphenated line breaks
  joined and no markup left (links, emphasis, comments, tags, escapes).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FENCE = "```"


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Item:
    text: str


@dataclass(frozen=True)
class Definition:
    term: str
    text: str
    detail: str = ""  # "(Integer; default: 0; since Linux 2.4)": kept, but apart from the term


@dataclass(frozen=True)
class Code:
    text: str


Block = Heading | Para | Item | Definition | Code

_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+(?=\S)")
_BOILERPLATE = re.compile(
    r"^(name|synopsis|see also|colophon|authors?|copyright|reporting bugs|table of contents|"
    r"contents|navigation|index|footnotes|license|licence|related topics|this page|"
    r"quick search|previous topic|next topic)$",
    re.IGNORECASE,
)


def squash(text: str) -> str:
    """All runs of whitespace (newlines too) as one space."""
    return " ".join(text.split())


def heading_title(text: str) -> str:
    """A heading as a skill title: no section number, no trailing colon or pilcrow, and ALL
    CAPS (man pages) in sentence case."""
    text = squash(text.replace("¶", "").replace("\u200b", ""))
    text = _SECTION_NUMBER.sub("", text).rstrip(":").strip()
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 3:
        text = text[:1] + text[1:].lower()
    return text


def is_boilerplate(title: str) -> bool:
    """Headings that hold no learnable content of their own (NAME, SEE ALSO, COLOPHON…)."""
    return bool(_BOILERPLATE.match(heading_title(title)))


def render(blocks: Iterable[Block]) -> str:
    """The cleaned Markdown: blocks apart by a blank line, consecutive list items by one
    newline."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if isinstance(block, Item) and isinstance(previous, Item) and out:
            text = squash(block.text)
            if text:
                out[-1] += f"\n- {text}"
            continue
        previous = block
        if isinstance(block, Heading):
            title = heading_title(block.text)
            if title:
                out.append("#" * max(1, min(block.level, 3)) + " " + title)
        elif isinstance(block, Code):
            body = block.text.strip("\n")
            if body.strip():
                out.append(f"{FENCE}\n{body.replace(FENCE, '` ` `')}\n{FENCE}")
        elif isinstance(block, Definition):
            term, text = squash(block.term), squash(block.text)
            detail = f" ({squash(block.detail)})" if block.detail.strip() else ""
            if term and text:
                out.append(f"**{term}**{detail}: {text}")
            elif term:
                out.append(f"**{term}**{detail}")
        elif isinstance(block, Item):
            text = squash(block.text)
            if text:
                out.append(f"- {text}")
        else:
            text = squash(block.text)
            if text:
                out.append(text)
    return "\n\n".join(out).strip() + "\n"


# -- line-break repairs ---------------------------------------------------------------------
_WORDS = re.compile(r"[A-Za-z][A-Za-z']+")
_COMPOUND = re.compile(r"[A-Za-z]+-[A-Za-z]+")
_BREAK = re.compile(
    r"([A-Za-z]+)(-|[\u2010\u00ad](?=\s*\n\s*[A-Za-z]))\s*\n\s*([a-z][A-Za-z]*|[A-Z][A-Z0-9_]*)"
)


@dataclass(frozen=True)
class Vocabulary:
    """The document as its own dictionary: how often each word occurs whole (fragments of
    words broken at a line end do not count), which pairs of words follow each other, and which
    hyphenated compounds it writes on one line."""

    words: Counter[str]
    pairs: Counter[tuple[str, str]]
    compounds: frozenset[str]
    tokens: Counter[str]  # whitespace-separated tokens, punctuation trimmed (identifiers)

    @classmethod
    def of(cls, text: str) -> Vocabulary:
        whole = _BREAK.sub(" ", text)
        tokens = [w.lower() for w in _WORDS.findall(whole)]
        return cls(
            Counter(tokens),
            Counter(itertools.pairwise(tokens)),
            frozenset(m.group(0).lower() for m in _COMPOUND.finditer(whole)),
            Counter(t.strip(".,;:()\"'“”") for t in whole.split()),
        )

    def knows(self, word: str) -> bool:
        return self.words.get(word.lower(), 0) > 0


def join_lines(lines: Sequence[str], vocab: Vocabulary | None = None) -> str:
    """Lines of one paragraph as one line. A word broken at the line end is joined: a soft or
    typographic hyphen (U+2010, U+00AD) is always a break; a plain ``-`` keeps its hyphen when
    the document writes that compound elsewhere (``read-only``) or both halves are words it
    uses, and is dropped when the whole word is one it uses (``mem-`` + ``ory``)."""
    text = "\n".join(line.strip() for line in lines)
    vocab = vocab or Vocabulary.of(text)

    def fix(m: re.Match[str]) -> str:
        left, mark, right = m.group(1), m.group(2), m.group(3)
        if mark != "-" or (
            f"{left}-{right}".lower() not in vocab.compounds
            and (vocab.knows(left + right) or not (vocab.knows(left) and vocab.knows(right)))
        ):
            return left + right
        return f"{left}-{right}"

    return squash(_BREAK.sub(fix, text).replace("\n", " "))


_TOKEN = re.compile(r"\S+")


# Pairs of real words that also spell a word ("a way", "in to", "can not"): never joined.
_COMMON = frozenset(
    [
        "a",
        "an",
        "any",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "every",
        "for",
        "in",
        "into",
        "is",
        "it",
        "may",
        "no",
        "not",
        "of",
        "on",
        "one",
        "out",
        "put",
        "some",
        "that",
        "the",
        "then",
        "there",
        "to",
        "up",
        "way",
        "with",
    ]
)


def repair_split_words(text: str, vocab: Vocabulary) -> str:
    """PDF text extraction splits kerned words ("sock et", "v alue", "recei ve"). Join two
    fragments when the document also writes the whole word, unless both are common words
    ("a way"): the document is its own dictionary, so nothing is invented."""
    tokens = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        left = tokens[i]
        right = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (
            re.fullmatch(r"[A-Z][A-Z0-9]*_[A-Z0-9_]*", left)
            and re.fullmatch(r"[A-Z][A-Z0-9_]*\W*", right)
            and vocab.tokens[(left + right).rstrip(".,;:)")] > 0
        ):  # "SO_A TTACH_FILTER"
            out.append(left + right)
            i += 2
            continue
        m_left = re.fullmatch(r"(\(?)([A-Za-z]+)", left)
        m_right = re.fullmatch(r"([a-z]+)(\W.*)?", right)
        if m_left and m_right and len(m_left.group(2)) == 1 and left[-1] not in "aAI":
            out.append(left + right)  # "g ateway", "k eep-alive": a lone letter is no word
            i += 2
            continue
        if m_left and m_right:
            a, b = m_left.group(2).lower(), m_right.group(1)
            if (
                vocab.knows(a + b)
                and not (a in _COMMON and b in _COMMON)
                and (
                    not vocab.knows(a)
                    or not vocab.knows(b)
                    or len(a) <= 2
                    or len(b) <= 2
                    or vocab.words[a + b] > vocab.pairs[(a, b)]
                    or min(vocab.words[a], vocab.words[b]) <= vocab.pairs[(a, b)]
                )
            ):
                out.append(left + right)
                i += 2
                continue
        out.append(left)
        i += 1
    return " ".join(out)


CODE_HINTS = re.compile(
    r"(^\s*#\s*(include|define|if|endif)\b|[;{}]\s*$|^\s*[{}]|\w+\s*\([^)]*\)\s*;|==|!=|->|"
    r"^\s*\$ |^\s*(def|class|import|from|return|const|let|var|function|int|char|struct|void)\b|"
    r"=\s*\w+\s*\(|&\w|\|\||\w+\[\w*\])"
)


def looks_like_code(lines: Sequence[str]) -> bool:
    """Most lines carry code punctuation or keywords, and little prose flows through them."""
    lines = [ln for ln in lines if ln.strip()]
    if not lines:
        return False
    hits = sum(1 for ln in lines if CODE_HINTS.search(ln))
    prose = sum(1 for ln in lines if re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,} [a-z]{3,}", ln))
    return hits * 2 >= len(lines) and prose * 2 <= len(lines) + hits
