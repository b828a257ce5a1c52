"""The backup document (docs/backup-format.md) and the check of every value in it.

A backup comes from a file anyone can edit, so it is hostile until checked. The shape was always
checked; the values were not, and each of these was accepted and broke the profile afterwards:
``fsrs_state: 9`` (study raised "9 is not a valid State"), ``stability: -5`` or ``NaN``, garbage
in ``reviews.previous`` (undo crashed), ``desired_retention`` 5 or NaN (every review refused), a
3,000-deep skill chain (RecursionError on the goal page), deeply nested JSON and
``worker_threads: Infinity`` (uncaught tracebacks), a 200 MB front (the process was killed).

So :func:`check_document` checks every value's type and range before anything is written, and
the first bad one is refused with one message that names it, e.g. ``cards[12].stability: -5 is
not a positive number``. Nothing here recurses (a skill chain or a JSON value of any depth is
walked with an explicit stack), and JSON nested deeper than the parser allows is refused as such.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studyapp.errors import BadInput
from studyapp.limits import DERIVED_CHARS, MAX_CARD_SIDE, MAX_TAG
from studyapp.services import goals as goal_rules
from studyapp.services import settings as settings_rules
from studyapp.services.interop_media import parse_references, unsafe_reason
from studyapp.services.interop_notes import MAX_DURATION_MS
from studyapp.services.interop_notes import MAX_TITLE as MAX_SKILL_TITLE
from studyapp.services.study import SCHEDULE_COLUMNS

FORMAT = "studyapp-backup"
VERSION = 3
DOCUMENT = "backup.json"  # the document's name inside a version 3 backup (a zip)

GOAL_FIELDS = ("id", "title", "description", "archived", "created_at")
NODE_FIELDS = (
    "id",
    "goal_id",
    "parent_id",
    "title",
    "description",
    "position",
    "status",
    "created_at",
)
CARD_FIELDS = (
    "id",
    "goal_id",
    "node_id",
    "front",
    "back",
    "kind",
    "provider",
    "archived",
    "tags",
    "media",
    "source_quote",
    "note_guid",
    "buried_until",
    *SCHEDULE_COLUMNS,
    "created_at",
    "updated_at",
    "note_ord",
    "front_html",
    "back_html",
    "type_answer",
    "anki",
)
DISTRACTOR_FIELDS = ("id", "card_id", "options", "provider", "created_at")
REVIEW_FIELDS = (
    "id",
    "card_id",
    "rating",
    "mode",
    "reviewed_at",
    "duration_ms",
    "previous",
    "anki_log",
)
# Anki's own records (version 3): a note type's JSON model, and a note's field values as Anki
# holds them (written back on export, never shown).
NOTE_TYPE_FIELDS = ("id", "anki_id", "model", "created_at", "updated_at")
NOTE_FIELDS = (
    "id",
    "guid",
    "note_type_id",
    "anki_id",
    "fields",
    "tags",
    "mod",
    "created_at",
    "updated_at",
)
JSON_FIELDS = {"options", "previous", "media", "anki", "model"}
# Fields a record of an older version lacks: (section, field) -> (version that added it, default).
ADDED_IN: dict[tuple[str, str], tuple[int, Any]] = {
    ("cards", "tags"): (2, []),
    ("cards", "media"): (2, []),
    ("cards", "source_quote"): (2, None),
    ("cards", "note_guid"): (3, None),
    ("cards", "buried_until"): (3, None),
    # Version 3 also keeps Anki notes whole: which card of its note, the rich sides, a typed
    # answer, Anki's own card fields, and a review's Anki log.
    ("cards", "note_ord"): (3, None),
    ("cards", "front_html"): (3, None),
    ("cards", "back_html"): (3, None),
    ("cards", "type_answer"): (3, None),
    ("cards", "anki"): (3, None),
    ("reviews", "anki_log"): (3, None),
}
SECTIONS_ADDED_IN = {"note_types": 3, "notes": 3}  # a section an older file lacks: empty
# (section, table, fields, references: field -> section it points into)
SECTIONS: tuple[tuple[str, str, tuple[str, ...], dict[str, str]], ...] = (
    ("goals", "goals", GOAL_FIELDS, {}),
    ("skill_nodes", "skill_nodes", NODE_FIELDS, {"goal_id": "goals", "parent_id": "skill_nodes"}),
    ("cards", "cards", CARD_FIELDS, {"goal_id": "goals", "node_id": "skill_nodes"}),
    ("distractor_sets", "distractor_sets", DISTRACTOR_FIELDS, {"card_id": "cards"}),
    ("reviews", "reviews", REVIEW_FIELDS, {"card_id": "cards"}),
    ("note_types", "note_types", NOTE_TYPE_FIELDS, {}),
    ("notes", "notes", NOTE_FIELDS, {"note_type_id": "note_types"}),
)
OWNED = {"goals", "cards", "reviews", "note_types", "notes"}  # rows carrying profile_id

INT32 = 2**31 - 1
INT64 = 2**63 - 1
MAX_ID = INT64
MAX_PROVIDER = 50
MAX_NOTE_GUID = 200
MAX_OPTION = 2 * DERIVED_CHARS  # choices are 0.5-2x an answer, and answers with choices are short
MAX_STEP = 1_000
MAX_NEW_PER_DAY = 9_999  # the Settings dialog's bound (the format's own, so it stays put)
MAX_SETTINGS_DEPTH = 8  # profile.settings: nesting of an unknown key's value
MAX_SETTINGS_ITEMS = 10_000
MAX_SETTINGS_TEXT = 10_000
MAX_MEDIA_FILES = 200_000
MAX_MEDIA_FILE_BYTES = 512 * 1024 * 1024
NODE_STATUSES = ("ready", "generating", "failed")
CARD_KINDS = ("basic", "cloze")
REVIEW_MODES = ("flip", "choice")
PREVIOUS_KEYS = ("state", "step", "stability", "difficulty", "due", "last_review")
MAX_NOTE_FIELDS = 1_000  # fields of one Anki note
MAX_ANKI_JSON_BYTES = (
    4 * 1024 * 1024
)  # a note type's model (templates and CSS) or Anki's card fields


class Invalid(Exception):
    """One bad value: where (``cards[12].stability``) and what is wrong with it."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


def shown(value: Any) -> str:
    """A value as the message quotes it: short, and never a whole hostile string."""
    if isinstance(value, str):
        return repr(value[:40] + "…") if len(value) > 40 else repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    return repr(value)


# --- value checks: each returns the value to store, or raises Invalid ------------------------

Check = Callable[[Any, str], Any]


def whole(low: int, high: int) -> Check:
    def check(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid(where, f"{shown(value)} is not a whole number from {low} to {high}")
        return value

    return check


def number(low: float, high: float, words: str | None = None) -> Check:
    def check(value: Any, where: str) -> float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or not low <= value <= high:
            raise Invalid(
                where, f"{shown(value)} is not {words or f'a number from {low} to {high}'}"
            )
        return float(value)

    return check


def positive(value: Any, where: str) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value <= 0:
        raise Invalid(where, f"{shown(value)} is not a positive number")
    return float(value)


def text(limit: int, *, required: bool = False) -> Check:
    def check(value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise Invalid(where, f"{shown(value)} is not text")
        if "\x00" in value:
            raise Invalid(where, "contains a NUL character, which text cannot hold")
        if len(value) > limit:
            raise Invalid(where, f"{len(value):,} characters is more than the {limit:,} allowed")
        if required and not value.strip():
            raise Invalid(where, "is empty")
        return value

    return check


def card_side(value: Any, where: str) -> str:
    if isinstance(value, str) and len(value) > MAX_CARD_SIDE:
        raise Invalid(
            where,
            f"{len(value):,} characters is more than a card side holds "
            f"({MAX_CARD_SIDE:,} characters)",
        )
    return text(MAX_CARD_SIDE)(value, where)


def one_of(*choices: str) -> Check:
    def check(value: Any, where: str) -> str:
        if value not in choices:
            raise Invalid(where, f"{shown(value)} is not one of {', '.join(choices)}")
        return value

    return check


def flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise Invalid(where, f"{shown(value)} is not true or false")
    return value


def moment(value: Any, where: str) -> datetime:
    """An ISO 8601 time with its offset (a time without one would be read in the server's
    zone, a different moment on every machine)."""
    try:
        if not isinstance(value, str) or len(value) > 64:
            raise ValueError
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(where, f"{shown(value)} is not a time (ISO 8601 with its offset)") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise Invalid(where, f"{shown(value)} has no time zone offset")
    return parsed


def ident(value: Any, where: str) -> int:
    return whole(-MAX_ID, MAX_ID)(value, where)


def optional(check: Check) -> Check:
    def maybe(value: Any, where: str) -> Any:
        return None if value is None else check(value, where)

    return maybe


def tags(value: Any, where: str) -> list[str]:
    if not isinstance(value, list):
        raise Invalid(where, f"{shown(value)} is not a list of tags")
    for i, tag in enumerate(value):
        at = f"{where}[{i}]"
        text(MAX_TAG, required=True)(tag, at)
        if any(ch.isspace() for ch in tag):
            raise Invalid(at, f"{shown(tag)} contains a space (a tag is one word, like lang::en)")
    return value


def media_refs(value: Any, where: str) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise Invalid(where, f"{shown(value)} is not a list of media references")
    refs = parse_references(value)
    for i, item in enumerate(value):
        at = f"{where}[{i}]"
        if not isinstance(item, dict) or set(item) != {"name", "side"}:
            raise Invalid(at, "is not a {name, side} reference")
        if item["side"] not in ("front", "back"):
            raise Invalid(f"{at}.side", f"{shown(item['side'])} is not front or back")
        name = item["name"]
        reason = unsafe_reason(name) if isinstance(name, str) else "no text"
        if reason:
            raise Invalid(f"{at}.name", f"{shown(name)} is not a safe file name ({reason})")
    assert len(refs) == len(value)
    return value


def options(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or len(value) != 3:
        raise Invalid(where, "is not a list of 3 choices")
    for i, option in enumerate(value):
        text(MAX_OPTION, required=True)(option, f"{where}[{i}]")
    return value


def previous_state(value: Any, where: str) -> dict[str, Any]:
    """A review's ``previous``: the card's FSRS state before it, which undo writes back."""
    if not isinstance(value, dict):
        raise Invalid(where, f"{shown(value)} is not a card state")
    if set(value) != set(PREVIOUS_KEYS):
        raise Invalid(where, f"is not a card state (it needs exactly {', '.join(PREVIOUS_KEYS)})")
    fsrs_state(value, where, prefix="")
    return value


def fsrs_state(record: dict[str, Any], where: str, *, prefix: str = "fsrs_") -> None:
    """The FSRS fields of a card (``fsrs_state`` …) or of a review's ``previous`` (``state`` …),
    each checked, then together: a card in review needs its stability and difficulty."""
    state = whole(1, 3)(record[f"{prefix}state"], f"{where}.{prefix}state")
    optional(whole(0, MAX_STEP))(record[f"{prefix}step"], f"{where}.{prefix}step")
    stability = optional(positive)(record["stability"], f"{where}.stability")
    difficulty = optional(number(1, 10, "a number from 1 to 10"))(
        record["difficulty"], f"{where}.difficulty"
    )
    if (stability is None) != (difficulty is None):
        raise Invalid(where, "has a stability without a difficulty, or the reverse")
    if state in (2, 3) and stability is None:
        raise Invalid(where, "is in review but has no stability and difficulty")
    if prefix == "":  # a review's previous state: times are JSON text, kept as text
        moment(record["due"], f"{where}.due")
        optional(moment)(record["last_review"], f"{where}.last_review")


def anki_log(value: Any, where: str) -> list[int]:
    """A review made in Anki: its revlog's ``[ivl, lastIvl, factor, type]``, written back."""
    if not (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(v, int) and not isinstance(v, bool) and abs(v) <= INT32 for v in value)
    ):
        raise Invalid(where, f"{shown(value)} is not four whole numbers")
    return value


def anki_object(value: Any, where: str) -> dict[str, Any]:
    """Anki's own JSON (a note type's model, a card's scheduling fields): an object of plain,
    finite JSON, bounded in size (templates and CSS can be long, so not plain_json's text cap)."""
    if not isinstance(value, dict):
        raise Invalid(where, f"{shown(value)} is not an object")
    try:
        size = len(json.dumps(value, allow_nan=False))
    except (ValueError, TypeError, RecursionError):
        raise Invalid(where, "is not plain JSON (NaN, Infinity or too deeply nested)") from None
    if size > MAX_ANKI_JSON_BYTES:
        raise Invalid(
            where, f"is {size:,} characters of JSON; the limit is {MAX_ANKI_JSON_BYTES:,}"
        )
    return value


def note_fields(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not value or len(value) > MAX_NOTE_FIELDS:
        raise Invalid(where, f"{shown(value)} is not a list of 1 to {MAX_NOTE_FIELDS} fields")
    return [card_side(field, f"{where}[{i}]") for i, field in enumerate(value)]


# --- per section -----------------------------------------------------------------------------

FIELD_CHECKS: dict[str, dict[str, Check]] = {
    "goals": {
        "id": ident,
        "title": text(goal_rules.MAX_TITLE, required=True),
        "description": text(goal_rules.MAX_DESCRIPTION),
        "archived": flag,
        "created_at": moment,
    },
    "skill_nodes": {
        "id": ident,
        "goal_id": ident,
        "parent_id": optional(ident),
        "title": text(MAX_SKILL_TITLE, required=True),
        "description": text(goal_rules.MAX_DESCRIPTION),
        "position": whole(0, INT32),
        "status": one_of(*NODE_STATUSES),
        "created_at": moment,
    },
    "cards": {
        "id": ident,
        "goal_id": ident,
        "node_id": optional(ident),
        "front": card_side,
        "back": card_side,
        "kind": one_of(*CARD_KINDS),
        "provider": optional(text(MAX_PROVIDER)),
        "archived": flag,
        "tags": tags,
        "media": media_refs,
        "source_quote": optional(text(MAX_CARD_SIDE)),
        "note_guid": optional(text(MAX_NOTE_GUID, required=True)),
        "buried_until": optional(moment),
        "note_ord": optional(whole(0, INT32)),
        "front_html": optional(card_side),
        "back_html": optional(card_side),
        "type_answer": optional(text(MAX_CARD_SIDE)),
        "anki": optional(anki_object),
        "due": moment,
        "last_review": optional(moment),
        "created_at": moment,
        "updated_at": moment,
    },
    "distractor_sets": {
        "id": ident,
        "card_id": ident,
        "options": options,
        "provider": optional(text(MAX_PROVIDER)),
        "created_at": moment,
    },
    "reviews": {
        "id": ident,
        "card_id": ident,
        "rating": whole(1, 4),
        "mode": one_of(*REVIEW_MODES),
        "reviewed_at": moment,
        "duration_ms": optional(whole(0, MAX_DURATION_MS)),
        "previous": optional(previous_state),
        "anki_log": optional(anki_log),
    },
    "note_types": {
        "id": ident,
        "anki_id": whole(-INT64, INT64),
        "model": anki_object,
        "created_at": moment,
        "updated_at": moment,
    },
    "notes": {
        "id": ident,
        "guid": text(MAX_NOTE_GUID, required=True),
        "note_type_id": ident,
        "anki_id": whole(-INT64, INT64),
        "fields": note_fields,
        "tags": tags,
        "mod": whole(-INT64, INT64),
        "created_at": moment,
        "updated_at": moment,
    },
}


# --- the profile -------------------------------------------------------------------------------


def check_settings(value: Any, where: str) -> dict[str, Any]:
    """The profile's settings: the keys Studyapp reads are checked as the settings dialog
    checks them; any other key (a newer build's) is kept if it is plain, bounded JSON."""
    if not isinstance(value, dict):
        raise Invalid(where, f"{shown(value)} is not an object")
    known: dict[str, Check] = {
        "provider": one_of(*settings_rules.PROVIDERS),
        "appearance": one_of(*settings_rules.APPEARANCES),
        "worker_threads": whole(settings_rules.MIN_THREADS, settings_rules.MAX_THREADS),
    }
    for key, check in known.items():
        if key in value:
            check(value[key], f"{where}.{key}")
    if "models" in value:
        models = value["models"]
        if not isinstance(models, dict):
            raise Invalid(f"{where}.models", f"{shown(models)} is not an object")
        for role, name in models.items():
            at = f"{where}.models.{role}"
            text(settings_rules.MAX_MODEL_NAME, required=True)(name, at)
    plain_json(value, where)
    return value


def plain_json(value: Any, where: str) -> None:
    """Bounded, finite JSON: at most ``MAX_SETTINGS_DEPTH`` levels and ``MAX_SETTINGS_ITEMS``
    values, no NaN or Infinity, no long text (walked with a stack)."""
    stack: list[tuple[Any, str, int]] = [(value, where, 0)]
    count = 0
    while stack:
        item, at, depth = stack.pop()
        count += 1
        if count > MAX_SETTINGS_ITEMS:
            raise Invalid(where, f"holds more than {MAX_SETTINGS_ITEMS:,} values")
        if depth > MAX_SETTINGS_DEPTH:
            raise Invalid(at, f"is nested deeper than {MAX_SETTINGS_DEPTH} levels")
        if isinstance(item, dict):
            for key, inner in item.items():
                text(200, required=True)(key, at)
                stack.append((inner, f"{at}.{key}", depth + 1))
        elif isinstance(item, list):
            stack.extend((inner, f"{at}[{i}]", depth + 1) for i, inner in enumerate(item))
        elif isinstance(item, float) and not math.isfinite(item):
            raise Invalid(at, f"{shown(item)} is not a finite number")
        elif isinstance(item, str):
            text(MAX_SETTINGS_TEXT)(item, at)


def check_profile(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid("profile", f"{shown(value)} is not an object")
    for key in ("desired_retention", "new_cards_per_day", "settings"):
        if key not in value:
            raise Invalid("profile", f"lacks {key}")
    number(0.7, 0.99, "a number from 0.70 to 0.99")(
        value["desired_retention"], "profile.desired_retention"
    )
    whole(0, MAX_NEW_PER_DAY)(value["new_cards_per_day"], "profile.new_cards_per_day")
    check_settings(value["settings"], "profile.settings")
    return value


# --- the whole document ------------------------------------------------------------------------


@dataclass(frozen=True)
class MediaFile:
    """One media file inside a version 3 backup: its name (as cards refer to it), size, SHA-1
    and the zip member that holds it (member names are never used as paths)."""

    name: str
    size: int
    sha1: str
    member: str


def parse(raw: bytes, name: str) -> Any:
    """The JSON value of ``raw``; refused, in a sentence, when it is not JSON at all."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"{name} is not a Studyapp backup (not valid JSON: {exc}).") from None
    except RecursionError:
        raise BadInput(
            f"{name} is not a Studyapp backup (its JSON is nested too deeply to read)."
        ) from None


def check_document(data: Any, name: str) -> dict[str, Any]:
    """Check a parsed backup completely (see the module docstring): refuses with one message
    naming the first bad value, changes nothing. Times become ``datetime``; older versions get
    the fields they could not have had."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInput(f"{name} is not a Studyapp backup (no 'format: {FORMAT}' marker).")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BadInput(f"{name} has an invalid backup format version ({shown(version)}).")
    if version > VERSION:
        raise BadInput(
            f"{name} was made by a newer Studyapp (backup format {version}; this version reads "
            f"format {VERSION} and older). Update Studyapp to restore it; nothing was changed."
        )
    try:
        _check_all(data, version)
    except Invalid as exc:
        raise BadInput(f"{name} cannot be restored: {exc}. Nothing was changed.") from None
    return data


def _check_all(data: dict[str, Any], version: int) -> None:
    check_profile(data.get("profile"))
    for section, _table, fields, _refs in SECTIONS:
        if version < SECTIONS_ADDED_IN.get(section, 0):
            data.setdefault(section, [])
        records = data.get(section)
        if not isinstance(records, list):
            raise Invalid(section, "is missing or not a list")
        checks = FIELD_CHECKS[section]
        for index, record in enumerate(records):
            where = f"{section}[{index}]"
            if not isinstance(record, dict):
                raise Invalid(where, f"{shown(record)} is not an object")
            for (added_section, field), (since, default) in ADDED_IN.items():
                if added_section == section and version < since:
                    record.setdefault(field, copy.copy(default))
            missing = [f for f in fields if f not in record]
            if missing:
                raise Invalid(where, f"lacks {', '.join(missing)}")
            for field, check in checks.items():
                record[field] = check(record[field], f"{where}.{field}")
            if section == "cards":
                fsrs_state(record, where)
    _check_references(data)
    _check_tree(data["skill_nodes"])
    if version >= 3:
        data["media_files"] = check_media_list(data.get("media_files", []))
    else:
        data["media_files"] = []


def _check_references(data: dict[str, Any]) -> None:
    ids: dict[str, dict[int, dict[str, Any]]] = {}
    for section, _table, _fields, _refs in SECTIONS:
        seen: dict[int, dict[str, Any]] = {}
        for index, record in enumerate(data[section]):
            if record["id"] in seen:
                raise Invalid(f"{section}[{index}].id", f"{record['id']} appears twice")
            seen[record["id"]] = record
        ids[section] = seen
    for section, _table, _fields, refs in SECTIONS:
        for index, record in enumerate(data[section]):
            for field, target in refs.items():
                ref = record[field]
                if ref is not None and ref not in ids[target]:
                    raise Invalid(
                        f"{section}[{index}].{field}",
                        f"{ref} is not the id of a record in {target}",
                    )
    nodes = ids["skill_nodes"]
    for index, node in enumerate(data["skill_nodes"]):
        parent = node["parent_id"]
        if parent is not None and nodes[parent]["goal_id"] != node["goal_id"]:
            raise Invalid(f"skill_nodes[{index}].parent_id", f"{parent} is a skill of another goal")
    for index, card in enumerate(data["cards"]):
        node = card["node_id"]
        if node is not None and nodes[node]["goal_id"] != card["goal_id"]:
            raise Invalid(f"cards[{index}].node_id", f"{node} is a skill of another goal")


def _check_tree(nodes: list[dict[str, Any]]) -> None:
    """No cycle among the skills (climbing each chain once, with a stack: any depth)."""
    parent_of = {n["id"]: n["parent_id"] for n in nodes}
    settled: set[int] = set()
    for index, node in enumerate(nodes):
        trail: list[int] = []
        on_trail: set[int] = set()
        current: int | None = node["id"]
        while current is not None and current not in settled:
            if current in on_trail:
                raise Invalid(f"skill_nodes[{index}]", "is part of a cycle of skills")
            trail.append(current)
            on_trail.add(current)
            current = parent_of[current]
        settled.update(trail)


def check_media_list(value: Any) -> list[MediaFile]:
    if not isinstance(value, list):
        raise Invalid("media_files", f"{shown(value)} is not a list")
    if len(value) > MAX_MEDIA_FILES:
        raise Invalid("media_files", f"lists more than {MAX_MEDIA_FILES:,} files")
    out: list[MediaFile] = []
    names: set[str] = set()
    for index, item in enumerate(value):
        where = f"media_files[{index}]"
        if not isinstance(item, dict) or set(item) != {"name", "size", "sha1", "member"}:
            raise Invalid(where, "is not a {name, size, sha1, member} object")
        name = item["name"]
        reason = unsafe_reason(name) if isinstance(name, str) else "no text"
        if reason:
            raise Invalid(f"{where}.name", f"{shown(name)} is not a safe file name ({reason})")
        if name in names:
            raise Invalid(f"{where}.name", f"{shown(name)} appears twice")
        names.add(name)
        size = whole(0, MAX_MEDIA_FILE_BYTES)(item["size"], f"{where}.size")
        sha1 = item["sha1"]
        if not isinstance(sha1, str) or len(sha1) != 40 or not _hex(sha1):
            raise Invalid(f"{where}.sha1", f"{shown(sha1)} is not a SHA-1 (40 hex digits)")
        member = item["member"]
        if not isinstance(member, str) or member != f"media/{index}":
            raise Invalid(f"{where}.member", f"{shown(member)} is not media/{index}")
        out.append(MediaFile(name, size, sha1.lower(), member))
    return out


def _hex(value: str) -> bool:
    return all(ch in "0123456789abcdefABCDEF" for ch in value)
