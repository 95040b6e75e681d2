"""The command line: every operation the window has, scriptable, with `--json` output.

Heavy modules are imported inside the commands so that `skilldesk roster check` starts fast
and never loads Qt. Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 bad usage
or unreadable input — always with a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from skilldesk.commands import (
    calendar,
    examiners,
    institution,
    photos,
    plans,
    roster,
    schemes,
    sites,
    workspace,
)
from skilldesk.commands.common import EXIT_USAGE, UsageError

ARGPARSE_WORDS = (
    ("the following arguments are required", "缺少参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("invalid choice", "无效的选项"),
    ("expected one argument", "需要一个参数值"),
    ("invalid int value", "应为整数"),
    ("choose from", "可选"),
    ("argument ", "参数 "),
)


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """Help in Chinese, and usage errors as one Chinese line (exit 2), not argparse's dump."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示此帮助并退出")

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
    for area in (
        workspace,
        institution,
        sites,
        examiners,
        schemes,
        roster,
        photos,
        plans,
        calendar,
    ):
        area.register(commands)
    return parser


def cmd_gui(args: argparse.Namespace) -> int:
    # Here rather than in commands/: the window sits above the commands, and only this
    # lazy import may reach Qt (pyproject.toml's import-linter contracts say so).
    from skilldesk.app import run_gui

    return run_gui(args.data_dir)


def _fail(message: str) -> int:
    print(f"skilldesk: {message}", file=sys.stderr)
    return EXIT_USAGE


def hoist_data_dir(argv: Sequence[str]) -> list[str]:
    """Accept `--data-dir DIR` anywhere on the line (`skilldesk plan list --data-dir X`)."""
    args = list(argv)
    for index, word in enumerate(args):
        if word == "--data-dir" and index + 1 < len(args):
            return [word, args[index + 1], *args[:index], *args[index + 2 :]]
        if word.startswith("--data-dir="):
            return [word, *args[:index], *args[index + 1 :]]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(hoist_data_dir(sys.argv[1:] if argv is None else argv))
    if not getattr(args, "handler", None):
        args.handler = cmd_gui
    from skilldesk.core.errors import UserFacingError
    from skilldesk.core.progress import Cancelled
    from skilldesk.core.write_lock import set_writer_identity

    # Named in the write lock's holder note, so a writer kept waiting can say who is writing.
    words = [w for w in (args.command, getattr(args, "action", None)) if isinstance(w, str)]
    set_writer_identity("命令行 skilldesk " + " ".join(words) if words else "SkillDesk 窗口")

    try:
        return int(args.handler(args))
    except UsageError as exc:
        return _fail(str(exc))
    except (UserFacingError, LookupError) as exc:
        return _fail(str(exc).strip("'\""))
    except BrokenPipeError:
        # The reader went away (`skilldesk … --json | head`): nothing more to say to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_USAGE
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
