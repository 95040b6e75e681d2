"""Exports in the seed layouts (seed 002): the 报名信息表 and the 学员花名册, ready to print."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from skilldesk.core.normalize import parse_date_or_month
from skilldesk.core.rules.identity import parse_resident_id
from skilldesk.files.xlsx_out import line_count, save_atomically

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
    ("原鉴定等级", "original_level", 11.5),
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
        lines = _registrationline_count(header)
    elif layout == "training":
        columns, title = TRAINING_COLUMNS, TRAINING_TITLE
        lines = _trainingline_count(header)
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
    save_atomically(workbook, Path(out_path))


def _registrationline_count(header: ExportHeader) -> list[list[str]]:
    occupation = header.occupation or ""
    if header.level_name:
        occupation = f"{occupation}（{header.level_name}）"
    return [
        [f"备案机构名称：{header.institution_name or ''}", f"计划编号：{header.plan_number or ''}"],
        [f"鉴定工种：{occupation}", f"考试时间：{_chinese_date(header.exam_date)}"],
    ]


def _trainingline_count(header: ExportHeader) -> list[list[str]]:
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
    parsed = _parse_iso(value)
    if isinstance(parsed, dt.date):
        return f"{parsed.year}年{parsed.month}月{parsed.day}日"
    return str(parsed) if parsed else "\u3000\u3000年\u3000\u3000月\u3000\u3000日"


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
        return _birth_date(value, candidate, layout)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%Y.%m}" if layout == "training" else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return f"{value:.0f}"
    return str(value)


def _birth_date(value: object, candidate: Mapping[str, object], layout: Layout) -> str | None:
    """A real date (or year and month) only: text the check refused, such as 1990-02-30, never
    goes out; a valid resident ID's own birth date stands in, else the cell stays empty."""
    parsed = parse_date_or_month(value) if isinstance(value, (str, dt.date)) else None
    if isinstance(parsed, tuple):
        year, month = parsed
        return f"{year:04d}.{month:02d}" if layout == "training" else f"{year:04d}-{month:02d}"
    if parsed is None:
        number = candidate.get("id_number")
        parsed = parse_resident_id(number).birth_date if isinstance(number, str) else None
    if parsed is None:
        return None
    return f"{parsed:%Y.%m}" if layout == "training" else parsed.isoformat()


def _fit_height(
    ws: Any, row: int, values: Sequence[object], widths: Sequence[float], wrapped: Iterable[int]
) -> None:
    """Give a row room for its wrapped lines: printers do not grow rows the way Excel's UI does."""
    lines = max((line_count(values[i], widths[i]) for i in wrapped), default=1)
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
