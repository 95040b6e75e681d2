"""Helpers for tests: run the CLI as a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str, data_dir: Path | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `python -m skilldesk …` in a subprocess, the way a user's shell would."""
    command = [sys.executable, "-m", "skilldesk"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        command + list(args), capture_output=True, text=True, env=env, check=check, timeout=120
    )
