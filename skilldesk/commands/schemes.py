"""`skilldesk scheme …`: the annual implementation scheme (年度实施方案, attachment 8).

SCHEME is the scheme's number or its year (`2026`) when only one scheme has that year.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skilldesk.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    open_workspace_for,
    print_findings,
    print_json,
)

if TYPE_CHECKING:
    from skilldesk.core.store import Store
    from skilldesk.services.schemes import SchemeInfo, SchemeItem

_SCHEME_HELP = "实施方案的序号，或年度（如 2026，该年度只有一份时）"


def _scheme_line(info: SchemeInfo) -> str:
    reason = f"  原因：{info.reject_reason}" if info.reject_reason else ""
    return (
        f"{info.id:>4}  {info.fields.year}年度  {info.fields.title}  [{info.status_label}]  "
        f"评价职业 {len(info.fields.items)} 项{reason}"
    )


def _print_scheme(args: argparse.Namespace, info: SchemeInfo, done: str) -> None:
    if args.json:
        print_json(info.to_json())
    else:
        print(f"{done}：{_scheme_line(info).strip()}")


def _resolve(store: Store, ref: str) -> SchemeInfo:
    from skilldesk.services.schemes import resolve_scheme

    return resolve_scheme(store, ref)


def cmd_scheme_list(args: argparse.Namespace) -> int:
    from skilldesk.services.schemes import list_schemes

    schemes = list_schemes(open_workspace_for(args).store)
    if args.json:
        keys = ("id", "year", "title", "status", "status_label", "reject_reason")
        rows = []
        for info in schemes:
            data = info.to_json()
            rows.append({**{key: data[key] for key in keys}, "item_count": len(info.fields.items)})
        print_json({"schemes": rows})
    elif not schemes:
        print(
            "还没有实施方案。用 `skilldesk scheme create --year 2026` 新建，"
            "或用 `skilldesk scheme import 方案.json` 从文件导入。"
        )
    else:
        for info in schemes:
            print(_scheme_line(info))
    return EXIT_OK


def cmd_scheme_show(args: argparse.Namespace) -> int:
    info = _resolve(open_workspace_for(args).store, args.scheme)
    if args.json:
        print_json(info.to_json())
    else:
        print("\n".join(_show_lines(info)))
    return EXIT_OK


def cmd_scheme_create(args: argparse.Namespace) -> int:
    from skilldesk.services.schemes import SchemeFields, SchemeYearTaken, create_scheme_from_fields

    store = open_workspace_for(args).store
    try:
        info = create_scheme_from_fields(
            store, SchemeFields(year=args.year, title=args.title or "")
        )
    except SchemeYearTaken as exc:
        raise UsageError(f"{exc}可用 `skilldesk scheme show {exc.scheme_id}` 查看。") from exc
    _print_scheme(args, info, "已新建实施方案（草稿）")
    if not args.json:
        print(
            f"用 `skilldesk scheme export {info.id} 方案.json` 导出，填写后用 "
            f"`skilldesk scheme import 方案.json --scheme {info.id}` 导入。"
        )
    return EXIT_OK


def cmd_scheme_check(args: argparse.Namespace) -> int:
    from skilldesk.core.findings import count_by_severity
    from skilldesk.services.schemes import check_scheme

    store = open_workspace_for(args).store
    info = _resolve(store, args.scheme)
    findings = check_scheme(store, info.id)
    errors, warnings = count_by_severity(findings)
    if args.json:
        print_json(
            {
                "scheme": info.id,
                "year": info.fields.year,
                "title": info.fields.title,
                "errors": errors,
                "warnings": warnings,
                "findings": [f.to_json() for f in findings],
            }
        )
    else:
        print_findings(findings, whole="实施方案")
        if findings:
            print(f"实施方案“{info.fields.title}”：{errors} 个错误，{warnings} 个警告。")
        else:
            print(f"实施方案“{info.fields.title}”没有发现问题。")
    return EXIT_FINDINGS if errors else EXIT_OK


def cmd_scheme_export(args: argparse.Namespace) -> int:
    from skilldesk.services.scheme_exchange import export_scheme_file

    store = open_workspace_for(args).store
    info = export_scheme_file(store, _resolve(store, args.scheme).id, args.out)
    if args.json:
        print_json(
            {
                "scheme": info.id,
                "year": info.fields.year,
                "file": str(args.out),
                "item_count": len(info.fields.items),
            }
        )
    else:
        print(
            f"已把 {info.fields.year} 年度实施方案（评价职业 {len(info.fields.items)} 项）"
            f"导出到 {args.out}"
        )
    return EXIT_OK


def cmd_scheme_import(args: argparse.Namespace) -> int:
    from skilldesk.services.scheme_exchange import import_scheme_file
    from skilldesk.services.schemes import SchemeYearTaken

    store = open_workspace_for(args).store
    scheme_id = _resolve(store, args.scheme).id if args.scheme else None
    try:
        result = import_scheme_file(store, args.file, scheme_id=scheme_id)
    except SchemeYearTaken as exc:
        raise UsageError(f"{exc}要用文件替换它的内容，请加 --scheme {exc.scheme_id}。") from exc
    info = result.scheme
    if args.json:
        print_json(result.to_json())
    else:
        done = "已新建实施方案（草稿）" if result.created else "已用文件更新实施方案"
        print(f"{done}：{_scheme_line(info).strip()}")
    return EXIT_OK


def cmd_scheme_submit(args: argparse.Namespace) -> int:
    from skilldesk.core import filing
    from skilldesk.services.schemes import check_scheme, submit_scheme

    store = open_workspace_for(args).store
    info = _resolve(store, args.scheme)
    if filing.allows(info.status, filing.SUBMIT):
        errors = [f for f in check_scheme(store, info.id) if f.severity == "error"]
        print_findings(errors, whole="实施方案", stream=sys.stderr)
        if errors:
            raise UsageError(f"实施方案有 {len(errors)} 个错误（见上），未提交。请改正后再提交。")
    info = submit_scheme(store, info.id)
    _print_scheme(args, info, "已提交")
    if not args.json:
        print(
            f"请在省平台上提交此实施方案，平台受理后运行 `skilldesk scheme received {info.id}`；"
            f"要修改，可先运行 `skilldesk scheme withdraw {info.id}` 撤回。"
        )
    return EXIT_OK


def cmd_scheme_withdraw(args: argparse.Namespace) -> int:
    from skilldesk.services.schemes import withdraw_scheme

    store = open_workspace_for(args).store
    info = withdraw_scheme(store, _resolve(store, args.scheme).id)
    _print_scheme(args, info, "已撤回，可修改后重新提交")
    return EXIT_OK


def cmd_scheme_received(args: argparse.Namespace) -> int:
    from skilldesk.services.schemes import mark_scheme_received

    store = open_workspace_for(args).store
    info = mark_scheme_received(store, _resolve(store, args.scheme).id)
    _print_scheme(args, info, "省平台已受理，待评价中心审核")
    return EXIT_OK


def cmd_scheme_review(args: argparse.Namespace) -> int:
    rejecting = args.reject is not None
    if args.approve == rejecting:
        raise UsageError("请给出 --approve，或 --reject --reason 原因（二选一）。")
    if args.approve and args.reason is not None:
        raise UsageError("--reason 只用于 --reject（审核不通过的原因）。")
    if args.reject and args.reason is not None:
        raise UsageError("不通过的原因只需给一次：--reject --reason 原因。")
    reason = (args.reason if args.reason is not None else args.reject) or ""
    if rejecting and not reason.strip():
        raise UsageError("审核不通过时请写明原因：--reject --reason 原因。")
    from skilldesk.services.schemes import review_scheme

    store = open_workspace_for(args).store
    info = review_scheme(
        store, _resolve(store, args.scheme).id, approve=args.approve, reason=reason or None
    )
    _print_scheme(args, info, "已录入审核结果")
    return EXIT_OK


def _show_lines(info: SchemeInfo) -> list[str]:
    from skilldesk.services.schemes import FIELD_LABELS, PEOPLE, level_list

    f = info.fields
    lines = [f"实施方案 {info.id}：{f.title}", f"年度：{f.year}    状态：{info.status_label}"]
    if info.reject_reason:
        lines.append(f"不通过原因：{info.reject_reason}")
    lines.append(f"一、{FIELD_LABELS['items']}：" + ("" if f.items else "未填写"))
    for number, item in enumerate(f.items, 1):
        name = item.occupation + (f"（{item.work_type}）" if item.work_type else "")
        note = f"  备注：{item.note}" if item.note else ""
        lines.append(f"    {number}. {name}  {level_list(item.levels)}  {_period(item)}{note}")
    for section, key in (("二", "conditions"), ("三", "content"), ("四", "methods")):
        lines += _block(f"{section}、{FIELD_LABELS[key]}", getattr(f, key))
    lines += _block(f"五、{FIELD_LABELS['question_sources']}", f.question_sources)
    share = "未填写" if f.self_made_share is None else f"{f.self_made_share}%"
    lines.append(f"    {FIELD_LABELS['self_made_share']}：{share}")
    lines.append("六、人员")
    for key in PEOPLE:
        lines.append(f"    {FIELD_LABELS[key]}：{'、'.join(getattr(f, key)) or '未填写'}")
    lines += _block(f"七、{FIELD_LABELS['notes']}", f.notes)
    return lines


def _block(label: str, text: str) -> list[str]:
    rows = text.splitlines()
    if len(rows) <= 1:
        return [f"{label}：{text or '未填写'}"]
    return [f"{label}：", *(f"    {row}" for row in rows)]


def _period(item: SchemeItem) -> str:
    start, end = item.planned_start, item.planned_end
    if start and end:
        return f"{start.isoformat()} 至 {end.isoformat()}"
    if start:
        return f"{start.isoformat()} 起"
    if end:
        return f"至 {end.isoformat()}"
    return "时间未定"


def register(commands: Any) -> None:
    scheme = commands.add_parser("scheme", help="年度实施方案（附件8）").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    listing = scheme.add_parser("list", help="列出实施方案")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_scheme_list)

    show = scheme.add_parser("show", help="显示实施方案的全部内容")
    show.add_argument("scheme", help=_SCHEME_HELP)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_scheme_show)

    create = scheme.add_parser("create", help="新建某年度的实施方案（草稿；每个年度一份）")
    create.add_argument("--year", type=int, required=True, help="年度，如 2026")
    create.add_argument("--title", help="方案名称（默认：某年度职业技能等级认定实施方案）")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=cmd_scheme_create)

    check = scheme.add_parser(
        "check", help="检查实施方案：自行命题比例、评价职业是否在认定范围内（不做任何改动）"
    )
    check.add_argument("scheme", help=_SCHEME_HELP)
    check.add_argument("--json", action="store_true", help="输出 JSON")
    check.set_defaults(handler=cmd_scheme_check)

    export = scheme.add_parser("export", help="把实施方案的全部内容导出为 .json 文件")
    export.add_argument("scheme", help=_SCHEME_HELP)
    export.add_argument("out", type=Path, help="输出的 .json")
    export.add_argument("--json", action="store_true")
    export.set_defaults(handler=cmd_scheme_export)

    imp = scheme.add_parser(
        "import",
        help="从 .json 文件新建实施方案，或用 --scheme 替换草稿或不通过的方案的内容"
        "（文件中没有的字段保持不变）",
    )
    imp.add_argument(
        "file", type=Path, help="实施方案文件（.json，UTF-8），如 scheme export 导出的"
    )
    imp.add_argument("--scheme", help="替换这份实施方案的内容（" + _SCHEME_HELP + "），不给则新建")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_scheme_import)

    submit = scheme.add_parser(
        "submit", help="提交实施方案，锁定待上报省平台（不通过的修改后可重新提交）"
    )
    submit.add_argument("scheme", help=_SCHEME_HELP)
    submit.add_argument("--json", action="store_true")
    submit.set_defaults(handler=cmd_scheme_submit)

    withdraw = scheme.add_parser("withdraw", help="撤回已提交、尚未上报省平台的实施方案")
    withdraw.add_argument("scheme", help=_SCHEME_HELP)
    withdraw.add_argument("--json", action="store_true")
    withdraw.set_defaults(handler=cmd_scheme_withdraw)

    received = scheme.add_parser(
        "received", help="记下省平台已受理（已在省平台上提交），等待评价中心审核"
    )
    received.add_argument("scheme", help=_SCHEME_HELP)
    received.add_argument("--json", action="store_true")
    received.set_defaults(handler=cmd_scheme_received)

    review = scheme.add_parser("review", help="录入评价中心的审核结果")
    review.add_argument("scheme", help=_SCHEME_HELP)
    review.add_argument("--approve", action="store_true", help="通过")
    review.add_argument(
        "--reject",
        nargs="?",
        const="",
        metavar="REASON",
        help="不通过；原因写在 --reason 后（也可直接写在 --reject 后，同 site review）",
    )
    review.add_argument("--reason", help="不通过的原因")
    review.add_argument("--json", action="store_true")
    review.set_defaults(handler=cmd_scheme_review)
