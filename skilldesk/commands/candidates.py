"""`skilldesk roster withdraw|reinstate|move|remove`: candidates over a batch's life.

Candidates are named by ID number (证件号码); each command acts on all of them or, refusing
(exit 2, one Chinese line), on none.
"""

from __future__ import annotations

import argparse
from typing import Any

from skilldesk.commands.common import EXIT_FINDINGS, EXIT_OK, open_workspace_for, print_json


def _plan_and_ids(args: argparse.Namespace) -> tuple[Any, Any, list[int]]:
    from skilldesk.services.candidates import candidate_ids_by_number
    from skilldesk.services.plans import resolve_plan

    store = open_workspace_for(args).store
    plan = resolve_plan(store, args.plan)
    return store, plan, candidate_ids_by_number(store, plan.id, args.id_numbers)


def _names(refs: Any) -> str:
    return "、".join(ref.label for ref in refs)


def cmd_roster_withdraw(args: argparse.Namespace) -> int:
    from skilldesk.services.candidates import withdraw_candidates

    store, plan, ids = _plan_and_ids(args)
    change = withdraw_candidates(store, plan.id, ids, args.reason)
    if args.json:
        print_json(change.to_json())
    else:
        if change.changed:
            print(
                f"已为“{plan.title}”的 {len(change.changed)} 名考生办理退考：{_names(change.changed)}"
            )
        if change.unchanged:
            print(f"原已退考，未改动：{_names(change.unchanged)}")
    return EXIT_OK


def cmd_roster_reinstate(args: argparse.Namespace) -> int:
    from skilldesk.services.candidates import reinstate_candidates

    store, plan, ids = _plan_and_ids(args)
    change = reinstate_candidates(store, plan.id, ids)
    if args.json:
        print_json(change.to_json())
    else:
        if change.changed:
            print(
                f"已恢复“{plan.title}”的 {len(change.changed)} 名考生报考：{_names(change.changed)}"
            )
        if change.unchanged:
            print(f"原本就在报考中，未改动：{_names(change.unchanged)}")
    return EXIT_OK


def cmd_roster_move(args: argparse.Namespace) -> int:
    from skilldesk.services.candidates import move_candidates
    from skilldesk.services.plans import resolve_plan

    store, plan, ids = _plan_and_ids(args)
    target = resolve_plan(store, args.to)
    moved = move_candidates(store, plan.id, ids, target.id)
    if args.json:
        print_json(moved.to_json())
    else:
        print(
            f"已把 {len(moved.moved)} 名考生从“{plan.title}”（计划 {plan.id}）移到"
            f"“{target.title}”（计划 {target.id}），照片 {moved.photos} 张、"
            f"其他附件 {moved.attachments} 份随之移动：{_names(moved.moved)}"
        )
        if moved.late:
            print(f"“{target.title}”的评前公示已开始：这 {moved.late} 名考生记为补报。")
    return EXIT_OK


def cmd_roster_remove(args: argparse.Namespace) -> int:
    from skilldesk.services.candidates import candidate_removal, remove_candidates

    store, plan, ids = _plan_and_ids(args)
    if not args.yes:
        removal = candidate_removal(store, plan.id, ids)
        if args.json:
            print_json(removal.to_json())
        else:
            print(f"将从“{plan.title}”删除 {removal.describe()}：{_names(removal.candidates)}")
            print("未删除。确认删除请加 --yes；考生只是不来考试的，请用 roster withdraw 办理退考。")
        return EXIT_FINDINGS
    removal = remove_candidates(store, plan.id, ids)
    if args.json:
        print_json(removal.to_json())
    else:
        print(f"已从“{plan.title}”删除 {removal.describe()}：{_names(removal.candidates)}")
    return EXIT_OK


def register_candidate_actions(roster: Any) -> None:
    """Add the candidate commands to `skilldesk roster`."""

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = roster.add_parser(name, help=help_text)
        parser.add_argument("id_numbers", nargs="+", metavar="ID_NUMBER", help="考生的证件号码")
        parser.add_argument("--plan", required=True, help="考生所在的计划（计划序号或计划编号）")
        parser.add_argument("--json", action="store_true")
        return parser

    withdraw = add("withdraw", "为考生办理退考（保留记录，不再计入人数、导出和考务）")
    withdraw.add_argument("--reason", required=True, help="退考原因")
    withdraw.set_defaults(handler=cmd_roster_withdraw)
    add("reinstate", "恢复已退考考生的报考").set_defaults(handler=cmd_roster_reinstate)
    move = add("move", "把考生（连同照片和附件）移到同一职业的另一个计划")
    move.add_argument("--to", required=True, help="移到的计划（计划序号或计划编号）")
    move.set_defaults(handler=cmd_roster_move)
    remove = add("remove", "删除考生及其照片、附件（不加 --yes 只列出将删除的内容）")
    remove.add_argument("--yes", action="store_true", help="确认删除")
    remove.set_defaults(handler=cmd_roster_remove)
