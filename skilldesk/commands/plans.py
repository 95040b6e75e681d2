"""`skilldesk plan …`: evaluation plans."""

from __future__ import annotations

import argparse
from typing import Any

from skilldesk.commands.common import (
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
    listing = plan.add_parser("list", help="列出评价计划")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_plan_list)
