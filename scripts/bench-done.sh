#!/usr/bin/env bash
# bench-done.sh — `gridctl done` by the owner, one build against another, on the example branch.
#
#   scripts/bench-done.sh OLD_GRIDCTL OLD_SCHEDULES NEW_GRIDCTL [RUNS]
#
# Each build records the same kind of item for the back-office deputy (zhou.min) on a fresh
# copy of its own database, prepared once (hyperfine --prepare): the old build with
# `--by zhou.min` on OLD_SCHEDULES, the new one as the login running this script, which a
# copy of this checkout's schedules maps to her (`unix-user:`), on a real database. Prints
# median, mean, user and system time per build. Needs hyperfine, jq and sqlite3; run as a
# member of the admin group (or root), which creating the real database requires.
set -euo pipefail
OLD=$1 OLD_CFG=$2 NEW=$3 RUNS=${4:-40}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
W=$(mktemp -d /tmp/gridduty-bench-done.XXXXXX)
trap 'rm -rf "$W"' EXIT
cp -r "$REPO/schedules" "$W/new-cfg"
sed -i -E "s/^([[:space:]]+name: 周敏)\$/\\1\\n    unix-user: $(id -un)/" "$W/new-cfg/branches/example.yaml"
cp -r "$OLD_CFG" "$W/old-cfg"
"$OLD" due --config "$W/old-cfg" --db "$W/old.sqlite" >/dev/null
"$NEW" migrate --config "$W/new-cfg" --db "$W/new.sqlite" >/dev/null
"$NEW" due --config "$W/new-cfg" --db "$W/new.sqlite" >/dev/null
first() { "$1" due --config "$2" --db "$3" --person zhou.min --format json | jq '.[0].id'; }
id_old=$(first "$OLD" "$W/old-cfg" "$W/old.sqlite")
id_new=$(first "$NEW" "$W/new-cfg" "$W/new.sqlite")
for f in old new; do
    sqlite3 "$W/$f.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
    cp "$W/$f.sqlite" "$W/$f.orig"
done
hyperfine -N --style none --runs "$RUNS" --warmup 3 \
    --prepare "cp $W/old.orig $W/old.sqlite" -n old \
    "$OLD done $id_old --by zhou.min --config $W/old-cfg --db $W/old.sqlite" \
    --prepare "cp $W/new.orig $W/new.sqlite" -n new \
    "$NEW done $id_new --config $W/new-cfg --db $W/new.sqlite" \
    --export-json "$W/hf.json" >/dev/null
jq -r '.results[] | "\(.command): median \(.median * 1e3 | . * 10 | round / 10) ms, mean \(.mean * 1e3 | . * 10 | round / 10) ms, user \(.user * 1e3 | . * 10 | round / 10) ms, system \(.system * 1e3 | . * 10 | round / 10) ms"' "$W/hf.json"
