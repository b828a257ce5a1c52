"""Dropping a deleted goal's rows from the vector store, whatever embedder wrote them.

The store has one table per embedder (``cards_<name>_<dim>``; switching embedder starts a new
one), and a deleted goal may have rows in several. Removing them needs no embedder, so the
final step of a deletion does not load a model (seconds) just to learn a table's name. A table
this process already has open is deleted from through that handle: a LanceDB handle does not
see what another handle wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.vectors import store as store_module

if TYPE_CHECKING:  # lancedb is imported only when a purge runs
    from lancedb.db import DBConnection

TABLE_PREFIX = "cards_"


def drop_goal_rows(directory: Path, goal_id: int) -> int:
    """Delete the goal's rows from every card table in ``directory``; returns the tables
    touched. A store that was never made is nothing to clean."""
    directory = Path(directory)
    if not directory.is_dir():
        return 0
    where = f"goal_id = {int(goal_id)}"
    resolved = str(directory.resolve())
    with store_module._stores_lock:
        open_here = [vs for (path, _e), vs in store_module._stores.items() if path == resolved]
    done: set[str] = set()
    for vs in open_here:
        with vs._lock:
            vs.table().delete(where)
        done.add(vs.table_name)
    import lancedb

    conn = lancedb.connect(str(directory))
    for name in _table_names(conn):
        if name.startswith(TABLE_PREFIX) and name not in done:
            conn.open_table(name).delete(where)
            done.add(name)
    return len(done)


def _table_names(conn: DBConnection) -> list[str]:
    """Every table name (``list_tables`` answers a page at a time)."""
    names: list[str] = []
    token = None
    while True:
        page = conn.list_tables(page_token=token)
        names.extend(page.tables)
        token = page.page_token
        if not token:
            return names
