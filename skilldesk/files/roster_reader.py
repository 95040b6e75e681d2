"""Read a roster workbook (.xlsx/.xlsm/.xls via python-calamine, or .csv) into raw candidate rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import python_calamine

from skilldesk.core.errors import UserFacingError
from skilldesk.core.fields import label
from skilldesk.core.roster_data import CellValue, RawRow
from skilldesk.files.roster_columns import HeaderMatch, match_headers
from skilldesk.files.text_decoding import decode_text

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
CSV_SUFFIXES = (".csv",)
HEADER_SEARCH_ROWS = 10

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Excel saves a password-protected .xlsx as an OLE container holding this stream.
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_NOTE_PREFIXES = (
    "备注", "说明", "注", "填表", "填报", "制表", "审核", "审批", "负责人", "联系人",
    "经办人", "合计", "总计", "共计", "签字", "签名", "盖章", "单位盖章", "(盖章)", "（盖章）",
    "此表", "日期",
)  # fmt: skip

Table = list[list[CellValue]]
CellSpan = tuple[int, int, int, int]  # merged cells: first row, first column, last row, last column
Loader = Callable[[], tuple[Table, list[CellSpan]]]
_none_if_empty = {"": None}.get  # called as (value, value): "" becomes None, the rest stays


class RosterReadError(UserFacingError):
    """A roster file that cannot be read; str() is a one-line Chinese message for the user."""


@dataclass(slots=True)
class RosterSheet:
    """One roster sheet as read: where its header is, which columns mean what, and its rows."""

    path: Path
    sheet_name: str
    header_row: int  # as Excel numbers it
    columns: dict[str, int]  # field attr -> 0-based column index
    column_headers: dict[str, str]  # field attr -> header text as in the file
    rows: list[RawRow]
    unknown_headers: list[str] = field(default_factory=list)
    duplicate_headers: list[str] = field(default_factory=list)
    # Every cell of the sheet as read ("" for empty), titles included, and its merged cells
    # (0-based, inclusive): what the check report needs to copy the sheet.
    cells: Table = field(default_factory=list, repr=False, compare=False)
    merged: list[CellSpan] = field(default_factory=list, repr=False, compare=False)

    def missing_columns(
        self, required: Sequence[str] = ("name", "id_number", "phone")
    ) -> list[str]:
        """Canonical labels of the required fields that have no column in the file."""
        return [label(attr) for attr in required if attr not in self.columns]


def read_roster(path: Path) -> RosterSheet:
    """Read the first visible sheet with a recognisable header row; raise RosterReadError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise RosterReadError(f"找不到文件「{path}」，请确认它没有被移动、改名或删除。")
    if not path.is_file():
        raise RosterReadError(f"「{path}」是一个文件夹，请选择花名册文件（.xlsx、.xls 或 .csv）。")
    if suffix not in EXCEL_SUFFIXES + CSV_SUFFIXES:
        shown = suffix or "无扩展名"
        raise RosterReadError(
            f"不支持的文件类型（{shown}）：「{path.name}」。请选择 .xlsx、.xlsm、.xls 或 .csv 文件"
            "（WPS 表格文件请先另存为 .xlsx）。"
        )
    is_csv = suffix in CSV_SUFFIXES and not _looks_like_workbook(path)
    sheets = _csv_sheets(path) if is_csv else _excel_sheets(path)
    found_data = False
    try:
        for sheet_name, head, load in sheets:
            found_data = found_data or any(any(cell != "" for cell in row) for row in head)
            header_index, match = _find_header(head)
            if match is not None:
                cells, merged = load()
                return RosterSheet(
                    path=path,
                    sheet_name=sheet_name,
                    header_row=header_index + 1,
                    columns=match.columns,
                    column_headers=match.headers,
                    rows=_collect_rows(cells, header_index, match),
                    unknown_headers=match.unknown,
                    duplicate_headers=match.duplicates,
                    cells=cells,
                    merged=merged,
                )
    finally:
        sheets.close()  # releases the workbook's file handle (Windows locks open files)
    if not found_data:
        raise RosterReadError(f"文件「{path.name}」里没有任何数据，请确认选对了文件。")
    raise RosterReadError(
        f"在「{path.name}」的前 {HEADER_SEARCH_ROWS} 行找不到表头：表头行应含有「姓名」或「证件号码」，"
        "以及另一列如「性别」「出生日期」「手机号码」。请检查列名后重试。"
    )


def _csv_sheets(path: Path) -> Generator[tuple[str, Table, Loader], None, None]:
    table = _read_csv(path)
    yield path.stem, table[:HEADER_SEARCH_ROWS], lambda: (table, [])


def _excel_sheets(path: Path) -> Generator[tuple[str, Table, Loader], None, None]:
    """Yield (name, first rows, loader of all rows) for each visible worksheet."""
    _refuse_unreadable(path)
    with _calamine_errors(path):
        workbook = _open_workbook(path)
    try:
        yield from _visible_sheets(path, workbook)
    finally:
        workbook.close()


def _visible_sheets(
    path: Path, workbook: python_calamine.CalamineWorkbook
) -> Iterator[tuple[str, Table, Loader]]:
    with _calamine_errors(path):
        for index, meta in enumerate(workbook.sheets_metadata):
            visible = meta.visible == python_calamine.SheetVisibleEnum.Visible
            if not visible or meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_index(index)
            head = sheet.to_python(skip_empty_area=False, nrows=HEADER_SEARCH_ROWS)

            def load(sheet: python_calamine.CalamineSheet = sheet) -> tuple[Table, list[CellSpan]]:
                with _calamine_errors(path):
                    cells = sheet.to_python(skip_empty_area=False)
                    spans = [
                        (r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()
                    ]
                return cells, spans  # type: ignore[return-value]

            yield meta.name, head, load  # type: ignore[misc]


def _magic(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError as error:
        raise RosterReadError(_os_message(path)) from error


def _looks_like_workbook(path: Path) -> bool:
    return _magic(path).startswith((_ZIP_MAGIC, _OLE_MAGIC))


def _open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    magic, suffix = _magic(path), path.suffix.lower()
    expected = _OLE_MAGIC if suffix == ".xls" else _ZIP_MAGIC
    if magic.startswith(expected) or not magic.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        return python_calamine.load_workbook(path)
    # Content and name disagree (an .xlsx saved as .xls or .csv): calamine sniffs the bytes.
    return python_calamine.load_workbook(io.BytesIO(path.read_bytes()))


def _refuse_unreadable(path: Path) -> None:
    """Explain the common non-workbooks before calamine gives a cryptic error."""
    try:
        with path.open("rb") as handle:
            start = handle.read(512)
            is_encrypted = start.startswith(_OLE_MAGIC) and _ENCRYPTION_STREAM in handle.read()
    except OSError as error:
        raise RosterReadError(_os_message(path)) from error
    if not start:
        raise RosterReadError(f"文件「{path.name}」是空的（0 字节），请重新导出或复制后再试。")
    if is_encrypted:
        raise RosterReadError(_encrypted_message(path))
    text = start.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")):
        raise RosterReadError(
            f"文件「{path.name}」实际上是网页（HTML/XML）格式，不是真正的 Excel 文件。"
            "请用 Excel 或 WPS 打开后“另存为” .xlsx，再重新导入。"
        )


@contextmanager
def _calamine_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except RosterReadError:
        raise
    except python_calamine.PasswordError as error:
        raise RosterReadError(_encrypted_message(path)) from error
    except OSError as error:
        raise RosterReadError(_os_message(path)) from error
    except BaseException as error:  # calamine may raise anything, a Rust panic included
        if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise RosterReadError(
            f"文件「{path.name}」已损坏或不完整，无法作为 Excel 文件打开。"
            "请先用 Excel 或 WPS 确认能正常打开，再另存为 .xlsx 后重新导入。"
        ) from error


def _encrypted_message(path: Path) -> str:
    return (
        f"文件「{path.name}」设置了打开密码，无法读取。"
        "请在 Excel 或 WPS 中取消密码后另存一份，再重新导入。"
    )


def _os_message(path: Path) -> str:
    return (
        f"无法读取文件「{path.name}」：没有访问权限或文件正被其他程序独占，请关闭相关程序后重试。"
    )


def _read_csv(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RosterReadError(_os_message(path)) from error
    if not data:
        raise RosterReadError(f"文件「{path.name}」是空的（0 字节），请重新导出或复制后再试。")
    text = _decode_csv(path, data)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows: Table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))  # type: ignore[arg-type]
    width = max(map(len, rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return rows


def _decode_csv(path: Path, data: bytes) -> str:
    text = decode_text(data)
    if text is not None:
        return text
    raise RosterReadError(
        f"无法识别文件「{path.name}」的文字编码（既不是 UTF-8，也不是 GBK/GB18030）。"
        "请用 Excel 打开后另存为 .xlsx 或“CSV UTF-8”格式再导入。"
    )


def _find_header(head: Table) -> tuple[int, HeaderMatch | None]:
    best_index, best = 0, None
    for index, row in enumerate(head):
        match = match_headers(row)
        if match.is_header and (best is None or match.score > best.score):
            best_index, best = index, match
    return best_index, best


def _collect_rows(cells: Table, header_index: int, match: HeaderMatch) -> list[RawRow]:
    """Turn the rows below the header into RawRows, skipping blanks, repeated headers and notes."""
    attrs = tuple(match.columns)
    get_values = itemgetter(*match.columns.values())  # two or more columns: returns a tuple
    key_attr = "name" if "name" in match.columns else "id_number"
    key_pos = attrs.index(key_attr)
    key_header = cells[header_index][match.columns[key_attr]]
    serial = match.serial_column
    rows: list[RawRow] = []
    append = rows.append
    # The hot loop of a 10,000-row read: itemgetter and map keep the work in C.
    for number, values in enumerate(map(get_values, cells[header_index + 1 :]), header_index + 2):
        key = values[key_pos]
        if key == "" or (key.__class__ is str and key.isspace()):
            if _is_blank(cells[number - 1], serial):
                continue
        elif key == key_header:  # a header repeated further down (pasted pages)
            continue
        append(RawRow(number, dict(zip(attrs, map(_none_if_empty, values, values), strict=True))))
    key_columns = {match.columns[a] for a in ("name", "id_number") if a in match.columns}
    field_columns = set(match.columns.values())
    while rows and _is_note(cells[rows[-1].row - 1], field_columns, key_columns):
        rows.pop()
    return rows


def _is_empty(value: CellValue) -> bool:
    return value == "" or value is None or (isinstance(value, str) and value.isspace())


def _is_blank(row: Sequence[CellValue], serial: int | None) -> bool:
    return all(_is_empty(value) for index, value in enumerate(row) if index != serial)


def _is_note(row: Sequence[CellValue], field_columns: set[int], key_columns: set[int]) -> bool:
    """A trailing remark such as 备注：…, 填表人：…, 合计…, told apart from a candidate's data.

    A row led by a note word is one; otherwise only a single text cell can be: outside the
    field columns always, in a field column with a label ("制表日期：…"), in 姓名 or 证件号码
    never (a candidate whose other cells are missing).
    """
    filled = [(index, value) for index, value in enumerate(row) if not _is_empty(value)]
    if not filled:
        return False
    index, first = filled[0]
    if not isinstance(first, str):
        return False
    text = first.strip()
    if text.startswith(_NOTE_PREFIXES):  # 合计 | 35 counts too
        return True
    if len(filled) > 1 or index in key_columns:
        return False
    return index not in field_columns or ":" in text or "：" in text
