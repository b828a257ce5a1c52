"""Text from a card, a model or a file, made safe and cheap to show: plain, and bounded.

Two hazards, both from content a learner did not write (an Anki deck, a CSV, a backup):

- **Markup.** Qt shows a tooltip as rich text whenever its first line looks like a tag
  (``Qt::mightBeRichText``), and a rich tooltip loads what it names: a card whose front is
  ``<img src="file:///…">`` made the window read that local file when the learner hovered it.
  :func:`tooltip` escapes the text inside a paragraph of our own, so it always shows literally
  (and wraps); labels and painted cells are plain text already.
- **Size.** A 5 MB field is a normal hostile input. Laying it out took the window 10 to 33 s
  (a tooltip, a row's elided line, the study card). Rows and tooltips show a bounded start of
  the text (:func:`clip`, :func:`one_line`); the study card shows its start with a way to read
  the rest (``gui/study/long_text.py``).
"""

from __future__ import annotations

import html

from studyapp.shorten import shorten

ROW_LIMIT = 500  # characters a row, a cell or a list entry lays out (wider than any window)
TOOLTIP_LIMIT = 1_200  # characters of each text in a tooltip (a screenful)
ACCESSIBLE_LIMIT = 1_000  # what a screen reader is given of one text
SHORT_LINE = 90  # a tooltip line this long or shorter is never wrapped
COMBO_TEXT = 80  # characters of a goal's or skill's name in a drop-down list


def clip(text: str, limit: int) -> str:
    """The start of ``text``, at most ``limit`` characters, ending at a word when one is near,
    with "…" when something was left out."""
    return shorten(text, limit)


def one_line(text: str, limit: int = ROW_LIMIT) -> str:
    """``text`` on one line (whitespace runs become one space), at most ``limit`` characters.
    Only a bounded start is looked at, so a 5 MB field costs what a short one does."""
    head = text[: limit * 4 + 8]
    flat = " ".join(head.split())
    if len(flat) > limit:
        return shorten(flat, limit)
    return flat if len(head) == len(text) else flat + "\u2026"


def tooltip(*parts: str, limit: int = TOOLTIP_LIMIT) -> str:
    """A tooltip showing ``parts`` (blank-line separated) literally, each clipped to ``limit``.
    Rich text of our own (a ``pre-wrap`` paragraph) with the content escaped: never parsed as
    markup, line breaks kept, long lines wrapped."""
    body = "\n\n".join(clip(part, limit) for part in parts if part)
    # Short lines stay whole ("pre"): a wrapping tooltip is made narrow by Qt's label and
    # broke "file:///tmp/…" at every slash. Long lines wrap.
    wrap = "pre" if all(len(line) <= SHORT_LINE for line in body.splitlines()) else "pre-wrap"
    return f'<p style="white-space: {wrap}">{html.escape(body, quote=False)}</p>'
