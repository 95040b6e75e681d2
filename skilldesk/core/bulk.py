"""Fast batch writes for imports: plain sqlite3 executemany under SQLAlchemy's transaction.

SQLAlchemy's per-row parameter processing costs more than SQLite itself for 10,000-row
imports, so hot paths hand rows straight to the driver. Values are stored exactly as
SQLAlchemy's SQLite Date/DateTime types store them, so the ORM reads them back unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Date, DateTime, Table
from sqlalchemy.orm import Session


def _datetime_text(value: dt.datetime | None) -> str | None:
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _date_text(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _row_values(
    table: Table, columns: Sequence[str]
) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A function turning a row dict into a parameter tuple, converting only date columns."""
    converters: list[Callable[[Any], Any] | None] = []
    for name in columns:
        kind = table.c[name].type
        if isinstance(kind, DateTime):
            converters.append(_datetime_text)
        elif isinstance(kind, Date):
            converters.append(_date_text)
        else:
            converters.append(None)
    if not any(converters):
        return lambda row: tuple(row[c] for c in columns)
    pairs = list(zip(columns, converters, strict=True))
    return lambda row: tuple(row[c] if f is None else f(row[c]) for c, f in pairs)


def bulk_insert(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows that all have the same keys."""
    if not rows:
        return
    columns = list(rows[0])
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    to_tuple = _row_values(table, columns)
    values = [to_tuple(row) for row in rows]
    session.connection().exec_driver_sql(sql, values)


def bulk_update(
    session: Session, table: Table, rows: Sequence[Mapping[str, Any]], key: str = "id"
) -> None:
    """Update rows (all with the same keys) by primary key `key`."""
    if not rows:
        return
    columns = [c for c in rows[0] if c != key]
    assignments = ", ".join(f"{c} = ?" for c in columns)
    sql = f"UPDATE {table.name} SET {assignments} WHERE {key} = ?"
    to_tuple = _row_values(table, columns)
    values = [(*to_tuple(row), row[key]) for row in rows]
    session.connection().exec_driver_sql(sql, values)
