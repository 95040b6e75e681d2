"""Roster imports that must not lose or duplicate data.

A row whose key (证件号码) is malformed is refused, not added; an invalid or empty cell never
replaces a valid stored value (a finding says which value was kept); a huge cell is never stored.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from skilldesk.core.fields import ATTRS, LABELS
from skilldesk.core.findings import Finding
from skilldesk.core.models import Candidate
from skilldesk.core.rules.identity import resident_id_check_digit
from skilldesk.services.plans import create_plan, list_plans
from skilldesk.services.roster import edit_candidate, import_roster_file, load_roster_table

HEADER = ["姓名", "证件类型", "证件号码", "性别", "出生日期", "民族", "文化程度", "手机号码"]
HEADER += ["电子邮箱", "通讯地址"]


def valid_id(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


ZHANG = valid_id("33082219901215342")
LI = valid_id("33010219850304123")
GOOD = {
    "姓名": "张三",
    "证件类型": "居民身份证",
    "证件号码": ZHANG,
    "性别": "女",
    "出生日期": "1990-12-15",
    "民族": "汉族",
    "文化程度": "大学专科",
    "手机号码": "13812345678",
    "电子邮箱": "zhang@example.com",
    "通讯地址": "浙江省衢州市柯城区示范路1号",
}
HUGE = 32767  # the most an Excel cell holds (a longer one is cut to this on reading)
MEGABYTE = 1 << 20


def roster(path: Path, *rows: dict[str, object], header: list[str] = HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column) for column in header])
    book.save(path)
    return path


def roster_csv(path: Path, *rows: dict[str, object]) -> Path:
    """A .csv roster: unlike a workbook, it can carry a NUL byte, as files from other systems do."""
    lines = [",".join(HEADER)]
    lines += [",".join(str(row.get(column) or "") for column in HEADER) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored(workspace) -> list[dict[str, object]]:
    with workspace.store.session() as session:
        query = select(Candidate).order_by(Candidate.id)
        return [{a: getattr(c, a) for a in ATTRS} for c in session.scalars(query)]


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


@pytest.fixture
def plan_id(workspace) -> int:
    return create_plan(workspace.store, "电工", 4).id


@pytest.fixture
def zhang(workspace, plan_id: int, tmp_path: Path) -> dict[str, object]:
    """张三 imported once from a clean row: what a re-import must not damage."""
    result = import_roster_file(workspace.store, roster(tmp_path / "first.xlsx", GOOD), plan_id)
    assert (result.added, result.errors, result.warnings) == (1, 0, 0)
    [row] = stored(workspace)
    return row


# --- malformed keys -------------------------------------------------------------------------


def test_an_id_with_a_trailing_nul_matches_the_stored_candidate(
    workspace, plan_id: int, zhang: dict[str, object], tmp_path: Path
) -> None:
    path = roster_csv(
        tmp_path / "nul.csv", {**GOOD, "证件号码": ZHANG + "\x00", "文化程度": "本科"}
    )
    result = import_roster_file(workspace.store, path, plan_id)
    assert (result.added, result.changed, result.skipped) == (0, 1, [])
    assert stored(workspace) == [{**zhang, "education": "大学本科"}]
    assert [(f.code, f.severity, f.row, f.field) for f in result.findings] == [
        ("ID_INVISIBLE_CHARS", "warning", 2, "证件号码")
    ]


@pytest.mark.parametrize(
    ("id_type", "number", "code", "reason"),
    [
        ("居民身份证", ZHANG[:-1], "ID_FORMAT", "证件号码格式不对"),
        ("居民身份证", ZHANG[:10] + "?" + ZHANG[11:], "ID_FORMAT", "证件号码格式不对"),
        (
            "居民身份证",
            ZHANG[:-1] + ("1" if ZHANG[-1] != "1" else "2"),
            "ID_CHECKSUM",
            "证件号码校验位不符（可能有一位输错）",
        ),
        ("居民身份证", valid_id("33082219901315342"), "ID_BIRTHDATE", "证件号码中的出生日期不存在"),
        ("护照", "E1", "OTHER_ID_FORMAT", "证件号码格式不对"),
        ("居民身份证", "3" * HUGE, "VALUE_TOO_LONG", "证件号码过长"),
    ],
)
def test_a_malformed_id_is_refused_not_added(
    workspace,
    plan_id: int,
    zhang: dict[str, object],
    tmp_path: Path,
    id_type: str,
    number: str,
    code: str,
    reason: str,
) -> None:
    row = {**GOOD, "姓名": "李四", "证件类型": id_type, "证件号码": number, "出生日期": None}
    result = import_roster_file(workspace.store, roster(tmp_path / "bad.xlsx", row), plan_id)
    assert (result.added, result.changed) == (0, 0)
    assert stored(workspace) == [zhang]
    assert code in codes(result.findings)
    [skipped] = result.skipped
    assert (skipped.code, skipped.row, skipped.field) == ("ROW_NOT_IMPORTED", 2, "证件号码")
    if code == "VALUE_TOO_LONG":  # not kept at all, so it cannot match a stored candidate
        assert skipped.message == "未导入：证件号码过长，无法确定是谁。"
    else:
        assert skipped.message == (
            f"未导入：{reason}，为免同一考生被录入两次，未新增该考生。请改正证件号码后重新导入。"
        )


def test_a_stored_candidate_keyed_by_the_same_malformed_id_is_still_updated(
    workspace, plan_id: int, zhang: dict[str, object], tmp_path: Path
) -> None:
    """Refusing protects against a second person; a row naming an existing key adds no one."""
    typo = ZHANG[:-1] + ("1" if ZHANG[-1] != "1" else "2")
    [candidate_id] = [c.id for c in _candidates(workspace)]
    assert edit_candidate(workspace.store, candidate_id, "id_number", typo).saved
    row = {**GOOD, "证件号码": typo, "手机号码": "13987654321"}
    result = import_roster_file(workspace.store, roster(tmp_path / "typo.xlsx", row), plan_id)
    assert (result.added, result.changed, result.skipped) == (0, 1, [])
    assert stored(workspace) == [{**zhang, "id_number": typo, "phone": "13987654321"}]


def _candidates(workspace) -> list[Candidate]:
    with workspace.store.session() as session:
        return list(session.scalars(select(Candidate).order_by(Candidate.id)))


# --- invalid values never replace valid stored ones -----------------------------------------


@pytest.mark.parametrize(
    ("column", "bad", "code", "kept"),
    [
        ("手机号码", "1" * HUGE, "VALUE_TOO_LONG", "手机号码过长，已保留原值 138****5678。"),
        ("手机号码", "1381234", "PHONE_FORMAT", "手机号码无效，已保留原值 138****5678。"),
        (
            "电子邮箱",
            "zhang.example.com",
            "EMAIL_FORMAT",
            "电子邮箱无效，已保留原值 z****@example.com。",
        ),
        ("出生日期", "1990年13月", "DATE_FORMAT", "出生日期无效，已保留原值 1990-12-15。"),
        ("性别", "未知", "GENDER_UNKNOWN", "性别无效，已保留原值 女。"),
        ("性别", "男", "GENDER_MISMATCH", "性别无效，已保留原值 女。"),
        ("文化程度", "很高", "EDUCATION_UNKNOWN", "文化程度无效，已保留原值 大学专科。"),
        ("民族", "火星族", "ETHNICITY_UNKNOWN", "民族无效，已保留原值 汉族。"),
        ("证件类型", "学生证", "ID_TYPE_UNKNOWN", "证件类型无效，已保留原值 居民身份证。"),
        (
            "通讯地址",
            "路" * 301,
            "VALUE_TOO_LONG",
            "通讯地址过长，已保留原值 浙江省衢州市柯城区示范路1号。",
        ),
    ],
)
def test_an_invalid_cell_keeps_the_valid_stored_value(
    workspace,
    plan_id: int,
    zhang: dict[str, object],
    tmp_path: Path,
    column: str,
    bad: str,
    code: str,
    kept: str,
) -> None:
    row = {**GOOD, column: bad}
    result = import_roster_file(workspace.store, roster(tmp_path / "re.xlsx", row), plan_id)
    assert stored(workspace) == [zhang]
    assert (result.added, result.changed, result.unchanged) == (0, 0, 1)
    assert code in codes(result.findings)
    notes = [f for f in result.findings if f.code == "VALUE_KEPT"]
    assert [(f.severity, f.row, f.field, f.message) for f in notes] == [
        ("warning", 2, column, kept)
    ]
    assert all(len(f.message) < 300 for f in result.findings), "a message never repeats a huge cell"
    # The candidate keeps valid values, so the live check (and the plan's counts) find nothing.
    assert load_roster_table(workspace.store, plan_id).findings == [[]]
    assert [p.error_rows for p in list_plans(workspace.store) if p.id == plan_id] == [0]


def test_empty_cells_and_missing_columns_keep_stored_values(
    workspace, plan_id: int, zhang: dict[str, object], tmp_path: Path
) -> None:
    row = {"姓名": "张三", "证件号码": ZHANG, "手机号码": "", "文化程度": "本科"}
    path = roster(
        tmp_path / "partial.xlsx", row, header=["姓名", "证件号码", "手机号码", "文化程度"]
    )
    result = import_roster_file(workspace.store, path, plan_id)
    assert stored(workspace) == [{**zhang, "education": "大学本科"}]
    assert result.changed == 1
    notes = [(f.field, f.message) for f in result.findings if f.code == "VALUE_KEPT"]
    assert notes == [("手机号码", "手机号码为空，已保留原值 138****5678。")]


def test_an_invalid_value_replaces_an_empty_or_invalid_stored_one(
    workspace, plan_id: int, tmp_path: Path
) -> None:
    """Nothing valid to protect: the newest value wins and stays visible as an error."""
    first = roster(tmp_path / "a.xlsx", {**GOOD, "电子邮箱": None, "手机号码": "1381234"})
    import_roster_file(workspace.store, first, plan_id)
    again = roster(
        tmp_path / "b.xlsx", {**GOOD, "电子邮箱": "zhang.example.com", "手机号码": "139"}
    )
    result = import_roster_file(workspace.store, again, plan_id)
    [row] = stored(workspace)
    assert (row["email"], row["phone"]) == ("zhang.example.com", "139")
    assert [f for f in result.findings if f.code == "VALUE_KEPT"] == []


def test_a_huge_cell_is_never_stored_for_a_new_candidate(
    workspace, plan_id: int, tmp_path: Path
) -> None:
    row = {**GOOD, "通讯地址": "路" * HUGE, "民族": "族" * HUGE}
    result = import_roster_file(workspace.store, roster(tmp_path / "huge.xlsx", row), plan_id)
    assert result.added == 1
    [candidate] = stored(workspace)
    assert (candidate["address"], candidate["ethnicity"]) == (None, None)
    too_long = [(f.field, f.message) for f in result.findings if f.code == "VALUE_TOO_LONG"]
    assert too_long == [
        ("民族", f"民族过长（{HUGE}个字符，最多20个），未导入该值，请核对。"),
        ("通讯地址", f"通讯地址过长（{HUGE}个字符，最多300个），未导入该值，请核对。"),
    ]
    assert all(len(f.message) < 300 for f in result.findings)


def test_every_stored_text_fits_its_column(workspace, plan_id: int, tmp_path: Path) -> None:
    """An invariant over every field: whatever a row holds, nothing longer than the column."""
    row = {column: "1" * 5000 for column in HEADER}
    row["姓名"], row["证件号码"] = "王五", LI
    import_roster_file(workspace.store, roster(tmp_path / "all.xlsx", row), plan_id)
    from skilldesk.core.rules.roster import MAX_LENGTHS

    for candidate in stored(workspace):
        for attr, value in candidate.items():
            assert value is None or len(str(value)) <= MAX_LENGTHS[attr], attr


def test_max_lengths_are_the_models_column_lengths() -> None:
    from skilldesk.core.rules.roster import MAX_LENGTHS, TEXT_MAX_LENGTH

    for attr in ATTRS:
        length = getattr(Candidate.__table__.c[attr].type, "length", None)
        assert MAX_LENGTHS[attr] == (length or TEXT_MAX_LENGTH), LABELS[attr]


def test_a_megabyte_cell_is_dropped_by_the_check_itself() -> None:
    """The pure check bounds every field, whatever reader (or caller) handed it the value."""
    import datetime as dt

    from skilldesk.core.rules.roster import check_candidate_values

    values = {
        "name": "张三",
        "id_number": ZHANG,
        "phone": "1" * MEGABYTE,
        "ethnicity": "族" * MEGABYTE,
    }
    checked = check_candidate_values(values, row=2, reference_date=dt.date(2026, 10, 17))
    assert (checked.values["phone"], checked.values["ethnicity"]) == (None, None)
    assert sorted((f.code, f.field) for f in checked.findings) == [
        ("VALUE_TOO_LONG", "手机号码"),
        ("VALUE_TOO_LONG", "民族"),
    ]
    assert all(len(f.message) < 300 for f in checked.findings)


def test_an_edit_too_long_for_its_field_is_not_saved(workspace, zhang: dict[str, object]) -> None:
    [candidate] = _candidates(workspace)
    edit = edit_candidate(workspace.store, candidate.id, "phone", "1" * 100)
    assert (edit.saved, edit.message) == (False, "手机号码过长，未保存。")
    assert stored(workspace) == [zhang]
