"""`skilldesk examiner …`: examiners (考评员 / 高级考评员)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from skilldesk.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    open_workspace_for,
    parse_date,
    print_findings,
    print_json,
)


def cmd_examiner_add(args: argparse.Namespace) -> int:
    from skilldesk.services.examiners import ExaminerFields, add_examiner, parse_occupations

    fields = ExaminerFields(
        name=args.name,
        gender=args.gender,
        birth_date=args.birth,
        unit=args.unit,
        title=args.title,
        badge_number=args.badge,
        grade=args.grade,
        occupations=parse_occupations(args.occupations or ""),
    )
    examiner = add_examiner(open_workspace_for(args).store, fields)
    if args.json:
        print_json(examiner.to_json())
    else:
        print(
            f"已登记考评员 {examiner.id}：{examiner.name}（{examiner.grade}，可执评{examiner.levels_label}）"
        )
    return EXIT_OK


def cmd_examiner_list(args: argparse.Namespace) -> int:
    from skilldesk.services.examiners import list_examiners

    examiners = list_examiners(open_workspace_for(args).store, occupation=args.occupation)
    if args.json:
        print_json({"examiners": [e.to_json() for e in examiners]})
    elif not examiners:
        print("没有考评员。用 `skilldesk examiner add --name 姓名 --occupations 电工` 登记。")
    else:
        for e in examiners:
            occupations = "、".join(e.fields.occupations) or "未填职业"
            badge = e.fields.badge_number or "无证号"
            print(f"{e.id:>4}  {e.name}  {e.grade}  {badge}  {occupations}")
    return EXIT_OK


def cmd_examiner_import(args: argparse.Namespace) -> int:
    from skilldesk.services.examiner_import import OUTCOME_LABELS, import_examiners

    result = import_examiners(open_workspace_for(args).store, args.file, dry_run=args.dry_run)
    if args.json:
        print_json(result.to_json())
    else:
        for row in result.rows:
            if row.outcome in ("added", "updated"):
                changed = f"（{'、'.join(row.changed)}）" if row.changed else ""
                print(f"第{row.row}行  {row.name}  {OUTCOME_LABELS[row.outcome]}{changed}")
        print_findings(result.findings)
        done = "预览（未写入）" if result.dry_run else "考评员名单已导入"
        print(f"{done}「{result.file}」：{result.summary()}。")
    return EXIT_FINDINGS if result.refused else EXIT_OK


def register(commands: Any) -> None:
    examiner = commands.add_parser("examiner", help="考评员").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    add = examiner.add_parser("add", help="登记考评员")
    add.add_argument("--name", required=True, help="姓名")
    add.add_argument("--grade", default="考评员", help="考评员 或 高级考评员（默认考评员）")
    add.add_argument("--occupations", help="可执评的职业（工种），用顿号或逗号分隔")
    add.add_argument("--gender", help="男 / 女")
    add.add_argument("--birth", type=parse_date, help="出生日期 YYYY-MM-DD")
    add.add_argument("--unit", help="工作单位")
    add.add_argument("--title", help="职称或职业资格")
    add.add_argument("--badge", help="考评员证号")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_examiner_add)
    listing = examiner.add_parser("list", help="列出考评员")
    listing.add_argument("--occupation", help="只列出可执评该职业的考评员")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_examiner_list)
    imp = examiner.add_parser(
        "import",
        help="从考评员名单表格导入（按考评员证号，或姓名和出生日期对应已登记的人）",
    )
    imp.add_argument("file", type=Path, help=".xlsx / .xls / .csv")
    imp.add_argument("--dry-run", action="store_true", help="只列出会新增、更新哪些人，不写入")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_examiner_import)
