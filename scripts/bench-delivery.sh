#!/usr/bin/env bash
# bench-delivery.sh — the outbox drained into a local webhook: messages per second and the
# sender's peak memory, for N messages already in the outbox (as a day's digests leave them).
#
#   scripts/bench-delivery.sh                 # N = 20000, the release build in .build-bench-static
#   BENCH_MESSAGES=100000 BIN=.build/release scripts/bench-delivery.sh
#
# The receiver is a minimal HTTP/1.1 sink (keep-alive, answers 200 at once) on loopback; the
# sender is `gridd-notify --once` with the webhook receiver's defaults but `concurrency`.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$REPO/.build-bench-static/release}
N=${BENCH_MESSAGES:-20000}
CONCURRENCY=${BENCH_CONCURRENCY:-16}
WORK=${BENCH_DIR:-/tmp/gridduty-bench}/delivery
rm -rf "$WORK" && mkdir -p "$WORK/config"

cat >"$WORK/sink.py" <<'PY'
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
print(server.server_address[1], flush=True)
server.serve_forever()
PY
coproc SINK { exec python3 "$WORK/sink.py"; }
read -r PORT <&"${SINK[0]}"
trap 'kill $SINK_PID 2>/dev/null || true' EXIT

cat >"$WORK/config/notify.yaml" <<YAML
receivers:
  - { id: hook, kind: webhook, url: "http://127.0.0.1:$PORT/bench", concurrency: $CONCURRENCY, rate: 100000/s }
YAML
DB=$WORK/outbox.sqlite
"$BIN/gridctl" migrate --simulation --db "$DB" >/dev/null 2>&1
# N digest messages of a typical length, as the daemon writes them.
sqlite3 "$DB" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO delivery (source, source_id, receiver, kind, branch, recipients, title, body, created_at, next_attempt_ms)
SELECT 'digest', i, 'hook', 'digest', 'b' || (i % 20000),
    '[{"address":null,"name":"员工' || i || '","person":"p' || i || '"}]',
    '【逾期汇总】员工' || i || '：3 项逾期事项',
    '示例支行 2026-06-10：你有 3 项逾期事项（本人 3 项），最早于 2026-06-01 17:00 到期。' || char(10) ||
    '· 营业场安全检查日志（2026-06-01，员工）逾期 6 个工作日：gridctl done ' || i || char(10) ||
    '全部逾期事项：gridctl overdue --person p' || i,
    1781000000, 1781000000000
FROM n;
SQL
start=$EPOCHREALTIME
/usr/bin/time -f "%M" -o "$WORK/rss" "$BIN/gridd-notify" --config "$WORK/config" --db "$DB" --once --within 3600 \
    --log-format journal >"$WORK/notify.log" 2>&1
end=$EPOCHREALTIME
sent=$(sqlite3 "$DB" "SELECT count(*) FROM delivery WHERE state = 1")
awk -v s="$start" -v e="$end" -v n="$sent" -v rss="$(cat "$WORK/rss")" -v c="$CONCURRENCY" 'BEGIN {
    printf "%d messages sent in %.2f s: %.0f messages/s, peak RSS %.0f MB (concurrency %d)\n", n, e - s, n / (e - s), rss / 1024, c }'
[ "$sent" = "$N" ] || { echo "only $sent of $N sent" >&2; exit 1; }
