"""The photo check report: every file with its size, pixels and findings, errors in red."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill

from skilldesk.core.findings import Finding, count_by_severity
from skilldesk.files.xlsx_out import save_atomically

SHEET = "照片检查"
HEADERS = ("文件", "大小KB", "宽×高", "级别", "代码", "说明")
WIDTHS = (48, 10, 12, 8, 24, 90)
NO_PHOTO = "（缺少照片）"
_FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
}
_LEVEL_WORDS = {"error": "错误", "warning": "警告"}
_BOLD = Font(bold=True)


# What the report reads of a photo check (services.photos.PhotoCheck has it): described here
# so that this file format does not import the service above it.
class CheckedPhoto(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def width(self) -> int | None: ...
    @property
    def height(self) -> int | None: ...
    @property
    def candidate(self) -> object | None: ...
    @property
    def findings(self) -> Sequence[Finding]: ...


class PhotoCheckResult(Protocol):
    @property
    def source(self) -> Path: ...
    @property
    def profile(self) -> str: ...
    @property
    def files(self) -> Sequence[CheckedPhoto]: ...
    @property
    def missing(self) -> Sequence[Finding]: ...
    @property
    def candidates(self) -> int | None: ...
    @property
    def findings(self) -> Sequence[Finding]: ...


def write_photo_report(check: PhotoCheckResult, out_path: Path) -> None:
    """One row per finding (a file without any gets one row marked 通过); saved atomically."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    for letter, width in zip("ABCDEF", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    rows: list[tuple[Any, ...]] = []
    for photo in check.files:
        size = round(photo.size / 1024, 1)
        pixels = f"{photo.width}×{photo.height}" if photo.width and photo.height else ""
        if not photo.findings:
            rows.append((photo.name, size, pixels, "通过", "", "", None))
        for finding in photo.findings:
            level = _LEVEL_WORDS.get(finding.severity, finding.severity)
            rows.append(
                (photo.name, size, pixels, level, finding.code, finding.message, finding.severity)
            )
    for finding in check.missing:
        level = _LEVEL_WORDS.get(finding.severity, finding.severity)
        rows.append((NO_PHOTO, None, "", level, finding.code, finding.message, finding.severity))
    sheet.auto_filter.ref = f"A1:F{len(rows) + 1}"
    sheet.append([_cell(sheet, text, bold=True) for text in HEADERS])
    for *values, severity in rows:
        fill = _FILLS.get(severity) if severity else None
        sheet.append([_cell(sheet, value, fill=fill) for value in values])
    _write_summary(workbook, check)
    save_atomically(workbook, Path(out_path))


def _cell(
    sheet: Any, value: Any, *, bold: bool = False, fill: PatternFill | None = None
) -> WriteOnlyCell:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"  # a file name starting with "=" stays text, never a formula
    if bold:
        cell.font = _BOLD
    if fill is not None:
        cell.fill = fill
    return cell


def _write_summary(workbook: Workbook, check: PhotoCheckResult) -> None:
    sheet = workbook.create_sheet("汇总")
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 60
    errors, warnings = count_by_severity(check.findings)
    lines: list[tuple[str, Any]] = [
        ("检查对象", str(check.source)),
        ("规则配置", check.profile),
        ("文件数", len(check.files)),
        ("错误", errors),
        ("警告", warnings),
    ]
    if check.candidates is not None:
        matched = sum(1 for photo in check.files if photo.candidate is not None)
        lines += [("名单人数", check.candidates), ("对上照片", matched)]
        lines.append(("缺少照片", len(check.missing)))
    for label, value in lines:
        sheet.append([_cell(sheet, label, bold=True), _cell(sheet, value)])
