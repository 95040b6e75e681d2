"""Write roster workbooks: the highlighted check report and the printable seed-layout exports."""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from skilldesk.core.errors import UserFacingError
from skilldesk.core.fields import LABELS
from skilldesk.core.findings import Finding
from skilldesk.core.roster_data import Derived
from skilldesk.files.roster_columns import field_for_header
from skilldesk.files.roster_reader import RosterSheet

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


class RosterWriteError(UserFacingError):
    """A workbook that could not be saved; str() is a one-line Chinese message for the user."""


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
    _save_atomically(workbook, Path(out_path))


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
        lines = sum(_lines(note, 40) for note in mark.notes)
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


def _display_width(text: str) -> int:
    """Width in Excel's units: a Chinese character takes two, a digit or letter one."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _lines(value: object, width: float) -> int:
    if not value:
        return 1
    return -(-_display_width(str(value)) // max(1, int(width - 1.5)))


def _width(header: Any) -> float:
    wide = _display_width(str(header or "").replace("\n", ""))
    return max(8.0, min(40.0, wide + 4.0))


def _save_atomically(workbook: Workbook, out_path: Path) -> None:
    """Save beside the target and swap it in, so a crash never leaves half a workbook."""
    temp_name = ""
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{out_path.stem}.", suffix=".xlsx.tmp", dir=out_path.parent
        )
        os.close(handle)
        workbook.save(temp_name)
        os.replace(temp_name, out_path)
    except OSError as error:
        raise RosterWriteError(f"无法保存「{out_path.name}」：{_why(error)}") from error
    finally:
        if temp_name and os.path.exists(temp_name):
            os.unlink(temp_name)


def _why(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "文件可能正在被 Excel 或 WPS 打开，或没有写入权限，请关闭文件或换个文件夹后重试。"
    if isinstance(error, IsADirectoryError):
        return "已有同名的文件夹，请换一个文件名。"
    if error.errno == errno.ENOSPC:
        return "磁盘空间不足，请清理磁盘或换个位置保存。"
    return "写入失败，请检查保存位置（U 盘或网络盘是否已断开）后重试。"


# ---- exports in the seed layouts (seed 002) ---------------------------------------------------

Layout = Literal["registration", "training"]
DateText = str | dt.date | None


@dataclass(frozen=True, slots=True)
class ExportHeader:
    """What the title rows of an exported roster say; anything left None prints as a blank."""

    institution_name: str | None = None
    plan_number: str | None = None
    occupation: str | None = None
    level_name: str | None = None
    exam_date: DateText = None
    class_name: str | None = None
    training_start: DateText = None
    training_end: DateText = None


REGISTRATION_TITLE = "职业技能等级认定报名信息表"
TRAINING_TITLE = "职业技能培训班学员花名册"
# (header as printed, field attr or None for 序号, column width)
REGISTRATION_COLUMNS: tuple[tuple[str, str | None, float], ...] = (
    ("姓名", "name", 9),
    ("证件类型", "id_type", 11),
    ("证件号码", "id_number", 21),
    ("性别", "gender", 5),
    ("出生日期", "birth_date", 11.5),
    ("民族", "ethnicity", 6),
    ("文化程度", "education", 9),
    ("手机号码", "phone", 13),
    ("考生来源", "source", 9),
    ("所在单位", "employer", 18),
    ("工作年限", "years_in_occupation", 6),
    ("原鉴定等级", "original_level", 7),
    ("通讯地址", "address", 20),
    ("电子邮箱", "email", 20),
    ("申报条件", "application_condition", 20),
)
TRAINING_COLUMNS: tuple[tuple[str, str | None, float], ...] = (
    ("序号", None, 6),
    ("姓名", "name", 10),
    ("性别", "gender", 6),
    ("出生年月", "birth_date", 10),
    ("文化程度", "education", 10),
    ("本职业（工种）年限", "years_in_occupation", 10),
    ("现有职业资格证书号码", "certificate_number", 21),
    ("工作单位或联系地址", "employer", 30),
    ("身份证号码", "id_number", 21),
    ("电话", "phone", 13),
)
WRAPPED_FIELDS = ("employer", "address", "email", "application_condition")
HEADER_ROW = 4  # both layouts: title, two lines of particulars, then the header


def export_roster(
    out_path: Path,
    layout: Layout,
    candidates: Sequence[Mapping[str, object]],
    header: ExportHeader,
) -> None:
    """Write candidates as the seed's 报名信息表 ("registration") or 学员花名册 ("training")."""
    if layout == "registration":
        columns, title = REGISTRATION_COLUMNS, REGISTRATION_TITLE
        lines = _registration_lines(header)
    elif layout == "training":
        columns, title = TRAINING_COLUMNS, TRAINING_TITLE
        lines = _training_lines(header)
    else:
        raise ValueError(f"unknown roster layout: {layout!r}")
    workbook = Workbook(write_only=True)
    _add_export_styles(workbook)
    ws = workbook.create_sheet("学员花名册" if layout == "training" else "报名信息表")
    _set_up_page(ws, columns)
    last = get_column_letter(len(columns))
    ws.merged_cells.add(CellRange(f"A1:{last}1"))
    line, title_cell = _Stamp(ws, "roster_line"), _Stamp(ws, "roster_title")
    ws.append([title_cell(title)])
    for row, parts in enumerate(lines, start=2):
        split = len(columns) * 3 // 5 if len(parts) > 1 else len(columns)
        ws.merged_cells.add(CellRange(f"A{row}:{get_column_letter(split)}{row}"))
        cells = [line(parts[0])] + [None] * (split - 1)
        if len(parts) > 1:
            ws.merged_cells.add(CellRange(f"{get_column_letter(split + 1)}{row}:{last}{row}"))
            cells.append(line(parts[1]))
        ws.append(cells)
    header_cell = _Stamp(ws, "roster_header")
    headers = [text for text, _, _ in columns]
    widths = [width for _, _, width in columns]
    _fit_height(ws, HEADER_ROW, headers, widths, range(len(columns)))
    ws.append([header_cell(text) for text in headers])
    cell, wrapped = _Stamp(ws, "roster_cell"), _Stamp(ws, "roster_wrap")
    wrap_at = [i for i, (_, attr, _) in enumerate(columns) if attr in WRAPPED_FIELDS]
    stamps = [wrapped if i in wrap_at else cell for i in range(len(columns))]
    for number, candidate in enumerate(candidates, start=HEADER_ROW + 1):
        values = [
            number - HEADER_ROW if attr is None else _export_value(attr, candidate, layout)
            for _, attr, _ in columns
        ]
        _fit_height(ws, number, values, widths, wrap_at)
        ws.append([stamp(v) for v, stamp in zip(values, stamps, strict=True)])
    _save_atomically(workbook, Path(out_path))


def _registration_lines(header: ExportHeader) -> list[list[str]]:
    occupation = header.occupation or ""
    if header.level_name:
        occupation = f"{occupation}（{header.level_name}）"
    return [
        [f"备案机构名称：{header.institution_name or ''}", f"计划编号：{header.plan_number or ''}"],
        [f"鉴定工种：{occupation}", f"考试时间：{_chinese_date(header.exam_date)}"],
    ]


def _training_lines(header: ExportHeader) -> list[list[str]]:
    gap = "\u3000" * 4
    start, end = _chinese_date(header.training_start), _chinese_date(header.training_end)
    return [
        [f"培训机构：{header.institution_name or ''}", "（盖章）"],
        [
            f"工种：{header.occupation or ''}{gap}等级：{header.level_name or ''}{gap}"
            f"班别：{header.class_name or ''}{gap}培训日期：{start}至{end}"
        ],
    ]


def _chinese_date(value: DateText) -> str:
    value = _parse_iso(value)
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return value or "\u3000\u3000年\u3000\u3000月\u3000\u3000日"


def _parse_iso(value: object) -> object:
    """A date given as "2024-06-01" text is still a date."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _export_value(attr: str, candidate: Mapping[str, object], layout: Layout) -> str | None:
    value = candidate.get(attr)
    if attr == "employer" and layout == "training" and value in (None, ""):
        value = candidate.get("address")  # the column is 工作单位或联系地址
    if value is None or value == "":
        return None
    if attr == "birth_date":
        value = _parse_iso(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%Y.%m}" if layout == "training" else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


def _fit_height(
    ws: Any, row: int, values: Sequence[object], widths: Sequence[float], wrapped: Iterable[int]
) -> None:
    """Give a row room for its wrapped lines: printers do not grow rows the way Excel's UI does."""
    lines = max((_lines(values[i], widths[i]) for i in wrapped), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = 13.5 * lines + 3


class _Stamp:
    """Makes cells in one named style, sharing its style array: naming the style per cell is slow."""

    def __init__(self, ws: Any, style: str) -> None:
        prototype = WriteOnlyCell(ws)
        prototype.style = style
        self._ws, self._style = ws, prototype._style

    def __call__(self, value: str | int | None) -> Cell:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
        cell = WriteOnlyCell(self._ws, value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, never a number
        cell._style = self._style  # write-only cells are serialised at once and never restyled
        return cell


def _add_export_styles(workbook: Workbook) -> None:
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = "宋体"
    styles = [
        NamedStyle(
            "roster_title",
            font=Font(name=font, size=16, bold=True),
            alignment=Alignment(horizontal="center", vertical="center"),
        ),
        NamedStyle("roster_line", font=Font(name=font, size=11), alignment=Alignment("left")),
        NamedStyle(
            "roster_header",
            font=Font(name=font, size=11, bold=True),
            border=box,
            alignment=Alignment("center", "center", wrap_text=True),
            number_format="@",
        ),
        NamedStyle(
            "roster_cell",
            font=Font(name=font, size=11),
            border=box,
            alignment=Alignment("center", "center"),
            number_format="@",
        ),
        NamedStyle(
            "roster_wrap",
            font=Font(name=font, size=11),
            border=box,
            alignment=Alignment("left", "center", wrap_text=True),
            number_format="@",
        ),
    ]
    for style in styles:
        workbook.add_named_style(style)


def _set_up_page(ws: Any, columns: Sequence[tuple[str, str | None, float]]) -> None:
    for index, (_, _, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[1].height = 30
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
