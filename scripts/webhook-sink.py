#!/usr/bin/env python3
"""A webhook receiver to try GridDuty's delivery with: prints one line per message received
(its idempotency key, kind and title) and answers 200. Only for trying things out locally.

    python3 scripts/webhook-sink.py --port 9095
"""
import argparse
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        try:
            payload = json.loads(body)
            alert = (payload.get("alerts") or [{}])[0]
            labels = alert.get("labels", {})
            title = alert.get("annotations", {}).get("summary", "")
            line = f"{self.headers.get('Idempotency-Key', '-')} {labels.get('alertname', '?')} {title}"
        except (ValueError, AttributeError):
            line = f"{self.headers.get('Idempotency-Key', '-')} (not JSON: {len(body)} bytes)"
        print(line, flush=True)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=9095)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Sink)
    print(f"listening on http://127.0.0.1:{args.port}/", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
