"""`skilldesk site …` and `skilldesk room …`: exam-site filings (考点备案) and their rooms (考场)."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from skilldesk.commands.common import EXIT_OK, UsageError, open_workspace_for, print_json
from skilldesk.core import filing

_FLAGS = {"accepting_department": "department", "contact_name": "contact", "contact_phone": "phone"}
_SITE_OPTIONS = {
    "level": "层级：省、市 或 区县",
    "region": "所在县（市、区）",
    "accepting_department": "受理部门",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "address": "详细地址",
}


def _site_line(site: Any) -> str:
    where = "备案地以外" if not site.fields.in_filing_region else "备案地"
    status = site.status_label + ("（自动确认）" if site.auto_confirmed else "")
    reason = f"  原因：{site.reject_reason}" if site.reject_reason else ""
    return f"{site.id:>4}  {site.name}  {where}考点  {site.fields.level or '—'}  [{status}]  考场 {site.room_count} 个{reason}"


def _print_site(args: argparse.Namespace, site: Any, done: str) -> None:
    if args.json:
        print_json(site.to_json())
    else:
        print(f"{done}：{_site_line(site).strip()}")


def cmd_site_add(args: argparse.Namespace) -> int:
    from skilldesk.services.sites import SiteFields, add_site

    values = {name: getattr(args, name) for name in _SITE_OPTIONS}
    fields = SiteFields(name=args.name, in_filing_region=not args.outside, **values)
    _print_site(args, add_site(open_workspace_for(args).store, fields), "已新建考点（草稿）")
    return EXIT_OK


def cmd_site_edit(args: argparse.Namespace) -> int:
    from skilldesk.services.sites import resolve_site, update_site

    store = open_workspace_for(args).store
    site = resolve_site(store, args.site)
    changes = {name: getattr(args, name) for name in _SITE_OPTIONS if getattr(args, name)}
    if args.name:
        changes["name"] = args.name
    if args.outside is not None:
        changes["in_filing_region"] = not args.outside
    fields = dataclasses.replace(site.fields, **changes)
    _print_site(args, update_site(store, site.id, fields), "已修改考点")
    return EXIT_OK


def cmd_site_list(args: argparse.Namespace) -> int:
    from skilldesk.services.sites import list_sites

    sites = list_sites(open_workspace_for(args).store, status=args.status)
    if args.json:
        print_json({"sites": [s.to_json() for s in sites]})
    elif not sites:
        print("还没有考点。用 `skilldesk site add --name 考点名称 …` 新建考点备案。")
    else:
        for site in sites:
            print(_site_line(site))
    return EXIT_OK


def cmd_site_submit(args: argparse.Namespace) -> int:
    from skilldesk.services.sites import resolve_site, submit_site

    store = open_workspace_for(args).store
    site = submit_site(store, resolve_site(store, args.site).id)
    _print_site(args, site, "已提交")
    if not args.json:
        print(
            f"请在省平台上提交此考点备案，平台受理后运行 `skilldesk site received {site.id}`；"
            f"要修改，可先运行 `skilldesk site withdraw {site.id}` 撤回。"
        )
    return EXIT_OK


def cmd_site_withdraw(args: argparse.Namespace) -> int:
    from skilldesk.services.sites import resolve_site, withdraw_site

    store = open_workspace_for(args).store
    site = withdraw_site(store, resolve_site(store, args.site).id)
    _print_site(args, site, "已撤回，可修改后重新提交")
    return EXIT_OK


def cmd_site_received(args: argparse.Namespace) -> int:
    from skilldesk.services.sites import mark_site_received, resolve_site

    store = open_workspace_for(args).store
    site = mark_site_received(store, resolve_site(store, args.site).id)
    if site.auto_confirmed:
        done = "省平台已受理，已自动确认（用人单位非新增备案层级考点）"
    else:
        done = "省平台已受理，待评价中心审核"
    _print_site(args, site, done)
    return EXIT_OK


def cmd_site_review(args: argparse.Namespace) -> int:
    from skilldesk.services.sites import resolve_site, review_site

    if args.approve == bool(args.reject):
        raise UsageError("请给出 --approve 或 --reject 原因（二选一）。")
    store = open_workspace_for(args).store
    site = review_site(
        store, resolve_site(store, args.site).id, approve=args.approve, reason=args.reject
    )
    _print_site(args, site, "已录入审核结果")
    return EXIT_OK


def cmd_room_add(args: argparse.Namespace) -> int:
    from skilldesk.services.rooms import add_room
    from skilldesk.services.sites import resolve_site

    store = open_workspace_for(args).store
    site = resolve_site(store, args.site)
    room = add_room(store, site.id, args.name, number=args.number, seats=args.seats, kind=args.kind)
    if args.json:
        print_json(room.to_json())
    else:
        print(f"已新建考场 {room.number}：{room.label}，{room.seats} 座，{room.kind_label}")
    return EXIT_OK


def cmd_room_list(args: argparse.Namespace) -> int:
    from skilldesk.services.rooms import list_rooms
    from skilldesk.services.sites import resolve_site

    store = open_workspace_for(args).store
    site_id = resolve_site(store, args.site).id if args.site else None
    rooms = list_rooms(store, site_id=site_id)
    if args.json:
        print_json({"rooms": [r.to_json() for r in rooms]})
    elif not rooms:
        print(
            "还没有考场。考点备案通过后，用 `skilldesk room add --site 考点 --name 3幢2层201` 添加。"
        )
    else:
        for r in rooms:
            print(
                f"{r.id:>4}  {r.number}  {r.label}  {r.seats} 座  {r.kind_label}  地址：{r.address or '—'}"
            )
    return EXIT_OK


def _flag(name: str) -> str:
    return "--" + _FLAGS.get(name, name).replace("_", "-")


def register(commands: Any) -> None:
    site = commands.add_parser("site", help="考点备案").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    add = site.add_parser("add", help="新建考点备案（草稿）")
    add.add_argument("--name", required=True, help="考点名称")
    add.add_argument("--outside", action="store_true", help="备案地以外考点（默认备案地考点）")
    for name, help_text in _SITE_OPTIONS.items():
        add.add_argument(_flag(name), dest=name, help=help_text)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_site_add)

    edit = site.add_parser("edit", help="修改草稿或审核不通过的考点")
    edit.add_argument("site", help="考点序号或名称")
    edit.add_argument("--name", help="新的考点名称")
    edit.add_argument("--outside", action=argparse.BooleanOptionalAction, default=None)
    for name, help_text in _SITE_OPTIONS.items():
        edit.add_argument(_flag(name), dest=name, help=help_text)
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(handler=cmd_site_edit)

    listing = site.add_parser("list", help="列出考点")
    listing.add_argument("--status", choices=filing.STATUSES)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_site_list)

    submit = site.add_parser(
        "submit", help="提交考点备案，锁定待上报省平台（不通过的修改后可重新提交）"
    )
    submit.add_argument("site", help="考点序号或名称")
    submit.add_argument("--json", action="store_true")
    submit.set_defaults(handler=cmd_site_submit)

    withdraw = site.add_parser("withdraw", help="撤回已提交、尚未上报省平台的考点备案")
    withdraw.add_argument("site", help="考点序号或名称")
    withdraw.add_argument("--json", action="store_true")
    withdraw.set_defaults(handler=cmd_site_withdraw)

    received = site.add_parser(
        "received", help="记下省平台已受理（已在省平台上提交）；无需审核的考点随即自动确认"
    )
    received.add_argument("site", help="考点序号或名称")
    received.add_argument("--json", action="store_true")
    received.set_defaults(handler=cmd_site_received)

    review = site.add_parser("review", help="录入评价中心的审核结果")
    review.add_argument("site", help="考点序号或名称")
    review.add_argument("--approve", action="store_true", help="通过")
    review.add_argument("--reject", metavar="REASON", help="不通过，并写明原因")
    review.add_argument("--json", action="store_true")
    review.set_defaults(handler=cmd_site_review)

    room = commands.add_parser("room", help="考场").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    room_add = room.add_parser("add", help="在备案已通过的考点下新建考场")
    room_add.add_argument("--site", required=True, help="考点序号或名称")
    room_add.add_argument("--name", required=True, help="考场名称：具体位置，如 3幢2层201")
    room_add.add_argument("--number", help="试场编号，如 001（默认接着编）")
    room_add.add_argument("--seats", type=int, default=30, help="座位数（默认 30）")
    room_add.add_argument(
        "--kind", default="theory", help="theory/理论考场、practical/实操考场、computer/机房"
    )
    room_add.add_argument("--json", action="store_true")
    room_add.set_defaults(handler=cmd_room_add)
    room_list = room.add_parser("list", help="列出考场")
    room_list.add_argument("--site", help="只列出这个考点的考场")
    room_list.add_argument("--json", action="store_true")
    room_list.set_defaults(handler=cmd_room_list)
