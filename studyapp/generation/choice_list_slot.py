"""No choice set for a blank that is one item of a list.

Round 18's strict read (issue 18) dropped "Images are stored in a myriad of image formats
including the better known _____, PNG, TIFF and others." => JPEG among GIF | RGB | MNG: GIF is
a better-known format too, a second correct option. When the blank is one item of a list, any
peer of the list's items fits it as well as the hidden one, and the peers are exactly what a set
draws its options from: no set of wrong options is fair. (The card gate's series check,
:func:`studyapp.generation.cloze_leans.series_item`, wants a series closed by "and X"; this one
ended "TIFF and others".)

:func:`list_item_blank` says whether the blank is such an item.
"""

from __future__ import annotations

import re

from studyapp.generation.quality import BLANK, cloze_sentence

_MOST_WORDS = 3  # a list's item is a short noun phrase
# Words after a comma that open no item: a clause or an aside goes on.
_NO_ITEM = re.compile(
    r"^(?:however|therefore|thus|hence|then|so|but|which|that|who|where|when|while|because|"
    r"for example|for instance|e\.g\.|i\.e\.|although|though|if|as)\b",
    re.IGNORECASE,
)
# How a list's last item may end: "TIFF and others", "PNG, etc.", "and TIFF".
_CLOSES = re.compile(r"\s+(?:and|or)\s+(?:others|more|so on|the like|many more)$|,?\s*etc$")


def _item(part: str, *, last: bool = False) -> bool:
    part = part.strip().rstrip(".;!?").strip()
    if last:
        part = _CLOSES.sub("", part)
        part = re.sub(r"^(?:and|or)\s+", "", part)
        part = re.split(r"\s+(?:and|or)\s+", part)[0]
    if not part or _NO_ITEM.match(part) or BLANK in part:
        return False
    return len(part.split()) <= _MOST_WORDS


def list_item_blank(front: str) -> bool:
    """The cloze's blank is one of three or more listed items ("including the better known
    _____, PNG, TIFF and others"; "A, _____, and C"; "A, B, and _____")."""
    sentence = cloze_sentence(front)
    if BLANK not in sentence:
        return False
    parts = sentence.split(",")
    at = next(i for i, p in enumerate(parts) if BLANK in p)
    own = parts[at].strip()
    if not (own.endswith(BLANK) or re.fullmatch(rf"(?:(?:and|or)\s+)?{BLANK}[.;!?]?", own)):
        return False  # the blank is inside a phrase or clause, not an item of its own
    if at + 1 < len(parts) and re.match(r"\s*(?:a|an)\s", parts[at + 1]):
        return False  # "… is _____, an endospore-forming, gram-positive bacterium": an aside
    before = 0
    for k in range(at - 1, -1, -1):
        if not _item(parts[k]):
            before += k == 0 and before > 0  # "… found in beans, peas, and _____": the lead's tail
            break
        before += 1
    if re.match(r"(?:and|or)\s", own):
        return before >= 2  # the last item: "A, B, and _____"
    for after, (k, part) in enumerate(enumerate(parts[at + 1 :], start=at + 1), start=1):
        closing = k == len(parts) - 1 or bool(re.match(r"\s*(?:and|or)\s", part))
        if not _item(part, last=closing):
            return False  # a clause or an aside goes on: no list the blank is an item of
        if closing:
            return before + after >= 2
    return False
