"""What the three generation handlers share: provider choice, error translation, the material
of a job (its own, or its parent's for a chunk), and the vector store of the job's database."""

from __future__ import annotations

import base64
import logging
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select, text

from studyapp.db import urls
from studyapp.db.database import Database
from studyapp.db.models import Profile
from studyapp.errors import BadInput
from studyapp.generation import paying_keys
from studyapp.generation.choice import make_provider
from studyapp.generation.errors import GenerationError, TransientGenerationError
from studyapp.generation.keys import KeyLookup
from studyapp.generation.provider import Provider
from studyapp.generation.settings import resolve
from studyapp.generation.types import MarkedTerm, Usage
from studyapp.handlers import compute
from studyapp.jobs.contract import JobContext, PermanentError, TransientError
from studyapp.jobs.interrupt import closing
from studyapp.vectors.store import VectorStore, vectors_dir_for

log = logging.getLogger(__name__)

MIN_MATERIAL = 50
MAX_MATERIAL_BYTES = 2_000_000  # what the learner gives (services/material.check_size)
MAX_CLEANED_BYTES = 2 * MAX_MATERIAL_BYTES  # a job's cleaned material: see check_material
INLINE_MATERIAL_BYTES = 300_000  # above this the payload carries the material compressed
MAX_FEEDBACK = 2_000
T = TypeVar("T")


@dataclass(frozen=True)
class HandlerEnv:
    """Injected collaborators (tests pass a tmp vectors dir or a scripted provider). The store
    and the provider come through :mod:`studyapp.handlers.compute`, which runs their work in
    the window's compute processes when it has them."""

    vectors_dir: Path | None = None
    provider_factory: Callable[[Mapping[str, Any]], Provider] | None = None

    def store(self, db: Database) -> VectorStore:
        directory = self.vectors_dir
        if directory is None:
            directory = vectors_dir_for(db.embedded_dir, urls.describe(db.url))
        return compute.store(directory)

    def requires(self, db: Database, profile_id: int) -> str | None:
        """At submission: a Claude job is paid by its own profile's key (``key:<id>``), when
        that profile has one this process can see and has not chosen the offline generator."""
        if self.provider_factory is not None:
            return None  # a test's scripted provider: no key involved
        if resolve(self._settings(db, profile_id)).provider == "offline":
            return None
        return paying_keys.requirement(db, profile_id)

    def _settings(self, db: Database, profile_id: int) -> dict[str, Any]:
        with db.session() as session:
            settings = session.execute(
                select(Profile.settings).where(Profile.id == profile_id)
            ).scalar_one_or_none()
        return dict(settings or {})

    def provider(self, db: Database, profile_id: int, requires: str | None = None) -> Provider:
        """The job's provider. A job that requires its profile's key (``requires``) gets
        Claude with exactly that key; one that requires nothing never gets a key at all (it
        runs offline, or fails saying there is no key when Claude was chosen)."""
        settings = self._settings(db, profile_id)
        try:
            if self.provider_factory is not None:
                made = self.provider_factory(settings)
            else:
                made = make_provider(settings, key=self._key(db, profile_id, requires))
            # Closed under the job if the app quits mid-call (the call returns at once).
            return closing(compute.provider(made))
        except GenerationError as exc:
            raise translate(exc) from None

    def _key(self, db: Database, profile_id: int, requires: str | None) -> KeyLookup:
        if requires is None:
            return KeyLookup(None, "none", "this job was asked for without a key")
        if paying_keys.profile_of(requires) != profile_id:
            raise PermanentError("This job names another profile's key; it was not run.")
        key = paying_keys.key_for(db, profile_id)
        if key is None:  # the key went away since the claim: leave it for a worker with it
            raise TransientError("This worker no longer has the key of the job's profile.")
        return KeyLookup(key, "profile")


def translate(exc: GenerationError) -> TransientError | PermanentError:
    if isinstance(exc, TransientGenerationError):
        return TransientError(str(exc), retry_after=exc.retry_after, kind=exc.kind)
    return PermanentError(str(exc), kind=exc.kind)


def call(ctx: JobContext, fn: Callable[[], T]) -> T:
    """Run a provider call: record its usage (also of a failed call) and translate errors."""
    try:
        result = fn()
    except GenerationError as exc:
        if exc.usage is not None:
            add_usage(ctx, exc.usage)
        raise translate(exc) from None
    usage = getattr(result, "usage", None)
    if isinstance(usage, Usage):
        add_usage(ctx, usage)
    return result


def add_usage(ctx: JobContext, usage: Usage) -> None:
    if usage.input_tokens or usage.output_tokens or usage.cost_usd:
        ctx.add_usage(usage.input_tokens, usage.output_tokens, usage.cost_usd)


# -- material in payloads -------------------------------------------------------------------
def pack_material(material: str) -> dict[str, str]:
    """The payload field(s) for ``material``: plain when small, zlib+base64 when large, so a
    2 MB text fits the engine's 1 MB payload limit (prose compresses 3-4x)."""
    raw = material.encode("utf-8")
    if len(raw) <= INLINE_MATERIAL_BYTES:
        return {"material": material}
    return {"material_z": base64.b64encode(zlib.compress(raw, 9)).decode("ascii")}


def unpack_material(payload: Mapping[str, Any]) -> str:
    if isinstance(payload.get("material"), str):
        return payload["material"]
    packed = payload.get("material_z")
    if isinstance(packed, str):
        try:
            return zlib.decompress(base64.b64decode(packed)).decode("utf-8")
        except (ValueError, zlib.error, UnicodeDecodeError):
            raise BadInput("The job's material is corrupt.") from None
    return ""


def check_material(material: str) -> None:
    """What a job's (cleaned) material must be for a handler to work on it. The learner's size
    limit (``MAX_MATERIAL_BYTES``) is not applied here: it is checked once, on what the learner
    gave, before cleaning (``services/material.check_size``); cleaning may lengthen a text a
    little (a 2,000,000-byte Markdown file became 2,000,637 bytes), and refusing it here
    refused a file of exactly the documented size. ``MAX_CLEANED_BYTES`` only stops a payload
    no learner input can produce."""
    size = len(material.encode("utf-8"))
    if size > MAX_CLEANED_BYTES:
        raise BadInput(
            f"The job's material is too large to work on ({size:,} bytes; at most "
            f"{MAX_CLEANED_BYTES:,})."
        )
    if len(material.strip()) < MIN_MATERIAL:
        raise BadInput(
            f"The material is too short ({len(material.strip())} characters): cards need at "
            f"least {MIN_MATERIAL} characters of text to work from."
        )
    if "\x00" in material:
        raise BadInput("The material contains NUL bytes: it looks like a binary file, not text.")


def validated_material(payload: Mapping[str, Any]) -> dict[str, str]:
    if "material" in payload or "material_z" in payload:
        material = unpack_material(payload)
        check_material(material)
        return pack_material(material)
    return {}


MAX_MARKS = 1_000  # cleaning.marks.MAX_MARKS: the most a material gives
MAX_MARK_CHARS = 1_000  # a mark's term and context (cleaning.marks keeps ~600 of context)


def pack_marks(marks: tuple[MarkedTerm, ...]) -> dict[str, list[list[str]]]:
    """The payload field for the material's marked terms (none: no field)."""
    return {"marked": [[m.term, m.context] for m in marks]} if marks else {}


def unpack_marks(payload: Mapping[str, Any]) -> tuple[MarkedTerm, ...]:
    """The job's marked terms; a malformed field is refused (see :func:`validated_marks`)."""
    value = payload.get("marked")
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_MARKS:
        raise BadInput("The job's marked terms are not a list of at most 1000 marks.")
    out = []
    for item in value:
        if not (
            isinstance(item, list)
            and len(item) == 2
            and all(isinstance(x, str) and len(x) <= MAX_MARK_CHARS for x in item)
        ):
            raise BadInput("A marked term is a term and its context, both short text.")
        out.append(MarkedTerm(item[0], item[1]))
    return tuple(out)


def validated_marks(payload: Mapping[str, Any]) -> dict[str, list[list[str]]]:
    return pack_marks(unpack_marks(payload))


def job_material(ctx: JobContext) -> str:
    """This job's material, or (for a chunk or a branch) its parent's."""
    own = unpack_material(ctx.job.payload)
    if own or ctx.job.parent_id is None:
        return own
    with ctx.db.session() as session:
        payload = session.execute(
            text("SELECT payload FROM jobs WHERE id = :id AND profile_id = :p"),
            {"id": ctx.job.parent_id, "p": ctx.job.profile_id},
        ).scalar_one_or_none()
    if payload is None:
        raise PermanentError("The material this part belonged to is gone (its job was deleted).")
    return unpack_material(payload)


def goal_and_node(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The part every goal-scoped payload shares: a goal id and, optionally, a skill node id."""
    clean: dict[str, Any] = {"goal_id": positive_int(payload, "goal_id")}
    node_id = positive_int(payload, "node_id", required=False)
    if node_id is not None:
        clean["node_id"] = node_id
    return clean


def positive_int(payload: Mapping[str, Any], key: str, *, required: bool = True) -> int | None:
    value = payload.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise BadInput(f"{key} must be a positive whole number (got {value!r}).")
    return value
