"""The back of a cloze card made here: the whole sentence with the answer marked, as Anki shows
it, not the bare answer ("CDN" alone reads as a word without its fact).

Qt-free: the widgets show the markup this returns through the same sanitised rich-text view as
an Anki side.
"""

from __future__ import annotations

import html

from studyapp.generation.cloze_surface import with_article
from studyapp.generation.quality import BLANK, CLOZE_PREFIX


def cloze_back(front: str, back: str) -> tuple[str, str] | None:
    """(plain, markup) of a generated cloze card's back: the sentence of the front with its one
    blank filled by the answer; in the markup the answer is bold, everything else escaped text
    (a side is never read as HTML). None when the front is not one blank's sentence (an edited
    card, a question), so the back shows as written."""
    sentence = front[len(CLOZE_PREFIX) :] if front.startswith(CLOZE_PREFIX) else front
    answer = back.strip()
    if sentence.count(BLANK) != 1 or not answer:
        return None
    before, after = with_article(sentence, answer).split(BLANK)  # "a(n) _____" → "an …"
    plain = f"{before}{answer}{after}"
    markup = f"{html.escape(before)}<b>{html.escape(answer)}</b>{html.escape(after)}"
    return plain, markup
