"""`skilldesk plan …`: evaluation plans."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from skilldesk.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    open_workspace_for,
    parse_date,
    print_json,
)


def cmd_plan_create(args: argparse.Namespace) -> int:
    from skilldesk.services.plans import create_plan

    workspace = open_workspace_for(args)
    try:
        plan = create_plan(
            workspace.store,
            args.occupation,
            args.level,
            occupation_code=args.code,
            evaluation_date=args.exam_date,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if args.json:
        print_json(plan.to_json())
    else:
        print(f"已创建评价计划 {plan.id}：{plan.title}")
    return EXIT_OK


def cmd_plan_list(args: argparse.Namespace) -> int:
    from skilldesk.services.plans import list_plans

    plans = list_plans(open_workspace_for(args).store)
    if args.json:
        print_json({"plans": [p.to_json() for p in plans]})
    elif not plans:
        print("还没有评价计划。用 `skilldesk plan create --occupation 电工 --level 4` 创建一个。")
    else:
        for plan in plans:
            number = plan.plan_number or "未编号"
            print(f"{plan.id:>4}  {plan.title}  计划编号：{number}  考生 {plan.candidate_count} 人")
    return EXIT_OK


def cmd_plan_check(args: argparse.Namespace) -> int:
    from skilldesk.core.findings import count_by_severity
    from skilldesk.core.profiles import DEFAULT_PROFILE, load_profile
    from skilldesk.core.rules.timeline import check_plan

    today = args.today or dt.date.today()
    checked = _stored_plan_check(args, today)
    if checked is not None:
        profile, stored = checked
        findings = stored.findings
    else:
        profile, stored = load_profile(args.profile or DEFAULT_PROFILE), None
        findings = check_plan(_plan_to_check(args), profile, today=today)
    errors, warnings = count_by_severity(findings)
    if args.json:
        print_json(
            {
                **({"plan": stored.plan_id, "title": stored.title} if stored else {}),
                "profile": profile.name,
                "today": today.isoformat(),
                "errors": errors,
                "warnings": warnings,
                "findings": [_finding_json(f) for f in findings],
            }
        )
    else:
        for finding in findings:
            label = "错误" if finding.severity == "error" else "警告"
            print(f"{_field_label(finding.field)}  [{label} {finding.code}] {finding.message}")
        if findings:
            print(f"按“{profile.title}”的规则核对：{errors} 个错误，{warnings} 个警告。")
        else:
            print(f"时间安排符合“{profile.title}”的规则。")
    return EXIT_FINDINGS if errors else EXIT_OK


def _stored_plan_check(args: argparse.Namespace, today: dt.date) -> Any:
    """With --plan: the stored plan's timeline plus what it rests on (scope, rooms, examiners),
    by the workspace's own profile unless --profile names another; the check and the profile."""
    if args.plan is None:
        return None
    if args.file is not None:
        raise UsageError("计划文件和 --plan 只能选一个：核对文件，或核对已保存的计划。")
    from skilldesk.core.profiles import load_profile
    from skilldesk.services.plan_check import check_stored_plan
    from skilldesk.services.plans import resolve_plan
    from skilldesk.services.rule_profile import workspace_profile

    store = open_workspace_for(args).store
    profile = load_profile(args.profile) if args.profile else workspace_profile(store)
    check = check_stored_plan(
        store, resolve_plan(store, args.plan).id, profile=profile, today=today
    )
    return profile, check


def cmd_plan_number(args: argparse.Namespace) -> int:
    from skilldesk.services.plans import record_plan_number, resolve_plan

    store = open_workspace_for(args).store
    details = record_plan_number(store, resolve_plan(store, args.plan).id, args.number)
    if args.json:
        print_json(details.to_json())
    elif details.plan_number:
        print(f"“{details.title}”的计划编号：{details.plan_number}")
    else:
        print(f"已清除“{details.title}”的计划编号。")
    return EXIT_OK


def cmd_plan_export(args: argparse.Namespace) -> int:
    from skilldesk.services.plan_exchange import export_plan_file
    from skilldesk.services.plans import resolve_plan

    store = open_workspace_for(args).store
    plan = resolve_plan(store, args.plan)
    data = export_plan_file(store, plan.id, args.out)
    if args.json:
        print_json({"plan": plan.id, "file": str(args.out), "sessions": len(data.sessions)})
    else:
        print(f"已把“{plan.title}”的时间安排和 {len(data.sessions)} 场考试导出到 {args.out}")
    return EXIT_OK


def cmd_plan_import(args: argparse.Namespace) -> int:
    from skilldesk.services.plan_exchange import import_plan_file
    from skilldesk.services.plans import resolve_plan

    store = open_workspace_for(args).store
    plan_id = resolve_plan(store, args.plan).id if args.plan else None
    result = import_plan_file(store, args.file, plan_id=plan_id)
    if args.json:
        print_json(result.to_json())
    else:
        done = "已新建评价计划" if result.created else "已更新评价计划"
        print(f"{done} {result.plan.id}：{result.plan.title}，{result.sessions} 场考试。")
    return EXIT_OK


def _plan_to_check(args: argparse.Namespace) -> Any:
    """The PlanData that `plan check` was given (a plan file)."""
    from skilldesk.files.plan_file import read_plan_file

    if args.file is None:
        raise UsageError(
            "请给出要核对的计划文件，或用 --plan 指定已保存的计划，"
            "例如：skilldesk plan check 计划.json"
        )
    return read_plan_file(args.file)


def _finding_json(finding: Any) -> dict[str, Any]:
    """code, severity, field (the plan-file key; null when none), message, then any extras."""
    data = finding.to_json()
    head = {key: data.pop(key, None) for key in ("code", "severity", "field", "message")}
    return {**head, **data}


def _field_label(field: str | None) -> str:
    from skilldesk.core.plan_data import TIMELINE_LABELS

    if field is None:
        return "计划"
    if field.startswith("sessions["):
        return f"第{int(field[9:-1]) + 1}场考试"
    return f"「{TIMELINE_LABELS.get(field) or _STORE_LABELS.get(field, field)}」"


_STORE_LABELS = {"level": "等级", "site": "考点", "examiners": "考评员"}


def register(commands: Any) -> None:
    plan = commands.add_parser("plan", help="评价计划").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    create = plan.add_parser("create", help="新建评价计划")
    create.add_argument("--occupation", required=True, help="职业（工种）名称")
    create.add_argument(
        "--level", type=int, required=True, choices=range(1, 6), metavar="N", help="等级 1–5"
    )
    create.add_argument("--code", help="职业编码，如 6-31-01-03")
    create.add_argument("--exam-date", type=parse_date, help="认定日期 YYYY-MM-DD")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=cmd_plan_create)
    number = plan.add_parser("number", help="记下评价中心分配的计划编号（空字符串表示清除）")
    number.add_argument("plan", help="计划序号或现有的计划编号")
    number.add_argument("number", help="评价中心分配的计划编号")
    number.add_argument("--json", action="store_true")
    number.set_defaults(handler=cmd_plan_number)
    listing = plan.add_parser("list", help="列出评价计划")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_plan_list)
    check = plan.add_parser("check", help="核对评价计划的时间安排（不做任何改动）")
    check.add_argument("file", nargs="?", type=Path, help="计划文件（.json）")
    check.add_argument(
        "--profile",
        help="规则配置，如 zhejiang、quzhou（默认：已保存的计划按机构所在地区，计划文件按 zhejiang）",
    )
    check.add_argument(
        "--today", type=parse_date, help="按这一天核对截止日期 YYYY-MM-DD（默认今天）"
    )
    check.add_argument("--json", action="store_true", help="输出 JSON")
    check.add_argument(
        "--plan", help="核对已保存的计划（计划序号或计划编号）：另查认定范围、考场和考评员"
    )
    check.set_defaults(handler=cmd_plan_check)

    export = plan.add_parser("export", help="把计划的时间安排和考试场次导出为计划文件（.json）")
    export.add_argument("out", type=Path, help="输出的 .json")
    export.add_argument("--plan", required=True, help="计划序号或计划编号")
    export.add_argument("--json", action="store_true")
    export.set_defaults(handler=cmd_plan_export)
    imp = plan.add_parser("import", help="从计划文件（.json）新建计划，或用 --plan 更新已有计划")
    imp.add_argument("file", type=Path, help="计划文件（.json）")
    imp.add_argument("--plan", help="更新这个计划（计划序号或计划编号），不给则新建")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_plan_import)
