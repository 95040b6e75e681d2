"""`skilldesk photos …`: check candidate photos."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from skilldesk.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    TerminalProgress,
    UsageError,
    open_workspace_for,
    print_findings,
    print_json,
)


def cmd_photos_check(args: argparse.Namespace) -> int:
    from skilldesk.core.profiles import load_profile
    from skilldesk.services.photos import (
        check_photos,
        roster_candidates_from_file,
        roster_candidates_from_plan,
    )

    if args.roster and args.plan:
        raise UsageError("--roster 和 --plan 只能选一个：与名册文件核对，或与已导入的计划核对。")
    profile = load_profile(args.profile)
    roster = None
    if args.roster:
        roster = roster_candidates_from_file(args.roster)
    elif args.plan:
        from skilldesk.services.plans import resolve_plan

        workspace = open_workspace_for(args)
        roster = roster_candidates_from_plan(
            workspace.store, resolve_plan(workspace.store, args.plan).id
        )
    bar = TerminalProgress()
    try:
        result = check_photos(args.path, profile=profile, roster=roster, progress=bar)
    finally:
        bar.finish()
    if args.report:
        from skilldesk.files.photo_report import write_photo_report

        write_photo_report(result, args.report)
    data = result.to_json()
    if args.json:
        print_json(data)
    else:
        print_findings(result.findings)
        matched = (
            f"，对上名单 {data['matched']}/{data['candidates']} 人" if roster is not None else ""
        )
        print(
            f"共 {data['files']} 个文件{matched}：{data['errors']} 个错误，{data['warnings']} 个警告。"
        )
        if args.report:
            print(f"检查报告已写入 {args.report}")
    return EXIT_FINDINGS if data["errors"] else EXIT_OK


def register(commands: Any) -> None:
    photos = commands.add_parser("photos", help="考生照片：检查").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    photo_check = photos.add_parser("check", help="检查照片文件夹或 .zip 压缩包（不做任何改动）")
    photo_check.add_argument("path", type=Path, help="照片文件夹（含子文件夹）或 .zip")
    photo_check.add_argument("--roster", type=Path, help="与这份名册（.xlsx / .xls / .csv）核对")
    photo_check.add_argument("--plan", help="与这个评价计划的名单核对（计划序号或计划编号）")
    photo_check.add_argument("--json", action="store_true", help="输出 JSON")
    photo_check.add_argument("--report", type=Path, help="另存一份检查报告 .xlsx")
    photo_check.add_argument(
        "--profile", default="zhejiang", help="规则配置（默认 zhejiang；如 quzhou）"
    )
    photo_check.set_defaults(handler=cmd_photos_check)
