"""Reading the examiner list (考评员名单) from .xlsx, .xls and .csv files as staff keep them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import xlwt

from skilldesk.core.errors import UserFacingError
from skilldesk.files.examiner_reader import ExaminerReadError, header_field, read_examiners


def test_the_header_is_found_below_the_title_and_synonyms_are_mapped(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["衢州市示范技师学院考评员名单"])
    sheet.append(["填报日期：2025年3月1日"])
    sheet.append([])
    sheet.append(
        ["序号", "姓 名", "性别", "出生年月", "工作单位", "职称", "证书编号", "级别", "考评工种"]
    )
    sheet.append(
        [1, "方建平", "男", dt.date(1972, 3, 14), "示范学院", "高级讲师", "ZJ-0101", "高级", "电工"]
    )
    sheet.append([2, None, None, None, None, None, None, None, None])  # only a 序号
    sheet.append([3, "毛丽华", "女", "1985.09", None, "讲师", 330800123, "考评员", "电工、焊工"])
    sheet.append([None, "姓名", "性别"])  # the header repeated on a pasted second page
    sheet.append([4, None, "男", None, "示范学院"])  # a person without a name: kept, to refuse
    sheet.append(["注：证书编号即考评员证号。"])
    sheet.append([None, "填表人：张老师"])
    sheet.merge_cells("A1:I1")
    book.save(tmp_path / "名单.xlsx")

    read = read_examiners(tmp_path / "名单.xlsx")
    assert read.header_row == 4
    assert read.headers["name"] == "姓 名" and read.headers["badge_number"] == "证书编号"
    assert set(read.headers) == {
        "name", "gender", "birth_date", "unit", "title", "badge_number", "grade", "occupations",
    }  # fmt: skip
    assert [r.row for r in read.rows] == [5, 7, 9]
    first, second, nameless = (r.values for r in read.rows)
    assert first["name"] == "方建平" and first["grade"] == "高级"
    assert first["birth_date"] in (dt.date(1972, 3, 14), dt.datetime(1972, 3, 14))
    assert second["badge_number"] == 330800123 and "unit" not in second  # empty cells left out
    assert nameless == {"gender": "男", "unit": "示范学院"}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("考评员证号", "badge_number"),
        ("考评员证书编号", "badge_number"),
        ("年龄（岁）", "age"),
        ("等级（考评员/高级考评员）", "grade"),
        ("考评职业（工种）", "occupations"),
        ("职称/职业资格", "title"),
        ("备注", None),
    ],
)
def test_header_synonyms(header: str, field: str | None) -> None:
    assert header_field(header) == field


def test_an_xls_workbook(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("考评员")
    sheet.write(0, 0, "考评员名单")
    for column, text in enumerate(["姓名", "性别", "年龄", "工作单位", "考评员证号", "等级"]):
        sheet.write(1, column, text)
    for column, value in enumerate(["吴志刚", "男", 44, "示范学院", "ZJ-KP-0105", "考评员"]):
        sheet.write(2, column, value)
    book.save(str(tmp_path / "old.xls"))
    read = read_examiners(tmp_path / "old.xls")
    assert read.sheet_name == "考评员" and read.header_row == 2
    [row] = read.rows
    assert row.row == 3 and row.values["name"] == "吴志刚" and row.values["age"] == 44


def test_a_gbk_csv(tmp_path: Path) -> None:
    text = "考评员名单\n姓名,性别,出生日期,考评员证号,考评职业\n徐晓燕,女,1976-06-08,ZJ-KP-0104,电工、车工\n"
    path = tmp_path / "名单.csv"
    path.write_bytes(text.encode("gbk"))
    [row] = read_examiners(path).rows
    assert row.values == {
        "name": "徐晓燕",
        "gender": "女",
        "birth_date": "1976-06-08",
        "badge_number": "ZJ-KP-0104",
        "occupations": "电工、车工",
    }


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.xlsx", b"", "是空的"),
        ("broken.xlsx", b"not a workbook at all", "已损坏"),
        ("list.docx", b"PK\x03\x04", "不支持的文件类型"),
        ("no-header.csv", "甲,乙\n1,2\n".encode(), "找不到考评员名单的表头"),
    ],
)
def test_unreadable_files_are_one_chinese_line(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExaminerReadError, match=expected) as caught:
        read_examiners(path)
    assert isinstance(caught.value, UserFacingError) and "\n" not in str(caught.value)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExaminerReadError, match="找不到文件"):
        read_examiners(tmp_path / "gone.xlsx")
