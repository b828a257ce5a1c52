"""The cleaned form every format is turned into, and the text repairs the formats share.

Material is cleaned into a small, regular Markdown dialect before it is chunked, so everything
downstream (the chunker, the offline generator, Claude's prompt, the tree builder) reads one
format:

- ``# Title`` headings (levels 1-3), nothing else starts with ``#`` outside code;
- code only inside fenced blocks (```), never as prose, so no cloze ever lands in code;
- a definition as one paragraph ``**term**: what the material says about it`` (man-page option
  and parameter headers, HTML ``<dt>/<dd>``, Markdown parameter lists);
- list items as ``- item``;
- a table's row as ``| cell | cell |``, one line each (a ``|`` inside a cell escaped with a
  backslash): its cells are no sentence, so the offline generator never reads a row as prose
  (round 14: "CUPS-Set-Default *: Yes; Sets the server/network default _____ or class."),
  while Claude still reads every column; a reference table's rows are definitions instead
  (:mod:`.reference_rows`);
- every other paragraph on one line, with hyphenated line breaks
  joined and no markup left (links, emphasis, comments, tags, escapes).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from studyapp.generation.cleaning.citations import lists_citations
from studyapp.generation.reading_lists import names_reading_list

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


@dataclass(frozen=True)
class Row:
    """A table's row that is no reference table's definition: its cells, as they stand."""

    cells: tuple[str, ...]


Block = Heading | Para | Item | Definition | Code | Row

ROW_START = "| "  # how a cleaned table row's line starts (:func:`render`)


def is_row(line: str) -> bool:
    """A cleaned line is a table's row (``| cell | cell |``): no sentence to read."""
    return line.strip().startswith(ROW_START.strip()) and line.strip().endswith("|")


def _row_line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(squash(c).replace("|", "\\|") for c in cells) + " |"


_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+(?=\S)")
_BOILERPLATE = re.compile(
    r"^(name|synopsis|see also|colophon|authors?|copyright|reporting bugs|table of contents|"
    r"contents|navigation|index|footnotes|license|licence|related topics|this page|"
    r"quick search|previous topic|next topic|bibliography|works cited|citations|"
    r"endnotes|further (reading|research)|section quiz|quiz|review questions|short answer|"
    r"multiple choice|fill in the blank|true/false|true or false|"
    r"critical thinking( questions)?|conceptual questions|check your understanding|"
    r"self[- ]?check|exercises)$",
    re.IGNORECASE,
)
# Headings that name a bibliography or a list of links in one text and teach in another (Apache
# Ant's "References" is about id/refid, a man page's NOTES are prose): boilerplate only when the
# section's body is a list of citations (:func:`~.citations.lists_citations`).
_CITATION_HEADING = re.compile(r"^(references|notes|sources|resources)$", re.IGNORECASE)
# A textbook's furniture: sections every chapter has whatever it teaches (OpenStax, most school
# and university texts). They are not skills, a learner does not study "Key Terms", yet they
# hold its best definitions, so unlike boilerplate their text still makes cards, filed under the
# skill whose section discusses the card's term (:class:`~studyapp.generation.outline.TermHomes`).
# The whole title must be one of these, after a section number ("5.3 Key Terms") or a "Chapter
# 3" / "Section 2.1" label ("Chapter 3 Review"). A bare "Review" or "Objectives" needs that
# chapter or section word (a process has a "Review" step; "Vocabulary" is what a language course
# teaches, so it is no furniture). "Summary statistics" and "Review of linear algebra" name a
# topic (what is reviewed is taught there) and stay skills.
_CHAPTER = r"(?:chapter|section|unit|module|lesson)(?:\s+(?:\d+(?:\.\d+)*|[ivxlc]+))?\s*[:.]?"
_FURNITURE = re.compile(
    rf"^(?:{_CHAPTER}\s+)?(summary|key terms|key concepts|key concepts and summary|"
    r"key equations|key points|glossary|learning objectives|learning outcomes|"
    r"chapter outline|section outline)$"
    rf"|^{_CHAPTER}\s+(review|objectives)$",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^(?:chapter|section|unit|module|lesson)\s+(?:\d+(?:\.\d+)*|[ivxlc]+)\s*[:.]?\s+(?=\S)",
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


def is_boilerplate(title: str, body: str | None = None) -> bool:
    """Headings that hold no learnable content of their own (NAME, SEE ALSO, COLOPHON, a
    quiz's questions…), also behind a chapter's label ("Chapter 3 Review Questions"). A
    "References", "Notes", "Sources" or "Resources" heading is boilerplate when ``body`` (the
    section's cleaned text) is a list of citations or links; without its body it is given the
    benefit of the doubt (a skill is never lost on its title alone). A heading that names a
    reading list ("Relevant RFCs", "Other useful documents") is boilerplate whatever its body
    (:func:`~studyapp.generation.reading_lists.names_reading_list`)."""
    name = _LABEL.sub("", heading_title(title))
    if _BOILERPLATE.match(name) or names_reading_list(name):
        return True
    return body is not None and bool(_CITATION_HEADING.match(name)) and lists_citations(body)


def is_furniture(title: str) -> bool:
    """A textbook's furniture heading ("Key Terms", "5.3 Summary", "Chapter 3 Review"): not a
    skill, but its text is kept (see ``_FURNITURE``)."""
    return bool(_FURNITURE.match(heading_title(title)))


def render(blocks: Iterable[Block]) -> str:
    """The cleaned Markdown: blocks apart by a blank line, consecutive list items (and a
    table's rows) by one newline."""
    out: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if isinstance(block, Item) and isinstance(previous, Item) and out:
            text = squash(block.text)
            if text:
                out[-1] += f"\n- {text}"
            continue
        if isinstance(block, Row):
            if any(squash(c) for c in block.cells):
                line = _row_line(block.cells)
                if isinstance(previous, Row) and out:
                    out[-1] += f"\n{line}"
                else:
                    out.append(line)
                previous = block
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
    """PDF text extraction splits kerned words ("sock et", "netw ork", "recei ving"), moves
    spaces ("the yare" for "they are") and drops them ("Nis" for "N is"). Two fragments are
    joined, or re-split, when that spells words: the document itself (it writes the whole word
    elsewhere) or the English word list (:mod:`studyapp.generation.lexicon`) says so. Two real
    words ("a way", "key word") are joined only on the document's word, and re-split only when
    one of them is a rare word ("yare"); nothing is invented."""
    tokens = text.split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        left = tokens[i]
        right = tokens[i + 1] if i + 1 < len(tokens) else ""
        joined = _join_identifier(left, right, vocab)
        if joined is not None:  # "SO_A TTACH_FILTER", "(SO_SNDLO WAT)", "CAP_NET_RA Wcapability"
            out.append(joined)
            i += 2
            continue
        m_left = re.fullmatch(r"(\(?)([A-Za-z]+)", left)
        m_right = re.fullmatch(r"([a-z]+)(\W.*)?", right)
        third = tokens[i + 2] if i + 2 < len(tokens) else ""
        m_third = re.fullmatch(r"([a-z]+)(\W.*)?", third)
        if m_left and m_right and m_third and right.isalpha():
            three = _join_three(m_left[2], right, m_third[1])
            if three:  # "shut do wn"
                out.append(m_left[1] + three + (m_third[2] or ""))
                i += 3
                continue
        if re.fullmatch(r"[B-HJ-Zb-z]", left) and out and _attaches_left(out[-1], left, vocab):
            out[-1] += left  # "the y are" -> "they are", "lik e" -> "like"
            i += 1
            continue
        if m_left and m_right and len(m_left.group(2)) == 1 and _letter_joins(left, m_right[1]):
            out.append(left + right)  # "g ateway", "r eadv(2)": a lone letter is no word
            i += 2
            continue
        if m_left and m_right and m_right[1] in _SUFFIXES and _any_word(m_left[2] + m_right[1]):
            out.append(left + right)  # "peek ed", "recei ves": a suffix is no word
            i += 2
            continue
        if m_left and m_right:
            fixed = _rejoin(
                m_left[2],
                m_right[1],
                vocab,
                call=m_right[2] or "",
                after=m_third[1] if m_third else "",
            )
            if fixed is not None:
                out.append(m_left.group(1) + fixed + (m_right.group(2) or ""))
                i += 2
                continue
        out.append(_unglue(left, vocab))
        i += 1
    return _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(out))


_SPACE_BEFORE_PUNCT = re.compile(r"(?<=[A-Za-z)]) ([,.;:!?])(?=\s|$)")
_RARE = 20_000  # rank past which an English word is rarer than a kerning accident ("yare")
_RARE_WHOLE = 80_000  # a joined word may be rarer: "privileged" is rank 25,954
_GAIN = 3.0  # how much likelier (in nats) the repaired words must be


def _join_identifier(left: str, right: str, vocab: Vocabulary) -> str | None:
    m = re.fullmatch(r"(\(?)([A-Z][A-Z0-9_]*)", left)
    if m is None:
        return None
    head, ident = m.groups()
    n = re.fullmatch(r"([A-Z][A-Z0-9_]*)(\W*)", right)
    known = vocab.tokens[ident + n.group(1)] > 0 if n else False
    if n and (
        (known and ("_" in ident or vocab.tokens[ident] <= 1))
        or (
            "_" in n[1]
            and "_" not in ident
            and vocab.tokens[ident] <= 1
            and not _common_word(ident)
        )
    ):
        return head + ident + right  # "SO_A TTACH_FILTER", "IPPR OTO_SCTP"
    n = re.fullmatch(r"([A-Z])([a-z]{3,})(\W*)", right)  # "CAP_NET_RA Wcapability"
    if n and "_" in ident and vocab.tokens[ident + n.group(1)] > 0:
        from studyapp.generation import lexicon

        if lexicon.is_word(n.group(2)):
            return f"{head}{ident}{n.group(1)} {n.group(2)}{n.group(3)}"
    return None


def _rejoin(a: str, b: str, vocab: Vocabulary, *, call: str = "", after: str = "") -> str | None:
    """``a b`` repaired ("network", "they are"), or ``None`` to keep it. ``call`` is what
    follows ``b``: a man-page section ("(2)") makes it a function name, joined whole."""
    from studyapp.generation import lexicon

    if a.lower() in _COMMON and b in _COMMON:
        return None
    whole = a + b
    # The document is a dictionary polluted by its own splits ("shutdo" from "shut do wn"): it
    # joins two real words only into an English word, or a word it writes whole twice whose
    # second half does not rather belong to the next fragment ("get sock et").
    english = (lexicon.rank(whole) or _RARE_WHOLE + 1) <= _RARE_WHOLE
    documented = vocab.knows(whole) and (
        not vocab.knows(a)
        or not vocab.knows(b)
        or len(a) <= 2
        or len(b) <= 2
        or vocab.words[whole.lower()] > vocab.pairs[(a.lower(), b)]
        or min(vocab.words[a.lower()], vocab.words[b]) <= vocab.pairs[(a.lower(), b)]
    )
    if documented and (
        english
        or not (_common_word(a) and _common_word(b))
        or (vocab.words[whole.lower()] >= 2 and not _common_word(b + after))
    ):
        return whole
    fragments = [w for w in (a, b) if not _common_word(w)]
    if not fragments:
        return None  # two real words ("a void", "key word"): only the document may join them
    if re.match(r"\(\d\w*\)", call):
        # "sock etpair(2)": a function name, joined when it reads as two words split mid-word
        parts = lexicon.segment(whole) or []
        compound = len(parts) == 2 and len(parts[0]) != len(a) and all(map(_common_word, parts))
        return whole if compound and vocab.words[b] <= 1 else None
    rank = lexicon.rank(whole)
    if rank is not None and rank <= _RARE_WHOLE:
        words = [whole]  # "netw ork", "recei ving", "pri vileged"
    elif all(vocab.tokens[w] <= 1 and vocab.words[w.lower()] <= 1 for w in fragments):
        # A space in the wrong place ("the yare", "emplo yone"): the fragments occur nowhere
        # else, and the other split is two common words.
        splits = [
            [whole[:k], whole[k:]]
            for k in range(1, len(whole))
            if k != len(a) and _common_word(whole[:k]) and _common_word(whole[k:])
        ]
        if not splits:
            return None
        words = min(splits, key=lexicon.split_cost)
    else:
        return None
    if lexicon.split_cost([a, b]) - lexicon.split_cost(words) < _GAIN:
        return None
    return " ".join(words)


def _join_three(a: str, b: str, c: str) -> str | None:
    """Three pieces of one word ("shut do wn" -> "shutdown"), one of them no word at all."""
    from studyapp.generation import lexicon

    whole = a + b + c
    if all(map(_common_word, (a, b, c))) or (lexicon.rank(whole) or _RARE_WHOLE + 1) > _RARE_WHOLE:
        return None
    return whole if lexicon.split_cost([a, b, c]) - lexicon.cost(whole) >= _GAIN else None


def _common_word(word: str) -> bool:
    from studyapp.generation import lexicon

    rank = lexicon.rank(word)
    return rank is not None and rank <= _RARE


_SUFFIXES = frozenset(["ed", "es", "ing", "er", "ers", "ly", "ment", "tion", "ness"])
_SHORT_WORDS = frozenset(["is", "are", "was", "and", "or", "of", "to", "in", "on", "at", "by"])


def _letter_joins(letter: str, rest: str) -> bool:
    """A lone letter starts the next word ("g ateway", "e xceptfds") unless it is a word
    itself ("a", "I") or a variable before a short word ("N is")."""
    return letter[-1] not in "aAI" and rest not in _SHORT_WORDS


def _attaches_left(previous: str, letter: str, vocab: Vocabulary) -> bool:
    """A lone letter that ends the word before it ("lik e", "the y are", "CAP_NET_RA W")."""
    from studyapp.generation import lexicon

    if re.fullmatch(r"[A-Z][A-Z0-9]*_[A-Z0-9_]*", previous):
        return letter.isupper() and (
            vocab.tokens[previous + letter] > 0 or vocab.tokens[previous] <= 1
        )
    if not re.fullmatch(r"[A-Za-z]+", previous):
        return False
    whole = previous + letter
    if not (vocab.knows(whole) or _common_word(whole)):
        return False
    return lexicon.split_cost([previous, letter]) - lexicon.cost(whole) >= _GAIN


def _unglue(token: str, vocab: Vocabulary) -> str:
    """ "Nis" -> "N is": a capital letter (a variable) run into a short common word, in a token
    the document uses once and the word list does not know as common."""
    from studyapp.generation import lexicon

    m = re.fullmatch(r"([A-Z])([a-z]{1,4})(\W*)", token)
    if m is None or vocab.tokens[token.rstrip(".,;:)")] > 1:
        return token
    if (lexicon.rank(m.group(1) + m.group(2)) or _RARE + 1) <= _RARE:
        return token
    if m.group(2) in _SHORT_WORDS:
        return f"{m.group(1)} {m.group(2)}{m.group(3)}"
    return token


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


def _any_word(word: str) -> bool:
    from studyapp.generation import lexicon

    return lexicon.is_word(word)
