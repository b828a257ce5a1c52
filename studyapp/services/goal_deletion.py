"""Deleting a goal, with an undo that lasts until the app closes.

The design, and why:

- **The delete is real at once.** One transaction deletes the goal row and PostgreSQL's
  ``ON DELETE CASCADE`` takes its skills, cards, choices, reviews and jobs. Every other process
  (a CLI command, a ``studyapp worker``, another window) sees the goal gone the moment it
  commits; no "deleted" flag that every query of the app would have to remember to skip.
- **The undo copy is taken in the same transaction**, after locking what the cascade will
  remove, so nothing can change between the copy and the delete: the goal's jobs (in id order,
  the order the engine's completer locks them, so a completion in progress finishes first and
  its cards are in the copy), the goal's advisory lock (what generation, imports and hand-made
  cards take before adding cards), the goal row (no new skill, card or job can reference it)
  and its cards (no new review or choice). Which tables: every table reaching ``goals`` through
  ``ON DELETE CASCADE`` foreign keys, read from the models' metadata, so a table added later is
  copied too. Each row is PostgreSQL's own ``to_jsonb``; undo puts the rows back with
  ``jsonb_populate_recordset``, so types, ids, FSRS states, review logs and job histories come
  back exactly. The copy is a gzip file (one row per line) in the window's undo folder, not
  memory: a 10,000-card goal's copy stays out of the window's heap.
- **Running jobs:** a job of the goal running in a worker finds its row gone: its heartbeat
  stops it (the window's own pool is asked at once; another process within its heartbeat
  interval) and the engine's completion guard refuses its result, so nothing is written into a
  goal that no longer exists. Undo puts the jobs back; one that was running is given back to
  pending without spending an attempt (as a release at quit), so it runs again.
- **Vectors and media stay until the deletion is final** (the app closes, or at once for the
  CLI), so an undo needs no re-embedding and no file copies. Then the goal's vectors are
  dropped and each media file only its cards used is removed, unless another card of the
  profile refers to it by then or it was written after the delete (an import reusing it).
- **A crash before the app closes:** the deletion had committed, so it stands. The undo file
  belongs to a session that holds an inter-process lock on ``<session>.lock`` for as long as
  the process lives; the next start finds the lock free, finishes the clean-up (vectors,
  media) and removes the file. A copy whose goal still exists (the process died before the
  delete committed) is just removed.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import os
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Table, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from studyapp.db import urls
from studyapp.db.database import Database
from studyapp.db.identity import database_key
from studyapp.db.locks import goal_lock
from studyapp.db.models import Base
from studyapp.errors import BadInput, NotFound
from studyapp.plural import counted
from studyapp.services.goals import GoalInfo, get_goal
from studyapp.services.interop_media import media_dir, unsafe_reason
from studyapp.vectors.purge import drop_goal_rows
from studyapp.vectors.store import vectors_dir_for

log = logging.getLogger(__name__)

FORMAT = "studyapp-deleted-goal"
VERSION = 1
BATCH_ROWS = 2_000  # rows per INSERT on undo
BATCH_CHARS = 16_000_000  # … or fewer, so one statement's JSON stays far below jsonb's limit
DEADLOCK_RETRIES = 3
STALE_FOREIGN_DAYS = 30  # a copy made on another database is dropped after this long

# Sessions of this process (several windows in one test process each have one): never taken
# for abandoned ones.
_OUR_SESSIONS: set[str] = set()


def _try_lock(path: Path) -> IO[bytes] | None:
    """An exclusive lock on ``path`` (made if missing) held by the open file, or None when
    another process holds it. The operating system drops it when the process dies, however it
    dies: that is what tells a crashed session from a live one."""
    handle = path.open("a+b")
    try:
        if sys.platform == "win32":  # (the spelling a type checker reads per platform)
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


# -- what the cascade takes ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Edge:
    child: Table
    column: str  # the child's foreign key column
    parent_column: str  # the referred column of the parent (its primary key)


def _cascade_edges() -> dict[str, list[_Edge]]:
    """parent table → the tables whose rows its deletion cascades to (from the models)."""
    edges: dict[str, list[_Edge]] = defaultdict(list)
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_key_constraints:
            if (fk.ondelete or "").upper() != "CASCADE":
                continue
            (column,) = fk.column_keys  # the schema's cascades are single-column
            (element,) = fk.elements
            edges[fk.referred_table.name].append(_Edge(table, column, element.column.name))
    return edges


def _key(table: Table) -> str:
    (column,) = table.primary_key.columns  # every table a goal cascades to has an id
    return column.name


def _closure(session: Session, goal_id: int) -> dict[str, list[Any]]:
    """table name → primary keys of every row deleting the goal would delete."""
    edges = _cascade_edges()
    found: dict[str, set[Any]] = defaultdict(set)
    found["goals"].add(goal_id)
    frontier: list[tuple[str, list[Any]]] = [("goals", [goal_id])]
    while frontier:
        parent, keys = frontier.pop()
        for edge in edges.get(parent, []):
            rows = session.execute(
                text(
                    f"SELECT {_key(edge.child)} FROM {edge.child.name} "
                    f"WHERE {edge.column} = ANY(:keys)"
                ),
                {"keys": keys},
            ).scalars()
            new = [k for k in rows if k not in found[edge.child.name]]
            if new:
                found[edge.child.name].update(new)
                frontier.append((edge.child.name, new))
    return {name: sorted(keys) for name, keys in found.items() if keys}


def _ordered_tables(names: set[str]) -> list[Table]:
    """The tables in ``names``, referred tables first (the order rows can be put back in)."""
    return [t for t in Base.metadata.sorted_tables if t.name in names]


def _self_column(table: Table) -> str | None:
    """The column by which a table refers to itself (a skill's parent, a job's parent)."""
    for fk in table.foreign_key_constraints:
        if fk.referred_table is table:
            return fk.column_keys[0]
    return None


# -- the question ---------------------------------------------------------------------------------


def cards_and_reviews(cards: int, reviews: int) -> str:
    """ "12 cards and 340 reviews", or "4 cards (not studied yet)": "0 reviews" reads like a
    count that went wrong."""
    if reviews:
        return f"{counted(cards, 'card')} and {counted(reviews, 'review')}"
    return f"{counted(cards, 'card')} (not studied yet)"


@dataclass(frozen=True)
class GoalContents:
    """What deleting a goal would take, for the question asked first."""

    goal_id: int
    title: str
    cards: int
    reviews: int
    skills: int

    def question(self) -> str:
        what = f"Its {cards_and_reviews(self.cards, self.reviews)} go with it"
        if not self.cards:
            what = "It has no cards yet"
        skills = f" ({counted(self.skills, 'skill')} in its tree)" if self.skills else ""
        return (
            f"Delete the goal \u201c{self.title}\u201d? {what}{skills}. You can undo this "
            "until you close Studyapp."
        )


def goal_contents(db: Database, profile_id: int, goal_id: int) -> GoalContents:
    with db.session() as session:
        row = session.execute(
            text(
                "SELECT g.title, "
                "(SELECT count(*) FROM cards c WHERE c.goal_id = g.id), "
                "(SELECT count(*) FROM reviews r JOIN cards c ON c.id = r.card_id "
                " WHERE c.goal_id = g.id), "
                "(SELECT count(*) FROM skill_nodes n WHERE n.goal_id = g.id) "
                "FROM goals g WHERE g.id = :g AND g.profile_id = :p"
            ),
            {"g": goal_id, "p": profile_id},
        ).first()
    if row is None:
        raise NotFound(f"No goal {goal_id}.")
    return GoalContents(goal_id, row[0], int(row[1]), int(row[2]), int(row[3]))


# -- where undo copies live ------------------------------------------------------------------------


class UndoFolder:
    """This process's undo copies in ``folder`` and the lock saying the process still lives.

    The lock (``<session>.lock``) is taken with the first deletion and held until
    :meth:`close`; copies are ``<session>-goal-<id>.jsonl.gz``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.session = f"{os.getpid()}-{uuid.uuid4().hex[:10]}"
        _OUR_SESSIONS.add(self.session)
        self._lock: IO[bytes] | None = None

    def path_for(self, goal_id: int) -> Path:
        return self.folder / f"{self.session}-goal-{int(goal_id)}.jsonl.gz"

    def hold(self) -> None:
        if self._lock is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        lock = _try_lock(self.folder / f"{self.session}.lock")
        if lock is None:  # a fresh uuid: cannot happen short of a bug
            raise BadInput(f"The undo folder {self.folder} is locked by another process.")
        self._lock = lock

    def close(self) -> None:
        """Release the lock (the copies must be finished first) and remove the lock file."""
        lock, self._lock = self._lock, None
        if lock is not None:
            with contextlib.suppress(OSError):
                (self.folder / f"{self.session}.lock").unlink()
            lock.close()
        _OUR_SESSIONS.discard(self.session)


# -- delete -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeletedGoal:
    """A deletion, as the window keeps it for Undo."""

    goal_id: int
    profile_id: int
    title: str
    cards: int
    reviews: int
    copy: Path | None  # the undo copy; None once final

    def sentence(self) -> str:
        if not self.cards:
            return f"Deleted the goal \u201c{self.title}\u201d."
        return (
            f"Deleted the goal \u201c{self.title}\u201d with its "
            f"{cards_and_reviews(self.cards, self.reviews)}."
        )


def _is_deadlock(exc: DBAPIError) -> bool:
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "40P01"


def delete_goal(
    db: Database, profile_id: int, goal_id: int, *, undo: UndoFolder | None = None
) -> DeletedGoal:
    """Delete the goal and everything in it. With ``undo``, a copy is kept there first (in the
    same transaction: no copy, no delete) and the deletion stays undoable until
    :func:`finish_deletion`; without, it is final at once (the CLI)."""
    for attempt in range(DEADLOCK_RETRIES):
        try:
            deleted = _delete_once(db, profile_id, goal_id, undo)
            break
        except DBAPIError as exc:  # a lock cycle with a heartbeat or a review: try again
            if not _is_deadlock(exc) or attempt == DEADLOCK_RETRIES - 1:
                raise
            log.info("deleting goal %s met a deadlock; retrying", goal_id)
    if undo is None:
        finish_deletion(db, deleted)
        return replace(deleted, copy=None)
    return deleted


def _delete_once(
    db: Database, profile_id: int, goal_id: int, undo: UndoFolder | None
) -> DeletedGoal:
    copy = undo.path_for(goal_id) if undo is not None else None
    started = time.time()
    try:
        with db.session() as session:
            session.execute(
                text("SELECT id FROM jobs WHERE goal_id = :g ORDER BY id FOR UPDATE"),
                {"g": goal_id},
            ).all()
            goal_lock(session, goal_id)
            title = session.execute(
                text("SELECT title FROM goals WHERE id = :g AND profile_id = :p FOR UPDATE"),
                {"g": goal_id, "p": profile_id},
            ).scalar_one_or_none()
            if title is None:
                raise NotFound(f"No goal {goal_id}.")
            session.execute(
                text("SELECT id FROM cards WHERE goal_id = :g ORDER BY id FOR UPDATE"),
                {"g": goal_id},
            ).all()
            keys = _closure(session, goal_id)
            media = sorted(
                session.execute(
                    text(
                        "SELECT DISTINCT m->>'name' FROM cards c, "
                        "jsonb_array_elements(CASE WHEN jsonb_typeof(c.media) = 'array' "
                        "THEN c.media ELSE '[]'::jsonb END) m "
                        "WHERE c.goal_id = :g AND m->>'name' IS NOT NULL"
                    ),
                    {"g": goal_id},
                ).scalars()
            )
            header = {
                "format": FORMAT,
                "version": VERSION,
                "database": database_key(db),
                "profile_id": profile_id,
                "goal_id": goal_id,
                "title": title,
                "deleted_at": started,
                "media": media,
                "counts": {name: len(ids) for name, ids in keys.items()},
            }
            if undo is not None and copy is not None:
                try:
                    undo.hold()
                except OSError as exc:
                    raise BadInput(
                        "Nothing was deleted: the undo copy could not be kept in "
                        f"{undo.folder} ({exc})."
                    ) from exc
                _write_copy(session, copy, header, keys)
            session.execute(text("DELETE FROM goals WHERE id = :g"), {"g": goal_id})
    except BaseException:
        if copy is not None:
            with contextlib.suppress(OSError):
                copy.unlink()
        raise
    counts = header["counts"]
    return DeletedGoal(
        goal_id,
        profile_id,
        title,
        counts.get("cards", 0),
        counts.get("reviews", 0),
        copy,
    )


def _write_copy(session: Session, path: Path, header: dict[str, Any], keys: dict) -> None:
    """Header line, then each table's rows (referred tables first), one JSON row a line;
    written to a temporary name and renamed, so a copy is complete or absent."""
    partial = path.with_name(path.name + ".part")
    try:
        with gzip.open(partial, "wt", encoding="utf-8", compresslevel=3) as out:
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            for table in _ordered_tables(set(keys)):
                ids = keys[table.name]
                out.write(json.dumps({"table": table.name, "rows": len(ids)}) + "\n")
                written = 0
                result = session.execute(
                    text(
                        f"SELECT to_jsonb(t)::text FROM {table.name} t "
                        f"WHERE {_key(table)} = ANY(:ids) ORDER BY {_key(table)}"
                    ).execution_options(yield_per=1000),
                    {"ids": ids},
                )
                for (line,) in result:
                    out.write(line + "\n")  # jsonb's text has no raw line breaks
                    written += 1
                if written != len(ids):
                    raise RuntimeError(f"{table.name}: copied {written} of {len(ids)} rows")
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise BadInput(
            f"Nothing was deleted: the undo copy could not be written to {path.parent} ({exc})."
        ) from exc


# -- undo ----------------------------------------------------------------------------------------


def _read_header(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = json.loads(handle.readline())
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise BadInput(f"{path.name} is not an undo copy this Studyapp can read.")
    return header


def _sections(path: Path) -> Iterator[tuple[str, Iterator[str]]]:
    """(table, its rows as JSON text) in the copy's order; each section's rows must be read
    before the next section is asked for."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        handle.readline()  # the header
        while line := handle.readline():
            section = json.loads(line)
            count = int(section["rows"])
            yield section["table"], (handle.readline().rstrip("\n") for _ in range(count))


def _insert_sql(table: Table) -> str:
    """INSERT of rows given as a JSON array; a nullable reference to a row outside the copy
    that is gone by now (a study preset deleted meanwhile) becomes NULL."""
    inside = {edge.child.name for edges in _cascade_edges().values() for edge in edges}
    inside.add("goals")
    names = [c.name for c in table.columns]
    picks = []
    for column in table.columns:
        outward = next(
            (
                fk
                for fk in column.foreign_keys
                if fk.column.table.name not in inside and column.nullable
            ),
            None,
        )
        if outward is None:
            picks.append(f"r.{column.name}")
        else:
            target = outward.column
            picks.append(
                f"CASE WHEN EXISTS (SELECT 1 FROM {target.table.name} x "
                f"WHERE x.{target.name} = r.{column.name}) THEN r.{column.name} END"
            )
    return (
        f"INSERT INTO {table.name} ({', '.join(names)}) SELECT {', '.join(picks)} "
        f"FROM jsonb_populate_recordset(NULL::{table.name}, CAST(:rows AS jsonb)) r"
    )


def _batches(rows: Iterator[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for row in rows:
        batch.append(row)
        size += len(row)
        if len(batch) >= BATCH_ROWS or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _parents_first(rows: list[str], self_column: str, key: str) -> list[str]:
    """A self-referencing table's rows, each after the row it refers to."""
    parsed = [(json.loads(r), r) for r in rows]
    present = {p[key] for p, _ in parsed}
    children: dict[Any, list[tuple[dict, str]]] = defaultdict(list)
    roots = []
    for p, raw in parsed:
        parent = p.get(self_column)
        if parent is None or parent not in present:
            roots.append((p, raw))
        else:
            children[parent].append((p, raw))
    out: list[str] = []
    stack = list(reversed(roots))
    while stack:
        p, raw = stack.pop()
        out.append(raw)
        stack.extend(reversed(children.pop(p[key], [])))
    return out


def undo_delete(db: Database, deleted: DeletedGoal) -> GoalInfo:
    """Put the goal back exactly as it was; the copy is removed once it is back."""
    if deleted.copy is None or not deleted.copy.is_file():
        raise BadInput(f"The goal \u201c{deleted.title}\u201d can no longer be brought back.")
    _read_header(deleted.copy)
    jobs: list[int] = []
    try:
        with db.session() as session:
            exists = session.execute(
                text("SELECT 1 FROM goals WHERE id = :g"), {"g": deleted.goal_id}
            ).first()
            if exists is not None:
                raise BadInput(f"The goal \u201c{deleted.title}\u201d is already back.")
            tables = {t.name: t for t in Base.metadata.sorted_tables}
            for name, rows in _sections(deleted.copy):
                table = tables[name]
                self_column = _self_column(table)
                ordered = (
                    iter(_parents_first(list(rows), self_column, _key(table)))
                    if self_column is not None
                    else rows
                )
                sql = text(_insert_sql(table))
                for batch in _batches(ordered):
                    session.execute(sql, {"rows": "[" + ",".join(batch) + "]"})
            jobs = _restored_jobs(session, deleted.goal_id)
    except IntegrityError as exc:
        raise BadInput(
            f"The goal \u201c{deleted.title}\u201d could not be brought back: something it "
            "belongs to (its profile) is gone."
        ) from exc
    log.info("goal %s brought back (%s job(s) to run again)", deleted.goal_id, len(jobs))
    with contextlib.suppress(OSError):
        deleted.copy.unlink()
    return get_goal(db, deleted.profile_id, deleted.goal_id)


def _restored_jobs(session: Session, goal_id: int) -> list[int]:
    """Jobs that were running when the goal was deleted go back to pending without spending
    the attempt their claim took (what a release at quit does): their worker lost them."""
    return list(
        session.execute(
            text(
                "UPDATE jobs SET status = 'pending', attempts = GREATEST(attempts - 1, 0), "
                "locked_by = NULL, heartbeat_at = NULL, cancel_requested = false, "
                "run_after = now(), updated_at = now() "
                "WHERE goal_id = :g AND status = 'processing' AND locked_by IS NOT NULL "
                "RETURNING id"
            ),
            {"g": goal_id},
        ).scalars()
    )


# -- final --------------------------------------------------------------------------------------


def finish_deletion(db: Database, deleted: DeletedGoal) -> None:
    """Make a deletion final: drop the goal's vectors and the media files only its cards used,
    then the undo copy. Idempotent; best effort for the derived data (logged, never raised)."""
    header = None
    if deleted.copy is not None and deleted.copy.is_file():
        try:
            header = _read_header(deleted.copy)
        except (OSError, ValueError, BadInput, EOFError):
            log.warning("unreadable undo copy %s", deleted.copy, exc_info=True)
    _clean_up(db, deleted.profile_id, deleted.goal_id, header)
    if deleted.copy is not None:
        with contextlib.suppress(OSError):
            deleted.copy.unlink()


def _goal_exists(db: Database, goal_id: int) -> bool:
    with db.session() as session:
        found = session.execute(text("SELECT 1 FROM goals WHERE id = :g"), {"g": goal_id})
        return found.first() is not None


def _clean_up(db: Database, profile_id: int, goal_id: int, header: dict[str, Any] | None) -> None:
    if _goal_exists(db, goal_id):
        return  # the delete never committed (or was undone): nothing is garbage
    _drop_media(db, profile_id, header)
    try:
        drop_goal_rows(vectors_dir_for(db.embedded_dir, urls.describe(db.url)), goal_id)
    except Exception:
        log.warning("could not drop the vectors of deleted goal %s", goal_id, exc_info=True)


def _drop_media(db: Database, profile_id: int, header: dict[str, Any] | None) -> None:
    """Remove the media files only the deleted cards used (re-checked against the profile's
    cards now, and never one written since the delete: an import reusing it)."""
    names = [n for n in (header["media"] if header else []) if not unsafe_reason(n)]
    if not names:
        return
    with db.session() as session:
        used = set(
            session.execute(
                text(
                    "SELECT DISTINCT m->>'name' FROM cards c, "
                    "jsonb_array_elements(CASE WHEN jsonb_typeof(c.media) = 'array' "
                    "THEN c.media ELSE '[]'::jsonb END) m "
                    "WHERE c.profile_id = :p AND m->>'name' = ANY(:names)"
                ),
                {"p": profile_id, "names": names},
            ).scalars()
        )
    folder = media_dir(db, profile_id)
    deleted_at = float(header["deleted_at"]) if header else time.time()
    for name in names:
        path = folder / name
        try:
            if name in used or path.stat().st_mtime > deleted_at:
                continue  # another card uses it, or an import just stored it again
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            log.warning("could not remove media file %s", path, exc_info=True)


def finish_abandoned(db: Database, folder: Path) -> list[int]:
    """Finish the deletions of processes that ended without finishing them (a crash, a kill):
    their session lock is free. Returns the goal ids cleaned up."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    key = database_key(db)
    finished: list[int] = []
    sessions = {p.name.split("-goal-")[0] for p in folder.glob("*-goal-*.jsonl.gz*")}
    sessions |= {p.stem for p in folder.glob("*.lock")}
    for session in sorted(sessions - _OUR_SESSIONS):
        lock_path = folder / f"{session}.lock"
        lock = _try_lock(lock_path)
        if lock is None:
            continue  # that process is alive: its deletions are still undoable there
        try:
            left = False
            for copy in sorted(folder.glob(f"{session}-goal-*.jsonl.gz*")):
                if copy.name.endswith(".part"):
                    copy.unlink(missing_ok=True)  # the process died while copying
                    continue
                try:
                    header = _read_header(copy)
                except (OSError, ValueError, BadInput, EOFError):
                    log.warning("unreadable undo copy %s removed", copy, exc_info=True)
                    copy.unlink(missing_ok=True)
                    continue
                if header.get("database") != key:
                    age = time.time() - copy.stat().st_mtime
                    if age > STALE_FOREIGN_DAYS * 86400:
                        copy.unlink(missing_ok=True)
                    else:
                        left = True  # another database's: finished when that one is open
                    continue
                goal_id = int(header["goal_id"])
                if _goal_exists(db, goal_id):
                    copy.unlink(missing_ok=True)  # its delete never committed: nothing to do
                    continue
                _clean_up(db, int(header["profile_id"]), goal_id, header)
                copy.unlink(missing_ok=True)
                finished.append(goal_id)
            if not left:
                with contextlib.suppress(OSError):
                    lock_path.unlink()
        finally:
            lock.close()
    return finished
