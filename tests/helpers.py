"""Helpers for tests: run the CLI in-process (fast), or as a user's shell would (smoke tests)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.orm import Session

from skilldesk.core.store import Store
from skilldesk.core.unit_of_work import unit_of_work


@dataclass(frozen=True)
class CliResult:
    """What a finished CLI run left behind, shaped like `subprocess.CompletedProcess`."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    def check_returncode(self) -> None:
        if self.returncode != 0:
            raise subprocess.CalledProcessError(
                self.returncode, self.args, self.stdout, self.stderr
            )


def _command_line(args: Sequence[str], data_dir: Path | None) -> list[str]:
    prefix = [] if data_dir is None else ["--data-dir", str(data_dir)]
    return prefix + list(args)


def run_cli(*args: str, data_dir: Path | None = None, check: bool = False) -> CliResult:
    """Run `skilldesk …` by calling `cli.main(argv)` in this process, capturing its output.

    Starting a Python process per call made the CLI tests most of the suite's wall time; the
    handful of `run_cli_subprocess` smoke tests keep the real entry point honest.
    """
    from skilldesk import cli
    from skilldesk.core.write_lock import set_writer_identity, writer_identity

    argv = _command_line(args, data_dir)
    stdout, stderr = io.StringIO(), io.StringIO()
    # The CLI must not read a test runner's stdin, nor see its sys.argv, nor leave the
    # working directory or the name it writes under (the write lock's holder) changed for
    # what the test does next: a real CLI process takes those with it when it ends.
    saved_argv, saved_stdin, saved_cwd = sys.argv, sys.stdin, os.getcwd()
    saved_identity = writer_identity()
    sys.argv, sys.stdin = ["skilldesk", *argv], io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                returncode = cli.main(argv)
            except SystemExit as exit_:  # argparse's --help and usage errors
                returncode = _exit_status(exit_.code)
    finally:
        sys.argv, sys.stdin = saved_argv, saved_stdin
        os.chdir(saved_cwd)
        set_writer_identity(saved_identity)
    result = CliResult(["skilldesk", *argv], returncode, stdout.getvalue(), stderr.getvalue())
    if check:
        result.check_returncode()
    return result


def _exit_status(code: object) -> int:
    """The status a process would end with for `sys.exit(code)`."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run_cli_subprocess(
    *args: str, data_dir: Path | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `python -m skilldesk …` in a subprocess, the way a user's shell would."""
    command = [sys.executable, "-m", "skilldesk", *_command_line(args, data_dir)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        command, capture_output=True, text=True, env=env, check=check, timeout=120
    )


def work_until_cancelled(cancel: Any, *, polls: int = 1000) -> NoReturn:
    """Stand-in for long work in cancel tests: polls the token as real work does.

    Bounded, so a cancel that never arrives fails the test in seconds with a clear message
    instead of leaving a worker thread spinning and the suite hanging at shutdown.
    """
    for _ in range(polls):
        cancel.raise_if_cancelled()
        threading.Event().wait(0.01)
    raise AssertionError(f"the cancel never reached the work after {polls} polls")


@contextmanager
def writing(store: Store) -> Iterator[Session]:
    """Test data written the way the application writes: through one unit of work."""
    with unit_of_work(store) as uow:
        yield uow.session
