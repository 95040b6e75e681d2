"""Writing .xlsx files safely: atomic saves, Chinese-aware widths, clear save errors."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook

from skilldesk.core.errors import UserFacingError


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
