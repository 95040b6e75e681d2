"""`skilldesk photos …`: check candidate photos, rename them, make compliant copies, import them."""

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
        from skilldesk.services.reports import write_photo_report

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
    photos = commands.add_parser(
        "photos", help="考生照片：检查、改名、合规副本、导入"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
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
    _register_fixes(photos)


# -- fixing: rename, undo, compliant copies, import (issue 3, part 2) ------------------------


def _roster_for(args: argparse.Namespace, *, required: bool) -> Any:
    """The candidates named by --roster or --plan (None when neither and not required)."""
    from skilldesk.services.photos import roster_candidates_from_file, roster_candidates_from_plan

    if args.roster and args.plan:
        raise UsageError("--roster 和 --plan 只能选一个：与名册文件核对，或与已导入的计划核对。")
    if args.roster:
        return roster_candidates_from_file(args.roster)
    if args.plan:
        from skilldesk.services.plans import resolve_plan

        workspace = open_workspace_for(args)
        plan = resolve_plan(workspace.store, args.plan)
        return roster_candidates_from_plan(workspace.store, plan.id)
    if required:
        raise UsageError("请用 --roster 名册文件 或 --plan 计划 指明照片属于哪份名单。")
    return None


def _checked(args: argparse.Namespace, roster: Any) -> Any:
    from skilldesk.core.profiles import load_profile
    from skilldesk.services.photos import check_photos

    bar = TerminalProgress()
    try:
        return check_photos(
            args.path, profile=load_profile(args.profile), roster=roster, progress=bar
        )
    finally:
        bar.finish()


def cmd_photos_rename(args: argparse.Namespace) -> int:
    from skilldesk.files.photo_sources import source_kind
    from skilldesk.services import photo_fixes

    roster = _roster_for(args, required=True)
    kind = source_kind(args.path)
    if args.out and kind != "zip":
        raise UsageError("--out 只用于压缩包：文件夹中的照片直接改名。")
    check = _checked(args, roster)
    plan = photo_fixes.plan_renames(check, roster)
    data: dict[str, Any] = {"applied": bool(args.apply), **plan.to_json()}
    refused = list(plan.refused)
    if args.apply and plan.proposals:
        bar = TerminalProgress()
        try:
            if kind == "zip":
                out = args.out or photo_fixes.renamed_zip_path(args.path)
                done = photo_fixes.write_renamed_zip(args.path, plan.proposals, out, progress=bar)
                data["zip"] = done.to_json()
                refused += done.skipped
            else:
                undo = photo_fixes.undo_file_for(open_workspace_for(args).data_dir)
                applied = photo_fixes.apply_renames(args.path, plan.proposals, undo, progress=bar)
                data["result"] = applied.to_json()
                refused += applied.refused
        finally:
            bar.finish()
    if args.json:
        print_json(data)
        return EXIT_FINDINGS if refused else EXIT_OK
    for proposal in plan.proposals:
        print(f"{proposal.file}  →  {proposal.new_file}  （{proposal.reason}）")
    for refusal in refused:
        print(f"{refusal.file}  [未改名] {refusal.reason}")
    if not args.apply:
        hint = "加 --apply 执行改名。" if plan.proposals else ""
        print(f"建议改名 {len(plan.proposals)} 个文件，无法自动改名 {len(plan.refused)} 个。{hint}")
    elif "zip" in data:
        zipped = data["zip"]
        print(
            f"已另存改名后的压缩包 {zipped['zip']}（改名 {zipped['renamed']} 个），原压缩包未改动。"
        )
    elif "result" in data:
        result = data["result"]
        print(
            f"已改名 {len(result['renamed'])} 个文件。撤销：skilldesk photos undo {result['undo_file']}"
        )
    else:
        print("没有需要改名的文件。")
    return EXIT_FINDINGS if refused else EXIT_OK


def cmd_photos_undo(args: argparse.Namespace) -> int:
    from skilldesk.services.photo_fixes import undo_renames

    bar = TerminalProgress()
    try:
        result = undo_renames(args.undo_file, progress=bar)
    finally:
        bar.finish()
    if args.json:
        print_json(result.to_json())
    else:
        for refusal in result.refused:
            print(f"{refusal.file}  [未恢复] {refusal.reason}")
        print(f"已恢复 {len(result.restored)} 个文件的原名，{len(result.refused)} 个未能恢复。")
    return EXIT_FINDINGS if result.refused else EXIT_OK


def cmd_photos_fix(args: argparse.Namespace) -> int:
    from skilldesk.core.profiles import load_profile
    from skilldesk.services import photo_fixes

    roster = _roster_for(args, required=False)
    check = _checked(args, roster)
    renames = photo_fixes.plan_renames(check, roster).proposals if roster is not None else []
    bar = TerminalProgress()
    try:
        report = photo_fixes.make_compliant_copies(
            check, args.out, profile=load_profile(args.profile), renames=renames, progress=bar
        )
    finally:
        bar.finish()
    failed = report.count("failed")
    if args.json:
        print_json(report.to_json())
        return EXIT_FINDINGS if failed or report.with_errors else EXIT_OK
    for outcome in report.outcomes:
        if outcome.status == "copied" and not outcome.remaining:
            continue
        detail = outcome.reason or "；".join(outcome.changes)
        target = f" → {outcome.new_file}" if outcome.new_file else ""
        print(f"{outcome.file}{target}  [{outcome.status_text}] {detail}")
        for finding in outcome.remaining:
            print(f"    仍有问题：{finding.message}")
    print(
        f"已重新编码 {report.count('reencoded')} 个，原样复制 {report.count('copied')} 个，"
        f"无法修复 {failed} 个，未处理 {report.count('skipped')} 个。"
        f"副本在 {report.out_dir}，原照片未改动。"
    )
    return EXIT_FINDINGS if failed or report.with_errors else EXIT_OK


def cmd_photos_import(args: argparse.Namespace) -> int:
    from skilldesk.services.photo_store import import_photos
    from skilldesk.services.photos import roster_candidates_from_plan
    from skilldesk.services.plans import resolve_plan

    workspace = open_workspace_for(args)
    plan = resolve_plan(workspace.store, args.plan)
    check = _checked(args, roster_candidates_from_plan(workspace.store, plan.id))
    bar = TerminalProgress()
    try:
        result = import_photos(workspace.store, workspace.photos_dir, check, plan.id, progress=bar)
    finally:
        bar.finish()
    if args.json:
        print_json(result.to_json())
    else:
        for refusal in result.refused:
            print(f"{refusal.file}  [未导入] {refusal.reason}")
        print(
            f"已导入到“{plan.title}”：新增 {len(result.imported)} 张，替换 {len(result.replaced)} 张，"
            f"未变 {len(result.unchanged)} 张，未导入 {len(result.refused)} 张。"
        )
    return EXIT_FINDINGS if result.refused else EXIT_OK


def _register_fixes(photos: Any) -> None:
    rename = photos.add_parser(
        "rename", help="按名单把照片改名为“证件号码+姓名.jpg”（默认只列出建议）"
    )
    rename.add_argument("path", type=Path, help="照片文件夹或 .zip（压缩包另存一个改名副本）")
    rename.add_argument("--roster", type=Path, help="按这份名册（.xlsx / .xls / .csv）改名")
    rename.add_argument("--plan", help="按这个评价计划的名单改名（计划序号或计划编号）")
    rename.add_argument("--apply", action="store_true", help="执行改名（并写下撤销清单）")
    rename.add_argument("--out", type=Path, help="压缩包：改名副本的保存位置（默认在原压缩包旁）")
    rename.add_argument("--json", action="store_true", help="输出 JSON")
    rename.add_argument("--profile", default="zhejiang", help="规则配置（默认 zhejiang）")
    rename.set_defaults(handler=cmd_photos_rename)

    undo = photos.add_parser("undo", help="按撤销清单恢复照片的原文件名")
    undo.add_argument("undo_file", type=Path, metavar="UNDO.json", help="改名时写下的撤销清单")
    undo.add_argument("--json", action="store_true", help="输出 JSON")
    undo.set_defaults(handler=cmd_photos_undo)

    fix = photos.add_parser("fix", help="在新文件夹中生成合规副本（原照片不改动）")
    fix.add_argument("path", type=Path, help="照片文件夹或 .zip")
    fix.add_argument("--out", type=Path, required=True, help="存放副本的新文件夹")
    fix.add_argument("--roster", type=Path, help="按这份名册给副本取正确的文件名")
    fix.add_argument("--plan", help="按这个评价计划的名单给副本取正确的文件名")
    fix.add_argument("--json", action="store_true", help="输出 JSON")
    fix.add_argument("--profile", default="zhejiang", help="规则配置（默认 zhejiang；如 quzhou）")
    fix.set_defaults(handler=cmd_photos_fix)

    load = photos.add_parser("import", help="把合格的照片导入到评价计划（每位考生一张）")
    load.add_argument("path", type=Path, help="照片文件夹或 .zip")
    load.add_argument("--plan", required=True, help="评价计划（计划序号或计划编号）")
    load.add_argument("--json", action="store_true", help="输出 JSON")
    load.add_argument("--profile", default="zhejiang", help="规则配置（默认 zhejiang）")
    load.set_defaults(handler=cmd_photos_import)
