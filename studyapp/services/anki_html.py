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


def html_to_text_and_media(field: str) -> tuple[str, list[str]]:
    """Plain text of Anki HTML (``[sound:]`` tags removed) and the media file names it refers to,
    in order of appearance. Percent-encoded ``src`` values are decoded, as Anki's editor writes
    some names that way."""
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


def media_to_html(names: list[str], kind_of) -> str:  # type: ignore[no-untyped-def]
    """Anki's own markup for media: ``<img src>`` for images, ``[sound:]`` for the rest."""
    parts = []
    for name in names:
        if kind_of(name) == "image":
            parts.append(f'<img src="{html.escape(name, quote=True)}">')
        else:
            parts.append(f"[sound:{html.escape(name, quote=False)}]")
    return "".join(parts)
