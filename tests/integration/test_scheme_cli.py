"""`skilldesk scheme …` through the command line: show, check, export/import, the filing states."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from skilldesk.services.institution import InstitutionProfile, save_institution
from skilldesk.services.schemes import (
    FILE_KEYS,
    SchemeError,
    SchemeFields,
    SchemeItem,
    create_scheme,
    create_scheme_from_fields,
    get_scheme,
    list_schemes,
    scheme_fields_from_json,
    scheme_fields_to_json,
    update_scheme,
)
from skilldesk.services.scope import add_scope_row
from skilldesk.services.workspace import open_workspace
from tests.helpers import run_cli

D = dt.date
FULL = SchemeFields(
    year=2026,
    title="2026年度职业技能等级认定实施方案",
    items=(
        SchemeItem("电工", (5, 4, 3), None, D(2026, 3, 1), D(2026, 12, 31), None),
        SchemeItem("焊工", (4,), "", D(2026, 5, 1), None, "只评焊条电弧焊"),
    ),
    conditions="以国家职业技能标准规定的申报条件为依据。\n含破格申报。",
    content="职业道德、理论知识、操作技能",
    methods="理论知识考试（上机）+ 操作技能考核，百分制，60 分合格",
    question_sources="国家题库试题与自行命题相结合",
    self_made_share=40,
    staff=("周老师", "陈老师"),
    examiners=("方建平", "毛丽华"),
    supervisors=("杨督导",),
    notes="",
)


def workspace_with(tmp_path: Path, *schemes: SchemeFields) -> Path:
    """A workspace with the scope 电工 5–3 and 焊工 5–2, and these schemes (numbered 1, 2 …)."""
    workspace = open_workspace(tmp_path / "ws")
    institution = InstitutionProfile(
        name="示范机构", kind="school", level="市", filing_number="S330800000001"
    )
    save_institution(workspace.store, institution)
    add_scope_row(workspace.store, "电工", "6-31-01-03", None, "5、4、3")
    add_scope_row(workspace.store, "焊工", "6-18-02-04", None, "5、4、3、2")
    for fields in schemes:
        create_scheme_from_fields(workspace.store, fields)
    workspace.close()
    return tmp_path / "ws"


def stored(data_dir: Path) -> list[dict[str, object]]:
    workspace = open_workspace(data_dir)
    try:
        return [info.to_json() for info in list_schemes(workspace.store)]
    finally:
        workspace.close()


def one_line(text: str) -> str:
    assert text.strip() and "\n" not in text.strip(), text
    assert "Traceback" not in text
    return text.strip()


def test_fields_round_trip_through_json_exactly() -> None:
    bare = SchemeFields(year=2027)
    for fields in (FULL, bare, dataclasses.replace(FULL, self_made_share=None, items=())):
        data = json.loads(json.dumps(scheme_fields_to_json(fields), ensure_ascii=False))
        assert list(data) == list(FILE_KEYS)
        assert scheme_fields_from_json(data) == fields
    assert scheme_fields_from_json({"notes": "补充"}, base=FULL) == dataclasses.replace(
        FULL, notes="补充"
    )


def test_list_show_export_and_import_round_trip(tmp_path: Path) -> None:
    data_dir = workspace_with(tmp_path, FULL)
    listed = run_cli("scheme", "list", data_dir=data_dir)
    assert listed.returncode == 0
    assert "2026年度  2026年度职业技能等级认定实施方案  [草稿]  评价职业 2 项" in listed.stdout
    shown = run_cli("scheme", "show", "2026", data_dir=data_dir)
    assert shown.returncode == 0, shown.stderr
    for text in (
        "电工  五级/初级工、四级/中级工、三级/高级工  2026-03-01 至 2026-12-31",
        "焊工  四级/中级工  2026-05-01 起  备注：只评焊条电弧焊",
        "    含破格申报。",
        "自行命题比例：40%",
        "考务人员：周老师、陈老师",
        "七、其他需说明的情况：未填写",
    ):
        assert text in shown.stdout

    out = tmp_path / "方案" / "2026.json"
    exported = run_cli("scheme", "export", "1", str(out), data_dir=data_dir)
    assert exported.returncode == 0 and str(out) in exported.stdout, exported.stderr
    written = json.loads(out.read_text(encoding="utf-8"))
    assert scheme_fields_from_json(written) == FULL
    assert [p.name for p in out.parent.iterdir()] == ["2026.json"], "no temporary file left"

    # The same year again is refused, with the way to replace that scheme instead.
    again = run_cli("scheme", "import", str(out), data_dir=data_dir)
    assert again.returncode == 2 and "--scheme 1" in one_line(again.stderr)
    # Another year: a new draft holding exactly the file's fields.
    out.write_text(json.dumps({**written, "year": 2027}, ensure_ascii=False), encoding="utf-8")
    created = run_cli("scheme", "import", str(out), "--json", data_dir=data_dir)
    assert json.loads(created.stdout) == {"scheme": 2, "created": True, "year": 2027}
    copy = tmp_path / "copy.json"
    run_cli("scheme", "export", "2027", str(copy), data_dir=data_dir, check=True)
    assert json.loads(copy.read_text(encoding="utf-8")) == {**written, "year": 2027}
    # Onto a draft: the file's keys replace, the rest stay.
    patch = tmp_path / "patch.json"
    patch.write_text('{"self_made_share": 30, "staff": ["孙老师"]}', encoding="utf-8")
    replaced = run_cli("scheme", "import", str(patch), "--scheme", "2026", data_dir=data_dir)
    assert replaced.returncode == 0 and "已用文件更新实施方案" in replaced.stdout
    scheme = next(s for s in stored(data_dir) if s["id"] == 1)
    assert (scheme["self_made_share"], scheme["staff"], scheme["examiners"]) == (
        30,
        ["孙老师"],
        ["方建平", "毛丽华"],
    )
    assert scheme["status"] == "draft" and scheme["items"] == written["items"]


def test_the_filing_states_and_refused_moves(tmp_path: Path) -> None:
    data_dir = workspace_with(tmp_path, FULL)

    def scheme(*args: str) -> tuple[int, str, str]:
        result = run_cli("scheme", *args, data_dir=data_dir)
        return result.returncode, result.stdout, result.stderr

    code, _, err = scheme("withdraw", "2026")
    assert code == 2 and "实施方案的状态为“草稿”，不能撤回" in one_line(err)
    code, out, _ = scheme("submit", "2026")
    assert code == 0 and "已提交" in out and "scheme received 1" in out
    patch = tmp_path / "patch.json"
    patch.write_text('{"notes": "改"}', encoding="utf-8")
    code, _, err = scheme("import", str(patch), "--scheme", "1")
    assert code == 2 and "不能修改" in err and "可以先撤回" in one_line(err)
    code, out, _ = scheme("withdraw", "1", "--json")
    assert code == 0 and json.loads(out)["status"] == "draft"
    scheme("submit", "1")
    code, out, _ = scheme("received", "1", "--json")
    assert code == 0 and json.loads(out)["status_label"] == "待审核"
    code, _, err = scheme("review", "1")
    assert code == 2 and "--approve" in one_line(err)
    code, _, err = scheme("review", "1", "--reject")
    assert code == 2 and "原因" in one_line(err)
    code, out, _ = scheme("review", "1", "--reject", "--reason", "申报条件不完整", "--json")
    rejected = json.loads(out)
    assert (rejected["status"], rejected["reject_reason"]) == ("不通过", "申报条件不完整")
    scheme("submit", "1")
    scheme("received", "1")
    code, out, _ = scheme("review", "1", "--approve")
    assert code == 0 and "[通过]" in out
    code, _, err = scheme("submit", "1")
    assert code == 2 and "“通过”，不能提交：只有状态为“草稿”或“不通过”的才能提交" in one_line(err)
    assert stored(data_dir)[0]["status"] == "通过"


def test_check_reports_findings_and_submit_refuses_errors(tmp_path: Path) -> None:
    too_many = dataclasses.replace(
        FULL, self_made_share=75, items=(SchemeItem("电工", (2,)), *FULL.items)
    )
    data_dir = workspace_with(tmp_path, too_many)
    checked = run_cli("scheme", "check", "2026", "--json", data_dir=data_dir)
    assert checked.returncode == 1, checked.stderr
    payload = json.loads(checked.stdout)
    assert (payload["errors"], payload["warnings"]) == (2, 0)
    share, level = payload["findings"]
    assert list(share)[:4] == ["code", "severity", "field", "message"]
    assert (share["code"], share["severity"], share["field"]) == (
        "SELF_MADE_SHARE",
        "error",
        "self_made_share",
    )
    assert "75%" in share["message"] and share["where"] == f"{FULL.title}「试题资源」"
    assert (level["code"], level["field"], level["record"], level["where"]) == (
        "LEVEL_OUT_OF_SCOPE",
        "level",
        "第1项",
        "第1项「等级」",
    )
    text = run_cli("scheme", "check", "2026", data_dir=data_dir)
    assert text.returncode == 1
    assert "「试题资源」  [错误 SELF_MADE_SHARE] 自行命题的试题比例为 75%" in text.stdout
    assert "2 个错误，0 个警告" in text.stdout

    refused = run_cli("scheme", "submit", "2026", data_dir=data_dir)
    assert refused.returncode == 2
    assert (
        "[错误 SELF_MADE_SHARE]" in refused.stderr and "2 个错误（见上），未提交" in refused.stderr
    )
    assert stored(data_dir)[0]["status"] == "draft"

    workspace = open_workspace(data_dir)
    update_scheme(workspace.store, 1, dataclasses.replace(FULL, self_made_share=70))  # the limit
    workspace.close()
    clean = run_cli("scheme", "check", "2026", data_dir=data_dir)
    assert clean.returncode == 0 and "没有发现问题" in clean.stdout


# (file content, --scheme or None for a new scheme, what the one-line message says)
BAD_FILES: list[tuple[bytes, str | None, str]] = [
    (b'{"year": 2026,', None, "不是有效的 JSON：第1行第15列附近有误"),
    (b'{"year": "2026"}', None, "「year」（年度）应是四位年份的整数，如 2026，而文件中是 \"2026\""),
    (b'{"year": 2030, "items": [{"occupation": "x", "levels": 4}]}', None,
     "「items[0].levels」（等级）应是 1–5 的等级列表"),
    (b'{"year": 2030, "yaer": 2031}', None, "「yaer」不是实施方案文件的字段，是否应为「year」？"),
    (b'{"year": 2030, "items": [{"occupation": "x", "level": [4]}]}', None,
     "「items[0]」中的「level」不是实施方案文件的字段"),
    (b'{"year": 2030, "notes": "\x81\x20"}', None, "无法识别实施方案文件"),
    # Well-typed but wrong: refused before the store is touched, so no empty scheme is left.
    (b'{"year": 2030, "items": [{"occupation": "x", "levels": [4], '
     b'"planned_start": "2030-05-01", "planned_end": "2030-04-01"}]}', None, "结束早于开始"),
    ('{"staff": "周老师、陈老师"}'.encode(), "1", "「staff」（考务人员）应是姓名的列表"),
    (b'{"self_made_share": 150}', "2026", "自行命题比例应为 0–100 之间的百分数"),
]  # fmt: skip


def test_bad_scheme_files_change_nothing(tmp_path: Path) -> None:
    data_dir = workspace_with(tmp_path, FULL)
    before = stored(data_dir)
    for number, (content, onto, expected) in enumerate(BAD_FILES):
        path = tmp_path / f"bad{number}.json"
        path.write_bytes(content)
        target = ["--scheme", onto] if onto else []
        result = run_cli("scheme", "import", str(path), *target, data_dir=data_dir)
        assert result.returncode == 2, (content, result.stdout, result.stderr)
        assert expected in one_line(result.stderr), content
    assert stored(data_dir) == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([2026], "应是一个 JSON 对象"),
        ({"title": "方案"}, "缺少「year」"),
        ({"year": None}, "「year」（年度）应是四位年份的整数"),
        ({"year": 2026, "self_made_share": "40%"}, "「self_made_share」（自行命题比例）应是 0–100"),
        ({"year": 2026, "self_made_share": True}, "而文件中是 true"),
        ({"year": 2026, "notes": ["a"]}, "「notes」（其他需说明的情况）应是文字"),
        ({"year": 2026, "items": {"occupation": "电工"}}, "「items」"),
        ({"year": 2026, "items": ["电工"]}, "「items[0]」应是一个对象"),
        ({"year": 2026, "items": [{"occupation": "电工", "levels": [4, 9]}]}, "[4, 9]"),
        ({"year": 2026, "items": [{"occupation": 5, "levels": [4]}]}, "「items[0].occupation」"),
        ({"year": 2026, "items": [{"levels": [4], "planned_start": 20260301}]}, "YYYY-MM-DD"),
        ({"year": 2026, "status": "通过"}, "由 SkillDesk 记录，不能从文件导入"),
        ({"year": 2026, "foo": 1}, "可用的字段：year、title、items"),
    ],
)
def test_wrong_types_are_named_by_key(data: object, expected: str) -> None:
    with pytest.raises(SchemeError) as raised:
        scheme_fields_from_json(data)
    assert expected in str(raised.value) and "\n" not in str(raised.value)


def test_levels_may_be_written_as_users_write_them() -> None:
    item = {"occupation": "电工", "levels": ["四级", "高级工", 5]}
    fields = scheme_fields_from_json({"year": 2026, "items": [item]})
    assert fields.items[0].levels == (4, 3, 5)


def test_unknown_and_ambiguous_schemes_say_how_to_list_them(tmp_path: Path) -> None:
    data_dir = workspace_with(tmp_path, FULL)
    workspace = open_workspace(data_dir)
    create_scheme(workspace.store, 2026)  # the service itself allows a second one
    assert get_scheme(workspace.store, 2).fields.year == 2026
    workspace.close()
    unknown = run_cli("scheme", "show", "2031", data_dir=data_dir)
    assert unknown.returncode == 2 and "skilldesk scheme list" in one_line(unknown.stderr)
    ambiguous = run_cli("scheme", "check", "2026", data_dir=data_dir)
    assert ambiguous.returncode == 2
    assert "2026 年度有 2 份实施方案（序号 1、2），请用序号指定" in one_line(ambiguous.stderr)
    taken = run_cli("scheme", "create", "--year", "2026", data_dir=data_dir)
    assert taken.returncode == 2 and "已有实施方案（序号 1）" in one_line(taken.stderr)
    created = run_cli("scheme", "create", "--year", "2028", "--json", data_dir=data_dir)
    assert json.loads(created.stdout)["title"] == "2028年度职业技能等级认定实施方案"
