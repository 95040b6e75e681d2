"""The check report (highlighted copy + 检查结果) and the seed-layout exports, read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from skilldesk.core.findings import Finding
from skilldesk.core.roster_data import Derived, RawRow
from skilldesk.files.roster_export import ExportHeader, export_roster
from skilldesk.files.roster_reader import RosterSheet, read_roster
from skilldesk.files.roster_report import write_check_report
from skilldesk.files.xlsx_out import RosterWriteError

RED, YELLOW, GREEN = "00FFC7CE", "00FFEB9C", "00C6EFCE"
REGISTRATION_HEADER = (
    "姓名 证件类型 证件号码 性别 出生日期 民族 文化程度 手机号码 考生来源 所在单位 工作年限 "
    "原鉴定等级 通讯地址 电子邮箱 申报条件"
).split()
TRAINING_HEADER = (
    "序号 姓名 性别 出生年月 文化程度 本职业（工种）年限 现有职业资格证书号码 工作单位或联系地址 "
    "身份证号码 电话"
).split()


@pytest.fixture
def roster(tmp_path: Path) -> RosterSheet:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    sheet.append(["学员花名册"])
    sheet.append(["序号", "姓名", "性别", "证件号码", "手机号码", "出生日期", "备注"])
    sheet.append([1, "张三", "男", "330822199012153421", "1380000000", dt.date(1990, 12, 15)])
    sheet.append([2, "李四", None, 330822199103040021, "13800000002", None, "补考"])
    sheet.append([3, "=王五", "女", "330822199205060042", "13800000003"])
    sheet["B5"].data_type = "s"  # text that starts with "=", not a formula
    sheet.merge_cells("A1:G1")
    workbook.save(tmp_path / "in.xlsx")
    return read_roster(tmp_path / "in.xlsx")


def findings() -> list[Finding]:
    return [
        Finding("ID_CHECKSUM", "error", "证件号码校验位不对", row=3, field="证件号码"),
        Finding("PHONE_LENGTH", "error", "手机号码应为11位", row=3, field="手机号码"),
        Finding("PHONE_UNUSUAL", "warning", "手机号码号段少见", row=3, field="手机号码"),
        Finding("ID_PRECISION_LOST", "error", "证件号码被存成了数字", row=4, field="证件号码"),
        Finding("ETHNICITY_MISSING", "warning", "缺少民族", row=5, field="民族"),
        Finding("COLUMN_MISSING", "warning", "文件缺少「民族」列", field="民族"),
    ]


def derived() -> list[Derived]:
    return [Derived(4, "性别", "女", "由证件号码第17位推出")]


def test_report_highlights_cells_and_lists_findings(tmp_path: Path, roster: RosterSheet) -> None:
    out = tmp_path / "report.xlsx"
    write_check_report(roster, findings(), derived(), out)
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == ["名单", "检查结果"]
    copy = workbook["名单"]
    assert copy["A1"].value == "学员花名册"
    assert {str(r) for r in copy.merged_cells.ranges} == {"A1:G1"}
    assert [c.value for c in copy[2]] == [
        "序号",
        "姓名",
        "性别",
        "证件号码",
        "手机号码",
        "出生日期",
        "备注",
    ]
    assert copy["B3"].value == "张三" and copy["G4"].value == "补考"
    assert copy["F3"].value == dt.datetime(1990, 12, 15)
    assert copy["B5"].value == "=王五" and copy["B5"].data_type == "s"

    id_cell = copy["D3"]
    assert id_cell.fill.fgColor.rgb == RED
    assert id_cell.comment is not None and id_cell.comment.author == "SkillDesk"
    assert "证件号码校验位不对" in id_cell.comment.text

    phone = copy["E3"]
    assert phone.fill.fgColor.rgb == RED  # the gravest of its two findings
    assert phone.comment is not None
    assert "手机号码应为11位" in phone.comment.text and "手机号码号段少见" in phone.comment.text

    lost = copy["D4"]  # an ID that arrived as a number is written back as text
    assert lost.value == f"{330822199103040021.0:.0f}"
    assert lost.data_type == "s" and lost.number_format == "@"
    assert copy["D5"].data_type == "s" and copy["D5"].number_format == "@"

    gender = copy["C4"]
    assert gender.value == "女" and gender.fill.fgColor.rgb == GREEN
    assert gender.comment is not None and "第17位" in gender.comment.text

    name = copy["B5"]  # no 民族 column: the finding goes on the 姓名 cell
    assert name.fill.fgColor.rgb == YELLOW
    assert name.comment is not None and "民族" in name.comment.text
    assert copy["B3"].comment is None and copy["B3"].fill.fgColor.rgb == "00000000"

    summary = workbook["检查结果"]
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "级别", "代码", "说明")
    assert len(rows) == 1 + len(findings())
    assert rows[1] == (None, "民族", "警告", "COLUMN_MISSING", "文件缺少「民族」列")
    assert rows[2:] == [
        (3, "证件号码", "错误", "ID_CHECKSUM", "证件号码校验位不对"),
        (3, "手机号码", "错误", "PHONE_LENGTH", "手机号码应为11位"),
        (3, "手机号码", "警告", "PHONE_UNUSUAL", "手机号码号段少见"),
        (4, "证件号码", "错误", "ID_PRECISION_LOST", "证件号码被存成了数字"),
        (5, "民族", "警告", "ETHNICITY_MISSING", "缺少民族"),
    ]
    assert summary.auto_filter.ref == f"A1:E{len(rows)}"
    assert summary.freeze_panes == "A2"


def test_report_of_a_clean_roster(tmp_path: Path, roster: RosterSheet) -> None:
    out = tmp_path / "report.xlsx"
    write_check_report(roster, [], [], out)
    workbook = openpyxl.load_workbook(out)
    assert list(workbook["检查结果"].iter_rows(values_only=True)) == [
        ("行号", "列", "级别", "代码", "说明")
    ]


def test_report_without_cells_rebuilds_the_layout(tmp_path: Path) -> None:
    sheet = RosterSheet(
        path=tmp_path / "x.csv",
        sheet_name="x",
        header_row=2,
        columns={"name": 0, "id_number": 1},
        column_headers={"name": "姓名", "id_number": "身份证号"},
        rows=[RawRow(3, {"name": "甲", "id_number": "330822199012153420"})],
    )
    out = tmp_path / "r.xlsx"
    write_check_report(sheet, [Finding("X", "error", "错", row=3, field="证件号码")], [], out)
    copy = openpyxl.load_workbook(out)["x"]
    assert [c.value for c in copy[2]] == ["姓名", "身份证号"]
    assert copy["B3"].value == "330822199012153420" and copy["B3"].fill.fgColor.rgb == RED


def test_report_is_written_atomically(
    tmp_path: Path, roster: RosterSheet, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"previous report")

    real_save = openpyxl.Workbook.save

    def crash(self: openpyxl.Workbook, filename: str) -> None:
        real_save(self, filename)
        Path(filename).write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", crash)
    with pytest.raises(RosterWriteError) as caught:
        write_check_report(roster, findings(), [], out)
    assert "report.xlsx" in str(caught.value) and "磁盘空间不足" in str(caught.value)
    assert out.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xlsx", "report.xlsx"]


def test_write_error_is_explained(tmp_path: Path, roster: RosterSheet) -> None:
    target = tmp_path / "occupied.xlsx"
    target.mkdir()  # os.replace cannot put a file over a folder
    with pytest.raises(RosterWriteError, match="无法保存"):
        write_check_report(roster, [], [], target)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


CANDIDATES: list[dict[str, object]] = [
    {
        "name": "张三",
        "id_type": "居民身份证",
        "id_number": "330822199012153420",
        "gender": "男",
        "birth_date": dt.date(1990, 12, 15),
        "ethnicity": "汉族",
        "education": "高中",
        "phone": "13800000001",
        "source": "社会人员",
        "employer": "衢州某某有限公司",
        "years_in_occupation": "5",
        "original_level": "五级",
        "address": "浙江省衢州市柯城区某路1号",
        "email": "zhang@example.com",
        "application_condition": "累计从事本职业工作4年以上",
        "certificate_number": "0000123456789012345",
    },
    {
        "name": "李四",
        "id_number": "33082219910304002X",
        "gender": "女",
        "birth_date": "1991-03-04",
        "phone": "13800000002",
        "address": "衢州市江山市某村",
        "years_in_occupation": None,
    },
]
HEADER = ExportHeader(
    institution_name="衢州市技师学院",
    plan_number="JH2024-001",
    occupation="电工",
    level_name="四级/中级工",
    exam_date=dt.date(2024, 6, 1),
    class_name="2024春季班",
    training_start=dt.date(2024, 3, 1),
    training_end="2024-05-31",
)


def test_registration_export_matches_the_seed_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "报名信息表.xlsx"
    export_roster(out, "registration", CANDIDATES, HEADER)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert sheet["A1"].value == "职业技能等级认定报名信息表" and sheet["A1"].font.b
    assert "A1:O1" in {str(r) for r in sheet.merged_cells.ranges}
    line_two = " ".join(str(c.value) for c in sheet[2] if c.value)
    assert "备案机构名称：衢州市技师学院" in line_two and "计划编号：JH2024-001" in line_two
    line_three = " ".join(str(c.value) for c in sheet[3] if c.value)
    assert "鉴定工种：电工" in line_three and "考试时间：2024年6月1日" in line_three
    assert [c.value for c in sheet[4]] == REGISTRATION_HEADER
    assert sheet["C5"].value == "330822199012153420"
    for address in ("C5", "H5", "C6", "H6"):
        assert sheet[address].data_type == "s" and sheet[address].number_format == "@"
    assert sheet["E5"].value == "1990-12-15" and sheet["E6"].value == "1991-03-04"
    assert sheet["C5"].border.left.style == "thin"
    assert sheet.column_dimensions["C"].width >= 20
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$4:$4"

    back = read_roster(out)
    assert back.header_row == 4
    assert [r.row for r in back.rows] == [5, 6]
    assert (0, 0, 0, 14) in back.merged
    first = back.rows[0].values
    for attr, value in CANDIDATES[0].items():
        if attr == "certificate_number":
            assert attr not in first  # not a column of the 报名信息表
        elif isinstance(value, dt.date):
            assert first[attr] == value.isoformat()
        else:
            assert first[attr] == value
    second = back.rows[1].values
    assert second["id_number"] == "33082219910304002X"
    assert second["birth_date"] == "1991-03-04"
    assert second["employer"] is None and second["years_in_occupation"] is None


def test_training_export_matches_the_seed_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "花名册.xlsx"
    export_roster(out, "training", CANDIDATES, HEADER)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert sheet["A1"].value == "职业技能培训班学员花名册" and sheet["A1"].font.b
    assert "A1:J1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "培训机构：衢州市技师学院"
    assert "（盖章）" in [c.value for c in sheet[2]]
    particulars = sheet["A3"].value
    for part in ("工种：电工", "等级：四级/中级工", "班别：2024春季班"):
        assert part in particulars
    assert "培训日期：2024年3月1日至2024年5月31日" in particulars
    assert [c.value for c in sheet[4]] == TRAINING_HEADER
    assert [sheet["A5"].value, sheet["A6"].value] == [1, 2]
    assert sheet["D5"].value == "1990.12" and sheet["D6"].value == "1991.03"
    assert sheet["I5"].value == "330822199012153420"
    for address in ("G5", "I5", "J5", "I6"):
        assert sheet[address].data_type == "s" and sheet[address].number_format == "@"
    assert sheet["H6"].value == "衢州市江山市某村"  # 工作单位或联系地址 falls back to the address
    assert sheet.print_title_rows == "$4:$4"

    back = read_roster(out)
    assert back.header_row == 4
    assert back.columns["employer"] == 7
    first, second = (r.values for r in back.rows)
    assert first == {
        "name": "张三",
        "gender": "男",
        "birth_date": "1990.12",
        "education": "高中",
        "years_in_occupation": "5",
        "certificate_number": "0000123456789012345",
        "employer": "衢州某某有限公司",
        "id_number": "330822199012153420",
        "phone": "13800000001",
    }
    assert second["id_number"] == "33082219910304002X"
    assert second["certificate_number"] is None


def test_blank_header_fields_leave_room_to_write_by_hand(tmp_path: Path) -> None:
    out = tmp_path / "blank.xlsx"
    export_roster(out, "training", [], ExportHeader())
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert "年" in sheet["A3"].value and "至" in sheet["A3"].value
    assert read_roster(out).rows == []


def test_export_keeps_formula_like_text_as_text(tmp_path: Path) -> None:
    out = tmp_path / "f.xlsx"
    export_roster(out, "registration", [{"name": "=1+1", "id_number": "+8613800000000"}], HEADER)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert sheet["A5"].value == "=1+1" and sheet["A5"].data_type == "s"


def test_export_refuses_an_unknown_layout(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        export_roster(tmp_path / "x.xlsx", "photos", [], HEADER)  # type: ignore[arg-type]


def test_write_errors_are_user_facing() -> None:
    from skilldesk.core.errors import UserFacingError

    assert issubclass(RosterWriteError, UserFacingError)
