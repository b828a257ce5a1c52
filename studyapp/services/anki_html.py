"""Between Anki's HTML fields and our plain-text cards.

Card text is plain text everywhere in Studyapp (the GUI never renders it as rich text), so an Anki
field is *converted*, not sanitised-and-kept: the standard library's tolerant ``html.parser`` walks
it, entities are unescaped, ``<br>`` and block elements become line breaks, script/style contents
are dropped, and nothing is ever evaluated. Raw newlines in HTML source are layout, not text, so
they count as spaces, as in a browser.

Media references are collected on the way: ``<img src>``, ``<audio>``/``<video>``/``<source>``
sources and Anki's ``[sound:name]`` tags (which are removed from the text). The names are returned,
never opened here: the importer checks them before any file is touched.

Our own export escapes text the other way (``<``, ``&``, ``>``; ``\\n`` as ``<br>``; ``\\r`` as
``&#13;``) so that our importer gives the exact text back.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    ]
)
DROPPED_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})
MEDIA_TAGS = frozenset({"img", "audio", "video", "source"})
SOUND_TAG = re.compile(r"\[sound:([^\]\n]{1,255})\]")  # bounded: no quadratic search
# A "<" with no ">" before the next "<" cannot open a tag. Escaping it first keeps the parser
# linear: Python 3.11's html.parser rescans such openings again and again (a field of 20,000 "<a"
# took seconds, a megabyte of them minutes).
UNCLOSED = re.compile(r"<(?=[^<>]*(?:<|\Z))")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.media: list[str] = []
        self._dropping = 0

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_TAGS:
            self._dropping += 1
            return
        if self._dropping:
            return
        if tag in MEDIA_TAGS:
            src = dict(attrs).get("src")  # the parser has already unescaped entities
            if src and not src.startswith(("data:", "http:", "https:", "//")):
                self.media.append(src)
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self._newline()
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in DROPPED_TAGS:  # <script/> opens nothing
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_TAGS:
            self._dropping = max(0, self._dropping - 1)
        elif not self._dropping and tag in BLOCK_TAGS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._dropping:
            return
        if "\n" in data and not data.strip():
            return  # indentation between tags
        self.parts.append(data.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))

    def handle_entityref(self, name: str) -> None:
        if not self._dropping:
            self.parts.append(" " if name == "nbsp" else html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        if not self._dropping:
            self.parts.append(html.unescape(f"&#{name};"))


def html_to_text(field: str) -> str:
    """Plain text of an Anki field, trimmed at both ends."""
    return html_to_text_and_media(field)[0]


def _plain_chunk(chunk: str) -> str:
    """What the parser makes of one run of text between tags and entities: raw line breaks are
    spaces, and a run that is only indentation (whitespace with a line break) is nothing."""
    if "\n" in chunk and not chunk.strip():
        return ""
    if "\r" in chunk or "\n" in chunk:
        return chunk.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return chunk


def _plain_piece(piece: str) -> str:
    """A piece of a field without tags, as the parser reads it: runs of text (see
    :func:`_plain_chunk`) between entities, ``&nbsp;`` a space, other entities their
    characters."""
    if "&" not in piece:
        return _plain_chunk(piece)
    out = []
    for i, part in enumerate(ENTITY.split(piece)):
        if i % 2:
            out.append(COMMON_ENTITIES.get(part) or html.unescape(part))
        elif part:
            out.append(_plain_chunk(part))
    return "".join(out)


def _fast_text(field: str) -> str | None:
    """The plain text of a field made only of text, entities and ``<br>`` (most fields, and every
    field Studyapp writes), without the parser; None when the field needs the parser."""
    if "[sound:" in field:
        return None
    if "<" not in field:
        pieces = [field]
    else:
        pieces = BREAK.split(field)
        if any("<" in piece for piece in pieces):
            return None
    if any("&" in piece and not SIMPLE_ENTITIES.fullmatch(piece) for piece in pieces):
        return None  # a bare "&" or an odd entity: the parser's rules decide
    return "\n".join(_plain_piece(piece) for piece in pieces).strip()


BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Text whose every "&" starts a complete, well-formed entity: html.unescape reads those exactly
# as the parser does.
ENTITY_TEXT = r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});"
ENTITY = re.compile(f"({ENTITY_TEXT})")
# The entities nearly every field uses (and all Studyapp writes), without html.unescape's regex.
COMMON_ENTITIES = {
    "&lt;": "<",
    "&gt;": ">",
    "&amp;": "&",
    "&quot;": '"',
    "&#39;": "'",
    "&#13;": "\r",
    "&#91;": "[",
    "&nbsp;": " ",
}
SIMPLE_ENTITIES = re.compile(f"(?:[^&]|{ENTITY_TEXT})*")


def html_to_text_and_media(field: str) -> tuple[str, list[str]]:
    """Plain text of Anki HTML (``[sound:]`` tags removed) and the media file names it refers to,
    in order of appearance. Percent-encoded ``src`` values are decoded, as Anki's editor writes
    some names that way."""
    fast = _fast_text(field)
    if fast is not None:
        return fast, []
    sounds = [html.unescape(m.group(1)) for m in SOUND_TAG.finditer(field)]
    parser = _TextExtractor()
    parser.feed(UNCLOSED.sub("&lt;", SOUND_TAG.sub(" ", field) if sounds else field))
    parser.close()
    names = [unquote(name) if "%" in name else name for name in parser.media]
    return "".join(parser.parts).strip(), names + sounds


def text_to_html(text: str) -> str:
    """Our plain text as an Anki field that shows the same and converts back exactly. ``[`` is
    escaped too, so text that happens to read ``[sound:x]`` is not taken for a sound tag."""
    escaped = html.escape(text, quote=False).replace("[", "&#91;")
    return escaped.replace("\r", "&#13;").replace("\n", "<br>")


def media_to_html(names: list[str], kind_of: Callable[[str], str]) -> str:
    """Anki's own markup for media: ``<img src>`` for images, ``[sound:]`` for the rest."""
    parts = []
    for name in names:
        if kind_of(name) == "image":
            parts.append(f'<img src="{html.escape(name, quote=True)}">')
        else:
            parts.append(f"[sound:{html.escape(name, quote=False)}]")
    return "".join(parts)


# --- media references in raw note fields -------------------------------------------------------

# Anki's own reference forms (rslib text.rs): the src/data of img, audio, video, source and object
# tags, and [sound:]. Bounded repeats, so a hostile field cannot make the search quadratic.
FIELD_MEDIA = re.compile(
    r"""<(?:img|audio|video|source|object)\b[^>]{0,2000}?\b(?:src|data)\s*=\s*"""
    r"""(?:"([^"]{1,1000})"|'([^']{1,1000})'|([^\s>"']{1,1000}))""",
    re.IGNORECASE,
)


def _ref_name(raw: str) -> str:
    name = html.unescape(raw)
    return unquote(name) if "%" in name else name


def field_media(field: str) -> list[str]:
    """The media file names a note field refers to (tags and ``[sound:]``), in order. A field
    can name files no template shows; Anki exports those too, so they travel with the note."""
    if "src" not in field and "data" not in field and "[sound:" not in field:
        return []
    names = []
    for match in FIELD_MEDIA.finditer(field):
        raw = next(g for g in match.groups() if g is not None)
        if not raw.startswith(("data:", "http:", "https:", "//")):
            names.append(_ref_name(raw))
    names += [html.unescape(m.group(1)) for m in SOUND_TAG.finditer(field)]
    return names


def rename_media(field: str, renamed: dict[str, str]) -> str:
    """``field`` with references to ``renamed`` files (old name -> stored name) rewritten, as
    Anki's importer rewrites a file it had to store under another name."""
    if not renamed:
        return field

    def tag(match: re.Match[str]) -> str:
        for group in (1, 2, 3):
            raw = match.group(group)
            if raw is not None and _ref_name(raw) in renamed:
                new = html.escape(renamed[_ref_name(raw)], quote=True)
                start, end = match.span(group)
                base = match.start()
                text = match.group(0)
                return text[: start - base] + new + text[end - base :]
        return match.group(0)

    def sound(match: re.Match[str]) -> str:
        name = html.unescape(match.group(1))
        if name in renamed:
            return f"[sound:{html.escape(renamed[name], quote=False)}]"
        return match.group(0)

    return SOUND_TAG.sub(sound, FIELD_MEDIA.sub(tag, field))
