"""read_roster on real files built in tmp_path: layouts, encodings, junk rows and broken files."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine
import xlwt
from msoffcrypto.format import ooxml

from skilldesk.files.roster_reader import RosterReadError, RosterSheet, read_roster

REGISTRATION_HEADER = (
    "姓名 证件类型 证件号码 性别 出生日期 民族 文化程度 手机号码 考生来源 所在单位 工作年限 "
    "原鉴定等级 通讯地址 电子邮箱 申报条件"
).split()


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], title: str = "Sheet1") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def registration_rows() -> list[list[object]]:
    return [
        ["职业技能等级认定报名信息表"],
        ["备案机构名称：衢州市技师学院", None, None, None, None, None, None, "计划编号：J2024-01"],
        ["鉴定工种：电工", None, None, None, None, None, None, "考试时间：2024年6月1日"],
        list(REGISTRATION_HEADER),
        [
            "张三",
            "居民身份证",
            "330822199012153420",
            "男",
            dt.date(1990, 12, 15),
            "汉族",
            "高中",
            "13800000001",
            "社会人员",
            "衢州某公司",
            5,
            "五级",
            "衢州市柯城区",
            "a@qq.com",
            "累计从事本职业工作4年以上",
        ],
    ]


def read_error(path: Path) -> str:
    with pytest.raises(RosterReadError) as caught:
        read_roster(path)
    message = str(caught.value)
    assert "\n" not in message and message.strip() == message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    return message


def test_registration_layout_with_title_rows(tmp_path: Path) -> None:
    sheet = read_roster(write_xlsx(tmp_path / "报名.xlsx", registration_rows(), "报名信息表"))
    assert isinstance(sheet, RosterSheet)
    assert sheet.sheet_name == "报名信息表"
    assert sheet.header_row == 4
    assert sheet.columns["name"] == 0 and sheet.columns["application_condition"] == 14
    assert sheet.column_headers["id_number"] == "证件号码"
    assert sheet.unknown_headers == []
    assert sheet.missing_columns() == []
    [row] = sheet.rows
    assert row.row == 5
    assert row.values["name"] == "张三"
    assert row.values["id_number"] == "330822199012153420"
    assert row.values["birth_date"] == dt.date(1990, 12, 15)
    assert row.values["years_in_occupation"] == 5
    assert sheet.cells[0][0] == "职业技能等级认定报名信息表"


def test_shuffled_columns_synonyms_and_messy_headers(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["学员花名册"],
        [],
        ["电  话", "备注", "身份证号", "姓\n名", "出生\n年月", "工作单位", "学历（必填）", "性别*"],
        [
            "13800000001",
            "补考",
            "330822199012153420",
            "李四",
            dt.date(1991, 3, 1),
            "某厂",
            "大专",
            "女",
        ],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "a.xlsx", rows))
    assert sheet.header_row == 3
    assert sheet.columns == {
        "phone": 0,
        "id_number": 2,
        "name": 3,
        "birth_date": 4,
        "employer": 5,
        "education": 6,
        "gender": 7,
    }
    assert sheet.column_headers["name"] == "姓\n名"
    assert sheet.unknown_headers == ["备注"]
    assert sheet.rows[0].row == 4
    assert sheet.rows[0].values == {
        "phone": "13800000001",
        "id_number": "330822199012153420",
        "name": "李四",
        "birth_date": dt.date(1991, 3, 1),
        "employer": "某厂",
        "education": "大专",
        "gender": "女",
    }
    assert sheet.missing_columns() == []
    assert sheet.missing_columns(("name", "ethnicity", "email")) == ["民族", "电子邮箱"]


def test_numbers_stay_numbers_and_empty_cells_become_none(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["姓名", "证件号码", "手机号码", "出生日期", "工作年限"],
        ["王五", 330822199012153420, 13800000001, dt.datetime(1990, 1, 2, 0, 0), None],
    ]
    values = read_roster(write_xlsx(tmp_path / "n.xlsx", rows)).rows[0].values
    assert isinstance(values["id_number"], float)  # the checker reports ID_PRECISION_LOST
    assert values["phone"] == 13800000001
    assert values["birth_date"] in (dt.date(1990, 1, 2), dt.datetime(1990, 1, 2))
    assert values["years_in_occupation"] is None
    assert "gender" not in values


def test_blank_rows_serial_templates_and_trailing_notes_are_skipped(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["职业技能培训班学员花名册"],
        ["序号", "姓名", "性别", "身份证号码", "电话"],
        [1, "甲", "男", "330822199012153420", "13800000001"],
        [],
        [2, "乙", "女", "330822199103040021", "13800000002"],
        [3, None, None, "   ", None],
        [4, "丙", None, None, None],  # a real candidate with most cells missing: kept
        [5],
        [6],
        ["备注：本表一式三份"],
        [None, "说明：以上人员均已完成培训"],
        ["填表人：张老师", None, None, "审核人：李主任"],
        [None, None, None, None, "制表日期：2024年5月"],
        ["合计", None, None, None, 3],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "t.xlsx", rows))
    assert sheet.header_row == 2
    assert [r.row for r in sheet.rows] == [3, 5, 7]
    assert [r.values["name"] for r in sheet.rows] == ["甲", "乙", "丙"]
    assert sheet.rows[2].values == {
        "name": "丙",
        "gender": None,
        "id_number": None,
        "phone": None,
    }


def test_a_lonely_id_at_the_end_is_a_candidate_not_a_note(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["姓名", "证件号码"],
        ["甲", "330822199012153420"],
        [None, "330822199103040021"],
    ]
    sheet = read_roster(write_xlsx(tmp_path / "t.xlsx", rows))
    assert [r.row for r in sheet.rows] == [2, 3]


def test_repeated_header_rows_are_skipped(tmp_path: Path) -> None:
    rows = [["姓名", "证件号码"], ["甲", "1"], ["姓名", "证件号码"], ["乙", "2"]]
    sheet = read_roster(write_xlsx(tmp_path / "t.xlsx", rows))
    assert [r.values["name"] for r in sheet.rows] == ["甲", "乙"]


def test_header_must_be_within_the_first_ten_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [["说明"] for _ in range(10)]
    rows += [["姓名", "证件号码"], ["甲", "1"]]
    message = read_error(write_xlsx(tmp_path / "late.xlsx", rows))
    assert "姓名" in message and "证件号码" in message and "10" in message


def test_no_recognisable_header(tmp_path: Path) -> None:
    rows: list[list[object]] = [["甲", "乙", "丙"], [1, 2, 3]]
    message = read_error(write_xlsx(tmp_path / "x.xlsx", rows))
    assert "表头" in message and "姓名" in message


def test_hidden_and_headerless_sheets_are_passed_over(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    assert hidden is not None
    hidden.title = "隐藏"
    hidden.append(["姓名", "证件号码"])
    hidden.append(["隐藏的人", "1"])
    hidden.sheet_state = "hidden"
    notes = workbook.create_sheet("说明")
    notes.append(["填表说明：请按模板填写"])
    roster = workbook.create_sheet("名单")
    roster.append(["姓名", "证件号码"])
    roster.append(["甲", "330822199012153420"])
    workbook.save(tmp_path / "multi.xlsx")
    sheet = read_roster(tmp_path / "multi.xlsx")
    assert sheet.sheet_name == "名单"
    assert [r.values["name"] for r in sheet.rows] == ["甲"]


def test_xlsm_and_xlsx_saved_as_xls_or_csv_are_read(tmp_path: Path) -> None:
    rows = [["姓名", "证件号码"], ["甲", "330822199012153420"]]
    for name in ("a.xlsm", "a.xls", "a.csv"):
        path = tmp_path / name
        write_xlsx(tmp_path / "src.xlsx", rows)
        os.replace(tmp_path / "src.xlsx", path)
        assert read_roster(path).rows[0].values["name"] == "甲"


def test_xls_file(tmp_path: Path) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    sheet.write(0, 0, "学员花名册")
    for column, text in enumerate(["序号", "姓  名", "身份证号码", "出生年月", "电话"]):
        sheet.write(2, column, text)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for column, value in enumerate([1, "赵六", 330822199012153420, None, "13800000001"]):
        if value is not None:
            sheet.write(3, column, value)
    sheet.write(3, 3, dt.date(1990, 12, 15), date_style)
    book.save(str(tmp_path / "old.xls"))
    roster = read_roster(tmp_path / "old.xls")
    assert roster.sheet_name == "花名册" and roster.header_row == 3
    [row] = roster.rows
    assert row.row == 4
    assert row.values["name"] == "赵六"
    assert isinstance(row.values["id_number"], float)
    assert row.values["birth_date"] in (dt.date(1990, 12, 15), dt.datetime(1990, 12, 15))
    assert row.values["phone"] == "13800000001"
    os.replace(tmp_path / "old.xls", tmp_path / "renamed.xlsx")  # an .xls saved under .xlsx
    assert read_roster(tmp_path / "renamed.xlsx").rows[0].values["name"] == "赵六"


CSV_TEXT = "报名信息表\n姓名,证件号码,手机号码,所在单位\n张三,330822199012153420,13800000001,衢州某公司\n\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    sheet = read_roster(path)
    assert sheet.sheet_name == "r"
    assert sheet.header_row == 2
    [row] = sheet.rows
    assert row.row == 3
    assert row.values == {
        "name": "张三",
        "id_number": "330822199012153420",
        "phone": "13800000001",
        "employer": "衢州某公司",
    }


def test_csv_ragged_rows_and_tab_separated_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("姓名\t证件号码\t电话\n张三\t330822199012153420\n".encode("utf-16"))
    [row] = read_roster(path).rows
    assert row.values == {"name": "张三", "id_number": "330822199012153420", "phone": None}


def test_csv_in_an_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes("姓名,证件号码\n".encode() + b"\xff\xfe\xfd\x80,\x81\n")
    assert "编码" in read_error(path)


def test_missing_file_and_wrong_type(tmp_path: Path) -> None:
    assert "找不到" in read_error(tmp_path / "nope.xlsx")
    (tmp_path / "r.docx").write_bytes(b"x")
    assert ".docx" in read_error(tmp_path / "r.docx")
    (tmp_path / "noext").write_bytes(b"x")
    assert "无扩展名" in read_error(tmp_path / "noext")
    assert "文件夹" in read_error(tmp_path)


def test_empty_file(tmp_path: Path) -> None:
    for name in ("e.xlsx", "e.csv"):
        (tmp_path / name).write_bytes(b"")
        assert "空" in read_error(tmp_path / name)


def test_random_bytes_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(os.urandom(4096))
    assert "损坏" in read_error(path)


def test_truncated_workbook(tmp_path: Path) -> None:
    data = write_xlsx(tmp_path / "ok.xlsx", registration_rows()).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert "损坏" in read_error(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("330822199012153420张三.jpg", b"\xff\xd8\xff")
    assert "损坏" in read_error(path)


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>姓名</td></tr></table></body></html>")
    assert "HTML" in read_error(path)


def test_password_protected_workbook(tmp_path: Path) -> None:
    plain = write_xlsx(tmp_path / "plain.xlsx", registration_rows())
    locked = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, locked.open("wb") as target:
        ooxml.OOXMLFile(source).encrypt("secret", target)
    assert "密码" in read_error(locked)


def test_empty_workbook(tmp_path: Path) -> None:
    assert "没有任何数据" in read_error(write_xlsx(tmp_path / "empty.xlsx", []))


def test_ten_thousand_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("名单")
    sheet.append(["职业技能等级认定报名信息表"])
    sheet.append(REGISTRATION_HEADER)
    for index in range(10_000):
        sheet.append([f"学员{index}", "居民身份证", f"33082219900101{index:04d}", "男"])
    workbook.save(tmp_path / "big.xlsx")
    roster = read_roster(tmp_path / "big.xlsx")
    assert len(roster.rows) == 10_000
    assert roster.rows[-1].row == 10_002
    assert roster.rows[-1].values["id_number"] == "330822199001019999"


class TrackedWorkbook:
    """A calamine workbook that remembers whether the reader closed it."""

    def __init__(self, inner: python_calamine.CalamineWorkbook) -> None:
        self.inner = inner
        self.closed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def close(self) -> None:
        self.closed = True
        self.inner.close()


def test_the_workbook_is_closed_after_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[TrackedWorkbook] = []
    real_load = python_calamine.load_workbook

    def tracked_load(source: Any) -> TrackedWorkbook:
        opened.append(TrackedWorkbook(real_load(source)))
        return opened[-1]

    monkeypatch.setattr(python_calamine, "load_workbook", tracked_load)
    good = write_xlsx(tmp_path / "open.xlsx", registration_rows())
    read_roster(good)
    bad = write_xlsx(tmp_path / "bad.xlsx", [["甲", "乙"]])
    with pytest.raises(RosterReadError):
        read_roster(bad)
    assert [workbook.closed for workbook in opened] == [True, True]
    if Path("/proc/self/fd").is_dir():  # POSIX: no descriptor left on either file
        open_files = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
        assert not {str(good.resolve()), str(bad.resolve())} & open_files
    # Windows refuses to replace or delete a file some process holds open.
    for path in (good, bad):
        os.replace(write_xlsx(tmp_path / "new.xlsx", registration_rows()), path)
        path.unlink()


def test_read_errors_are_user_facing() -> None:
    from skilldesk.core.errors import UserFacingError

    assert issubclass(RosterReadError, UserFacingError)
