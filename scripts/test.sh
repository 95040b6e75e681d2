#!/usr/bin/env bash
# Run the whole test suite: lint, then pytest (unit, integration, UI offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check skilldesk tests bench scripts
.venv/bin/ruff format --check skilldesk tests bench scripts
.venv/bin/mypy
.venv/bin/lint-imports
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
