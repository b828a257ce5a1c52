"""A manual's list of settings: "/SET name VALUE" and what the setting does.

A program's manual lists its settings as a command with a value and a description
(irssi's startup guide: "/SET hide_text_style OFF: Hide all bolds, underlines, MIRC colors,
etc.", "/SET indent 10: When lines are longer than screen width they have to be split to
multiple lines. This specifies how much space …"). The value shown is the default; the
description says what the setting does when it is on, or what it holds. Round 17's strict
read refused "What does /SET hide_text_style OFF do?" with that back: OFF does not hide
anything, the card pairs the value with the description of the other one. So the card asks
about the setting without its value ("What does the hide_text_style setting do?"), which is
what the description describes, and in the form the description takes:

- an action ("Show timestamps before each message."): "What does the X setting do?";
- a condition and its action ("If the nick doesn't have a mode, use one space."): the same;
  a condition followed by what happens anyway ("When lines are longer than screen width they
  have to be split …") is the situation, not what the setting does: no card;
- a clause of its own ("Query windows can be automatically closed after …"): "What does the
  X setting control?", unless it points at the row ("with this level");
- a noun phrase ("Seconds to wait before connecting …", "Your nick name"): "What is the X
  setting?";
- a question ("Should we hide server's MOTD"): no card (no phrase answers it as written).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from studyapp.generation.words import is_verb

# "/SET name VALUE", ":set name", "set name = value": the command word, the setting's name (an
# identifier: a word with "_", "-" or "." inside, or a lower-case word), its value if any.
_SET_ROW = re.compile(
    r"^[/:]?set\s+(?P<name>[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)*)(?:\s*=?\s*(?P<value>\S.*))?$",
    re.IGNORECASE,
)
# A finite auxiliary or a modal: a clause's verb after its subject.
_FINITE = frozenset(
    """is are was were has have had can could will would may might must shall should does do
    did""".split()  # noqa: SIM905
)
# A word that points at the row or the page, which the card does not carry.
_POINTER = re.compile(r"\b(?:this|these|here|above|below)\b", re.IGNORECASE)


class SettingRow(NamedTuple):
    name: str
    value: str


def setting_row(term: str) -> SettingRow | None:
    """The setting a definition list's term sets ("/SET indent 10" -> ("indent", "10")), or
    None when the term is no set command."""
    m = _SET_ROW.match(term.strip())
    if m is None:
        return None
    return SettingRow(m["name"], (m["value"] or "").strip())


def _action(text: str) -> bool:
    """Whether ``text`` opens on a verb in its base form ("Show …", "Automatically complete
    …", "Don't …"): what the setting does."""
    words = text.split()
    if not words:
        return False
    first = words[0].lower()
    if first in {"don't", "don’t", "never", "always"}:
        return True
    if first.endswith("ly") and len(words) > 1:  # "Automatically complete the nick …"
        first = words[1].lower()
    if first.endswith("ing") or (first.endswith("s") and is_verb(first[:-1])):
        return False  # "Shows …", "Seconds to wait …": no base form
    return is_verb(first) and not _clause(text)


def _clause(text: str) -> bool:
    """Whether ``text`` is a clause with its own subject ("Query windows can be closed …",
    though "query" is a verb too): a finite verb or a modal after a short subject."""
    words = [w.strip(",;:()").lower() for w in text.split(",")[0].split()]
    return any(w in _FINITE for w in words[1:5])


def setting_question(term: str, back: str) -> tuple[str, str] | None:
    """(front, back) for a settings row, asked about the setting without its value, or None
    when the description says no one thing about what the setting does (see the module
    docstring). ``term`` must be a set command (:func:`setting_row`)."""
    row = setting_row(term)
    if row is None:
        return None
    subject = f"the {row.name} setting"
    opening = re.match(r"^(?:if|when|whenever|unless)\b[^,]*,\s*(?P<main>\S.*)$", back, re.I)
    if re.match(r"^(?:if|when|whenever|unless)\b", back, re.IGNORECASE):
        # "If the nick doesn't have a mode, use one space.": what it does in that case. "When
        # lines are longer … they have to be split …": the situation the setting is for.
        if opening is None or not _action(opening["main"]):
            return None
        return f"What does {subject} do?", back
    if back.split()[0].lower() in {"should", "whether", "does", "is", "are", "do"}:
        return None  # "Should we hide server's MOTD": a yes/no question, no answer's phrase
    if _action(back):
        return f"What does {subject} do?", back
    if _clause(back):
        if _POINTER.search(back):
            return None  # "… when receiving messages with this level": which level?
        return f"What does {subject} control?", back
    return f"What is {subject}?", back
