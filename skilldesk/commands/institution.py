"""`skilldesk institution …` and `skilldesk scope …`: the institution profile and certified scope."""

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

# option → profile field, for `institution set`
_FLAGS = {"contact_name": "contact", "contact_phone": "phone"}
_SET_OPTIONS = {
    "name": "机构名称",
    "short_name": "机构简称",
    "credit_code": "统一社会信用代码",
    "filing_number": "备案号（Y…用人单位，S…技工院校）",
    "kind": "机构类型：enterprise/企业 或 school/技工院校",
    "level": "机构层级：省、市 或 区县",
    "region": "所在地区，如 浙江省衢州市",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "email": "邮箱",
    "website": "网址",
    "address": "地址",
}


def cmd_institution_show(args: argparse.Namespace) -> int:
    from skilldesk.core.findings import count_by_severity
    from skilldesk.services.institution import check_institution, get_institution

    store = open_workspace_for(args).store
    profile = get_institution(store)
    findings = check_institution(store, today=args.today) if profile else []
    errors, warnings = count_by_severity(findings)
    if args.json:
        print_json(
            {
                "institution": profile.to_json() if profile else None,
                "errors": errors,
                "warnings": warnings,
                "findings": [f.to_json() for f in findings],
            }
        )
    elif profile is None:
        print("还没有机构信息。用 `skilldesk institution set --name 机构名称 …` 填写。")
    else:
        _print_profile(profile)
        print_findings(findings)
    return EXIT_FINDINGS if errors else EXIT_OK


def _print_profile(profile: Any) -> None:
    rows = (
        ("机构名称", profile.name),
        ("机构简称", profile.short_name),
        ("统一社会信用代码", profile.credit_code),
        ("备案号", profile.filing_number),
        ("机构类型", profile.kind_label),
        ("机构层级", profile.level),
        ("所在地区", profile.region),
        ("联系人", profile.contact_name),
        ("联系电话", profile.contact_phone),
        ("邮箱", profile.email),
        ("网址", profile.website),
        ("地址", profile.address),
        ("备案日期", profile.filed_on),
        ("备案有效期至", profile.filing_valid_until),
    )
    for label, value in rows:
        print(f"{label}：{value if value else '—'}")


def cmd_institution_set(args: argparse.Namespace) -> int:
    from skilldesk.services.institution import update_institution

    changes = {name: getattr(args, name) for name in _SET_OPTIONS if getattr(args, name)}
    for name in ("filed_on", "filing_valid_until"):
        if getattr(args, name):
            changes[name] = getattr(args, name)
    profile = update_institution(open_workspace_for(args).store, **changes)
    if args.json:
        print_json({"institution": profile.to_json()})
    else:
        print(f"已保存机构信息：{profile.name}")
    return EXIT_OK


def cmd_scope_import(args: argparse.Namespace) -> int:
    from skilldesk.services.scope import import_scope_file

    result = import_scope_file(open_workspace_for(args).store, args.file, replace=not args.keep)
    if args.json:
        print_json(result.to_json())
    else:
        print_findings(result.findings)
        created = "（已按文件建立机构信息）" if result.institution_created else ""
        print(
            f"认定范围已导入{created}：新增 {result.added}，更新 {result.updated}，"
            f"未变 {result.unchanged}，删除 {result.removed}；{result.errors} 个错误。"
        )
    return EXIT_FINDINGS if result.errors else EXIT_OK


def cmd_scope_list(args: argparse.Namespace) -> int:
    from skilldesk.core.findings import count_by_severity
    from skilldesk.core.rules.institution import check_scope_row
    from skilldesk.services.scope import list_scope

    rows = list_scope(open_workspace_for(args).store)
    findings = [
        f for r in rows for f in check_scope_row(r.occupation, r.occupation_code, r.levels_text)
    ]
    errors, warnings = count_by_severity(findings)
    if args.json:
        print_json(
            {
                "scope": [r.to_json() for r in rows],
                "errors": errors,
                "warnings": warnings,
                "findings": [f.to_json() for f in findings],
            }
        )
    elif not rows:
        print("还没有认定范围。用 `skilldesk scope import 附件13.xlsx` 导入。")
    else:
        for r in rows:
            work_type = f" / {r.work_type}" if r.work_type else ""
            print(
                f"{r.id:>4}  {r.occupation}{work_type}  {r.occupation_code or '—'}  级别 {r.levels_text}"
            )
        print_findings(findings)
    return EXIT_FINDINGS if errors else EXIT_OK


def _flag(name: str) -> str:
    return "--" + _FLAGS.get(name, name).replace("_", "-")


def register(commands: Any) -> None:
    institution = commands.add_parser("institution", help="机构信息").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    show = institution.add_parser("show", help="查看机构信息和备案有效期")
    show.add_argument("--today", type=parse_date, help="按这一天核对备案有效期（默认今天）")
    show.add_argument("--json", action="store_true", help="输出 JSON")
    show.set_defaults(handler=cmd_institution_show)
    change = institution.add_parser("set", help="填写或修改机构信息（只改给出的项）")
    for name, help_text in _SET_OPTIONS.items():
        change.add_argument(_flag(name), dest=name, help=help_text)
    change.add_argument("--filed-on", type=parse_date, help="备案日期 YYYY-MM-DD（有效期 2 年）")
    change.add_argument(
        "--valid-until", dest="filing_valid_until", type=parse_date, help="备案有效期至 YYYY-MM-DD"
    )
    change.add_argument("--json", action="store_true")
    change.set_defaults(handler=cmd_institution_set)

    scope = commands.add_parser("scope", help="认定范围（附件13）").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    imp = scope.add_parser("import", help="导入附件13《机构信息与认定范围清单》")
    imp.add_argument("file", type=Path, help=".xlsx / .xls")
    imp.add_argument("--keep", action="store_true", help="保留文件中没有的已有行（默认以文件为准）")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(handler=cmd_scope_import)
    listing = scope.add_parser("list", help="列出认定范围")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_scope_list)
