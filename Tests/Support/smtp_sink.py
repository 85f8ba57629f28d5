#!/usr/bin/env python3
"""An SMTP server for GridDuty's mail tests (aiosmtpd): listens on 127.0.0.1 at any free
port, prints "PORT <n>", and writes each message it accepts to DIR/<n>.eml with its
envelope in DIR/<n>.json.

`smtp_sink.py parse FILE` prints a received message decoded as JSON: its headers decoded
from RFC 2047 and its body from its transfer encoding, by Python's own email package.
"""
import asyncio
import email
import email.policy
import itertools
import json
import signal
import os
import sys


def parse(path):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    headers = {}
    for name, value in message.items():
        headers.setdefault(name.lower(), []).append(str(value))
    print(json.dumps({
        "headers": headers,
        "to_addresses": [a.addr_spec for a in message["To"].addresses] if message["To"] else [],
        "to_names": [a.display_name for a in message["To"].addresses] if message["To"] else [],
        "content_type": message.get_content_type(),
        "charset": message.get_content_charset(),
        "body": message.get_content(),
    }, ensure_ascii=False))


async def serve(directory):
    from aiosmtpd.smtp import SMTP

    counter = itertools.count(1)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            n = next(counter)
            with open(os.path.join(directory, "%d.eml" % n), "wb") as f:
                f.write(envelope.original_content or envelope.content)
            with open(os.path.join(directory, "%d.json" % n), "w") as f:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
            return "250 OK"

    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(Handler()), "127.0.0.1", 0)
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    # A test runner may start us with signals blocked or ignored: stopping must still work.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if len(sys.argv) == 3 and sys.argv[1] == "parse":
        parse(sys.argv[2])
    else:
        os.makedirs(sys.argv[1], exist_ok=True)
        asyncio.run(serve(sys.argv[1]))
