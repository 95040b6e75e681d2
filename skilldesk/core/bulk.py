"""Fast batch writes for imports: plain sqlite3 executemany inside a unit of work.

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

from skilldesk.core.models import utc_now


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


def _unit_of_work(session: Session) -> Any:
    uow = session.info.get("unit_of_work")
    if uow is None:
        raise RuntimeError("bulk writes go through a unit of work (core/unit_of_work.py)")
    return uow


def bulk_insert(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert rows that all have the same keys (version 1); returns the new rows' ids.

    The caller holds the unit of work's write lock, so the rows this statement adds are
    exactly those with an id above the largest one before it.
    """
    uow = _unit_of_work(session)
    if not rows:
        return []
    connection = session.connection()
    before = connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table.name}").scalar()
    columns = list(rows[0])
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    to_tuple = _row_values(table, columns)
    connection.exec_driver_sql(sql, [to_tuple(row) for row in rows])
    ids = [
        row[0]
        for row in connection.exec_driver_sql(
            f"SELECT id FROM {table.name} WHERE id > ? ORDER BY id", (before,)
        )
    ]
    uow.note_rows(table.name, ids)
    return ids


def bulk_update(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Update rows (all with the same keys) by `id`, each only if still at the `version` given.

    Like the ORM's version counter: each row's version goes up by one and its `updated_at` is
    set; a row no longer at the version the caller read makes the whole write fail (StaleRecord)
    instead of overwriting a change it never saw.
    """
    from skilldesk.core.unit_of_work import StaleRecord

    uow = _unit_of_work(session)
    if not rows:
        return
    columns = [c for c in rows[0] if c not in ("id", "version", "updated_at")]
    assignments = "".join(f"{c} = ?, " for c in columns)
    sql = (
        f"UPDATE {table.name} SET {assignments}version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?"
    )
    to_tuple = _row_values(table, columns)
    now = _datetime_text(utc_now())
    values = [(*to_tuple(row), now, row["id"], row["version"]) for row in rows]
    result = session.connection().exec_driver_sql(sql, values)
    if result.rowcount != len(rows):
        raise StaleRecord(
            f"有 {len(rows) - result.rowcount} 条记录在读取之后已被别处修改，本次写入已全部撤销，"
            "数据未改动。请重新操作。"
        )
    uow.note_rows(table.name, [row["id"] for row in rows])
