"""`skilldesk gui` and `skilldesk demo`: the window and the demo workspace."""

from __future__ import annotations

import argparse
from typing import Any

from skilldesk.commands.common import (
    EXIT_OK,
    TerminalProgress,
    open_workspace_for,
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


def cmd_gui(args: argparse.Namespace) -> int:
    from skilldesk.app import run_gui

    return run_gui(args.data_dir)


def register(commands: Any) -> None:
    gui = commands.add_parser("gui", help="打开窗口（不带命令时也是这个）")
    gui.set_defaults(handler=cmd_gui)
    demo = commands.add_parser("demo", help="在数据目录中生成示例机构、计划和考生")
    demo.set_defaults(handler=cmd_demo)
