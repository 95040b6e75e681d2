"""The institution profile and its certified scope: credit code, filing, attachment-13 import."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest

from skilldesk.services.institution import (
    InstitutionError,
    InstitutionProfile,
    check_institution,
    get_institution,
    save_institution,
    update_institution,
)
from skilldesk.services.scope import add_scope_row, import_scope_file, list_scope
from tests.helpers import run_cli
from tests.integration.store_setup import valid_credit_code


def write_attachment_13(path: Path, *, merge: bool = False) -> Path:
    """Attachment 13 as institutions fill it in: the institution block, then the scope table."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["机构信息与认定范围清单"])
    sheet.append(["机构名称", "衢州示范汽车零部件有限公司"])
    sheet.append(["机构简称", "示范汽配", "备案号", "Y330800000007"])
    sheet.append(["联系人", "钱工", "联系电话", "0570-7654321"])
    sheet.append(["邮箱", "hr@example.com", "网址", None])
    sheet.append(["地址", "衢州市智造新城示范大道8号"])
    sheet.append(["开展职业技能等级认定范围"])
    sheet.append(["职业名称", "职业编号", "工种名称", "级别"])  # row 8
    sheet.append(["中式烹调师", "4-03-02-01", None, "5、4、3、2、1"])
    sheet.append(["汽车生产线操作工", "6-22-01-01", "汽车机加生产线操作工", "5、4、3、2、1"])
    sheet.append([None, None, "汽车涂装生产线操作工", "五级/初级工、四级/中级工"])
    sheet.append([None, None, "汽车焊装生产线操作工", 3])
    sheet.append(["物理性能检验员", "6－31－03－02", None, "三级"])  # full-width dashes
    sheet.append(["质检员", "6-31-3-5", None, "5、4、3"])  # a code in the wrong shape
    sheet.append(["电工", "6-31-01-03", None, "初级、高手"])  # an unreadable level
    sheet.append([None, None, None, None])
    sheet.append(["注：1.职业编码采用《中华人民共和国职业分类大典》（2015年版）中职业对应的编码；"])
    sheet.append(["填报单位：", None, "填报人：", "联系电话："])
    if merge:
        sheet.merge_cells("A10:A12")
        sheet.merge_cells("B10:B12")
    book.save(path)
    return path


def test_a_valid_credit_code_is_kept_and_an_invalid_one_refused(workspace) -> None:
    store = workspace.store
    good = valid_credit_code("91330800MA2D0001A")
    saved = save_institution(store, InstitutionProfile(name="示范机械", credit_code=good.lower()))
    assert saved.credit_code == good
    wrong_digit = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(InstitutionError, match="校验位不对"):
        update_institution(store, credit_code=wrong_digit)
    with pytest.raises(InstitutionError, match="18 位"):
        update_institution(store, credit_code=good[:-2])
    stored = get_institution(store)
    assert stored is not None and stored.credit_code == good


def test_filing_number_must_match_the_institution_kind(workspace) -> None:
    store = workspace.store
    with pytest.raises(InstitutionError, match="应以 S 开头"):
        save_institution(
            store, InstitutionProfile(name="示范技院", kind="技工院校", filing_number="Y3308001")
        )
    with pytest.raises(InstitutionError, match="Y（用人单位）或 S（技工院校）"):
        save_institution(store, InstitutionProfile(name="示范技院", filing_number="A3308001"))
    saved = save_institution(
        store,
        InstitutionProfile(name="示范技院", kind="技工院校", level="市级", filing_number="s1"),
    )
    assert (saved.kind, saved.level, saved.filing_number) == ("school", "市", "S1")


def test_filing_is_valid_two_years_and_warns_before_it_lapses(workspace) -> None:
    store = workspace.store
    saved = update_institution(store, name="示范技院", filed_on=dt.date(2025, 3, 1))
    assert saved.filing_valid_until == dt.date(2027, 2, 28)
    codes = lambda today: [f.code for f in check_institution(store, today=today)]  # noqa: E731
    assert codes(dt.date(2026, 12, 29)) == []  # 61 days left
    assert codes(dt.date(2026, 12, 30)) == ["FILING_EXPIRING"]  # 60 days left
    assert codes(dt.date(2027, 2, 28)) == ["FILING_EXPIRING"]
    assert codes(dt.date(2027, 3, 1)) == ["FILING_EXPIRED"]
    expired = check_institution(store, today=dt.date(2027, 3, 1))[0]
    assert expired.severity == "error" and "2027-02-28" in expired.message
    refiled = update_institution(store, filed_on=dt.date(2027, 3, 10))
    assert refiled.filing_valid_until == dt.date(2029, 3, 9)


def test_attachment_13_workbook_imports_with_continuation_rows_and_findings(
    workspace, tmp_path: Path
) -> None:
    path = write_attachment_13(tmp_path / "附件13.xlsx")
    result = import_scope_file(workspace.store, path)
    assert result.institution_created
    assert (result.added, result.updated, result.removed) == (7, 0, 0)
    institution = get_institution(workspace.store)
    assert institution is not None
    assert (institution.name, institution.filing_number, institution.contact_phone) == (
        "衢州示范汽车零部件有限公司",
        "Y330800000007",
        "0570-7654321",
    )
    rows = {(r.occupation, r.work_type): r for r in list_scope(workspace.store)}
    coating = rows[("汽车生产线操作工", "汽车涂装生产线操作工")]
    assert (coating.occupation_code, coating.levels, coating.levels_text) == (
        "6-22-01-01",
        (5, 4),
        "5、4",
    )
    assert rows[("汽车生产线操作工", "汽车焊装生产线操作工")].levels == (3,)
    assert rows[("物理性能检验员", None)].occupation_code == "6-31-03-02"
    assert rows[("中式烹调师", None)].levels == (5, 4, 3, 2, 1)
    found = sorted((f.code, f.row) for f in result.findings)
    assert found == [("SCOPE_CODE_FORMAT", 14), ("SCOPE_LEVELS_FORMAT", 15)]
    assert all(f.severity == "error" for f in result.findings)
    stored = sorted(f.code for f in check_institution(workspace.store, today=dt.date(2026, 1, 1)))
    assert stored == ["SCOPE_CODE_FORMAT", "SCOPE_LEVELS_FORMAT"]


def test_merged_occupation_cells_read_like_empty_ones(workspace, tmp_path: Path) -> None:
    path = write_attachment_13(tmp_path / "merged.xlsx", merge=True)
    import_scope_file(workspace.store, path)
    machining = [r for r in list_scope(workspace.store) if r.occupation == "汽车生产线操作工"]
    assert len(machining) == 3 and {r.occupation_code for r in machining} == {"6-22-01-01"}


def test_reimport_mirrors_the_file_unless_told_to_keep(workspace, tmp_path: Path) -> None:
    store = workspace.store
    update_institution(store, name="衢州示范汽车零部件有限公司")
    add_scope_row(store, "保育师", "4-10-01-03", None, "5、4")
    path = write_attachment_13(tmp_path / "附件13.xlsx")
    kept = import_scope_file(store, path, replace=False)
    assert (kept.added, kept.removed, kept.institution_created) == (7, 0, False)
    again = import_scope_file(store, path)
    assert (again.added, again.unchanged, again.removed) == (0, 7, 1)
    assert "保育师" not in {r.occupation for r in list_scope(store)}


def test_scope_needs_an_institution_first(workspace, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["职业名称", "职业编码", "工种", "认定等级"])
    book.active.append(["电工", "6-31-01-03", None, "5、4、3"])
    book.save(tmp_path / "scope.xlsx")
    with pytest.raises(InstitutionError, match="先填写机构信息"):
        import_scope_file(workspace.store, tmp_path / "scope.xlsx")
    with pytest.raises(InstitutionError, match="先填写机构信息"):
        add_scope_row(workspace.store, "电工", "6-31-01-03", None, "5")


def test_cli_institution_and_scope(tmp_path: Path) -> None:
    data = tmp_path / "ws"
    code = valid_credit_code()
    result = run_cli(
        "institution", "set", "--name", "衢州市示范技师学院", "--credit-code", code,
        "--kind", "school", "--level", "市", "--filing-number", "S330800000001",
        "--filed-on", "2020-01-01", data_dir=data,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = run_cli("institution", "show", "--json", data_dir=data)
    assert shown.returncode == 1  # the 2020 filing has lapsed
    payload = json.loads(shown.stdout)
    assert payload["institution"]["credit_code"] == code
    assert [f["code"] for f in payload["findings"]] == ["FILING_EXPIRED"]
    bad = run_cli("institution", "set", "--credit-code", code[:-1] + "0", data_dir=data)
    if code.endswith("0"):
        bad = run_cli("institution", "set", "--credit-code", code[:-1] + "1", data_dir=data)
    assert bad.returncode == 2 and "校验位" in bad.stderr

    imported = run_cli(
        "scope", "import", str(write_attachment_13(tmp_path / "a13.xlsx")), data_dir=data
    )
    assert imported.returncode == 1
    printed = re.findall(r"\[(?:错误|警告) ([A-Z_]+)\]", imported.stdout)
    assert printed == ["SCOPE_CODE_FORMAT", "SCOPE_LEVELS_FORMAT"]
    listing = json.loads(run_cli("scope", "list", "--json", data_dir=data).stdout)
    assert len(listing["scope"]) == 7 and listing["errors"] == 2
    missing = run_cli("scope", "import", str(tmp_path / "nope.xlsx"), data_dir=data)
    assert missing.returncode == 2 and "找不到文件" in missing.stderr
