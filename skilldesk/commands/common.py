"""What every command shares: exit codes, JSON and findings output, progress, the workspace."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from skilldesk.core.findings import ERROR, Finding

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad input the user can fix; printed as one line, exit code 2."""


def print_json(data: dict[str, Any]) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def finding_line(finding: Finding, *, whole: str = "") -> str:
    """`第4行「证件号码」  [错误 ID_CHECKSUM] …`: the finding's place (or `whole`, what was
    checked, when the finding has none), its severity and code, and the message."""
    label = "错误" if finding.severity == ERROR else "警告"
    return f"{finding.where or whole}  [{label} {finding.code}] {finding.message}"


def print_findings(
    findings: Iterable[Finding], *, whole: str = "", stream: TextIO | None = None
) -> None:
    """Every command's findings, one line each (see finding_line), on stdout or `stream`."""
    for finding in findings:
        print(finding_line(finding, whole=whole), file=stream or sys.stdout)


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
