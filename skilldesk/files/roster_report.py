"""The check report: a copy of the user's workbook with every offending cell marked and explained."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from skilldesk.core.fields import LABELS
from skilldesk.core.findings import Finding
from skilldesk.core.roster_data import Derived
from skilldesk.files.roster_columns import field_for_header
from skilldesk.files.roster_reader import RosterSheet
from skilldesk.files.xlsx_out import display_width, line_count, save_atomically

AUTHOR = "SkillDesk"
SUMMARY_SHEET = "检查结果"
TEXT_FIELDS = ("id_number", "phone", "certificate_number")  # digits Excel must never reformat
_FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "derived": PatternFill("solid", fgColor="C6EFCE"),
}
_BOLD = Font(bold=True)
_RANK = {"derived": 0, "warning": 1, "error": 2}
_LEVEL_WORDS = {"error": "错误", "warning": "警告", "derived": "已自动填写"}
_ATTR_BY_LABEL = {text: attr for attr, text in LABELS.items()}


@dataclass(slots=True)
class _Mark:
    level: str = "derived"
    notes: list[str] = field(default_factory=list)
    value: str | None = None


def write_check_report(
    sheet: RosterSheet, findings: list[Finding], derived: list[Derived], out_path: Path
) -> None:
    """Copy the sheet with offending cells filled and commented, plus a 检查结果 list."""
    marks = _collect_marks(sheet, findings, derived)
    table = sheet.cells or _rebuild_cells(sheet)
    text_columns = {sheet.columns[a] for a in TEXT_FIELDS if a in sheet.columns}
    workbook = Workbook(write_only=True)
    copy = workbook.create_sheet(_sheet_title(sheet.sheet_name))
    header = table[sheet.header_row - 1] if len(table) >= sheet.header_row else []
    for index, text in enumerate(header):
        width = 22 if index in text_columns else _width(text)
        copy.column_dimensions[get_column_letter(index + 1)].width = width
    copy.freeze_panes = f"A{sheet.header_row + 1}"
    for first_row, first_column, last_row, last_column in sheet.merged:
        copy.merged_cells.add(
            CellRange(
                min_row=first_row + 1,
                min_col=first_column + 1,
                max_row=last_row + 1,
                max_col=last_column + 1,
            )
        )
    row_widths: dict[int, int] = {}
    for row, column in marks:
        row_widths[row] = max(row_widths.get(row, 0), column + 1)
    for number in range(1, max([len(table), *row_widths]) + 1):
        source = table[number - 1] if number <= len(table) else []
        cells: list[Any] = []
        for column in range(max(len(source), row_widths.get(number, 0))):
            value = source[column] if column < len(source) else ""
            mark = marks.get((number, column))
            if number == sheet.header_row and mark is None:
                cells.append(_bold(copy, value))
            elif mark is None and column not in text_columns:
                cells.append(_plain(copy, value))
            else:
                cells.append(_marked(copy, value, mark, as_text=column in text_columns))
        copy.append(cells)
    _write_summary(workbook, findings)
    save_atomically(workbook, Path(out_path))


def _collect_marks(
    sheet: RosterSheet, findings: Iterable[Finding], derived: Iterable[Derived]
) -> dict[tuple[int, int], _Mark]:
    """Group messages by cell (Excel row, 0-based column); fill with the gravest level."""
    fallback = sheet.columns.get("name", 0)
    marks: dict[tuple[int, int], _Mark] = {}

    def mark(row: int, field_name: str | None, level: str, note: str) -> _Mark:
        attr = _attr_for(field_name)
        column = sheet.columns.get(attr) if attr else None
        if column is None and field_name:
            note = f"「{field_name}」{note}"
        entry = marks.setdefault((row, fallback if column is None else column), _Mark())
        if _RANK[level] > _RANK[entry.level]:
            entry.level = level
        entry.notes.append(f"【{_LEVEL_WORDS[level]}】{note}")
        return entry

    for finding in findings:
        if finding.row is not None:
            mark(finding.row, finding.field, finding.severity, finding.message)
    for item in derived:
        entry = mark(item.row, item.field, "derived", f"{item.value}（{item.message}）")
        if _attr_for(item.field) in sheet.columns:
            entry.value = item.value
    return marks


def _attr_for(field_name: str | None) -> str | None:
    if not field_name:
        return None
    attr = _ATTR_BY_LABEL.get(field_name) or field_for_header(field_name)
    return attr if attr in LABELS else None


def _rebuild_cells(sheet: RosterSheet) -> list[list[Any]]:
    """Lay the header and rows out where the file had them, for a sheet built without cells."""
    width = max(sheet.columns.values(), default=-1) + 1
    height = max([sheet.header_row, *(raw.row for raw in sheet.rows)])
    table: list[list[Any]] = [[""] * width for _ in range(height)]
    for attr, column in sheet.columns.items():
        table[sheet.header_row - 1][column] = sheet.column_headers.get(attr, LABELS[attr])
    for raw in sheet.rows:
        for attr, value in raw.values.items():
            if attr in sheet.columns:
                table[raw.row - 1][sheet.columns[attr]] = "" if value is None else value
    return table


def _plain(ws: Any, value: Any) -> Any:
    if value == "" or value is None:
        return None
    if isinstance(value, str) and (value.startswith("=") or ILLEGAL_CHARACTERS_RE.search(value)):
        cell = WriteOnlyCell(ws, ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # text that looks like a formula stays text
        return cell
    return value


def _bold(ws: Any, value: Any) -> Any:
    plain = _plain(ws, value)
    cell = plain if isinstance(plain, Cell) else WriteOnlyCell(ws, plain)
    cell.font = _BOLD
    return cell


def _marked(ws: Any, value: Any, mark: _Mark | None, *, as_text: bool) -> Cell | None:
    if mark is not None and mark.value is not None:
        value = mark.value
    if as_text:
        value = _as_text(value)
    plain = _plain(ws, value)
    cell = plain if isinstance(plain, Cell) else WriteOnlyCell(ws, plain)
    if as_text:
        if isinstance(cell.value, str):
            cell.data_type = "s"
        cell.number_format = "@"
    if mark is not None:
        cell.fill = _FILLS[mark.level]
        lines = sum(line_count(note, 40) for note in mark.notes)
        cell.comment = Comment("\n".join(mark.notes), AUTHOR, height=24 + 18 * lines, width=320)
    return cell


def _as_text(value: Any) -> Any:
    """An ID typed into a number cell shows all its digits (lost ones included) as text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    if isinstance(value, int | float):
        return str(value)
    return value


def _write_summary(workbook: Workbook, findings: Sequence[Finding]) -> None:
    ws = workbook.create_sheet(SUMMARY_SHEET)
    for letter, size in zip("ABCDE", (8, 16, 8, 26, 80), strict=True):
        ws.column_dimensions[letter].width = size
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:E{len(findings) + 1}"
    ws.append([_bold(ws, text) for text in ("行号", "列", "级别", "代码", "说明")])
    ordered = sorted(findings, key=lambda f: -1 if f.row is None else f.row)
    for finding in ordered:
        level = _LEVEL_WORDS.get(finding.severity, finding.severity)
        ws.append([finding.row, finding.field, level, finding.code, _plain(ws, finding.message)])


def _sheet_title(name: str) -> str:
    clean = "".join(ch for ch in name if ch not in "[]:*?/\\")[:31].strip("'")
    return clean if clean and clean != SUMMARY_SHEET else "花名册"


def _width(header: Any) -> float:
    wide = display_width(str(header or "").replace("\n", ""))
    return max(8.0, min(40.0, wide + 4.0))
