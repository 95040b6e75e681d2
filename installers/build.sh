#!/usr/bin/env bash
# Build the one-folder bundle dist/skilldesk/ from installers/skilldesk.spec (Linux: proves
# the spec; the Windows build is build.ps1). Uses the project venv made by scripts/setup.sh.
#   installers/build.sh && installers/smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python

# PyInstaller is in the dev extra; a venv set up before it was added lacks it.
"$python" -m PyInstaller --version >/dev/null 2>&1 || "$python" -m pip install -q -e ".[dev]"

start=$(date +%s)
# --clean: no stale cache from an earlier build; build/ is PyInstaller's scratch space.
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build installers/skilldesk.spec
echo "Built dist/skilldesk/ in $(($(date +%s) - start)) s: $(du -sh dist/skilldesk | cut -f1)"
