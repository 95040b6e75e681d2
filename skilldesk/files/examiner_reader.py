"""Read the examiner list staff keep in Excel (the approval form's 考评员名单) into raw rows.

The table may sit below a title (考评员名单) and a few lines of remarks; its header names the
columns the way each office writes them (姓名, 性别, 年龄 or 出生日期, 工作单位, 职称, 考评员证号
or 证书编号, 等级, 考评职业). Values come back as the cells hold them: the service decides what
they mean.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from skilldesk.core.errors import UserFacingError
from skilldesk.core.normalize import cell_text
from skilldesk.core.roster_data import CellValue
from skilldesk.files.roster_columns import normalize_header
from skilldesk.files.roster_reader import RosterReadError, Table
from skilldesk.files.table_search import find_table, table_path_problem

HEADER_SEARCH_ROWS = 15
# Header texts per field, as the approval forms and staff's own lists write them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "考评员姓名", "考评人员姓名", "名字"),
    "gender": ("性别",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日", "出生时间"),
    "age": ("年龄", "周岁", "年龄(岁)"),
    "unit": ("工作单位", "单位", "所在单位", "单位名称", "工作单位名称", "工作单位及职务"),
    "title": (
        "职称",
        "职称/职业资格",
        "职称或职业资格",
        "职称(职业资格)",
        "专业技术职称",
        "技术职称",
        "职业资格",
        "职务职称",
    ),
    "badge_number": (
        "考评员证号",
        "考评员证书编号",
        "考评员证书号",
        "考评员证书号码",
        "考评员证编号",
        "考评员编号",
        "证书编号",
        "证书号码",
        "证书号",
        "证号",
    ),
    "grade": ("等级", "考评员等级", "考评员级别", "级别", "考评员类别", "类别", "资格等级"),
    "occupations": (
        "考评职业",
        "考评职业(工种)",
        "考评工种",
        "考评专业",
        "执评职业",
        "可考评职业",
        "职业(工种)",
        "职业",
        "工种",
    ),
}
LABELS: dict[str, str] = {
    "name": "姓名",
    "gender": "性别",
    "birth_date": "出生日期",
    "age": "年龄",
    "unit": "工作单位",
    "title": "职称",
    "badge_number": "考评员证号",
    "grade": "等级",
    "occupations": "考评职业",
}
_LOOKUP = {normalize_header(text): attr for attr, texts in COLUMNS.items() for text in texts}
_TRAILING_NOTE = re.compile(r"\([^()]*\)$")  # 等级(考评员/高级考评员), 年龄(岁)
_NOTE_PREFIXES = ("注", "说明", "备注", "填报", "填表", "制表", "审核", "盖章", "日期", "合计")


class ExaminerReadError(UserFacingError):
    """An examiner list that cannot be read; str() is one Chinese line for the user."""


@dataclass(frozen=True, slots=True)
class ExaminerSheetRow:
    """One examiner row: `row` as Excel numbers it; `values` by field, empty cells left out."""

    row: int
    values: dict[str, CellValue]


@dataclass(slots=True)
class ExaminerSheet:
    path: Path
    sheet_name: str
    header_row: int  # as Excel numbers it
    headers: dict[str, str]  # field -> the header text as written in the file
    rows: list[ExaminerSheetRow]


def read_examiners(path: Path) -> ExaminerSheet:
    """Read the first visible sheet with an examiner header; raise ExaminerReadError."""
    path = Path(path)
    problem = table_path_problem(path, "考评员名单的 .xlsx、.xls 或 .csv 文件")
    if problem:
        raise ExaminerReadError(problem)
    try:
        found = find_table(path, _find_header, HEADER_SEARCH_ROWS)
    except RosterReadError as error:
        raise ExaminerReadError(str(error)) from error
    if found is None:
        raise ExaminerReadError(
            f"在「{path.name}」的前 {HEADER_SEARCH_ROWS} 行找不到考评员名单的表头：表头行应含有「姓名」，"
            "以及「性别」「出生日期」「工作单位」「职称」「考评员证号」「等级」「考评职业」中的至少两列。"
            "请检查列名后重试。"
        )
    sheet_name, cells, index, columns = found
    header = cells[index]
    return ExaminerSheet(
        path=path,
        sheet_name=sheet_name,
        header_row=index + 1,
        headers={attr: cell_text(header[c]) or "" for attr, c in columns.items()},
        rows=list(_rows(cells, index, columns)),
    )


def header_field(text: str) -> str | None:
    """The field a header names (`考评员证号`, `证书编号` → badge_number), or None."""
    key = normalize_header(text)
    attr = _LOOKUP.get(key)
    if attr is None:
        attr = _LOOKUP.get(_TRAILING_NOTE.sub("", key))
    return attr


def _find_header(head: Table) -> tuple[int, dict[str, int]] | None:
    """The first row naming 姓名 and at least two other examiner fields."""
    for index, row in enumerate(head):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            text = cell_text(cell)
            attr = header_field(text) if text else None
            if attr is not None and attr not in columns:
                columns[attr] = column
        if "name" in columns and len(columns) >= 3:
            return index, columns
    return None


def _rows(cells: Table, header: int, columns: dict[str, int]) -> Iterator[ExaminerSheetRow]:
    for number, row in enumerate(cells[header + 1 :], header + 2):
        values = {attr: _cell(row, column) for attr, column in columns.items()}
        values = {attr: value for attr, value in values.items() if not _empty(value)}
        if not values:
            continue  # a blank row, or one with only a 序号
        name = cell_text(values.get("name"))
        if name and header_field(name) == "name":
            continue  # the header repeated on a pasted second page
        if _is_note(values, name):
            continue
        yield ExaminerSheetRow(row=number, values=values)


def _cell(row: Sequence[CellValue], column: int) -> CellValue:
    return row[column] if column < len(row) else None


def _empty(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_note(values: dict[str, CellValue], name: str | None) -> bool:
    """A remark or sign-off under the table (注：…, 填表人：…), not an examiner."""
    first = name or cell_text(next(iter(values.values())))
    if not first:
        return False
    if first.startswith(_NOTE_PREFIXES) or "：" in first or ":" in first:
        return True
    return len(first) > 1 and first[0].isdigit() and first[1] in ".、．" and len(values) == 1
