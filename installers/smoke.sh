#!/usr/bin/env bash
# Smoke-test a built bundle with its own binary, no Python involved:
#   installers/smoke.sh [BUNDLE_DIR]        (default dist/skilldesk; build it with build.sh)
# Every command runs on a fresh data dir, offscreen. Prints one line per step with its time;
# exits 1 if any step failed. Linux only (it reads /proc to look at the photo workers).
set -uo pipefail
cd "$(dirname "$0")/.."
bundle=$(cd "${1:-dist/skilldesk}" && pwd) || exit 2
app="$bundle/skilldesk"
[ -x "$app" ] || { echo "smoke: no program at $app; run installers/build.sh first" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="$work/data"
export QT_QPA_PLATFORM=offscreen
failures=0

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
pass() { printf 'ok    %-34s %6s s  %s\n' "$1" "$2" "${3:-}"; }
fail() { printf 'FAIL  %-34s %6s s  %s\n' "$1" "$2" "$3"; failures=$((failures + 1)); }

# run LABEL CODES CMD… : run the bundle with CMD (stdout to $work/out, stderr to $work/err);
# its exit code must be one of CODES ("0", or "0 1" where 1 means findings, not a fault).
run() {
  local label=$1 codes=$2 start code
  shift 2
  start=$(now)
  "$app" "$@" >"$work/out" 2>"$work/err"
  code=$?
  elapsed=$(since "$start")
  if [[ " $codes " != *" $code "* ]]; then
    fail "$label" "$elapsed" "exit $code: $(head -c 300 "$work/err")"
    return 1
  fi
}
has() { grep -q -- "$1" "$work/out"; }

# 1. Start-up: the quickest command (no workspace, no Qt).
run "--help (start-up)" 0 --help && pass "--help (start-up)" "$elapsed"

# 2. demo: creates the workspace (Alembic migrations from the bundle) with 320 photos.
if run demo 0 --data-dir "$data" demo; then
  photos=$(find "$data/photos" -name '*.jpg' 2>/dev/null | wc -l)
  if [ -f "$data/skilldesk.db" ] && [ "$photos" -ge 300 ]; then
    pass "demo" "$elapsed" "$photos photos"
  else
    fail "demo" "$elapsed" "no database or only $photos photos in $data"
  fi
fi

# 3. plan list.
if run "plan list --json" 0 --data-dir "$data" plan list --json; then
  if has '"id": 1'; then pass "plan list --json" "$elapsed"
  else fail "plan list --json" "$elapsed" "no plan 1 in the output"; fi
fi

# 4. plan check: the institution's rule profile (.toml) and the holiday calendar.
if run "plan check --plan 1 --json" "0 1" --data-dir "$data" plan check --plan 1 --json; then
  if has '"profile": "' && has '"findings": '; then
    pass "plan check --plan 1 --json" "$elapsed" "$(grep -o '"profile": "[a-z_]*"' "$work/out")"
  else fail "plan check --plan 1 --json" "$elapsed" "no profile/findings in the output"; fi
fi

# 5. roster export (openpyxl) and roster check of that file (python-calamine).
if run "roster export" 0 --data-dir "$data" roster export "$work/roster.xlsx" --plan 1 --json; then
  if [ -s "$work/roster.xlsx" ]; then pass "roster export" "$elapsed"
  else fail "roster export" "$elapsed" "no roster.xlsx"; fi
fi
if run "roster check (.xlsx)" "0 1" roster check "$work/roster.xlsx" --json; then
  if has '"rows": [1-9]'; then
    pass "roster check (.xlsx)" "$elapsed" "$(grep -o '"rows": [0-9]*' "$work/out")"
  else fail "roster check (.xlsx)" "$elapsed" "no rows read"; fi
fi

# 6. photos check on the demo photos (>= 300 files: the process pool). While it runs, look
#    at its children: photo workers must be multiprocessing children without Qt, never a
#    second copy of the program (or its window).
mkdir -p "$work/photos"
find "$data/photos" -name '*.jpg' -exec cp {} "$work/photos/" \;
count=$(find "$work/photos" -name '*.jpg' | wc -l)
start=$(now)
"$app" photos check "$work/photos" --json >"$work/out" 2>"$work/err" &
pid=$!
workers=" "
strays=""
while kill -0 "$pid" 2>/dev/null; do
  for child in $(pgrep -P "$pid"); do
    args=$({ tr '\0' ' ' <"/proc/$child/cmdline"; } 2>/dev/null) || continue
    case "$args" in
      *--multiprocessing-fork*) [[ "$workers" == *" $child "* ]] || workers="$workers$child " ;;
      *multiprocessing.resource_tracker*) ;;
      "") ;;
      *) strays="$strays [$args]" ;;
    esac
    if grep -qs 'libQt6' "/proc/$child/maps"; then strays="$strays [Qt loaded in $args]"; fi
  done
  sleep 0.05
done
wait "$pid"
code=$?
elapsed=$(since "$start")
if [[ " 0 1 " != *" $code "* ]]; then
  fail "photos check ($count files)" "$elapsed" "exit $code: $(head -c 300 "$work/err")"
elif ! has "\"files\": $count,"; then
  fail "photos check ($count files)" "$elapsed" "not all $count files were checked"
elif has '"PHOTO_CORRUPT"\|"PHOTO_NOT_JPEG"'; then
  fail "photos check ($count files)" "$elapsed" "the bundle could not decode the photos"
elif [ "$workers" = " " ] || [ -n "$strays" ]; then
  fail "photos check ($count files)" "$elapsed" "workers:$workers unexpected:$strays"
else
  pass "photos check ($count files)" "$elapsed" "$(echo $workers | wc -w) workers, no Qt in them"
fi

# 7. An old workspace (schema 0001) is backed up and upgraded.
fixture=tests/fixtures/skilldesk-0001.db
if [ -f "$fixture" ]; then
  mkdir -p "$work/old" && cp "$fixture" "$work/old/skilldesk.db"
  if run "upgrade a 0001 workspace" 0 --data-dir "$work/old" plan list --json; then
    if ls "$work/old/backups/"*before-upgrade-0001* >/dev/null 2>&1 && has '"plans": '; then
      pass "upgrade a 0001 workspace" "$elapsed" "backed up, migrated"
    else fail "upgrade a 0001 workspace" "$elapsed" "no backup or no plans"; fi
  fi
fi

# 8. backup and restore: the workspace to one .zip and into a new folder.
if run "backup" 0 --data-dir "$data" backup "$work/backup.zip" --json; then
  if [ -s "$work/backup.zip" ]; then pass "backup" "$elapsed" "$(grep -o '"photos": [0-9]*' "$work/out")"
  else fail "backup" "$elapsed" "no backup.zip"; fi
fi
if run "restore" 0 --data-dir "$work/restored" restore "$work/backup.zip" --json; then
  if [ -f "$work/restored/skilldesk.db" ]; then pass "restore" "$elapsed"
  else fail "restore" "$elapsed" "nothing restored"; fi
fi

# 9. The window, for 5 s: on a virtual X screen when xvfb-run is there (timing the start to a
#    viewable window with xwininfo), offscreen otherwise. It must still be running, quietly.
cat >"$work/gui.sh" <<'EOF'
start=$(date +%s.%N)
"$1" --data-dir "$2" gui >"$3.out" 2>"$3.err" &
pid=$!
shown=""
if [ "${QT_QPA_PLATFORM:-}" = xcb ] && command -v xwininfo >/dev/null; then
  for _ in $(seq 500); do
    id=$(xwininfo -root -tree 2>/dev/null | awk '/"SkillDesk .*—/ { print $1; exit }')
    if [ -n "$id" ] && xwininfo -id "$id" | grep -q IsViewable; then
      shown=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
      break
    fi
    sleep 0.01
  done
fi
sleep 5
if kill -0 "$pid" 2>/dev/null; then echo yes >"$3.alive"; kill "$pid"; fi
wait "$pid" 2>/dev/null
echo "$shown" >"$3.shown"
EOF
start=$(now)
if command -v xvfb-run >/dev/null; then
  how="xvfb"
  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" bash "$work/gui.sh" "$app" "$data" "$work/gui"
else
  how="offscreen"
  bash "$work/gui.sh" "$app" "$data" "$work/gui"
fi
elapsed=$(since "$start")
shown=$(cat "$work/gui.shown" 2>/dev/null)
# Offscreen Qt says "This plugin does not support propagateSizeHints()": harmless.
noise=$(grep -v 'propagateSizeHints' "$work/gui.err" | head -c 300)
if [ ! -f "$work/gui.alive" ]; then
  fail "gui ($how, 5 s)" "$elapsed" "the program ended early: $(head -c 300 "$work/gui.err")"
elif [ -n "$noise" ] || [ -d "$data/logs" ]; then
  fail "gui ($how, 5 s)" "$elapsed" "errors: $noise $(ls "$data/logs" 2>/dev/null)"
elif [ "$how" = xvfb ] && command -v xwininfo >/dev/null && [ -z "$shown" ]; then
  fail "gui ($how, 5 s)" "$elapsed" "no viewable SkillDesk window appeared"
else
  pass "gui ($how, 5 s)" "$elapsed" "${shown:+window viewable after $shown s}"
fi

echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1))"
if [ "$failures" -gt 0 ]; then
  echo "smoke: $failures step(s) failed" >&2
  exit 1
fi
echo "smoke: all steps passed"
