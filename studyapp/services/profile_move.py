"""Move a profile, whole, from one database to another: the embedded one to a shared server,
or back (issue 20). ``studyapp move --to URL``; File → Move to server… in the window.

Every row the profile owns is copied, not just what a backup holds: goals with their order and
study options, presets, skills, cards with their FSRS state and notes, choice sets, the review
log (with its in-app flags), note types, jobs and the rate-limit window, the key left for
workers. Rows are read as JSON (``to_jsonb``) and written back with
``jsonb_populate_recordset``, so every column of every table travels, including ones added
after this module was written; ids are new on the target (its sequences), and every reference
(foreign keys, and the plain job ids cards and choices keep) is mapped to them.

All of the target's writes are ONE transaction: a move that fails leaves the target as it was.
It is refused when the target already has a profile of that name with anything in it (an
empty one, as ``studyapp server add-learner`` makes, is filled). Media files are copied before
that commit (and removed again if it fails); the search index is rebuilt on the target after
it. Only then is the profile deleted from the source, with its media folder.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import text

from studyapp.db.database import Database
from studyapp.db.models import Base
from studyapp.errors import BadInput, NotFound
from studyapp.services.interop_media import media_dir

log = logging.getLogger(__name__)

# Tables that never move with a profile (a server's or nobody's rows): server_roles (which role
# is which learner) belongs to a server, never to the profile; workers to no profile.
NOT_MOVED = frozenset({"profiles", "server_roles", "workers"})
# What moves: every other table of the models, in an order where every foreign key points
# backwards (the metadata's own dependency order, so a table added later moves too).
TABLES = tuple(t.name for t in Base.metadata.sorted_tables if t.name not in NOT_MOVED)
# Plain (not foreign key) columns holding another row's id.
PLAIN_REFERENCES = {
    ("cards", "source_job_id"): "jobs",
    ("skill_nodes", "source_job_id"): "jobs",
    ("distractor_sets", "job_id"): "jobs",
    ("job_submissions", "job_id"): "jobs",
    ("goal_materials", "job_id"): "jobs",
}


def _owned_where(table: str) -> str:
    """How the profile's rows of ``table`` are found: its ``profile_id``, or else its one foreign
    key into a table that has one (a goal's skills and materials, a card's choice sets)."""
    model = Base.metadata.tables[table]
    if "profile_id" in model.c:
        return "profile_id = %(p)s"
    (fk,) = [fk for fk in model.foreign_keys if "profile_id" in fk.column.table.c]
    return f"{fk.parent.name} IN (SELECT id FROM {fk.column.table.name} WHERE profile_id = %(p)s)"


# The WHERE of each table's rows of the profile (%(p)s: its id), from the foreign keys.
OWNED_BY = {table: _owned_where(table) for table in TABLES}
CHUNK = 5_000


@dataclass
class MoveResult:
    name: str
    source: str
    target: str
    target_profile_id: int
    rows: dict[str, int] = field(default_factory=dict)
    media_files: int = 0

    def sentence(self) -> str:
        cards, reviews = self.rows.get("cards", 0), self.rows.get("reviews", 0)
        return (
            f"Moved {self.name} to {self.target}: {self.rows.get('goals', 0)} goals, {cards} "
            f"cards, {reviews} reviews, {self.media_files} media files."
        )


def references(table: str) -> dict[str, str]:
    """column -> the table its value is an id of."""
    refs = {
        fk.parent.name: fk.column.table.name
        for fk in Base.metadata.tables[table].foreign_keys
        if fk.column.table.name != "profiles"
    }
    refs.update({col: to for (tab, col), to in PLAIN_REFERENCES.items() if tab == table})
    return refs


def read_profile(raw: psycopg.Connection, profile_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row the profile owns, table by table, as JSON objects (ordered by id)."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        where = OWNED_BY[table]
        order = "id" if "id" in Base.metadata.tables[table].c else "profile_id"
        query = sql.SQL("SELECT to_jsonb(t) FROM {} t WHERE " + where + " ORDER BY " + order)
        rows[table] = [
            r[0] for r in raw.execute(query.format(sql.Identifier(table)), {"p": profile_id})
        ]
    return rows


def _parents_first(rows: list[dict[str, Any]], column: str) -> list[dict[str, Any]]:
    """Rows of a self-referencing table, each after the row it points to."""
    by_id = {r["id"]: r for r in rows}
    done: set[int] = set()
    ordered: list[dict[str, Any]] = []
    for row in rows:
        chain = []
        node: dict[str, Any] | None = row
        while node is not None and node["id"] not in done and node not in chain:
            chain.append(node)
            parent = node.get(column)
            node = by_id.get(parent) if parent is not None else None
        for item in reversed(chain):
            done.add(item["id"])
            ordered.append(item)
    return ordered


def _new_ids(raw: psycopg.Connection, table: str, n: int) -> list[int]:
    if n == 0:
        return []
    return [
        r[0]
        for r in raw.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (table, n),
        )
    ]


def _has_content(raw: psycopg.Connection, profile_id: int) -> bool:
    return bool(
        raw.execute(
            "SELECT EXISTS (SELECT 1 FROM goals WHERE profile_id = %(p)s) "
            "OR EXISTS (SELECT 1 FROM cards WHERE profile_id = %(p)s) "
            "OR EXISTS (SELECT 1 FROM reviews WHERE profile_id = %(p)s) "
            "OR EXISTS (SELECT 1 FROM notes WHERE profile_id = %(p)s)",
            {"p": profile_id},
        ).fetchone()[0]  # type: ignore[index]
    )


def write_profile(
    raw: psycopg.Connection,
    profile: dict[str, Any],
    rows: dict[str, list[dict[str, Any]]],
    target_description: str,
) -> int:
    """Write the profile and its rows in the caller's transaction; returns its id there."""
    found = raw.execute(
        "SELECT id FROM profiles WHERE name = %s FOR UPDATE", (profile["name"],)
    ).fetchone()
    if found is not None:
        new_pid = found[0]
        if _has_content(raw, new_pid):
            raise BadInput(
                f"{target_description} already has a profile named {profile['name']} with "
                "goals or cards in it; nothing was moved. Rename one of them first."
            )
        # An empty profile (add-learner makes one): the moved profile's rows replace its own.
        for table in reversed(TABLES):
            where = OWNED_BY[table]
            raw.execute(
                sql.SQL("DELETE FROM {} WHERE " + where).format(sql.Identifier(table)),
                {"p": new_pid},
            )
        raw.execute(
            "UPDATE profiles SET settings = %s::jsonb WHERE id = %s",
            (json.dumps(profile.get("settings") or {}), new_pid),
        )
    else:
        new_pid = _new_ids(raw, "profiles", 1)[0]
        try:
            raw.execute(
                "INSERT INTO profiles SELECT * FROM jsonb_populate_record(NULL::profiles, %s)",
                (json.dumps(dict(profile, id=new_pid)),),
            )
        except psycopg.errors.UniqueViolation:
            raise BadInput(
                f"{target_description} already has a profile named {profile['name']} (another "
                "learner's); nothing was moved. Rename the profile first."
            ) from None
    ids = {
        table: dict(
            zip((r["id"] for r in rows[table]), _new_ids(raw, table, len(rows[table])), strict=True)
        )
        for table in TABLES
        if "id" in Base.metadata.tables[table].c
    }
    for table in TABLES:
        refs = references(table)
        moved = []
        for row in rows[table]:
            new = dict(row)
            if "id" in new:
                new["id"] = ids[table][row["id"]]
            if "profile_id" in new:
                new["profile_id"] = new_pid
            for column, to in refs.items():
                if new.get(column) is not None:
                    new[column] = ids[to].get(new[column])
            if table == "jobs" and new["status"] == "processing":
                # Work in flight on the source: taken up afresh on the target.
                new.update(status="pending", locked_by=None, heartbeat_at=None)
            moved.append(new)
        self_ref = [c for c, to in refs.items() if to == table]
        if self_ref:
            moved = _parents_first(moved, self_ref[0])
        insert = sql.SQL(
            "INSERT INTO {t} SELECT * FROM jsonb_populate_recordset(NULL::{t}, %s::jsonb)"
        ).format(t=sql.Identifier(table))
        for start in range(0, len(moved), CHUNK):
            raw.execute(insert, (json.dumps(moved[start : start + CHUNK]),))
    return new_pid


def _copy_media(source: Path, target: Path) -> tuple[int, bool]:
    """(files copied, whether ``target`` was made here)."""
    if not source.is_dir() or source.resolve() == target.resolve():
        return (sum(1 for p in source.iterdir() if p.is_file()) if source.is_dir() else 0), False
    made = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    count = 0
    for path in sorted(source.iterdir()):
        if path.is_file():
            shutil.copy2(path, target / path.name)
            count += 1
    return count, made


def move_profile(
    source: Database,
    profile_id: int,
    target: Database,
    *,
    progress: Callable[[str], None] | None = None,
) -> MoveResult:
    """Copy the profile to ``target`` in one transaction there, then delete it from ``source``."""
    say = progress or (lambda _m: None)
    if source.url == target.url:
        raise BadInput("That is the database this profile is in already; nothing was moved.")
    say("reading the profile")
    with source.boundary(), source.connect() as raw:
        found = raw.execute(
            "SELECT to_jsonb(p) FROM profiles p WHERE id = %s", (profile_id,)
        ).fetchone()
        if found is None:
            raise NotFound(f"No profile {profile_id}.")
        profile = found[0]
        rows = read_profile(raw, profile_id)
        raw.rollback()
    say("writing it to the target")
    with target.boundary(), target.connect() as raw:
        try:
            new_pid = write_profile(raw, profile, rows, target.description)
            old_media, new_media = media_dir(source, profile_id), media_dir(target, new_pid)
            copied, made = _copy_media(old_media, new_media)
            try:
                raw.commit()
            except BaseException:
                if made:
                    shutil.rmtree(new_media, ignore_errors=True)
                raise
        except BaseException:
            if not raw.closed:
                raw.rollback()
            raise
    say("indexing its cards for search")
    _index(target, new_pid)
    say("removing it from the source")
    with source.session() as session:
        session.execute(text("DELETE FROM profiles WHERE id = :p"), {"p": profile_id})
    if old_media.is_dir() and old_media.resolve() != new_media.resolve():
        shutil.rmtree(old_media, ignore_errors=True)
    _forget(source, target, [r["id"] for r in rows["cards"]])
    return MoveResult(
        profile["name"],
        source.description,
        target.description,
        new_pid,
        {table: len(rows[table]) for table in TABLES},
        copied,
    )


def _forget(source: Database, target: Database, card_ids: list[int]) -> None:
    """The source's search index drops the cards that left (unless both databases share one
    index folder, as with ``STUDYAPP_VECTORS_DIR``: the ids would be the target's too)."""
    from studyapp.services.card_vectors import drop_cards, vectors_dir

    if vectors_dir(source).resolve() != vectors_dir(target).resolve():
        drop_cards(source, card_ids)


def _index(target: Database, profile_id: int) -> None:
    """Searchable at once on the target (best effort: the index can always be rebuilt)."""
    from studyapp.services.card_vectors import embed_cards

    with target.session() as session:
        ids = list(
            session.execute(
                text("SELECT id FROM cards WHERE profile_id = :p ORDER BY id"), {"p": profile_id}
            ).scalars()
        )
    try:
        embed_cards(target, profile_id, ids, new=True)
    except Exception:
        log.warning("search index not written for the moved profile", exc_info=True)
