"""`skilldesk roster …`: check, preview, import (and undo) and export candidate rosters."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skilldesk.commands.candidates import register_candidate_actions
from skilldesk.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    TerminalProgress,
    open_workspace_for,
    parse_date,
    print_findings,
    print_json,
)

if TYPE_CHECKING:
    from skilldesk.services.roster_preview import ImportOutcome


def cmd_roster_check(args: argparse.Namespace) -> int:
    from skilldesk.services.roster_check import check_roster_file

    result = check_roster_file(args.file, reference_date=args.exam_date)
    if args.report:
        from skilldesk.services.reports import write_roster_report

        write_roster_report(result, args.report)
    data = result.to_json()
    if args.json:
        print_json(data)
    else:
        print_findings(result.findings)
        for derived in result.check.derived:
            print(f"第{derived.row}行「{derived.field}」  [已补全] {derived.message}")
        print(f"共 {data['rows']} 名考生：{data['errors']} 个错误，{data['warnings']} 个警告。")
        if args.report:
            print(f"检查报告已写入 {args.report}")
    return EXIT_FINDINGS if data["errors"] else EXIT_OK


def cmd_roster_import(args: argparse.Namespace) -> int:
    from skilldesk.services.plans import resolve_plan
    from skilldesk.services.roster import import_roster_file, preview_roster_import

    workspace = open_workspace_for(args)
    plan = resolve_plan(workspace.store, args.plan)
    bar = TerminalProgress()
    try:
        if args.dry_run:
            preview = preview_roster_import(workspace.store, args.file, plan.id, progress=bar)
        else:
            result = import_roster_file(workspace.store, args.file, plan.id, progress=bar)
    finally:
        bar.finish()
    if args.dry_run:
        outcome = preview.outcome
        if args.json:
            print_json(preview.to_json())
        else:
            print_findings(outcome.findings)
            print_planned_rows(outcome)
            print(
                f"预览导入到“{plan.title}”（未写入任何数据）：将新增 {len(outcome.added)}，"
                f"更新 {len(outcome.changed)}，未变 {outcome.unchanged}，"
                f"未导入 {len(outcome.refused)}；{outcome.errors} 个错误，{outcome.warnings} 个警告。"
            )
        return EXIT_FINDINGS if outcome.errors else EXIT_OK
    if args.json:
        print_json(result.to_json())
    else:
        print_findings(result.findings)
        late = result.outcome.late_rows if result.outcome else []
        if late:
            rows = "、".join(f"第{row}行" for row in late)
            print(f"补报（评前公示开始后新增）{len(late)} 名：{rows}")
        print(
            f"导入到“{plan.title}”：新增 {result.added}，更新 {result.changed}，未变 {result.unchanged}，"
            f"未导入 {len(result.skipped)}；{result.errors} 个错误，{result.warnings} 个警告。"
        )
    return EXIT_FINDINGS if result.errors else EXIT_OK


def print_planned_rows(outcome: ImportOutcome) -> None:
    """The rows a previewed import adds and changes, field by field."""
    if outcome.added:
        print(f"将新增 {len(outcome.added)} 名考生：")
        for row in outcome.added:
            print(f"  {row.label}{'  [补报]' if row.late else ''}")
    if outcome.changed:
        print(f"将更新 {len(outcome.changed)} 名考生：")
        for row in outcome.changed:
            withdrawn = "  [已退考]" if row.withdrawn else ""
            print(f"  {row.label}{withdrawn}：{'；'.join(c.describe() for c in row.changes)}")


def cmd_roster_undo_import(args: argparse.Namespace) -> int:
    from skilldesk.services.import_history import undo_last_import
    from skilldesk.services.plans import resolve_plan

    store = open_workspace_for(args).store
    plan = resolve_plan(store, args.plan)
    result = undo_last_import(store, plan.id)
    if args.json:
        print_json(result.to_json())
    elif result.undone:
        print(
            f"已撤销“{plan.title}”最近一次导入（{result.last.file_name}）：删除其新增的 "
            f"{result.removed} 名考生，恢复其更新的 {result.restored} 名考生。"
        )
    else:
        print_findings(result.findings)
        print(
            f"未撤销：“{plan.title}”最近一次导入（{result.last.file_name}）涉及的 "
            f"{len(result.touched)} 名考生在导入之后又有改动，撤销会丢失这些改动。数据未改动。"
        )
    return EXIT_OK if result.undone else EXIT_FINDINGS


def cmd_roster_export(args: argparse.Namespace) -> int:
    from skilldesk.services.institution import get_institution
    from skilldesk.services.plans import get_plan_summary, resolve_plan
    from skilldesk.services.roster import export_plan_roster

    workspace = open_workspace_for(args)
    plan = resolve_plan(workspace.store, args.plan)
    count = export_plan_roster(workspace.store, plan.id, args.layout, args.out)
    # As careful as the window, which asks before exporting a roster with errors: the file is
    # written, and the errors and a blank header are said where a script notices them.
    error_rows = get_plan_summary(workspace.store, plan.id).error_rows
    institution = get_institution(workspace.store)
    if institution is None or not (institution.name or "").strip():
        print(
            "注意：机构名称未填写，导出表头的“备案机构名称”是空的。"
            "请用 `skilldesk institution set --name 机构名称` 填写后重新导出。",
            file=sys.stderr,
        )
    if error_rows:
        print(
            f"注意：本计划有 {error_rows} 名考生的信息有错误，平台导入时可能被退回。"
            f"请用 `skilldesk roster check {args.out}` 查看并改正。",
            file=sys.stderr,
        )
    if args.json:
        print_json(
            {
                "plan": plan.id,
                "layout": args.layout,
                "candidates": count,
                "error_rows": error_rows,
                "file": str(args.out),
            }
        )
    else:
        print(f"已导出 {count} 名考生到 {args.out}")
    return EXIT_FINDINGS if error_rows else EXIT_OK


def register(commands: Any) -> None:
    roster = commands.add_parser(
        "roster", help="考生名册：检查、导入、撤销导入、退考、移动、删除、导出"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    check = roster.add_parser("check", help="检查名册文件（不做任何改动）")
    check.add_argument("file", type=Path, help=".xlsx / .xls / .csv")
    check.add_argument("--json", action="store_true", help="输出 JSON")
    check.add_argument("--report", type=Path, help="另存一份标出问题单元格的检查报告 .xlsx")
    check.add_argument("--exam-date", type=parse_date, help="按此考试日期计算年龄（默认今天）")
    check.set_defaults(handler=cmd_roster_check)

    imp = roster.add_parser("import", help="把名册导入评价计划（按证件号码更新）")
    imp.add_argument("file", type=Path)
    imp.add_argument("--plan", required=True, help="计划序号或计划编号")
    imp.add_argument(
        "--dry-run", action="store_true", help="只预览将新增、更新、未导入哪些考生，不写入"
    )
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_roster_import)

    undo = roster.add_parser("undo-import", help="撤销计划最近一次导入（导入后未再改动时）")
    undo.add_argument("--plan", required=True, help="计划序号或计划编号")
    undo.add_argument("--json", action="store_true")
    undo.set_defaults(handler=cmd_roster_undo_import)

    register_candidate_actions(roster)

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
