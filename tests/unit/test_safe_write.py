"""Saves that fail halfway leave the old file as it was and nothing beside it."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from skilldesk.files.safe_write import replace_atomically, why_not_saved, write_text_atomically


def test_a_save_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "新文件夹" / "计划.json"
    write_text_atomically(target, "第一版\n")
    write_text_atomically(target, "第二版\n")
    assert target.read_text(encoding="utf-8") == "第二版\n"
    assert [p.name for p in target.parent.iterdir()] == ["计划.json"]


def test_a_save_that_fails_halfway_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "名册.xlsx"
    target.write_bytes(b"old workbook")

    def write_half(name: str) -> None:
        Path(name).write_bytes(b"half a wor")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError) as caught:
        replace_atomically(target, write_half, suffix=".xlsx.tmp")
    assert target.read_bytes() == b"old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["名册.xlsx"]
    assert "磁盘空间不足" in why_not_saved(caught.value)


def test_the_reasons_say_what_to_do(tmp_path: Path) -> None:
    assert "同名的文件夹" in why_not_saved(IsADirectoryError(errno.EISDIR, "is a directory"))
    locked = why_not_saved(PermissionError(errno.EACCES, "denied"), opened_in=" Excel 或 WPS ")
    assert "正在被 Excel 或 WPS 打开" in locked
    assert "U 盘或网络盘" in why_not_saved(OSError(errno.EIO, "I/O error"))
    (tmp_path / "计划.json").mkdir()
    with pytest.raises(IsADirectoryError):
        write_text_atomically(tmp_path / "计划.json", "{}")
