"""A card of an Anki note edited in Studyapp: the edit goes into the note, so Anki gets it back.

A card's sides are its note's fields put through a template, and Studyapp edits sides. Where a
side is exactly one field (``{{Front}}``, the answer ``{{Back}}``: Basic, reversed and typed
notes, Studyapp's own), the edited text becomes that field (escaped: the editor is plain text),
the note's modification time moves on (so Anki takes the new fields) and every card of the note
is rendered again, so the reversed sibling shows the edit too. A side made of more than one
field, or of a cloze deletion, cannot be mapped back: the card keeps the edit here and the note
goes back to Anki as it was (said in the architecture notes), unless the note is one of
Studyapp's own ("Studyapp Basic"/"Studyapp Cloze", back from a trip through Anki): then the kept
note is dropped and the export writes the card as it is now, under the same GUID. Either way the
edited side is plain text from then on.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from studyapp.services.anki_html import html_to_text, html_to_text_and_media, text_to_html
from studyapp.services.apkg.render import ANSWER_RULE, render_card
from studyapp.services.apkg.writer import CLOZE_MODEL_ID, MODEL_ID
from studyapp.services.safe_html import formatted

ONE_FIELD = re.compile(r"\s*\{\{\s*([^#^/{}:][^{}:]*?)\s*\}\}\s*")


def _single_field(template: str) -> str | None:
    match = ONE_FIELD.fullmatch(template)
    return match.group(1) if match else None


def _answer_part(afmt: str) -> str:
    split = ANSWER_RULE.search(afmt)
    return afmt[split.end() :] if split else afmt


def apply_edit(
    session: Session, profile_id: int, card_id: int, values: dict[str, str]
) -> list[int]:
    """Carry an edit of the card's ``front``/``back`` (already written to the card) into its
    note when the side maps to one field; returns the ids of the note's other cards whose text
    changed with it (to be embedded again)."""
    row = session.execute(
        text(
            "SELECT c.note_guid, coalesce(c.note_ord, 0), n.id, n.fields, t.model "
            "FROM cards c JOIN notes n ON n.profile_id = c.profile_id AND n.guid = c.note_guid "
            "JOIN note_types t ON t.id = n.note_type_id WHERE c.id = :id AND c.profile_id = :p"
        ),
        {"id": card_id, "p": profile_id},
    ).first()
    cleared = {f"{side}_html": None for side in ("front", "back") if side in values}
    if cleared:  # the editor is plain text: an edited side is plain from now on
        assignments = ", ".join(f"{name} = NULL" for name in cleared)
        session.execute(text(f"UPDATE cards SET {assignments} WHERE id = :id"), {"id": card_id})
    if row is None:
        return []
    guid, ord_, note_id, fields, model = row
    names = [str(f.get("name", "")) for f in model.get("flds") or []]
    templates = sorted(model.get("tmpls") or [], key=lambda t: int(t.get("ord", 0)))
    cloze = int(model.get("type") or 0) == 1
    template = templates[0 if cloze else ord_] if 0 <= ord_ < len(templates) else None
    targets: dict[str, str | None] = {"front": None, "back": None}
    if template is not None and not cloze:
        targets = {
            "front": _single_field(str(template.get("qfmt") or "")),
            "back": _single_field(_answer_part(str(template.get("afmt") or ""))),
        }
    if any(targets.get(side) not in names for side in values):
        if int(model.get("id") or 0) in (MODEL_ID, CLOZE_MODEL_ID):
            session.execute(text("DELETE FROM notes WHERE id = :id"), {"id": note_id})
            return []
        if all(targets.get(side) not in names for side in values):
            return []
    new_fields = list(fields)
    for side, value in values.items():
        name = targets.get(side)
        if name is not None and name in names:
            new_fields[names.index(name)] = text_to_html(value)
    if new_fields == list(fields):
        return []
    session.execute(
        text("UPDATE notes SET fields = :f, mod = :m, updated_at = now() WHERE id = :id"),
        {"f": new_fields, "m": int(datetime.now(UTC).timestamp()), "id": note_id},
    )
    return _render_siblings(session, profile_id, guid, card_id, names, templates, new_fields)


def _render_siblings(
    session: Session,
    profile_id: int,
    guid: str,
    edited: int,
    names: list[str],
    templates: list[dict[str, Any]],
    fields: list[str],
) -> list[int]:
    values = {name: fields[i] if i < len(fields) else "" for i, name in enumerate(names)}
    changed = []
    for card_id, ord_, front, back, media in session.execute(
        text(
            "SELECT id, coalesce(note_ord, 0), front, back, media FROM cards "
            "WHERE profile_id = :p AND note_guid = :g AND id <> :id"
        ),
        {"p": profile_id, "g": guid, "id": edited},
    ).all():
        if ord_ >= len(templates):
            continue
        template = templates[ord_]
        rendered = render_card(
            str(template.get("qfmt") or ""), str(template.get("afmt") or ""), values, cloze=None
        )
        known = {item.get("name") for item in media or [] if isinstance(item, dict)}

        def check(name: str, known: set[Any] = known) -> str | None:
            return name if name in known else None

        new_front = html_to_text_and_media(rendered.question)[0]
        new_back = html_to_text_and_media(rendered.answer)[0]
        if (new_front, new_back) == (front, back):
            continue
        typed = rendered.type_answer
        session.execute(
            text(
                "UPDATE cards SET front = :f, back = :b, front_html = :fh, back_html = :bh, "
                "type_answer = :t, updated_at = now() WHERE id = :id"
            ),
            {
                "f": new_front,
                "b": new_back,
                "fh": formatted(rendered.question, check),
                "bh": formatted(rendered.answer, check),
                "t": html_to_text(typed) if typed is not None else None,
                "id": card_id,
            },
        )
        changed.append(card_id)
    return changed
