"""Saving files so that a crash never leaves half of one, and saying in Chinese why a save failed."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def replace_atomically(path: Path, write: Callable[[str], None], *, suffix: str = ".tmp") -> None:
    """Have `write(temporary_name)` write the file beside `path`, then swap it in.

    Raises OSError; the temporary file never outlives a failure.
    """
    temp_name = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.stem}.", suffix=suffix, dir=path.parent
        )
        os.close(handle)
        write(temp_name)
        os.replace(temp_name, path)
    finally:
        if temp_name and os.path.exists(temp_name):
            os.unlink(temp_name)


def write_text_atomically(path: Path, text: str) -> None:
    """Write UTF-8 text, flushed to disk before it replaces `path`. Raises OSError."""

    def write(name: str) -> None:
        with open(name, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())

    replace_atomically(path, write)


def why_not_saved(error: OSError, *, opened_in: str = "其他程序") -> str:
    """What the user can do about a failed save, in one Chinese sentence."""
    if isinstance(error, IsADirectoryError):
        return "已有同名的文件夹，请换一个文件名。"
    if isinstance(error, PermissionError):
        return f"文件可能正在被{opened_in}打开，或没有写入权限，请关闭文件或换个文件夹后重试。"
    if error.errno == errno.ENOSPC:
        return "磁盘空间不足，请清理磁盘或换个位置保存。"
    return "写入失败，请检查保存位置（U 盘或网络盘是否已断开）后重试。"
