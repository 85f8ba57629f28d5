#!/usr/bin/env bash
# bench-day-pass.sh — a business day's pass (`gridd --once --now 2026-06-10T09:00`) at N
# branches, one build against another, on the steady state scripts/bench.sh builds.
#
#   scripts/bench-day-pass.sh OLD_BIN NEW_BIN [N] [ROUNDS]
#
# OLD_BIN and NEW_BIN are release build directories (holding gridd, gridctl, gridduty-dev).
# Once: the synthetic bank of N branches (seed 42), a database tracked since 1 January and
# materialised through 2026-06-09T18:00, all but 5‰ of its items done on time (as bench.sh's
# `mark_done`), and the daemon's pass at that instant. Then, each round, on a fresh copy of
# that database: the old build; the new build with no compiled branches beside the database
# (it parses every branch file and compiles them); the new build with them (compiled by an
# earlier pass of the same build). Prints wall, user and system seconds, peak RSS and what
# each pass raised, and the load average. Work files in $BENCH_DIR (default
# /tmp/gridduty-bench-day); the prepared database is kept for the next run.
set -euo pipefail
OLD=$1 NEW=$2 N=${3:-1000} ROUNDS=${4:-3}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
W=${BENCH_DIR:-/tmp/gridduty-bench-day}
CFG=$W/n$N
DB=$W/n$N-steady.sqlite
T_LAST=2026-06-09T18:00
T_DAY=2026-06-10T09:00
mkdir -p "$W"
say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [ ! -f "$DB" ]; then
    say "generating $N branches and the steady state through $T_LAST"
    "$NEW/gridduty-dev" generate --branches "$N" --seed 42 --source "$REPO/schedules" --out "$CFG" --force >/dev/null
    rm -f "$DB"*
    "$NEW/gridctl" migrate --simulation --db "$DB.tmp" >/dev/null 2>&1
    "$NEW/gridctl" report --config "$CFG" --db "$DB.tmp" --now "$T_LAST" >/dev/null
    until=$(date -d "${T_LAST}:00+08:00" +%s)
    # As bench.sh's mark_done: all but 5‰ of the items due by then done two hours early.
    sqlite3 "$DB.tmp" >/dev/null <<SQL
PRAGMA busy_timeout = 10000;
BEGIN;
CREATE TEMP TABLE worked AS
    SELECT o.id, o.quota, o.owner, coalesce(w.key, d.owner_role) AS who, o.deadline - 7200 AS at
    FROM occurrence o JOIN duty d ON d.id = o.duty LEFT JOIN party w ON w.id = o.owner
    WHERE o.state = 0 AND o.deadline <= $until AND o.id % 1000 >= 5;
INSERT INTO completion (occurrence_id, seq, by, performed_at, recorded_at, note, late)
    SELECT id, 1, who, at, at, NULL, 0 FROM worked WHERE quota >= 2 OR owner IS NULL;
INSERT INTO completion (occurrence_id, seq, by, performed_at, recorded_at, note, late)
    SELECT id, 2, who, at, at, NULL, 0 FROM worked WHERE quota >= 2;
UPDATE occurrence SET state = 1, done_count = quota, closed_at = deadline - 7200, late = 0, next_alert_at = NULL
    WHERE id IN (SELECT id FROM worked);
COMMIT;
SQL
    "$NEW/gridd" --config "$CFG" --db "$DB.tmp" --once --now "$T_LAST" --log-format journal >/dev/null
    sqlite3 "$DB.tmp" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
    mv "$DB.tmp" "$DB"
    rm -f "$DB.tmp"*
fi

# The new build's compiled branches, from a pass on a throwaway copy.
cp "$DB" "$W/compile.sqlite"
"$NEW/gridd" --config "$CFG" --db "$W/compile.sqlite" --once --now "$T_LAST" --log-format journal >/dev/null
COMPILED=$W/compile.sqlite.compiled-branches
[ -s "$COMPILED" ] || { echo "bench-day-pass: the new build wrote no compiled branches" >&2; exit 1; }

printf 'load average at start: %s\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '| round | build | wall | user | system | peak RSS | pass |\n|---|---|---:|---:|---:|---:|---|\n'
for round in $(seq "$ROUNDS"); do
    for variant in old new-parsing new-compiled; do
        rm -f "$W/run.sqlite"*
        cp "$DB" "$W/run.sqlite"
        sync "$W/run.sqlite"
        bin=$NEW
        [ "$variant" = old ] && bin=$OLD
        [ "$variant" = new-compiled ] && cp "$COMPILED" "$W/run.sqlite.compiled-branches"
        /usr/bin/time -f '%e %U %S %M' -o "$W/time" "$bin/gridd" --config "$CFG" --db "$W/run.sqlite" --once \
            --now "$T_DAY" --log-format journal >"$W/$variant.log" 2>&1
        read -r wall user sys rss <"$W/time"
        pass=$(grep -h 'pass done' "$W/$variant.log" | grep -oE '(created|raised)=[0-9]+' | tr '\n' ' ')
        parsed=$(grep -ohE 'branches\.parsed=[0-9]+' "$W/$variant.log" | head -1 || true)
        printf '| %s | %s | %s s | %s s | %s s | %d MB | %s%s |\n' "$round" "$variant" "$wall" "$user" "$sys" \
            $((rss / 1024)) "$pass" "${parsed:+; $parsed}"
    done
done
printf '\nload average at end: %s (nproc %s)\n' "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)"
