"""`skilldesk demo`, `backup` and `restore`: the demo workspace, and the whole workspace in one
.zip and back. (`gui`, the window, is the CLI's own: commands sit below the window.)"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from skilldesk.commands.common import (
    EXIT_OK,
    TerminalProgress,
    open_workspace_for,
    print_json,
)


def cmd_demo(args: argparse.Namespace) -> int:
    from skilldesk.services.demo import fill_demo_workspace

    workspace = open_workspace_for(args)
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


def cmd_backup(args: argparse.Namespace) -> int:
    from skilldesk.services.backup import make_backup

    workspace = open_workspace_for(args)
    bar = TerminalProgress()
    try:
        result = make_backup(workspace, args.out, progress=bar)
    finally:
        bar.finish()
    if args.json:
        print_json(result.to_json())
    else:
        size = result.size_bytes / 1024 / 1024
        print(f"已备份到 {result.path}（{size:.1f} MB，照片 {result.photos} 张）。")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from skilldesk.services.backup import restore_backup
    from skilldesk.services.workspace import default_data_dir

    target = (args.data_dir or default_data_dir()).resolve()
    bar = TerminalProgress()
    try:
        result = restore_backup(args.backup, target, progress=bar)
    finally:
        bar.finish()
    if args.json:
        print_json(result.to_json())
    else:
        print(f"已把 {result.created} 的备份恢复到 {result.data_dir}（照片 {result.photos} 张）。")
    return EXIT_OK


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="在数据目录中生成示例机构、计划和考生")
    demo.set_defaults(handler=cmd_demo)
    backup = commands.add_parser("backup", help="把整个数据目录（数据库和照片）备份为一个 .zip")
    backup.add_argument("out", type=Path, help="备份文件，如 E:\\SkillDesk备份.zip")
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(handler=cmd_backup)
    restore = commands.add_parser(
        "restore", help="把备份恢复到一个还没有 SkillDesk 数据的文件夹（--data-dir）"
    )
    restore.add_argument("backup", type=Path, help="backup 命令生成的 .zip")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(handler=cmd_restore)
