"""Writing .xlsx files safely: atomic saves, Chinese-aware widths, clear save errors."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from skilldesk.core.errors import UserFacingError
from skilldesk.files.safe_write import replace_atomically, why_not_saved


class RosterWriteError(UserFacingError):
    """A workbook that could not be saved; str() is a one-line Chinese message for the user."""


def display_width(text: str) -> int:
    """Width in Excel's units: a Chinese character takes two, a digit or letter one."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def line_count(value: object, width: float) -> int:
    if not value:
        return 1
    return -(-display_width(str(value)) // max(1, int(width - 1.5)))


def save_atomically(workbook: Workbook, out_path: Path) -> None:
    """Save beside the target and swap it in, so a crash never leaves half a workbook."""
    try:
        replace_atomically(out_path, workbook.save, suffix=".xlsx.tmp")
    except OSError as error:
        reason = why_not_saved(error, opened_in=" Excel 或 WPS ")
        raise RosterWriteError(f"无法保存「{out_path.name}」：{reason}") from error
