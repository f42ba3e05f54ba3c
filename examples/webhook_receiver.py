"""A campus system's receiver of Campus Logistics webhooks, verifying every signature.

    python examples/webhook_receiver.py --port 9000 --secret "$WEBHOOK_SECRET" --log received.jsonl

Standard library only, so any campus system can copy it. For each POST it:

1. reads the raw body (the signature covers the bytes, not a re-serialised JSON);
2. refuses (401) a request whose `X-Campus-Timestamp` is outside the replay window (300 s) or
   whose `X-Campus-Signature` (`v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`) does not
   match: a tampered body, a wrong secret, or a captured request replayed later;
3. answers 200 to a delivery it has seen (`X-Campus-Delivery-Id`): the sender retries until it
   gets a 2xx, so a copy must be harmless;
4. appends the accepted message to `--log` as one JSON line.

It also answers as a WeCom-style group robot on `/cgi-bin/webhook/send?key=…` (`--wecom-key`),
returning `{"errcode": 0}` as 企业微信 does, for trying the robot channel without the internet.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

REPLAY_WINDOW_SECONDS = 300
MAX_BODY = 1_000_000


def verify(
    secret: str,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float,
    window: int = REPLAY_WINDOW_SECONDS,
) -> str | None:
    """None when authentic and fresh; otherwise why not."""
    if not timestamp or not signature:
        return "missing X-Campus-Timestamp or X-Campus-Signature"
    try:
        ts = int(timestamp)
    except ValueError:
        return "timestamp is not an integer"
    if abs(now - ts) > window:
        return f"timestamp outside the {window} s replay window"
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    expected = f"v1={mac}"
    if not any(hmac.compare_digest(expected, s.strip()) for s in signature.split(",")):
        return "signature does not match"
    return None


class Receiver(BaseHTTPRequestHandler):
    """Verifies, de-duplicates and records; configured through the server's attributes."""

    server: ReceiverServer

    def log_message(self, format: str, *args: object) -> None:  # quiet: one line per message
        return

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 (the http.server API)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._answer(413, {"error": "too large"})
            return
        body = self.rfile.read(length)
        url = urlsplit(self.path)
        if url.path == "/cgi-bin/webhook/send":
            self._robot(parse_qs(url.query).get("key", [""])[0], body)
            return
        refused = verify(
            self.server.secret,
            self.headers.get("X-Campus-Timestamp"),
            self.headers.get("X-Campus-Signature"),
            body,
            time.time(),
        )
        if refused is not None:
            self.server.record({"refused": refused})
            self._answer(401, {"error": refused})
            return
        delivery = self.headers.get("X-Campus-Delivery-Id", "")
        with self.server.lock:
            duplicate = delivery in self.server.seen
            self.server.seen.add(delivery)
        if not duplicate:
            self.server.record(
                {"kind": "webhook", "delivery_id": delivery, "message": json.loads(body)}
            )
        self._answer(200, {"ok": True, "duplicate": duplicate})

    def _robot(self, key: str, body: bytes) -> None:
        if not self.server.wecom_key or not hmac.compare_digest(key, self.server.wecom_key):
            self._answer(200, {"errcode": 93000, "errmsg": "invalid webhook url"})
            return
        self.server.record({"kind": "wecom", "message": json.loads(body)})
        self._answer(200, {"errcode": 0, "errmsg": "ok"})


class ReceiverServer(ThreadingHTTPServer):
    """The HTTP server with the receiver's configuration and what it has seen."""

    def __init__(
        self, address: tuple[str, int], *, secret: str, log: Path | None, wecom_key: str | None
    ) -> None:
        super().__init__(address, Receiver)
        self.secret = secret
        self.log = log
        self.wecom_key = wecom_key
        self.seen: set[str] = set()
        self.lock = threading.Lock()

    def record(self, entry: dict) -> None:
        """Append one JSON line to the log (and print it)."""
        line = json.dumps({"received_at": time.time(), **entry}, ensure_ascii=False)
        print(line, flush=True)
        if self.log is not None:
            with self.lock, self.log.open("a", encoding="utf-8") as f:
                f.write(line + "\n")


def main() -> None:
    """Parse the arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--secret", required=True, help="the endpoint's secret")
    parser.add_argument("--log", type=Path, default=None, help="append accepted messages here")
    parser.add_argument("--wecom-key", default=None, help="answer as a WeCom robot with this key")
    args = parser.parse_args()
    server = ReceiverServer(
        (args.host, args.port), secret=args.secret, log=args.log, wecom_key=args.wecom_key
    )
    print(json.dumps({"listening": f"http://{args.host}:{args.port}"}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
