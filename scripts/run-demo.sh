#!/usr/bin/env bash
# Start SkillDesk on a demo workspace (./demo-workspace), creating the demo data the first time.
# Without a display (a server, CI) the window opens on a virtual screen via xvfb-run.
set -euo pipefail
cd "$(dirname "$0")/.."
workspace="${SKILLDESK_DEMO_DIR:-$(pwd)/demo-workspace}"
.venv/bin/skilldesk --data-dir "$workspace" demo
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No display found: starting SkillDesk on a virtual screen (xvfb-run). Ctrl+C to stop."
  exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/skilldesk --data-dir "$workspace" gui
fi
exec .venv/bin/skilldesk --data-dir "$workspace" gui
