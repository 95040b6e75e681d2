"""The command line: every operation the window has, scriptable, with `--json` output.

Heavy modules are imported inside the commands so that `skilldesk roster check` starts fast
and never loads Qt. Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad usage
or unreadable input — always with a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input the user can fix; printed as one line, exit code 2."""


def _print_json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _print_findings(findings: Sequence[Any]) -> None:
    for finding in findings:
        label = "错误" if finding.severity == "error" else "警告"
        print(f"{finding.where}  [{label} {finding.code}] {finding.message}")


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD：{text}") from exc


class TerminalProgress:
    """A one-line progress bar on stderr, shown only on a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled:
            return
        if total:
            filled = int(30 * done / total)
            sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        else:
            sys.stderr.write(f"\r{label}")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def _workspace(args: argparse.Namespace) -> Any:
    from skilldesk.services.workspace import open_workspace

    return open_workspace(args.data_dir)


def cmd_roster_check(args: argparse.Namespace) -> int:
    from skilldesk.services.roster_check import check_roster_file

    result = check_roster_file(args.file, reference_date=args.exam_date)
    if args.report:
        from skilldesk.files.roster_report import write_check_report

        write_check_report(result.sheet, result.findings, result.check.derived, args.report)
    data = result.to_json()
    if args.json:
        _print_json(data)
    else:
        _print_findings(result.findings)
        for derived in result.check.derived:
            print(f"第{derived.row}行「{derived.field}」  [已补全] {derived.message}")
        print(f"共 {data['rows']} 名考生：{data['errors']} 个错误，{data['warnings']} 个警告。")
        if args.report:
            print(f"检查报告已写入 {args.report}")
    return EXIT_FINDINGS if data["errors"] else EXIT_OK


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

        workspace = _workspace(args)
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
        _print_json(data)
    else:
        _print_findings(result.findings)
        matched = (
            f"，对上名单 {data['matched']}/{data['candidates']} 人" if roster is not None else ""
        )
        print(
            f"共 {data['files']} 个文件{matched}：{data['errors']} 个错误，{data['warnings']} 个警告。"
        )
        if args.report:
            print(f"检查报告已写入 {args.report}")
    return EXIT_FINDINGS if data["errors"] else EXIT_OK


def cmd_roster_import(args: argparse.Namespace) -> int:
    from skilldesk.services.plans import resolve_plan
    from skilldesk.services.roster import import_roster_file

    workspace = _workspace(args)
    plan = resolve_plan(workspace.store, args.plan)
    bar = TerminalProgress()
    try:
        result = import_roster_file(workspace.store, args.file, plan.id, progress=bar)
    finally:
        bar.finish()
    if args.json:
        _print_json(result.to_json())
    else:
        _print_findings(result.findings)
        print(
            f"导入到“{plan.title}”：新增 {result.added}，更新 {result.changed}，未变 {result.unchanged}，"
            f"未导入 {len(result.skipped)}；{result.errors} 个错误，{result.warnings} 个警告。"
        )
    return EXIT_FINDINGS if result.errors else EXIT_OK


def cmd_roster_export(args: argparse.Namespace) -> int:
    from skilldesk.services.plans import resolve_plan
    from skilldesk.services.roster import export_plan_roster

    workspace = _workspace(args)
    plan = resolve_plan(workspace.store, args.plan)
    count = export_plan_roster(workspace.store, plan.id, args.layout, args.out)
    if args.json:
        _print_json(
            {"plan": plan.id, "layout": args.layout, "candidates": count, "file": str(args.out)}
        )
    else:
        print(f"已导出 {count} 名考生到 {args.out}")
    return EXIT_OK


def cmd_plan_create(args: argparse.Namespace) -> int:
    from skilldesk.services.plans import create_plan

    workspace = _workspace(args)
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
        _print_json(plan.to_json())
    else:
        print(f"已创建评价计划 {plan.id}：{plan.title}")
    return EXIT_OK


def cmd_plan_list(args: argparse.Namespace) -> int:
    from skilldesk.services.plans import list_plans

    plans = list_plans(_workspace(args).store)
    if args.json:
        _print_json({"plans": [p.to_json() for p in plans]})
    elif not plans:
        print("还没有评价计划。用 `skilldesk plan create --occupation 电工 --level 4` 创建一个。")
    else:
        for plan in plans:
            number = plan.plan_number or "未编号"
            print(f"{plan.id:>4}  {plan.title}  计划编号：{number}  考生 {plan.candidate_count} 人")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from skilldesk.services.demo import fill_demo_workspace

    workspace = _workspace(args)
    bar = TerminalProgress()
    try:
        result = fill_demo_workspace(workspace, progress=bar)
    finally:
        bar.finish()
    if not result.created:
        print(
            f"{workspace.data_dir} 已有机构数据，示例数据未写入（示例数据从不与真实数据混在一起）。"
        )
    else:
        print(
            f"示例机构已写入 {workspace.data_dir}：{result.plans} 个评价计划，"
            f"{result.candidates} 名考生，{result.photos} 张照片。"
        )
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from skilldesk.app import run_gui

    return run_gui(args.data_dir)


ARGPARSE_WORDS = (
    ("the following arguments are required", "缺少参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("invalid choice", "无效的选项"),
    ("expected one argument", "需要一个参数值"),
    ("invalid int value", "应为整数"),
    ("choose from", "可选"),
    ("argument ", "参数 "),
)


class ChineseArgumentParser(argparse.ArgumentParser):
    """Usage errors as one Chinese line (exit 2), not argparse's usage dump."""

    def error(self, message: str) -> NoReturn:
        for english, chinese in ARGPARSE_WORDS:
            message = message.replace(english, chinese)
        self.exit(EXIT_USAGE, f"{self.prog}: 用法错误：{message}（用 --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="skilldesk", description="SkillDesk 职业技能等级认定助手")
    parser.add_argument(
        "--data-dir", type=Path, help="数据目录（默认：用户数据目录，或环境变量 SKILLDESK_HOME）"
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=ChineseArgumentParser
    )

    gui = commands.add_parser("gui", help="打开窗口（不带命令时也是这个）")
    gui.set_defaults(handler=cmd_gui)
    demo = commands.add_parser("demo", help="在数据目录中生成示例机构、计划和考生")
    demo.set_defaults(handler=cmd_demo)

    roster = commands.add_parser("roster", help="考生名册：检查、导入、导出").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    check = roster.add_parser("check", help="检查名册文件（不做任何改动）")
    check.add_argument("file", type=Path, help=".xlsx / .xls / .csv")
    check.add_argument("--json", action="store_true", help="输出 JSON")
    check.add_argument("--report", type=Path, help="另存一份标出问题单元格的检查报告 .xlsx")
    check.add_argument("--exam-date", type=_parse_date, help="按此考试日期计算年龄（默认今天）")
    check.set_defaults(handler=cmd_roster_check)

    imp = roster.add_parser("import", help="把名册导入评价计划（按证件号码更新）")
    imp.add_argument("file", type=Path)
    imp.add_argument("--plan", required=True, help="计划序号或计划编号")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_roster_import)

    exp = roster.add_parser("export", help="导出报名信息表或花名册")
    exp.add_argument("out", type=Path, help="输出的 .xlsx")
    exp.add_argument("--plan", required=True)
    exp.add_argument(
        "--layout",
        choices=("registration", "training"),
        default="registration",
        help="registration=报名信息表，training=花名册",
    )
    exp.add_argument("--json", action="store_true")
    exp.set_defaults(handler=cmd_roster_export)

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

    plan = commands.add_parser("plan", help="评价计划").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    create = plan.add_parser("create", help="新建评价计划")
    create.add_argument("--occupation", required=True, help="职业（工种）名称")
    create.add_argument(
        "--level", type=int, required=True, choices=range(1, 6), metavar="N", help="等级 1–5"
    )
    create.add_argument("--code", help="职业编码，如 6-31-01-03")
    create.add_argument("--exam-date", type=_parse_date, help="认定日期 YYYY-MM-DD")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=cmd_plan_create)
    listing = plan.add_parser("list", help="列出评价计划")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_plan_list)
    return parser


def _fail(message: str) -> int:
    print(f"skilldesk: {message}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not getattr(args, "handler", None):
        args.handler = cmd_gui
    from skilldesk.core.errors import UserFacingError
    from skilldesk.core.progress import Cancelled

    try:
        return args.handler(args)
    except UsageError as exc:
        return _fail(str(exc))
    except (UserFacingError, LookupError) as exc:
        return _fail(str(exc).strip("'\""))
    except KeyboardInterrupt:
        return _fail("已取消，数据未改动。")
    except Cancelled:
        return _fail("已取消，数据未改动。")
    except Exception as exc:
        log = _write_crash_log(args)
        return _fail(
            f"内部错误（{exc.__class__.__name__}），数据未改动。详情已写入 {log}，请发给技术支持。"
        )


def _write_crash_log(args: argparse.Namespace) -> Path:
    """Keep the traceback for support, with ID numbers and phones masked."""
    import tempfile
    import traceback

    from skilldesk.core.privacy import mask_personal

    folder = Path(args.data_dir) if args.data_dir else Path(tempfile.gettempdir())
    path = folder / "logs" / "skilldesk-errors.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} {args.command}\n")
            log.write(mask_personal(traceback.format_exc()))
    except OSError:
        pass
    return path
