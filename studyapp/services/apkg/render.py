"""Anki card templates rendered to a question and an answer, as Anki would show them.

A card of a standard note type (Basic, Basic and reversed, Basic with optional reversed or typed
answer, Cloze) is its note type's template filled with the note's fields. Rendering the template,
rather than guessing "first field is the front", is what makes card 2 of a reversed note ask for the
back, and a Cloze note give one card per deletion. The subset of Anki's template language that real
decks use is covered: ``{{Field}}``, filters (``text:``, ``cloze:``, ``type:``, ``hint:``, ``tts``),
sections ``{{#Field}}…{{/Field}}`` and ``{{^Field}}…{{/Field}}``, ``{{FrontSide}}`` and the special
fields. Unknown fields render empty, as a missing field would.

The answer is what Anki shows below ``<hr id=answer>`` (or the whole answer template with the front
side left out), since a Studyapp card's back holds the answer only. For a cloze card the back is the
deleted text itself, then whatever the answer template adds (Back Extra), and the deletion on the
front reads ``_____`` like Studyapp's own cloze cards (``_____ [hint]`` when the note gives a hint).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

BLANK = "_____"  # as studyapp.generation.offline writes cloze blanks
TAG = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# Bounded repeats: a hostile field of a million "<hr" must not make the search quadratic.
ANSWER_RULE = re.compile(r"<hr[^>]{0,200}?\bid\s*=\s*[\"']?answer\b[^>]{0,200}>", re.IGNORECASE)
CLOZE_OPEN = re.compile(r"\{\{c(\d+)::")
CLOZE_TOKEN = re.compile(r"\{\{c(\d+)::|\}\}")
MAX_DEPTH = 50


@dataclass
class _Section:
    name: str
    inverted: bool
    children: list[_Section | str | tuple[str]] = field(default_factory=list)


@functools.lru_cache(maxsize=256)
def _parse(template: str) -> list[_Section | str | tuple[str]]:
    """Template text as a tree: strings, ``(tag,)`` replacements and sections. Cached: a deck
    renders thousands of cards through a handful of templates (the tree is never changed)."""
    root = _Section("", False)
    stack = [root]
    pos = 0
    for match in TAG.finditer(template):
        stack[-1].children.append(template[pos : match.start()])
        pos = match.end()
        tag = match.group(1).strip()
        if tag[:1] in "#^" and len(stack) < MAX_DEPTH:
            section = _Section(tag[1:].strip(), tag[0] == "^")
            stack[-1].children.append(section)
            stack.append(section)
        elif tag[:1] == "/":
            if len(stack) > 1 and stack[-1].name == tag[1:].strip():
                stack.pop()
        else:
            stack[-1].children.append((tag,))
    stack[-1].children.append(template[pos:])
    return root.children


# --- cloze deletions ---------------------------------------------------------------------------


@dataclass
class _Cloze:
    number: int
    children: list[_Cloze | str]
    hint: str = ""


def _parse_cloze(text: str) -> list[_Cloze | str]:
    """``{{c1::text::hint}}`` deletions, nested ones included (Anki 2.1.56+ allows them)."""
    out: list[_Cloze | str] = []
    stack: list[tuple[int, list[_Cloze | str]]] = []
    current = out
    pos = 0
    for token in CLOZE_TOKEN.finditer(text):
        if token.group(1) is None and not stack:
            continue  # a "}}" outside any deletion is text
        if token.start() > pos:
            current.append(text[pos : token.start()])
        pos = token.end()
        if token.group(1) is not None:
            if len(stack) >= MAX_DEPTH:
                current.append(token.group(0))
                continue
            stack.append((int(token.group(1)), current))
            current = []
        else:
            number, parent = stack.pop()
            hint = ""
            last = current[-1] if current else None
            if isinstance(last, str) and "::" in last:
                current[-1], hint = last.split("::", 1)
            parent.append(_Cloze(number, current, hint))
            current = parent
    if pos < len(text):
        current.append(text[pos:])
    while stack:  # an unclosed deletion is text, as in Anki
        number, parent = stack.pop()
        parent.append(f"{{{{c{number}::")
        parent.extend(current)
        current = parent
    return current


def _render_cloze(
    nodes: list[_Cloze | str], active: int, question: bool, answers: list[str]
) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node)
        elif node.number == active:
            inner = _render_cloze(node.children, active, question, answers)
            if question:
                parts.append(f"{BLANK} [{node.hint}]" if node.hint.strip() else BLANK)
            else:
                answers.append(inner)
                parts.append(inner)
        else:
            parts.append(_render_cloze(node.children, active, question, answers))
    return "".join(parts)


def render_cloze(text: str, number: int, *, question: bool) -> tuple[str, list[str]]:
    """The field with deletion ``number`` blanked (question) or revealed (answer), and the
    revealed deletions' HTML."""
    answers: list[str] = []
    return _render_cloze(_parse_cloze(text), number, question, answers), answers


# --- templates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    question: str  # HTML
    answer: str  # HTML of the answer part only
    cloze_answers: tuple[str, ...]  # the deletions of a cloze card (HTML), else ()
    # What a "type in the answer" card expects (HTML): the field of the question's
    # ``{{type:Field}}`` (a cloze card's deletions for ``{{type:cloze:Text}}``); None: not typed.
    type_answer: str | None = None


@functools.lru_cache(maxsize=1024)
def _tag(tag: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """A replacement tag as (filters, field name, filter names lowered); cached: a deck uses a
    handful of tags thousands of times."""
    *filters, name = [part.strip() for part in tag.split(":")]
    return tuple(filters), name, tuple(f.split(" ")[0].lower() for f in filters)


class _Context:
    def __init__(
        self, values: dict[str, str], cloze: int | None, question: bool, specials: dict[str, str]
    ) -> None:
        self.values = values
        self.cloze = cloze
        self.question = question
        self.specials = specials
        self.cloze_answers: list[str] = []
        self.drop_cloze = False  # answer side of a cloze card: deletions are the back already
        self.type_answer: str | None = None  # the question asks to type this (see Rendered)

    def field(self, tag: str) -> str:
        filters, name, lowered = _tag(tag)
        if name in self.specials and not filters:
            return self.specials[name]
        value = self.values.get(name, self.specials.get(name, ""))
        if any(f.startswith("tts") for f in lowered):
            return ""
        if "hint" in lowered:
            return "" if self.question else value
        if "cloze-only" in lowered:
            if self.question or self.cloze is None:
                return ""
            return ", ".join(render_cloze(value, self.cloze, question=False)[1])
        if "cloze" in lowered:
            if self.cloze is None:
                return value
            if self.drop_cloze:
                return ""
            if "type" in lowered:
                answers = render_cloze(value, self.cloze, question=False)[1]
                if self.question:
                    self.type_answer = ", ".join(answers)
                    return ""
                return ", ".join(answers)
            text, answers = render_cloze(value, self.cloze, question=self.question)
            self.cloze_answers.extend(answers)
            return text
        if "type" in lowered:
            if self.question:
                self.type_answer = value
                return ""
            return value
        return value

    def non_empty(self, name: str) -> bool:
        if name in self.specials:
            return bool(self.specials[name].strip())
        value = self.values.get(name, "")
        if self.cloze is not None and re.fullmatch(r"c\d+", name, re.IGNORECASE):
            return int(name[1:]) == self.cloze
        return bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", value))


def _evaluate(nodes: list[_Section | str | tuple[str]], ctx: _Context) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, tuple):
            out.append(ctx.field(node[0]))
        elif ctx.non_empty(node.name) != node.inverted:
            out.append(_evaluate(node.children, ctx))
    return "".join(out)


def render_card(
    qfmt: str,
    afmt: str,
    values: dict[str, str],
    *,
    cloze: int | None,
    specials: dict[str, str] | None = None,
) -> Rendered:
    """Render one card. ``cloze`` is the deletion number (card ord + 1) for cloze note types."""
    specials = dict(specials or {})
    q_ctx = _Context(values, cloze, True, specials)
    question = _evaluate(_parse(qfmt), q_ctx)
    a_ctx = _Context(values, cloze, False, specials | {"FrontSide": ""})
    answer_template = _parse(afmt)
    answer = _evaluate(answer_template, a_ctx)
    split = ANSWER_RULE.search(answer)
    answer_part = answer[split.end() :] if split else answer
    if cloze is None:
        return Rendered(question, answer_part, (), q_ctx.type_answer)
    # A cloze card's back is its deletions; the rest of the answer (Back Extra) follows them.
    extra_ctx = _Context(values, cloze, False, specials | {"FrontSide": ""})
    extra_ctx.drop_cloze = True
    extra = _evaluate(answer_template, extra_ctx)
    split = ANSWER_RULE.search(extra)
    extra = extra[split.end() :] if split else extra
    return Rendered(question, extra, tuple(a_ctx.cloze_answers), q_ctx.type_answer)
