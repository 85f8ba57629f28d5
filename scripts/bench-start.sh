#!/usr/bin/env bash
# bench-start.sh — what the daemon's start costs in reading the configuration at N branches,
# one build against another: `gridd --once` on a fresh database at 2025-12-31T09:00, the day
# before the synthetic bank starts tracking, so that the pass has nothing to create or raise
# and its time is the configuration's load, the database's creation and an empty pass.
#
#   scripts/bench-start.sh OLD_BIN NEW_BIN [N] [ROUNDS]
#
# Each round runs the old build, the new build without compiled branches beside the database
# (it parses every file, then compiles them), and the new build with them. Work files in
# $BENCH_DIR (default /tmp/gridduty-bench-start).
set -euo pipefail
OLD=$1 NEW=$2 N=${3:-20000} ROUNDS=${4:-3}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
W=${BENCH_DIR:-/tmp/gridduty-bench-start}
CFG=$W/n$N
mkdir -p "$W"
[ -d "$CFG" ] || "$NEW/gridduty-dev" generate --branches "$N" --seed 42 --source "$REPO/schedules" --out "$CFG" \
    --force >/dev/null
run() {
    rm -f "$W/run.sqlite"*
    "$NEW/gridctl" migrate --simulation --db "$W/run.sqlite" >/dev/null 2>&1
    [ -n "${2:-}" ] && cp "$2" "$W/run.sqlite.compiled-branches"
    /usr/bin/time -f '%e %U %S %M' -o "$W/time" "$1/gridd" --config "$CFG" --db "$W/run.sqlite" --once \
        --now 2025-12-31T09:00 --log-format journal >"$W/log" 2>&1
    read -r wall user sys rss <"$W/time"
}
run "$NEW"
cp "$W/run.sqlite.compiled-branches" "$W/compiled"
printf 'load average at start: %s; compiled branches: %s bytes; YAML: %s\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(stat -c %s "$W/compiled")" "$(du -sh "$CFG" | cut -f1)"
printf '| round | build | wall | user | system | peak RSS |\n|---|---|---:|---:|---:|---:|\n'
for round in $(seq "$ROUNDS"); do
    for variant in old new-parsing new-compiled; do
        case $variant in
            old) run "$OLD" ;;
            new-parsing) run "$NEW" ;;
            new-compiled) run "$NEW" "$W/compiled" ;;
        esac
        printf '| %s | %s | %s s | %s s | %s s | %d MB |\n' "$round" "$variant" "$wall" "$user" "$sys" $((rss / 1024))
    done
done
printf '\nload average at end: %s (nproc %s)\n' "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)"
