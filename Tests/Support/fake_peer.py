#!/usr/bin/env python3
"""A fake of the HTTP receivers GridDuty delivers to, for its tests.

Plays a generic webhook (any path not below), WeCom (/cgi-bin/gettoken,
/cgi-bin/message/send, /cgi-bin/webhook/send) and DingTalk (/robot/send, checking the
access token, the signature and the timestamp). Listens on 127.0.0.1 at --port (0: any
free port) and prints "PORT <n>" once it listens.

Each request is logged to --log as a JSON line when it has been read and answered (or not):
{"seq", "n" (count on its path), "method", "path", "query", "idempotency_key", "content",
"body", "fault", "signature", "errcode"}, then a line {"seq", "complete"} saying whether
its response was written in full.

Faults are read from --faults (a JSON list, re-read on every request, so a test may change
it while the peer runs). Each: {"path": "/x" (omit or "*" for any), "nth": [1, 2] (the
path's 1-based request counts; omit for every request), "action": ...}:
  "status"        answer "status" with "headers" and "body" (text) as given
  "hang"          read the request, answer nothing until the client leaves or "seconds" pass
  "slow"          wait "seconds", then answer as usual
  "reset"         process and log the request as usual, then reset the connection unanswered
  "token-expired" expire the WeCom token in use before answering (WeCom's 42001)
"Down" is the peer not running: stop it, and start it again on the same --port.
"""
import argparse
import base64
import hashlib
import hmac
import itertools
import json
import signal
import select
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

options = None
lock = threading.Lock()
sequence = itertools.count(1)
per_path = {}
valid_tokens = set()
expired_tokens = set()
token_counter = itertools.count(1)


def log(record):
    with lock:
        with open(options.log, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def faults():
    if not options.faults:
        return []
    try:
        with open(options.faults, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return []


def fault_for(path, n):
    for fault in faults():
        if fault.get("path", "*") not in ("*", path):
            continue
        if "nth" in fault and n not in fault["nth"]:
            continue
        return fault
    return None


def content_of(body):
    if not isinstance(body, dict):
        return None
    text = body.get("text")
    if isinstance(text, dict):
        return text.get("content")
    alerts = body.get("alerts")
    if isinstance(alerts, list) and alerts:
        return alerts[0].get("annotations", {}).get("summary")
    return None


class Peer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self.handle_request()

    def do_POST(self):
        self.handle_request()

    def handle_request(self):
        split = urlsplit(self.path)
        path = split.path
        query = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        with lock:
            n = per_path[path] = per_path.get(path, 0) + 1
        seq = next(sequence)
        fault = fault_for(path, n)
        action = fault.get("action") if fault else None
        record = {
            "seq": seq, "n": n, "method": self.command, "path": path, "query": query,
            "idempotency_key": self.headers.get("Idempotency-Key"),
            "content_type": self.headers.get("Content-Type"),
            "content": content_of(body), "body": body, "fault": action,
            "signature": None, "errcode": None,
        }
        if action == "hang":
            log(record)
            self.hang(float(fault.get("seconds", 30)))
            log({"seq": seq, "complete": False})
            self.close_connection = True
            return
        if action == "slow":
            time.sleep(float(fault.get("seconds", 1)))
        if action == "token-expired":
            with lock:
                expired_tokens.update(valid_tokens)
                valid_tokens.clear()
        if action == "status":
            status = int(fault.get("status", 500))
            headers = fault.get("headers", {})
            answer = fault.get("body", "")
            answer = answer if isinstance(answer, str) else json.dumps(answer)
        else:
            status, headers, answer = 200, {}, json.dumps(self.answer(path, query, body, record), ensure_ascii=False)
        log(record)
        if action == "reset":
            # Processed and logged, then the connection is reset before any answer.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            log({"seq": seq, "complete": False})
            self.close_connection = True
            self.connection.close()
            return
        data = answer.encode("utf-8")
        complete = True
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, str(value))
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            complete = False
            self.close_connection = True
        log({"seq": seq, "complete": complete})

    def hang(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.connection], [], [], 0.05)
            if ready:
                try:
                    if not self.connection.recv(1, socket.MSG_PEEK):
                        return  # the client gave up and closed the connection
                except OSError:
                    return

    def answer(self, path, query, body, record):
        if path == "/cgi-bin/gettoken":
            if query.get("corpid") != options.wecom_corp or query.get("corpsecret") != options.wecom_secret:
                return self.error(record, 40001, "invalid credential")
            token = "token-%d" % next(token_counter)
            with lock:
                valid_tokens.add(token)
            record["errcode"] = 0
            return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": options.wecom_token_lifetime}
        if path == "/cgi-bin/message/send":
            token = query.get("access_token")
            with lock:
                expired, valid = token in expired_tokens, token in valid_tokens
            if expired:
                return self.error(record, 42001, "access_token expired")
            if not valid:
                return self.error(record, 40014, "invalid access_token")
            if not isinstance(body, dict) or body.get("agentid") != options.wecom_agent:
                return self.error(record, 40056, "invalid agentid")
            if body.get("msgtype") != "text" or not content_of(body):
                return self.error(record, 44004, "empty content")
            users = [u for u in str(body.get("touser", "")).split("|") if u]
            unknown = [u for u in users if u in options.wecom_unknown_user]
            record["errcode"] = 0
            return {"errcode": 0, "errmsg": "ok", "invaliduser": "|".join(unknown), "msgid": "msg-%d" % record["seq"]}
        if path == "/cgi-bin/webhook/send":
            if options.wecom_robot_key is not None and query.get("key") != options.wecom_robot_key:
                return self.error(record, 93000, "invalid webhook url")
            if not isinstance(body, dict) or body.get("msgtype") != "text" or not content_of(body):
                return self.error(record, 40008, "invalid message type")
            record["errcode"] = 0
            return {"errcode": 0, "errmsg": "ok"}
        if path == "/robot/send":
            if options.dingtalk_token is not None and query.get("access_token") != options.dingtalk_token:
                return self.error(record, 300001, "token is not exist")
            if options.dingtalk_secret is not None:
                timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
                key = options.dingtalk_secret.encode("utf-8")
                expected = base64.b64encode(
                    hmac.new(key, ("%s\n%s" % (timestamp, options.dingtalk_secret)).encode("utf-8"), hashlib.sha256).digest()
                ).decode("ascii")
                fresh = timestamp.isdigit() and abs(time.time() * 1000 - int(timestamp)) <= 3600 * 1000
                record["signature"] = "valid" if fresh and hmac.compare_digest(expected, sign) else "invalid"
                if record["signature"] != "valid":
                    return self.error(record, 310000, "sign not match")
            if not isinstance(body, dict) or body.get("msgtype") != "text" or not content_of(body):
                return self.error(record, 40035, "missing parameter")
            record["errcode"] = 0
            return {"errcode": 0, "errmsg": "ok"}
        return {"status": "ok"}

    def error(self, record, code, message):
        record["errcode"] = code
        return {"errcode": code, "errmsg": message}


def main():
    global options
    parser = argparse.ArgumentParser(description="A fake WeCom, DingTalk and webhook receiver for tests.")
    parser.add_argument("--log", required=True)
    parser.add_argument("--faults")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--wecom-corp", default="corp")
    parser.add_argument("--wecom-secret", default="app-secret")
    parser.add_argument("--wecom-agent", type=int, default=1000002)
    parser.add_argument("--wecom-token-lifetime", type=int, default=7200)
    parser.add_argument("--wecom-unknown-user", action="append", default=[])
    parser.add_argument("--wecom-robot-key")
    parser.add_argument("--dingtalk-token")
    parser.add_argument("--dingtalk-secret")
    options = parser.parse_args()
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    server = ThreadingHTTPServer(("127.0.0.1", options.port), Peer)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    # A test runner may start us with signals blocked or ignored: stopping must still work.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    main()
