"""`skilldesk plan …`: evaluation plans."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skilldesk.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    open_workspace_for,
    parse_date,
    print_findings,
    print_json,
)

if TYPE_CHECKING:
    from skilldesk.services.plan_check import PlanFileCheck, StoredPlanCheck


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
    from skilldesk.services import plan_check

    today = args.today or dt.date.today()
    if args.plan is not None:
        if args.file is not None:
            raise UsageError("计划文件和 --plan 只能选一个：核对文件，或核对已保存的计划。")
        from skilldesk.services.plans import resolve_plan

        store = open_workspace_for(args).store
        profile = plan_check.rule_profile(store, args.profile)
        plan_id = resolve_plan(store, args.plan).id
        stored = plan_check.check_stored_plan(store, plan_id, profile=profile, today=today)
        checked: StoredPlanCheck | PlanFileCheck = stored
        title: str | None = stored.title
    elif args.file is None:
        raise UsageError(
            "请给出要核对的计划文件，或用 --plan 指定已保存的计划，"
            "例如：skilldesk plan check 计划.json"
        )
    else:
        checked = plan_check.check_plan_file(args.file, args.profile, today)
        profile, title = checked.profile, None
    if args.json:
        print_json(checked.to_json())
    else:
        print_findings(checked.findings, whole="计划")
        print(_check_verdict(checked, profile.title, title))
    return EXIT_FINDINGS if checked.errors else EXIT_OK


def _check_verdict(checked: StoredPlanCheck | PlanFileCheck, rules: str, stored: str | None) -> str:
    """The closing line: counts, and for a stored plan (`stored`: its title) whether it may be
    submitted; a plan file is judged on its timeline alone."""
    if not checked.findings:
        if stored is not None:
            return (
                f"“{stored}”可以提交：名册、照片、考点、场次、实施方案和时间安排"
                f"都符合“{rules}”的规则。"
            )
        return f"时间安排符合“{rules}”的规则。"
    counts = f"按“{rules}”的规则核对：{checked.errors} 个错误，{checked.warnings} 个警告。"
    if stored is not None and not checked.errors:
        return counts + "没有错误，可以提交。"
    return counts


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


def cmd_plan_delete(args: argparse.Namespace) -> int:
    from skilldesk.services.plans import delete_plan, plan_removal, resolve_plan

    store = open_workspace_for(args).store
    plan = resolve_plan(store, args.plan)
    if not args.yes:
        removal = plan_removal(store, plan.id)
        if args.json:
            print_json(removal.to_json())
        else:
            print(f"将删除评价计划“{removal.title}”（计划 {plan.id}），连同{removal.describe()}。")
            print("未删除。确认删除请加 --yes。")
        return EXIT_FINDINGS
    removal = delete_plan(store, plan.id)
    if args.json:
        print_json(removal.to_json())
    else:
        print(f"已删除评价计划“{removal.title}”，连同{removal.describe()}。")
    return EXIT_OK


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
    check = plan.add_parser(
        "check",
        help="核对评价计划（不做任何改动）：计划文件核对时间安排；已保存的计划核对能否提交",
    )
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
        "--plan",
        help="核对已保存的计划（计划序号或计划编号）能否提交：另查名册、照片、考点、场次、"
        "实施方案、认定范围和考评员",
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
    delete = plan.add_parser("delete", help="删除计划及其考生、照片、场次（不加 --yes 只列出）")
    delete.add_argument("plan", help="计划序号或计划编号")
    delete.add_argument("--yes", action="store_true", help="确认删除")
    delete.add_argument("--json", action="store_true")
    delete.set_defaults(handler=cmd_plan_delete)
