"""What every command shares: exit codes, JSON and findings output, progress, the workspace."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import Any

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input the user can fix; printed as one line, exit code 2."""


def print_json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def print_findings(findings: Sequence[Any]) -> None:
    for finding in findings:
        label = "错误" if finding.severity == "error" else "警告"
        print(f"{finding.where}  [{label} {finding.code}] {finding.message}")


def parse_date(text: str) -> dt.date:
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


def open_workspace_for(args: argparse.Namespace) -> Any:
    from skilldesk.services.workspace import open_workspace

    return open_workspace(args.data_dir)
