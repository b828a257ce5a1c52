"""The one sanitiser: Anki's HTML reduced to a small subset that is safe to render.

Anki cards are HTML written by anyone (shared decks, add-ons, the learner's own editor). Studyapp
shows their formatting, so it must decide exactly what survives. The answer is an allow list, not
a block list: bold, italic, underline, strike, sub/superscript, line breaks and simple blocks
(``div``, ``p``, headings, ``pre``, ``blockquote``), lists, ruby (furigana), tables, and images
that are files of the learner's own media folder. Everything else goes:

- ``script``, ``style``, ``iframe``, ``object``, ``svg``, ``math``, ``template`` and the like go
  with their contents;
- any other tag (``a``, ``span``, ``font``, forms, unknown tags) goes, its text stays;
- every attribute goes except a few harmless ones (``img``: ``src``, ``alt``, ``title``,
  ``width``, ``height``; ``td``/``th``: ``colspan``/``rowspan``; ``ol``: ``start``; ``table``:
  ``border``, ``cellpadding``, ``cellspacing``: numbers only), so no
  ``on*`` handler, ``style``, ``class``, ``href`` or ``srcset`` survives;
- an ``img`` survives only when its ``src`` is a plain file name (no scheme, no path, no ``..``)
  that the caller's ``media`` function accepts (the card's own media, by their stored names):
  remote images, ``data:`` URIs and files outside the media folder are dropped, their ``alt``
  text kept.

The output is rebuilt from parsed pieces (the standard library's tolerant ``html.parser``), so
text is always re-escaped, tags are balanced (closed in order, stray end tags dropped) and
nesting is capped. Nothing is evaluated or fetched here.

Cards made in Studyapp are plain text and stay so: :func:`text_as_html` escapes them for a rich
view. :func:`formatted` is what an import stores: the sanitised HTML when a side has formatting
worth keeping, else None (the card is plain text).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import unquote

from studyapp.services.interop_media import unsafe_reason

ALLOWED = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "s",
        "strike",
        "del",
        "ins",
        "sub",
        "sup",
        "small",
        "big",
        "mark",
        "code",
        "kbd",
        "tt",
        "pre",
        "br",
        "hr",
        "div",
        "p",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "ruby",
        "rb",
        "rt",
        "rp",
        "rtc",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "colgroup",
        "col",
        "img",
    ]
)
VOID = frozenset({"br", "hr", "img", "col", "wbr"})
# Dropped together with everything inside them.
DROP_CONTENT = frozenset(
    [
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "frameset",
        "object",
        "applet",
        "svg",
        "math",
        "canvas",
        "audio",
        "video",
        "head",
        "title",
        "textarea",
        "select",
        "noembed",
        "noframes",
        "xmp",
    ]
)
NUMBER_ATTRIBUTES = {
    "img": {"width": 4096, "height": 4096},
    "td": {"colspan": 100, "rowspan": 100},
    "th": {"colspan": 100, "rowspan": 100},
    "ol": {"start": 1_000_000},
    "table": {"border": 10, "cellpadding": 20, "cellspacing": 20},
    "col": {"span": 100},
    "colgroup": {"span": 100},
}
TEXT_ATTRIBUTES = {"img": ("alt", "title")}
MAX_DEPTH = 64
MAX_ATTRIBUTE = 500  # characters of an alt or title kept

SOUND_TAG = re.compile(r"\[sound:[^\]\n]{1,255}\]")
# A "<" with no ">" before the next "<" cannot open a tag: escaped first so the parser stays
# linear (see anki_html.UNCLOSED).
UNCLOSED = re.compile(r"<(?=[^<>]*(?:<|\Z))")
LINE_BREAKS = re.compile(r"<br\s*/?>", re.IGNORECASE)

MediaCheck = Callable[[str], "str | None"]


def media_name(src: str) -> str | None:
    """A ``src`` as a media file name, or None when it is not a plain file name (a URL, a path,
    a ``data:`` URI, ``..``). Percent-encoded names are decoded as Anki's editor writes them."""
    name = unquote(src) if "%" in src else src
    name = name.strip()
    if not name or ":" in name or unsafe_reason(name):
        return None
    return name


class _Sanitiser(HTMLParser):
    def __init__(self, media: MediaCheck | None) -> None:
        super().__init__(convert_charrefs=True)
        self.media = media
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0  # depth inside a DROP_CONTENT element
        self.images: list[str] = []

    # --- tags --------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED:
            return
        if tag == "img":
            self._image(attrs)
            return
        if tag not in VOID:
            if len(self.open) >= MAX_DEPTH:
                return
            self.open.append(tag)
        self.out.append(f"<{tag}{self._attributes(tag, attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_CONTENT:
            return  # <script/> opens nothing
        self.handle_starttag(tag, attrs)
        if tag in ALLOWED and tag not in VOID and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in self.open:
            return
        while self.open:
            closed = self.open.pop()
            self.out.append(f"</{closed}>")
            if closed == tag:
                break

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        numbers = NUMBER_ATTRIBUTES.get(tag, {})
        texts = TEXT_ATTRIBUTES.get(tag, ())
        kept: dict[str, str] = {}
        for name, value in attrs:
            if value is None or name in kept:
                continue
            if name in numbers:
                value = value.strip()
                if value.isdigit() and 0 < int(value) <= numbers[name]:
                    kept[name] = str(int(value))
            elif name in texts:
                kept[name] = value[:MAX_ATTRIBUTE]
        return "".join(
            f' {name}="{html.escape(value, quote=True)}"' for name, value in kept.items()
        )

    def _image(self, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        src = values.get("src")
        name = media_name(src) if src else None
        stored = self.media(name) if name is not None and self.media is not None else name
        if stored is None:
            alt = (values.get("alt") or "").strip()
            if alt:
                self.out.append(html.escape(alt[:MAX_ATTRIBUTE], quote=False))
            return
        self.images.append(stored)
        rest = self._attributes("img", [(k, v) for k, v in attrs if k != "src"])
        self.out.append(f'<img src="{html.escape(stored, quote=True)}"{rest}>')

    # --- text --------------------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def close(self) -> None:
        super().close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")


def sanitize(markup: str, media: MediaCheck | None = None) -> str:
    """``markup`` reduced to the safe subset (see the module docstring). ``media(name)`` gives
    the stored name of an image the card may show, or None to drop it; without ``media`` every
    plain file name is kept (the display checks it against the card's media again)."""
    return _run(markup, media)[0]


def _run(markup: str, media: MediaCheck | None) -> tuple[str, list[str]]:
    parser = _Sanitiser(media)
    parser.feed(UNCLOSED.sub("&lt;", markup))
    parser.close()
    return "".join(parser.out), parser.images


def image_names(markup: str) -> list[str]:
    """The media names of the images in sanitised ``markup`` (in order)."""
    return _run(markup, None)[1]


def formatted(markup: str, media: MediaCheck | None = None) -> str | None:
    """The sanitised HTML of a rendered card side when it has formatting beyond text and line
    breaks (bold, a list, a picture...), else None: the card side is plain text. ``[sound:]``
    tags are left out (sounds are played from the card's media list, not from the text)."""
    if "<" not in markup:
        return None
    if "[sound:" in markup:
        markup = SOUND_TAG.sub(" ", markup)
    if "<" not in LINE_BREAKS.sub("", markup):
        return None  # only text, entities and <br>: plain text says it all
    clean = sanitize(markup, media).strip()
    if "<" not in LINE_BREAKS.sub("", clean):
        return None  # everything that made it rich was unsafe
    return clean


def text_as_html(text: str) -> str:
    """Plain text for a rich view: escaped, line breaks kept. A Studyapp card's ``<b>`` reads
    ``<b>``."""
    return html.escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>")
