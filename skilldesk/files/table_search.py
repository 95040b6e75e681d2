"""Finding a table by its header in a workbook or CSV staff made: the shared part of the readers
for attachment 13 (certified scope) and examiner lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from skilldesk.files.roster_reader import (
    CSV_SUFFIXES,
    EXCEL_SUFFIXES,
    Table,
    _csv_sheets,
    _excel_sheets,
    _looks_like_workbook,
)

HeaderFinder = Callable[[Table], "tuple[int, dict[str, int]] | None"]


def table_path_problem(path: Path, wanted: str) -> str | None:
    """Why `path` cannot be read as a table, in Chinese (`wanted` names the file asked for)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        return f"找不到文件「{path}」，请确认它没有被移动、改名或删除。"
    if suffix not in EXCEL_SUFFIXES + CSV_SUFFIXES:
        return (
            f"不支持的文件类型（{suffix or '无扩展名'}）：「{path.name}」。"
            f"请选择{wanted}（Word 表格请先复制到 Excel）。"
        )
    return None


def find_table(
    path: Path, find_header: HeaderFinder, search_rows: int
) -> tuple[str, Table, int, dict[str, int]] | None:
    """The first sheet with a header in its first `search_rows` rows that `find_header` accepts:
    (sheet name, its cells, the header's index, field → column); None if no sheet has one.

    Raises RosterReadError for a file that cannot be read (damaged, encrypted, odd encoding).
    """
    is_csv = path.suffix.lower() in CSV_SUFFIXES and not _looks_like_workbook(path)
    sheets = _csv_sheets(path) if is_csv else _excel_sheets(path)
    try:
        for sheet_name, _head, load in sheets:
            cells, _merged = load()
            found = find_header(cells[:search_rows])
            if found is not None:
                index, columns = found
                return sheet_name, cells, index, columns
    finally:
        sheets.close()  # releases the workbook's file handle (Windows locks open files)
    return None
