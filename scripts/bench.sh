#!/usr/bin/env bash
# bench.sh — how GridDuty scales from one branch to a whole bank, and how it compares with
# a personal task manager (taskwarrior 2.6) and with the floor of a Swift process start.
#
#   scripts/bench.sh                                  N = 1, 100, 1000
#   BENCH_SIZES="1 100 1000 20000" BENCH_LOAD_SIZES="" scripts/bench.sh
#                                                     the full run (~1 h on 2 cores, 16 GB of disk)
#
# For each N it generates a synthetic bank (`gridduty-dev generate`, seed $BENCH_SEED) and prints
# one markdown table: materialisation, the daemon's passes, the listing commands end to end
# and inside the process, `done`, process start, database bytes per occurrence, daemon idle
# RSS and wake-ups, CLI peak RSS. The tables also go to docs/performance.md, between the
# bench markers (text outside them is kept). Everything else stays under $BENCH_DIR.
#
# Environment:
#   BENCH_DIR           work directory (default /tmp/gridduty-bench)
#   BENCH_SIZES         the bank sizes, in branches (default "1 100 1000"; "" for none)
#   BENCH_LOAD_SIZES    sizes measured only where the configuration dominates (default "20000"):
#                       generate, load, `due --person` on a fresh database (one branch
#                       materialised), CLI peak RSS. "" to skip.
#   BENCH_SEED          generator seed (default 42)
#   BENCH_RUNS          process runs per command (default 10; 3 at N >= 10000)
#   BENCH_ITERATIONS    in-process runs per query step (default 50)
#   BENCH_DONE_RUNS     `gridctl done` runs (default 20; 5 for the whole-bank variant at N >= 1000)
#   BENCH_LATE_PERMILLE items left undone per thousand in the steady state (default 5)
#   BENCH_FULL_YEAR=0   skip the full-year materialisation from empty
#   BENCH_LITERAL_MAX_N run `gridd --once` on a full year from empty (and the passes after it)
#                       for N up to this (default 1: above ~60 branches the first pass raises
#                       more alerts than SQLite's variable limit and fails, see docs/performance.md)
#   BENCH_WORST_MAX_N   run the catch-up with nothing recorded for N up to this (default 1000: at
#                       20,000 branches it raises ~8 million alerts, about half an hour)
#   BENCH_IDLE_SECONDS  daemon idle window (default 60; two windows: counters, then strace)
#   BENCH_IDLE_MAX_N    measure the idle daemon for N up to this (default 100)
#   BENCH_STATIC=0      measure the dynamically linked build instead of --static-swift-stdlib
#   BENCH_LEDGER=0      skip the rectification ledger's step (9) at the BENCH_SIZES
#   BENCH_LEDGER_SIZES  sizes measured for the ledger alone (default ""; e.g. "20000"): generate
#                       (since $BENCH_LEDGER_SINCE, default 2026-07-01), materialise through the
#                       query instant, fill the ledgers, step 9. The re-run of the ledger figures:
#                       BENCH_SIZES="" BENCH_LOAD_SIZES="" BENCH_LEDGER_SIZES="20000" BENCH_NO_DOC=1
#   BENCH_LEDGER_FINDINGS, BENCH_LEDGER_MEASURES
#                       findings per branch and measures per finding (default 10 and 3)
#   BENCH_IMPORT_RUNS   first imports, each on a fresh copy of the database (default 5)
#   BENCH_KEEP=1        keep the large databases
#   BENCH_NO_DOC=1      do not write docs/performance.md
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${BENCH_DIR:-/tmp/gridduty-bench}
SIZES=${BENCH_SIZES-"1 100 1000"}
LOAD_SIZES=${BENCH_LOAD_SIZES-20000}
SEED=${BENCH_SEED:-42}
ITERATIONS=${BENCH_ITERATIONS:-50}
DONE_RUNS=${BENCH_DONE_RUNS:-20}
LATE_PERMILLE=${BENCH_LATE_PERMILLE:-5}
FULL_YEAR=${BENCH_FULL_YEAR:-1}
LITERAL_MAX_N=${BENCH_LITERAL_MAX_N:-1}
WORST_MAX_N=${BENCH_WORST_MAX_N:-1000}
IDLE_SECONDS=${BENCH_IDLE_SECONDS:-60}
IDLE_MAX_N=${BENCH_IDLE_MAX_N:-100}
STATIC=${BENCH_STATIC:-1}
KEEP=${BENCH_KEEP:-0}
LEDGER=${BENCH_LEDGER:-1}
LEDGER_SIZES=${BENCH_LEDGER_SIZES:-}
LEDGER_SINCE=${BENCH_LEDGER_SINCE:-2026-07-01}
LEDGER_FINDINGS=${BENCH_LEDGER_FINDINGS:-10}
LEDGER_MEASURES=${BENCH_LEDGER_MEASURES:-3}
IMPORT_RUNS=${BENCH_IMPORT_RUNS:-5}

# The timeline (branch local time, Asia/Shanghai). Every branch tracks from 2026-01-01.
T_YEAR=2026-12-31T18:00    # a full year: every period of 2026 has begun, every deadline passed
T_LAST=2026-06-09T18:00    # steady state: the daemon's last pass of Tuesday 9 June
T_DAY=2026-06-10T09:00     # the first pass of the next business day (opening reminders)
T_WORKED=2026-07-09T18:00  # 30 days on: what staff recorded with gridctl while gridd was down
T_CATCH=2026-07-10T09:00   # gridd back, 30 days after its last pass
T_Q=2026-07-10T10:00       # the instant every query asks about (Friday morning)
T_LIT_DAY=2027-01-04T18:00 # literal protocol: one business day after T_YEAR
T_LIT_CATCH=2027-02-03T18:00

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
    printf 'bench: error: %s\n' "$*" >&2
    exit 1
}
epoch() { date -d "${1}:00+08:00" +%s; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
now_s() { printf '%s\n' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }

# Seconds → "1.23 s", "45.6 ms", "789 µs".
human() {
    awk -v s="$1" 'BEGIN {
        if (s == "" || s == "NA") { print "—"; exit }
        if (s < 0.001) printf "%.0f µs", s * 1e6
        else if (s < 1) printf "%.1f ms", s * 1e3
        else if (s < 100) printf "%.2f s", s
        else printf "%.0f s", s }'
}
kb() { awk -v k="$1" 'BEGIN { if (k == "" || k == "NA") print "—"; else if (k < 10240) printf "%d KB", k; else printf "%.0f MB", k / 1024 }'; }
bytes() { awk -v b="$1" 'BEGIN { if (b < 1048576) printf "%.0f KB", b / 1024; else if (b < 1073741824) printf "%.1f MB", b / 1048576; else printf "%.2f GB", b / 1073741824 }'; }
int() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }; print s r }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "NA" || b == "NA" || b == 0) print "—"; else printf "%.1f×", a / b }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "NA"; else printf "%.1f", a / b }'; }

# Numbers (seconds) on stdin → "median p99 n"; p99 is the nearest rank (the maximum below 100 runs).
stats() {
    sort -g | awk '{ a[NR] = $1 } END {
        if (NR == 0) { print "NA NA 0"; exit }
        m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
        k = int(0.99 * NR); if (k < 0.99 * NR) k++; if (k < 1) k = 1
        print m, a[k], NR }'
}

# hf NAME RUNS WARMUP COMMAND → "median p99 n" (seconds), via hyperfine without a shell.
hf() {
    local name=$1 runs=$2 warm=$3 cmd=$4
    mkdir -p "$WORK/hyperfine"
    if hyperfine -N --style none --runs "$runs" --warmup "$warm" --export-json "$WORK/hyperfine/$name.json" "$cmd" \
        >"$WORK/hyperfine/$name.out" 2>&1; then
        jq -r '.results[0].times[]' "$WORK/hyperfine/$name.json" | stats
    else
        say "FAILED: $cmd (see $WORK/hyperfine/$name.out)"
        echo "NA NA 0"
    fi
}

# timev NAME COMMAND... : one run; sets T_S (wall seconds), T_RSS (peak KB), T_EXIT; output in $WORK/logs/NAME.*
timev() {
    local name=$1
    shift
    mkdir -p "$WORK/logs"
    local t0 t1
    t0=$(now_s)
    T_EXIT=0
    /usr/bin/time -f '%M' -o "$WORK/logs/$name.time" "$@" >"$WORK/logs/$name.out" 2>"$WORK/logs/$name.err" || T_EXIT=$?
    t1=$(now_s)
    T_S=$(elapsed "$t0" "$t1")
    T_RSS=$(grep -E '^[0-9]+$' "$WORK/logs/$name.time" | tail -1 || true)
    T_RSS=${T_RSS:-NA}
}

# What a `gridd --once` run reported: "created=… raised=… logged=…", or why it failed.
pass_summary() {
    local name=$1 line
    line=$(grep -h 'pass done' "$WORK/logs/$name.out" "$WORK/logs/$name.err" 2>/dev/null | tail -1 || true)
    if [ -n "$line" ]; then
        grep -oE '(created|raised|logged)=[0-9]+' <<<"$line" | tr '\n' ' '
    else
        printf 'FAILED (exit %s): %s' "$T_EXIT" \
            "$(grep -hE 'Error|error' "$WORK/logs/$name.err" "$WORK/logs/$name.out" 2>/dev/null | head -1 | cut -c1-110)"
    fi
}

checkpoint() { sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null; }
rows_of() { sqlite3 "$1" "SELECT count(*) FROM $2;"; }
# Bytes of the pages holding data: the file less SQLite's free list.
in_use() { sqlite3 "$1" 'SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, pragma_freelist_count, pragma_page_size;'; }

# Bytes of each table and index (SQLite's dbstat), largest first: "name bytes".
size_breakdown() { sqlite3 -separator ' ' "$1" 'SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC;'; }
# The same per occurrence: "occurrence 146 B, sqlite_autoindex_occurrence_1 73 B, …" (objects of 1 B or more).
per_row() { size_breakdown "$1" | awk -v r="$2" '$2 / r >= 1 { printf "%s%s %.0f B", (n++ ? ", " : ""), $1, $2 / r }'; }

# The bank does its work: all but $LATE_PERMILLE per thousand of the items whose deadline
# passed by $2 are marked done two hours before it, with their completions, as `gridctl
# done` would have recorded them (quota 2 items get two). A bulk stand-in for millions of
# `gridctl done`, so that the daemon and the queries see a realistic steady state.
mark_done() {
    local db=$1 until
    until=$(epoch "$2")
    sqlite3 "$db" >/dev/null <<SQL
PRAGMA busy_timeout = 10000;
BEGIN;
CREATE TEMP TABLE worked AS
    SELECT o.id, o.quota, o.owner, coalesce(w.key, d.owner_role) AS who, o.deadline - 7200 AS at
    FROM occurrence o JOIN duty d ON d.id = o.duty LEFT JOIN party w ON w.id = o.owner
    WHERE o.state = 0 AND o.deadline <= $until AND o.id % 1000 >= $LATE_PERMILLE;
-- The owner's own check, recorded as done, is implied by its closed item and has no row.
INSERT INTO completion (occurrence_id, seq, by, performed_at, recorded_at, note, late)
    SELECT id, 1, who, at, at, NULL, 0 FROM worked WHERE quota >= 2 OR owner IS NULL;
INSERT INTO completion (occurrence_id, seq, by, performed_at, recorded_at, note, late)
    SELECT id, 2, who, at, at, NULL, 0 FROM worked WHERE quota >= 2;
UPDATE occurrence SET state = 1, done_count = quota, closed_at = deadline - 7200, late = 0, next_alert_at = NULL
    WHERE id IN (SELECT id FROM worked);
COMMIT;
SQL
}

# Voluntary and involuntary context switches of every thread of a process.
ctxt() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { v += $2 } /^nonvoluntary_ctxt_switches/ { n += $2 } END { print v + 0, n + 0 }'; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' /proc/"$1"/status; }

# ---------------------------------------------------------------------------------------
# Results: one TSV per N (item, measurement, median, p99, notes) and numbers for the summary.

RES=$WORK/results
rec() { printf '%s\t%s\t%s\t%s\t%s\n' "$2" "$3" "$4" "$5" "$6" >>"$RES/n$1.tsv"; }
num() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$RES/numbers.tsv"; }

# 9. The rectification ledger (整改台账) of a bank whose database knows every branch:
#    `gridduty-dev ledgers` fills every branch's ledger in process but branch S's (the middle
#    one), whose workbook it writes; then `ledger import` of that workbook is timed on a
#    fresh copy of the database each run (the first import: 30 measures' items raised), the
#    workbook is imported into the bank's database, and importing it again (no change) is
#    timed there; then the report of the bank and of S, and the lists of S's busiest owner
#    of open measures. ledger_step N CONFIG DB RUNS WARMUP
ledger_step() {
    local N=$1 cfg=$2 db=$3 runs=$4 warm=$5
    local S dir book common failures med p99 n owner owed measures bytes_ledger rows_ledger
    S=$(printf 'b%05d' $((N / 2 + 1)))
    dir=$(dirname "$db")
    book=$dir/ledger-$S.xlsx
    common="--config $cfg --db $db --now $T_Q"
    say "ledger: filling every branch's ledger but $S's"
    timev "n$N-ledgers" "$DEV" ledgers --config "$cfg" --db "$db" --now "$T_Q" --seed "$SEED" \
        --findings "$LEDGER_FINDINGS" --measures "$LEDGER_MEASURES" --skip "$S"
    if [ "$T_EXIT" != 0 ]; then
        say "FAILED: gridduty-dev ledgers (see $WORK/logs/n$N-ledgers.err)"
        rec "$N" 9 "fill the ledgers (\`gridduty-dev ledgers\`)" "—" "" "FAILED: $(head -c 200 "$WORK/logs/n$N-ledgers.err")"
        return
    fi
    rec "$N" 9 "fill every branch's ledger but $S's, in process (\`gridduty-dev ledgers\`: one \`applyLedger\` per branch)" \
        "$(human "$T_S")" "" "$(sed 's/; seed.*//' "$WORK/logs/n$N-ledgers.out"); peak RSS $(kb "$T_RSS")"
    num "$N" "fill the ledgers (in process)" "$(human "$T_S")"
    "$DEV" ledgers --config "$cfg" --now "$T_Q" --seed "$SEED" --findings "$LEDGER_FINDINGS" \
        --measures "$LEDGER_MEASURES" --workbook "$book" --branch "$S" >"$WORK/logs/n$N-ledger-book.out"
    checkpoint "$db"

    say "ledger: first import of $S's workbook, $IMPORT_RUNS runs on fresh copies"
    : >"$WORK/logs/n$N-ledger-import.times"
    failures=0
    for _ in $(seq "$IMPORT_RUNS"); do
        rm -f "$dir/import.sqlite" "$dir/import.sqlite-wal" "$dir/import.sqlite-shm"
        cp "$db" "$dir/import.sqlite"
        # Written out first, so that the import's first fsync does not flush the copy.
        sync "$dir/import.sqlite"
        t0=$(now_s)
        "$GRIDCTL" ledger import "$book" --branch "$S" --config "$cfg" --db "$dir/import.sqlite" --now "$T_Q" \
            </dev/null >>"$WORK/logs/n$N-ledger-import.log" 2>&1 || failures=$((failures + 1))
        elapsed "$t0" "$(now_s)" >>"$WORK/logs/n$N-ledger-import.times"
        echo >>"$WORK/logs/n$N-ledger-import.times"
    done
    rm -f "$dir/import.sqlite" "$dir/import.sqlite-wal" "$dir/import.sqlite-shm"
    read -r med p99 n < <(grep . "$WORK/logs/n$N-ledger-import.times" | stats)
    rec "$N" 9 "**\`gridctl ledger import $S.xlsx --branch $S\`**, first import (target < 1 s)" "$(human "$med")" "$(human "$p99")" \
        "n=$n, each on a fresh copy of the database, $failures failed; $(sed 's/.*: //' "$WORK/logs/n$N-ledger-book.out") read, checked and stored with their items"
    num "$N" "ledger import, first (process)" "$(human "$med")"
    "$GRIDCTL" ledger import "$book" --branch "$S" $common >"$WORK/logs/n$N-ledger-import-main.log" 2>&1 ||
        say "FAILED: importing $book into $db (see $WORK/logs/n$N-ledger-import-main.log)"
    read -r med p99 n < <(hf "n$N-ledger-reimport" "$runs" "$warm" "$GRIDCTL ledger import $book --branch $S $common")
    rec "$N" 9 "\`gridctl ledger import\` of the same workbook again (no change)" "$(human "$med")" "$(human "$p99")" \
        "n=$n; on the bank's database, into which it was imported once"
    num "$N" "ledger import, no change (process)" "$(human "$med")"

    say "ledger: reports and lists"
    read -r med p99 n < <(hf "n$N-ledger-report" "$runs" "$warm" "$GRIDCTL ledger report $common")
    rec "$N" 9 "**\`gridctl ledger report\`** (the whole bank; target < 1 s)" "$(human "$med")" "$(human "$p99")" \
        "n=$n; $(int "$(rows_of "$db" ledger_finding)") findings, $(int "$(rows_of "$db" ledger_measure)") measures"
    num "$N" "ledger report, bank (process)" "$(human "$med")"
    read -r med p99 n < <(hf "n$N-ledger-report-branch" "$runs" "$warm" "$GRIDCTL ledger report $common --branch $S")
    rec "$N" 9 "\`gridctl ledger report --branch $S\`" "$(human "$med")" "$(human "$p99")" "n=$n"
    num "$N" "ledger report --branch (process)" "$(human "$med")"
    owner=$(sqlite3 "$db" "SELECT owner FROM ledger_measure WHERE branch = (SELECT id FROM branch WHERE key = '$S')
        AND done_on IS NULL GROUP BY owner ORDER BY count(*) DESC, owner LIMIT 1;")
    if [ -z "$owner" ]; then
        say "no open measure in branch $S"
        return
    fi
    owed=$("$GRIDCTL" due $common --person "$owner" --format json 2>/dev/null |
        jq '[length, (map(select(.duty | startswith("discipline.rectification"))) | length)] | "\(.[0]) items, \(.[1]) of them measures or milestones"' -r)
    read -r med p99 n < <(hf "n$N-ledger-due-person" "$runs" "$warm" "$GRIDCTL due $common --person $owner")
    rec "$N" 9 "**\`gridctl due --person $owner\`**, an owner of measures (target < 20 ms)" "$(human "$med")" "$(human "$p99")" \
        "n=$n, $owed"
    num "$N" "due --person, measure owner (process)" "$(human "$med")"
    measures=$("$GRIDCTL" ledger list measures --person "$owner" --branch "$S" $common --format json 2>/dev/null | jq length)
    read -r med p99 n < <(hf "n$N-ledger-list-person" "$runs" "$warm" "$GRIDCTL ledger list measures --person $owner --branch $S $common")
    rec "$N" 9 "**\`gridctl ledger list measures --person $owner --branch $S\`** (target < 20 ms)" "$(human "$med")" "$(human "$p99")" \
        "n=$n, $measures measures"
    num "$N" "ledger list measures --person (process)" "$(human "$med")"
    checkpoint "$db"
    bytes_ledger=$(sqlite3 "$db" "SELECT sum(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_schema WHERE tbl_name LIKE 'ledger%');" 2>/dev/null || echo 0)
    rows_ledger=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM ledger_finding) + (SELECT count(*) FROM ledger_measure);")
    rec "$N" 9 "the ledger's tables and indexes (\`ledger_*\`)" "$(bytes "${bytes_ledger:-0}")" "" \
        "$(div "${bytes_ledger:-0}" "$rows_ledger") B per finding or measure, record of changes included; their items are occurrences, counted above"
}

# ---------------------------------------------------------------------------------------
say "work directory $WORK; sizes: $SIZES; seed $SEED"
mkdir -p "$WORK"
rm -rf "$RES" "$WORK/logs" "$WORK/hyperfine"
mkdir -p "$RES" "$WORK/logs" "$WORK/hyperfine" "$WORK/db" "$WORK/config"
START_LOAD=$(loadavg)

# Tools.
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v task >/dev/null || need+=(taskwarrior)
command -v sqlite3 >/dev/null || need+=(sqlite3)
command -v jq >/dev/null || need+=(jq)
command -v strace >/dev/null || need+=(strace)
[ -x /usr/bin/time ] || need+=(time)
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${need[@]}"
fi
TASK_VERSION=$(task --version)
case "$TASK_VERSION" in 2.6.*) ;; *) die "taskwarrior 2.6.x expected, found $TASK_VERSION" ;; esac

# Builds: release, and release with the Swift runtime linked in (what scripts/install.sh installs).
say "building release (.build-bench)"
(cd "$REPO" && swift build -c release --scratch-path .build-bench >"$WORK/logs/build.log" 2>&1) ||
    die "build failed; see $WORK/logs/build.log"
DYN_BIN="$REPO/.build-bench/release"
BIN=$DYN_BIN
if [ "$STATIC" = 1 ]; then
    say "building release with --static-swift-stdlib (.build-bench-static)"
    (cd "$REPO" && swift build -c release --static-swift-stdlib --scratch-path .build-bench-static \
        >"$WORK/logs/build-static.log" 2>&1) || die "static build failed; see $WORK/logs/build-static.log"
    BIN="$REPO/.build-bench-static/release"
fi
GRIDCTL=$BIN/gridctl
GRIDD=$BIN/gridd
# The developer tools: the bank generator and the in-process timer (built, never installed).
DEV=$BIN/gridduty-dev

# The floor: the smallest Swift program that imports Foundation and prints a date.
say "building the floor program"
mkdir -p "$WORK/floor"
printf 'import Foundation\nprint(Date())\n' >"$WORK/floor/floor.swift"
swiftc -O -static-stdlib "$WORK/floor/floor.swift" -o "$WORK/floor/floor" >"$WORK/logs/floor.log" 2>&1 ||
    die "cannot build the floor program; see $WORK/logs/floor.log"

say "process start: floor, gridctl --version, task --version"
read -r FLOOR_MED _ _ < <(hf floor 50 5 "$WORK/floor/floor")
read -r VER_MED VER_P99 _ < <(hf version 50 5 "$GRIDCTL --version")
read -r VERDYN_MED _ _ < <(hf version-dynamic 50 5 "$DYN_BIN/gridctl --version")
read -r TASKVER_MED _ _ < <(hf task-version 50 5 "task --version")

# ---------------------------------------------------------------------------------------
# Peers: taskwarrior on the same due items, 1,000 and 10,000 tasks.
#
# The items are GridDuty's own: the open items (due and overdue) at $T_Q of the first
# branches of the 100-branch bank in its steady state, as `gridctl due/overdue --format
# json` prints them; projects are branches, a `person` UDA holds the owner, and deadlines
# are shifted so that $T_Q falls on the real "now" taskwarrior compares with.

say "peers: building the taskwarrior data sets"
PEERS=$WORK/peers
rm -rf "$PEERS"
mkdir -p "$PEERS"
PEER_CFG=$WORK/config/n100
"$DEV" generate --branches 100 --seed "$SEED" --source "$REPO/schedules" --out "$PEER_CFG" --force >/dev/null
PEER_DB=$PEERS/source.sqlite
# Every database here plays fixed instants (--now): a simulation database, the only kind that accepts it.
"$GRIDCTL" migrate --simulation --db "$PEER_DB" >/dev/null 2>&1
"$GRIDCTL" report --config "$PEER_CFG" --db "$PEER_DB" --now "$T_WORKED" >/dev/null
mark_done "$PEER_DB" "$T_WORKED"
"$GRIDCTL" due --config "$PEER_CFG" --db "$PEER_DB" --now "$T_Q" --format json >"$PEERS/due.json"
"$GRIDCTL" overdue --config "$PEER_CFG" --db "$PEER_DB" --now "$T_Q" --format json >"$PEERS/overdue.json"
SHIFT=$(($(date +%s) - $(epoch "$T_Q")))
jq -s --argjson shift "$SHIFT" --argjson entry "$(date +%s)" '
    def instant: (.[0:19] + "Z" | fromdateiso8601)
        - ((if .[19:20] == "-" then -1 else 1 end) * ((.[20:22] | tonumber) * 3600 + (.[23:25] | tonumber) * 60));
    (.[0] + .[1]) | sort_by(.branch, .id) | map({
        uuid: ("00000000-0000-4000-8000-" + ("000000000000" + (.id | tostring))[-12:]),
        status: "pending",
        description: "\(.title) \(.period) \(.subject_name)",
        project: .branch,
        person: (.owner // "unassigned"),
        entry: (($entry - 86400) | strftime("%Y%m%dT%H%M%SZ")),
        due: ((.deadline | instant) + $shift | strftime("%Y%m%dT%H%M%SZ"))
    })' "$PEERS/due.json" "$PEERS/overdue.json" >"$PEERS/all.json"
AVAILABLE=$(jq length "$PEERS/all.json")
[ "$AVAILABLE" -ge 10000 ] || say "only $AVAILABLE items available for the 10k data set"
declare -A TW
TW_P=b00001.s02
TW_B=b00001
for size in 1000 10000; do
    dir=$PEERS/tw$size
    mkdir -p "$dir/data"
    cat >"$dir/taskrc" <<EOF
data.location=$dir/data
uda.person.type=string
uda.person.label=Person
confirmation=off
verbose=nothing
recurrence=off
hooks=off
news.version=2.6.0
EOF
    jq ".[0:$size]" "$PEERS/all.json" >"$dir/tasks.json"
    export TASKRC=$dir/taskrc
    t0=$(now_s)
    task import "$dir/tasks.json" >"$WORK/logs/tw$size-import.log" 2>&1
    TW[import$size]=$(elapsed "$t0" "$(now_s)")
    TW[count$size]=$(task status:pending count)
    say "taskwarrior $size: $(task status:pending count) pending, $(task +OVERDUE count) overdue, imported in $(human "${TW[import$size]}")"
    read -r "TW[person$size]" "TW[person_p99_$size]" _ < <(hf "tw$size-person" 10 2 "task person:$TW_P status:pending due.before:now export")
    read -r "TW[branch$size]" "TW[branch_p99_$size]" _ < <(hf "tw$size-branch" 10 2 "task project:$TW_B +DUE export")
    read -r "TW[overdue$size]" "TW[overdue_p99_$size]" _ < <(hf "tw$size-overdue" 10 2 "task +OVERDUE count")
    # `task UUID done` on distinct pending tasks of the person.
    : >"$WORK/logs/tw$size-done.times"
    for uuid in $(task "person:$TW_P" status:pending export | jq -r '.[].uuid' | head -n "$DONE_RUNS"); do
        t0=$(now_s)
        task "$uuid" "done" >>"$WORK/logs/tw$size-done.log" 2>&1 || say "task $uuid done failed"
        elapsed "$t0" "$(now_s)" >>"$WORK/logs/tw$size-done.times"
        echo >>"$WORK/logs/tw$size-done.times"
    done
    read -r "TW[done$size]" "TW[done_p99_$size]" "TW[done_n$size]" < <(grep . "$WORK/logs/tw$size-done.times" | stats)
    unset TASKRC
done

# ---------------------------------------------------------------------------------------
for N in $SIZES; do
    say "===== N = $N branches ====="
    LOAD_BEFORE=$(loadavg)
    big=0
    [ "$N" -ge 10000 ] && big=1
    RUNS=${BENCH_RUNS:-$([ $big = 1 ] && echo 3 || echo 10)}
    WARM=$([ $big = 1 ] && echo 0 || echo 1)
    LOAD_RUNS=$([ $big = 1 ] && echo 1 || echo 3)
    CFG=$WORK/config/n$N
    DBDIR=$WORK/db/n$N
    rm -rf "$DBDIR"
    mkdir -p "$DBDIR"
    : >"$RES/n$N.tsv"

    # 0. The bank.
    timev "n$N-generate" "$DEV" generate --branches "$N" --seed "$SEED" --source "$REPO/schedules" --out "$CFG" --force
    summary=$(cat "$WORK/logs/n$N-generate.out")
    STAFF=$(grep -oE '[0-9]+ staff' <<<"$summary" | grep -oE '[0-9]+')
    rec "$N" 0 "generate the configuration (\`gridduty-dev generate\`)" "$(human "$T_S")" "" \
        "$(int "$STAFF") staff; $(du -sh "$CFG" | cut -f1) of YAML; ${summary#*: }"
    read -r med p99 n < <(hf "n$N-validate" "$LOAD_RUNS" 0 "$GRIDCTL validate --config $CFG")
    rec "$N" 0 "load and validate the configuration (\`gridctl validate\`)" "$(human "$med")" "$(human "$p99")" \
        "n=$n; YAML parse + validation of $N branch files; every gridctl command pays it"
    num "$N" "config load" "$(human "$med")"

    MID=$(printf 'b%05d' $((N / 2 + 1)))
    P=$MID.s02
    B=$MID

    # 1. A full year from empty: materialisation alone (`gridctl report` brings every branch
    #    up to date before counting), then the literal `gridd --once`.
    if [ "$FULL_YEAR" = 1 ]; then
        say "full year from empty (materialisation)"
        DBY=$DBDIR/year.sqlite
        "$GRIDCTL" migrate --simulation --db "$DBY" >/dev/null 2>&1
        timev "n$N-year" "$GRIDCTL" report --config "$CFG" --db "$DBY" --now "$T_YEAR"
        checkpoint "$DBY"
        rows=$(rows_of "$DBY" occurrence)
        size=$(stat -c %s "$DBY")
        rec "$N" 1 "a full year from empty: materialisation (\`gridctl report --now $T_YEAR\`)" "$(human "$T_S")" "" \
            "$(int "$rows") occurrences, **$(int "$(div "$rows" "$T_S")") rows/s**, peak RSS $(kb "$T_RSS"); exit $T_EXIT"
        rec "$N" 8 "database bytes per occurrence, full year, nothing done" "$(div "$size" "$rows") B" "" \
            "$(bytes "$size") for $(int "$rows") rows: $(per_row "$DBY" "$rows")"
        num "$N" "occurrences, one year" "$(int "$rows")"
        num "$N" "full year materialisation" "$(human "$T_S")"
        num "$N" "materialisation rows/s" "$(int "$(div "$rows" "$T_S")")"
        num "$N" "DB bytes/occurrence (year, nothing done)" "$(div "$size" "$rows")"
        [ "$KEEP" = 1 ] || rm -f "$DBY" "$DBY"-wal "$DBY"-shm
    fi
    if [ "$N" -le "$LITERAL_MAX_N" ]; then
        say "literal protocol: gridd --once on a full year from empty"
        DBL=$DBDIR/literal.sqlite
        "$GRIDCTL" migrate --simulation --db "$DBL" >/dev/null 2>&1
        timev "n$N-literal-year" "$GRIDD" --config "$CFG" --db "$DBL" --once --now "$T_YEAR" --log-format journal
        rec "$N" 1 "a full year from empty: \`gridd --once --now $T_YEAR\` (materialise + alert every item)" "$(human "$T_S")" "" \
            "$(pass_summary "n$N-literal-year"); peak RSS $(kb "$T_RSS"); $(int "$(rows_of "$DBL" alert)") alerts stored"
        timev "n$N-literal-day" "$GRIDD" --config "$CFG" --db "$DBL" --once --now "$T_LIT_DAY" --log-format journal
        rec "$N" 1 "… then one business day later (\`--now $T_LIT_DAY\`; new year, fallback calendar)" "$(human "$T_S")" "" \
            "$(pass_summary "n$N-literal-day"); peak RSS $(kb "$T_RSS")"
        timev "n$N-literal-catch" "$GRIDD" --config "$CFG" --db "$DBL" --once --now "$T_LIT_CATCH" --log-format journal
        rec "$N" 2 "… then 30 days down (\`--now $T_LIT_CATCH\`), nothing ever done" "$(human "$T_S")" "" \
            "$(pass_summary "n$N-literal-catch"); peak RSS $(kb "$T_RSS")"
        [ "$KEEP" = 1 ] || rm -f "$DBL" "$DBL"-wal "$DBL"-shm
    fi

    # The steady state: tracked since 1 January, the bank doing all but LATE_PERMILLE‰ of its
    # duties on time, the daemon running until $T_LAST.
    say "steady state through $T_LAST"
    DB=$DBDIR/steady.sqlite
    "$GRIDCTL" migrate --simulation --db "$DB" >/dev/null 2>&1
    timev "n$N-halfyear" "$GRIDCTL" report --config "$CFG" --db "$DB" --now "$T_LAST"
    rows=$(rows_of "$DB" occurrence)
    rec "$N" 1 "materialisation from empty through $T_LAST (\`gridctl report\`)" "$(human "$T_S")" "" \
        "$(int "$rows") occurrences, $(int "$(div "$rows" "$T_S")") rows/s, peak RSS $(kb "$T_RSS")"
    t0=$(now_s)
    mark_done "$DB" "$T_LAST"
    say "marked done in $(human "$(elapsed "$t0" "$(now_s)")")"
    timev "n$N-first" "$GRIDD" --config "$CFG" --db "$DB" --once --now "$T_LAST" --log-format journal
    rec "$N" 1 "first daemon pass over that history ($LATE_PERMILLE‰ late)" "$(human "$T_S")" "" \
        "$(pass_summary "n$N-first"); peak RSS $(kb "$T_RSS")"

    say "one business day's pass"
    timev "n$N-day" "$GRIDD" --config "$CFG" --db "$DB" --once --now "$T_DAY" --log-format journal
    rec "$N" 1 "**one business day's pass** (\`gridd --once --now $T_DAY\`: the day's items, opening reminders, nags)" \
        "$(human "$T_S")" "" "$(pass_summary "n$N-day"); peak RSS $(kb "$T_RSS")"
    num "$N" "one business day's pass" "$(human "$T_S")"
    num "$N" "alerts raised by that pass" "$(int "$(pass_summary "n$N-day" | grep -oE 'raised=[0-9]+' | cut -d= -f2)")"

    # 2. Catch-up after 30 days down: nothing recorded meanwhile (on a copy), then the
    #    realistic case where staff kept recording with gridctl.
    say "catch-up after 30 days down"
    if [ "$N" -le "$WORST_MAX_N" ]; then
        checkpoint "$DB"
        cp "$DB" "$DBDIR/worst.sqlite"
        timev "n$N-catch-worst" "$GRIDD" --config "$CFG" --db "$DBDIR/worst.sqlite" --once --now "$T_CATCH" --log-format journal
        rec "$N" 2 "catch-up after 30 days down, nothing recorded meanwhile (\`gridd --once --now $T_CATCH\`)" \
            "$(human "$T_S")" "" "$(pass_summary "n$N-catch-worst"); peak RSS $(kb "$T_RSS")"
        num "$N" "catch-up, 30 days, nothing recorded" "$(human "$T_S")$([ "$T_EXIT" = 0 ] || echo " (fails)")"
        [ "$KEEP" = 1 ] || rm -f "$DBDIR/worst.sqlite" "$DBDIR/worst.sqlite"-wal "$DBDIR/worst.sqlite"-shm
    else
        rec "$N" 2 "catch-up after 30 days down, nothing recorded meanwhile" "—" "" \
            "not run above N = $WORST_MAX_N (BENCH_WORST_MAX_N)"
    fi
    "$GRIDCTL" report --config "$CFG" --db "$DB" --now "$T_WORKED" >/dev/null
    mark_done "$DB" "$T_WORKED"
    timev "n$N-catch" "$GRIDD" --config "$CFG" --db "$DB" --once --now "$T_CATCH" --log-format journal
    rec "$N" 2 "**catch-up after 30 days down**, staff recording with gridctl meanwhile" "$(human "$T_S")" "" \
        "$(pass_summary "n$N-catch"); peak RSS $(kb "$T_RSS")"
    num "$N" "catch-up, 30 days, gridctl used" "$(human "$T_S")"

    # 3-5. Listings, end to end and inside the process.
    say "listings"
    common="--config $CFG --db $DB --now $T_Q"
    read -r med p99 n < <(hf "n$N-due-person" "$RUNS" "$WARM" "$GRIDCTL due $common --person $P")
    owed=$("$GRIDCTL" due $common --person "$P" --format json | jq length)
    rec "$N" 3 "**\`gridctl due --person $P\`** (process)" "$(human "$med")" "$(human "$p99")" \
        "n=$n, $owed items; taskwarrior \`person:P status:pending due.before:now export\`: 1k $(human "${TW[person1000]}") (**$(ratio "$med" "${TW[person1000]}")**), 10k $(human "${TW[person10000]}") (**$(ratio "$med" "${TW[person10000]}")**)"
    num "$N" "due --person (process)" "$(human "$med")"
    "$DEV" bench-query $common --person "$P" --branch "$B" --iterations "$ITERATIONS" \
        --load-iterations "$LOAD_RUNS" --report-iterations "$([ $big = 1 ] && echo 1 || echo 3)" >"$RES/n$N-inprocess.tsv"
    while IFS=$'\t' read -r step runs med_ms p99_ms _ nrows; do
        [ "$step" = step ] && continue
        rec "$N" "3-5" "in process: $step" "$(human "$(awk -v m="$med_ms" 'BEGIN { print m / 1000 }')")" \
            "$(human "$(awk -v m="$p99_ms" 'BEGIN { print m / 1000 }')")" "n=$runs, $nrows rows"
        case "$step" in
            "due --person: query") num "$N" "due --person (query in process)" "$(human "$(awk -v m="$med_ms" 'BEGIN { print m / 1000 }')")" ;;
            "report: counts per branch") num "$N" "report counts (query in process)" "$(human "$(awk -v m="$med_ms" 'BEGIN { print m / 1000 }')")" ;;
        esac
    done <"$RES/n$N-inprocess.tsv"
    read -r med p99 n < <(hf "n$N-due-branch" "$RUNS" "$WARM" "$GRIDCTL due $common --branch $B")
    rec "$N" 4 "\`gridctl due --branch $B\`" "$(human "$med")" "$(human "$p99")" \
        "n=$n; taskwarrior \`project:B +DUE export\`: 1k $(human "${TW[branch1000]}") ($(ratio "$med" "${TW[branch1000]}")), 10k $(human "${TW[branch10000]}") ($(ratio "$med" "${TW[branch10000]}"))"
    num "$N" "due --branch (process)" "$(human "$med")"
    read -r med p99 n < <(hf "n$N-overdue-line" "$RUNS" "$WARM" "$GRIDCTL overdue $common --line operations --branch $B")
    rec "$N" 4 "\`gridctl overdue --line operations --branch $B\`" "$(human "$med")" "$(human "$p99")" "n=$n"
    num "$N" "overdue --line --branch (process)" "$(human "$med")"
    read -r med p99 n < <(hf "n$N-report" "$RUNS" "$WARM" "$GRIDCTL report $common")
    rec "$N" 5 "**\`gridctl report\`** (open and overdue per branch, whole bank)" "$(human "$med")" "$(human "$p99")" \
        "n=$n; taskwarrior \`+OVERDUE count\`: 1k $(human "${TW[overdue1000]}") ($(ratio "$med" "${TW[overdue1000]}")), 10k $(human "${TW[overdue10000]}") ($(ratio "$med" "${TW[overdue10000]}"))"
    num "$N" "report (process)" "$(human "$med")"

    # 8. CLI peak RSS.
    timev "n$N-rss-due" "$GRIDCTL" due $common --person "$P"
    rss_due=$T_RSS
    timev "n$N-rss-report" "$GRIDCTL" report $common
    rec "$N" 8 "CLI peak RSS" "$(kb "$rss_due")" "" "\`due --person\` $(kb "$rss_due"); \`report\` $(kb "$T_RSS")"
    num "$N" "CLI peak RSS (due --person)" "$(kb "$rss_due")"

    # 6. `gridctl done` end to end, on distinct open items of branch B: as the README types it
    #    (no --branch: the command first brings every branch up to date), and with --branch.
    say "gridctl done"
    "$GRIDCTL" due $common --branch "$B" --format json |
        jq -r '.[] | select(.owner != null) | "\(.id) \(.owner)"' >"$RES/n$N-done-items.txt"
    runs_all=$DONE_RUNS
    [ "$N" -ge 1000 ] && [ "$runs_all" -gt 5 ] && runs_all=5
    for variant in branch bank; do
        : >"$WORK/logs/n$N-done-$variant.times"
        if [ $variant = branch ]; then
            items=$(head -n "$DONE_RUNS" "$RES/n$N-done-items.txt")
            extra=(--branch "$B")
        else
            items=$(tail -n +"$((DONE_RUNS + 1))" "$RES/n$N-done-items.txt" | head -n "$runs_all")
            extra=()
        fi
        failures=0
        while read -r id owner; do
            [ -n "$id" ] || continue
            t0=$(now_s)
            "$GRIDCTL" "done" "$id" --by "$owner" $common "${extra[@]}" </dev/null >>"$WORK/logs/n$N-done-$variant.log" 2>&1 ||
                failures=$((failures + 1))
            elapsed "$t0" "$(now_s)" >>"$WORK/logs/n$N-done-$variant.times"
            echo >>"$WORK/logs/n$N-done-$variant.times"
        done <<<"$items"
        read -r med p99 n < <(grep . "$WORK/logs/n$N-done-$variant.times" | stats)
        if [ $variant = branch ]; then
            rec "$N" 6 "**\`gridctl done ID --by OWNER --branch $B\`** (durable commit: WAL, synchronous=FULL)" \
                "$(human "$med")" "$(human "$p99")" \
                "n=$n distinct items, $failures failed; taskwarrior \`task UUID done\`: 1k $(human "${TW[done1000]}") ($(ratio "$med" "${TW[done1000]}")), 10k $(human "${TW[done10000]}") ($(ratio "$med" "${TW[done10000]}"))"
            num "$N" "done --branch (process)" "$(human "$med")"
        else
            rec "$N" 6 "\`gridctl done ID --by OWNER\` as the README types it (no --branch: every branch is brought up to date first)" \
                "$(human "$med")" "$(human "$p99")" "n=$n distinct items, $failures failed"
            num "$N" "done without --branch (process)" "$(human "$med")"
        fi
    done

    # 7. Process start.
    rec "$N" 7 "\`gridctl --version\` (process start, static stdlib)" "$(human "$VER_MED")" "$(human "$VER_P99")" \
        "floor (Swift + Foundation, static, prints a date) $(human "$FLOOR_MED") (gridctl $(ratio "$VER_MED" "$FLOOR_MED")); dynamic gridctl $(human "$VERDYN_MED"); \`task --version\` $(human "$TASKVER_MED")"

    # 8. Sizes of the steady-state database (occurrences, completions, alerts, events).
    #    Pages in use, not the file: the bulk `mark_done` of half a year at once empties the
    #    open-item indexes in one go and leaves their pages on SQLite's free list, where a
    #    bank doing its work day by day reuses them the next day.
    checkpoint "$DB"
    rows=$(rows_of "$DB" occurrence)
    size=$(stat -c %s "$DB")
    used=$(in_use "$DB")
    rec "$N" 8 "database bytes per occurrence, steady state (with completions and alerts; pages in use)" \
        "$(div "$used" "$rows") B" "" \
        "$(bytes "$used") in use ($(bytes "$size") file, the rest free pages) for $(int "$rows") occurrences, $(int "$(rows_of "$DB" completion)") stored completions, $(int "$(rows_of "$DB" alert)") alerts: $(per_row "$DB" "$rows")"
    num "$N" "DB bytes/occurrence (steady state, in use)" "$(div "$used" "$rows")"

    # 8. The daemon idle: RSS and wake-ups over a window, then the system calls under strace.
    if [ "$N" -le "$IDLE_MAX_N" ]; then
        say "daemon idle for 2 x ${IDLE_SECONDS}s"
        "$GRIDD" --config "$CFG" --db "$DB" --now 2026-07-10T10:05 --log-format journal >"$WORK/logs/n$N-idle.log" 2>&1 &
        pid=$!
        for _ in $(seq 600); do
            grep -q 'gridd ready' "$WORK/logs/n$N-idle.log" && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 1
        done
        sleep 5
        read -r v0 nv0 < <(ctxt "$pid")
        t0=$(now_s)
        sleep "$IDLE_SECONDS"
        read -r v1 nv1 < <(ctxt "$pid")
        window=$(elapsed "$t0" "$(now_s)")
        rss=$(status_kb "$pid" VmRSS)
        hwm=$(status_kb "$pid" VmHWM)
        threads=$(status_kb "$pid" Threads)
        timeout -s INT "$IDLE_SECONDS" strace -f -c -p "$pid" -o "$WORK/logs/n$N-idle.strace" >/dev/null 2>&1 || true
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        wakeups=$(awk -v a="$v0" -v b="$v1" -v w="$window" 'BEGIN { printf "%d", (b - a) * 3600 / w }')
        invol=$(awk -v a="$nv0" -v b="$nv1" -v w="$window" 'BEGIN { printf "%d", (b - a) * 3600 / w }')
        calls=$(awk -v w="$IDLE_SECONDS" '$1 ~ /^[0-9.]+$/ && $NF != "total" { print $4, $NF }' "$WORK/logs/n$N-idle.strace" 2>/dev/null |
            sort -rn | awk -v w="$IDLE_SECONDS" '{ t += $1; if (NR <= 4) l = l sprintf("%s %d/h, ", $2, $1 * 3600 / w) } END { printf "%stotal %d/h", l, t * 3600 / w }')
        rec "$N" 8 "daemon idle: RSS, wake-ups per hour" "$(kb "$rss")" "" \
            "VmRSS $(kb "$rss"), VmHWM $(kb "$hwm"), $threads threads; **$(int "$wakeups") voluntary context switches/h** (+$(int "$invol") involuntary) over $(printf '%.0f' "$window") s; system calls under strace: $calls"
        num "$N" "daemon idle RSS" "$(kb "$rss")"
        num "$N" "daemon wake-ups/h" "$(int "$wakeups")"
    fi

    # 9. The rectification ledger, on the same steady state.
    [ "$LEDGER" = 1 ] && ledger_step "$N" "$CFG" "$DB" "$RUNS" "$WARM"

    rec "$N" "" "load average before / after (nproc $(nproc))" "" "" "$LOAD_BEFORE / $(loadavg)"
    [ "$KEEP" = 1 ] || rm -f "$DB" "$DB"-wal "$DB"-shm "$DBDIR"/ledger-*.xlsx
done

# ---------------------------------------------------------------------------------------
# Sizes too large for the whole protocol in reasonable time: what the configuration costs.
ALL_SIZES=$SIZES
for N in $LOAD_SIZES; do
    say "===== N = $N branches (configuration-bound figures only) ====="
    LOAD_BEFORE=$(loadavg)
    CFG=$WORK/config/n$N
    DBDIR=$WORK/db/n$N
    rm -rf "$DBDIR"
    mkdir -p "$DBDIR"
    : >"$RES/n$N.tsv"
    timev "n$N-generate" "$DEV" generate --branches "$N" --seed "$SEED" --source "$REPO/schedules" --out "$CFG" --force
    summary=$(cat "$WORK/logs/n$N-generate.out")
    STAFF=$(grep -oE '[0-9]+ staff' <<<"$summary" | grep -oE '[0-9]+')
    rec "$N" 0 "generate the configuration (\`gridduty-dev generate\`)" "$(human "$T_S")" "" \
        "$(int "$STAFF") staff; $(du -sh "$CFG" | cut -f1) of YAML; ${summary#*: }"
    timev "n$N-validate" "$GRIDCTL" validate --config "$CFG"
    rec "$N" 0 "load and validate the configuration (\`gridctl validate\`)" "$(human "$T_S")" "" \
        "one run; peak RSS $(kb "$T_RSS"); every gridctl command pays it"
    num "$N" "config load" "$(human "$T_S")"
    P=$(printf 'b%05d' $((N / 2 + 1))).s02
    "$GRIDCTL" migrate --simulation --db "$DBDIR/one.sqlite" >/dev/null 2>&1
    timev "n$N-due-fresh" "$GRIDCTL" due --config "$CFG" --db "$DBDIR/one.sqlite" --now "$T_Q" --person "$P"
    rec "$N" 3 "\`gridctl due --person $P\` on a fresh database (materialises that branch through $T_Q)" "$(human "$T_S")" "" \
        "peak RSS $(kb "$T_RSS"); $(int "$(rows_of "$DBDIR/one.sqlite" occurrence)") occurrences created"
    read -r med p99 n < <(hf "n$N-due-person" 3 0 "$GRIDCTL due --config $CFG --db $DBDIR/one.sqlite --now $T_Q --person $P")
    rec "$N" 3 "**\`gridctl due --person $P\`** (process; only that branch in the database)" "$(human "$med")" "$(human "$p99")" \
        "n=$n; taskwarrior 10k $(human "${TW[person10000]}") (**$(ratio "$med" "${TW[person10000]}")**)"
    num "$N" "due --person (process)" "$(human "$med")"
    num "$N" "CLI peak RSS (due --person)" "$(kb "$T_RSS")"
    rec "$N" "" "load average before / after (nproc $(nproc))" "" "" "$LOAD_BEFORE / $(loadavg)"
    [ "$KEEP" = 1 ] || rm -rf "$DBDIR"
    ALL_SIZES="$ALL_SIZES $N"
done

# Sizes measured for the rectification ledger alone: a bank tracked since $LEDGER_SINCE
# (so that materialising it is quick; its database holds fewer occurrences than the steady
# state's), its ledgers filled, step 9. Its rows join the size's table if it has one.
for N in $LEDGER_SIZES; do
    say "===== N = $N branches (the ledger alone) ====="
    LOAD_BEFORE=$(loadavg)
    CFG=$WORK/config/ledger-n$N
    DBDIR=$WORK/db/ledger-n$N
    rm -rf "$DBDIR"
    mkdir -p "$DBDIR"
    touch "$RES/n$N.tsv"
    timev "n$N-ledger-generate" "$DEV" generate --branches "$N" --seed "$SEED" --source "$REPO/schedules" --out "$CFG" \
        --since "$LEDGER_SINCE" --force
    DB=$DBDIR/ledger.sqlite
    "$GRIDCTL" migrate --simulation --db "$DB" >/dev/null 2>&1
    timev "n$N-ledger-materialise" "$GRIDCTL" report --config "$CFG" --db "$DB" --now "$T_Q"
    rec "$N" 9 "the ledger's bank: tracked since $LEDGER_SINCE, materialised through $T_Q (\`gridctl report\`)" "$(human "$T_S")" "" \
        "$(int "$(rows_of "$DB" occurrence)") occurrences; peak RSS $(kb "$T_RSS"); exit $T_EXIT"
    big=0
    [ "$N" -ge 10000 ] && big=1
    ledger_step "$N" "$CFG" "$DB" "${BENCH_RUNS:-$([ $big = 1 ] && echo 3 || echo 10)}" "$([ $big = 1 ] && echo 0 || echo 1)"
    rec "$N" "" "load average before / after, ledger alone (nproc $(nproc))" "" "" "$LOAD_BEFORE / $(loadavg)"
    [ "$KEEP" = 1 ] || rm -rf "$DBDIR"
    case " $ALL_SIZES " in *" $N "*) ;; *) ALL_SIZES="$ALL_SIZES $N" ;; esac
done

# ---------------------------------------------------------------------------------------
# Report.

render() {
    printf '_Run %s on %s (%s cores, %s, %s RAM), %s; GridDuty %s%s; load average at start %s, at end %s._\n\n' \
        "$(date -u +%Y-%m-%dT%H:%MZ)" "$(hostname)" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" \
        "$(free -g | awk '/^Mem:/ { print $2 " GB" }')" "$(swift --version 2>/dev/null | head -1)" \
        "$(git -C "$REPO" rev-parse --short HEAD)" \
        "$(git -C "$REPO" status --porcelain --untracked-files=no | grep -q . && echo ' (with uncommitted changes)')" \
        "$START_LOAD" "$(loadavg)"
    printf 'Reproduce: `BENCH_SIZES="%s" BENCH_LOAD_SIZES="%s" BENCH_LEDGER_SIZES="%s" BENCH_SEED=%s scripts/bench.sh` (work files in `%s`).\n\n' "$SIZES" "$LOAD_SIZES" "$LEDGER_SIZES" "$SEED" "$WORK"
    printf 'Medians and p99 (nearest rank: the maximum below 100 runs) of whole process runs unless the row says "in process"; single runs have no p99. '
    printf 'Queries ask at %s, after a steady state in which the bank did all but %s‰ of its duties on time (`mark_done` in the script). ' "$T_Q" "$LATE_PERMILLE"
    printf 'Taskwarrior %s: %s / %s pending tasks built from the same items (`person` UDA, projects = branches); ratios are GridDuty ÷ taskwarrior.\n\n' \
        "$TASK_VERSION" "${TW[count1000]}" "${TW[count10000]}"

    printf '### Summary\n\n| measurement |'
    for N in $ALL_SIZES; do printf ' N = %s |' "$(int "$N")"; done
    printf '\n|---|'
    for _ in $ALL_SIZES; do printf -- '---:|'; done
    printf '\n'
    awk -F'\t' -v sizes="$ALL_SIZES" '
        BEGIN { n = split(sizes, s, " ") }
        { if (!($2 in seen)) { seen[$2] = 1; order[++k] = $2 } v[$1 SUBSEP $2] = $3 }
        END { for (i = 1; i <= k; i++) { printf "| %s |", order[i]; for (j = 1; j <= n; j++) { x = v[s[j] SUBSEP order[i]]; printf " %s |", (x == "" ? "—" : x) } printf "\n" } }
    ' "$RES/numbers.tsv"
    printf '\nTaskwarrior %s: `person:P status:pending due.before:now export` %s / %s, `project:B +DUE export` %s / %s, `+OVERDUE count` %s / %s, `UUID done` %s / %s (1k / 10k tasks; import %s / %s).\n' \
        "$TASK_VERSION" "$(human "${TW[person1000]}")" "$(human "${TW[person10000]}")" "$(human "${TW[branch1000]}")" "$(human "${TW[branch10000]}")" \
        "$(human "${TW[overdue1000]}")" "$(human "${TW[overdue10000]}")" "$(human "${TW[done1000]}")" "$(human "${TW[done10000]}")" \
        "$(human "${TW[import1000]}")" "$(human "${TW[import10000]}")"
    for N in $ALL_SIZES; do
        printf '\n### N = %s branches\n\n| # | measurement | median | p99 | notes |\n|---|---|---:|---:|---|\n' "$(int "$N")"
        awk -F'\t' '{ for (i = 1; i <= 5; i++) gsub(/\|/, "\\|", $i); printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$RES/n$N.tsv"
    done
}

render >"$RES/performance.md"
cat "$RES/performance.md"

if [ "${BENCH_NO_DOC:-0}" != 1 ]; then
    DOC=$REPO/docs/performance.md
    mkdir -p "$REPO/docs"
    if [ ! -f "$DOC" ]; then
        printf '# Performance\n\nMeasured by `scripts/bench.sh`; the part between the markers is rewritten by each run.\n\n<!-- bench:begin -->\n<!-- bench:end -->\n' >"$DOC"
    fi
    awk -v body="$RES/performance.md" '
        /<!-- bench:begin -->/ { print; while ((getline line < body) > 0) print line; skip = 1; next }
        /<!-- bench:end -->/ { skip = 0 }
        !skip { print }' "$DOC" >"$DOC.tmp"
    mv "$DOC.tmp" "$DOC"
    say "wrote $DOC"
fi
