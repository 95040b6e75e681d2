"""Read an attachment-13 workbook (机构信息与认定范围清单) into certified-scope rows.

The institution block above the table (机构名称, 备案号, 联系人 …) is read as well. A row that
names only a work type (工种) continues the occupation above it: attachment 13 asks people not
to merge those cells, so they are usually left empty — and merged cells read the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from skilldesk.core.errors import UserFacingError
from skilldesk.core.normalize import cell_text
from skilldesk.core.roster_data import CellValue
from skilldesk.files.roster_columns import normalize_header
from skilldesk.files.roster_reader import RosterReadError, Table
from skilldesk.files.table_search import find_table, table_path_problem

# Attachment 13 puts seven rows of institution details above the table.
HEADER_SEARCH_ROWS = 15
COLUMNS: dict[str, tuple[str, ...]] = {
    "occupation": ("职业名称", "职业(工种)名称", "职业", "职业(工种)", "职业名"),
    "occupation_code": ("职业编码", "职业代码", "职业编号", "编码", "代码"),
    "work_type": ("工种", "工种名称"),
    "levels": ("等级", "认定等级", "级别", "认定级别", "职业技能等级", "等级(级别)"),
}
INFO_LABELS: dict[str, str] = {
    "机构名称": "name",
    "评价机构名称": "name",
    "机构简称": "short_name",
    "备案号": "filing_number",
    "备案编号": "filing_number",
    "联系人": "contact_name",
    "联系电话": "contact_phone",
    "邮箱": "email",
    "电子邮箱": "email",
    "网址": "website",
    "地址": "address",
}
_LOOKUP = {normalize_header(text): attr for attr, texts in COLUMNS.items() for text in texts}
_INFO_LOOKUP = {normalize_header(text): attr for text, attr in INFO_LABELS.items()}
_NOTE_PREFIXES = ("注", "说明", "备注", "填报", "填表", "制表", "审核", "盖章", "日期")


class ScopeReadError(UserFacingError):
    """An attachment-13 file that cannot be read; str() is one Chinese line for the user."""


@dataclass(frozen=True, slots=True)
class ScopeSheetRow:
    """One scope row as read: `row` as Excel numbers it, levels as written (`5、4、3`)."""

    row: int
    occupation: str
    occupation_code: str | None
    work_type: str | None
    levels: str


@dataclass(slots=True)
class ScopeSheet:
    path: Path
    sheet_name: str
    header_row: int
    rows: list[ScopeSheetRow]
    info: dict[str, str] = field(default_factory=dict)  # institution attr -> value


def read_scope(path: Path) -> ScopeSheet:
    """Read the first visible sheet with a scope header; raise ScopeReadError."""
    path = Path(path)
    problem = table_path_problem(path, "附件13《机构信息与认定范围清单》的 .xlsx 或 .xls 文件")
    if problem:
        raise ScopeReadError(problem)
    try:
        found = find_table(path, _find_header, HEADER_SEARCH_ROWS)
    except RosterReadError as error:
        raise ScopeReadError(str(error)) from error
    if found is None:
        raise ScopeReadError(
            f"在「{path.name}」的前 {HEADER_SEARCH_ROWS} 行找不到认定范围的表头：表头行应含有"
            "「职业名称」和「级别」（或「等级」），通常还有「职业编码」「工种名称」。请检查后重试。"
        )
    sheet_name, cells, index, columns = found
    return ScopeSheet(
        path=path,
        sheet_name=sheet_name,
        header_row=index + 1,
        rows=list(_rows(cells, index, columns)),
        info=_info(cells[:index]),
    )


def _find_header(head: Table) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(head):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            text = cell_text(cell)
            attr = _LOOKUP.get(normalize_header(text)) if text else None
            if attr is not None and attr not in columns:
                columns[attr] = column
        if "occupation" in columns and "levels" in columns:
            return index, columns
    return None


def _rows(cells: Table, header: int, columns: dict[str, int]) -> Iterator[ScopeSheetRow]:
    occupation: str | None = None
    code: str | None = None
    for number, row in enumerate(cells[header + 1 :], header + 2):
        values = {attr: _cell(row, column) for attr, column in columns.items()}
        filled = [value for value in values.values() if value]
        if not filled:
            continue
        if _is_note(values.get("occupation") or filled[0]):
            continue  # remarks and sign-off lines under the table
        if values.get("occupation"):
            occupation, code = values["occupation"], values.get("occupation_code")
        elif values.get("occupation_code"):
            code = values["occupation_code"]
        if occupation is None:
            continue  # a work type with no occupation anywhere above: nothing to attach it to
        yield ScopeSheetRow(
            row=number,
            occupation=occupation,
            occupation_code=code,
            work_type=values.get("work_type"),
            levels=values.get("levels") or "",
        )


def _cell(row: Sequence[CellValue], column: int) -> str | None:
    return cell_text(row[column]) if column < len(row) else None


def _is_note(text: str) -> bool:
    """A remark under the table (注：…, 1.职业编码采用…, 填报单位：…), not an occupation."""
    if text.startswith(_NOTE_PREFIXES) or "：" in text or ":" in text:
        return True
    return len(text) > 1 and text[0].isdigit() and text[1] in ".、．"


def _info(rows: Table) -> dict[str, str]:
    """The institution block: a label cell followed by its value, or `标签：值` in one cell."""
    info: dict[str, str] = {}
    for row in rows:
        texts = [cell_text(cell) for cell in row]
        for index, text in enumerate(texts):
            if not text:
                continue
            label, sep, inline = text.replace(":", "：").partition("：")
            attr = _INFO_LOOKUP.get(normalize_header(label))
            if attr is None or attr in info:
                continue
            value = inline.strip() if sep else next((t for t in texts[index + 1 :] if t), "")
            if value and _INFO_LOOKUP.get(normalize_header(value)) is None:
                info[attr] = value
    return info
