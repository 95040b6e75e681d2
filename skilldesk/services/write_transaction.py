"""A write transaction that holds SQLite's write lock from its first read to its commit.

The sqlite3 driver opens a transaction only at the first INSERT/UPDATE/DELETE, so the reads a
use case makes first run outside it: another writer (the window beside a CLI import) can commit
in between, and the decision is then made on stale rows — a lost update, or an IntegrityError
on the unique ID number. `BEGIN IMMEDIATE` takes the write lock before the first read, so read,
decide and write see one state; a second writer waits (busy_timeout) instead of interleaving.
Keep the reading of files and the pure checks outside: the lock should be held briefly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from skilldesk.core.store import Store


@contextmanager
def write_transaction(store: Store) -> Iterator[Session]:
    """`store.transaction()`, begun IMMEDIATE: committed at the end, rolled back on error."""
    with store.transaction() as session:
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        yield session
