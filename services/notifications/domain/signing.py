"""Wire formats and signing rules of the endpoint kinds, and what their answers mean. Pure.

- `webhook` (campus systems): JSON body; `X-Campus-Timestamp` (Unix seconds) and
  `X-Campus-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. The receiver
  recomputes it over the raw body and refuses a timestamp outside its replay window (300 s in
  `examples/webhook_receiver.py`), so a captured request cannot be replayed later and a changed
  byte fails. `X-Campus-Delivery-Id` is the same on every retry: the receiver's dedupe key.
  The scheme is the one Stripe and Slack use for theirs.
- `wecom` (企业微信群机器人): the `key` in the URL is the credential; WeCom offers no signature.
  Body `{"msgtype": "markdown", ...}`; answer `{"errcode": 0}`.
- `dingtalk` (钉钉自定义机器人, 加签): `sign = urlencode(base64(HMAC-SHA256(key=secret,
  msg="<timestamp ms>\\n<secret>")))` appended to the URL with `timestamp`; DingTalk refuses a
  timestamp more than an hour off. Answer `{"errcode": 0}`; 130101 is "sending too fast".
- `feishu` (飞书自定义机器人, 签名校验): `sign = base64(HMAC-SHA256(key="<timestamp s>\\n<secret>",
  msg=""))`, sent in the body with `timestamp`. Answer `{"code": 0}`; 11232 is rate limiting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote_plus

from services.notifications.domain.attempts import SendResult

SIGNATURE_VERSION = "v1"
REPLAY_WINDOW_SECONDS = 300
#: Robot error codes that mean "try again later" (rate limits, busy); others are final.
_TEMPORARY_CODES = {"wecom": {-1, 45009}, "dingtalk": {-1, 130101}, "feishu": {11232, 9499}}
_DETAIL_MAX = 300


@dataclass(frozen=True)
class HttpRequest:
    """One POST to an endpoint."""

    url: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Payload:
    """What is sent, independent of the wire format."""

    delivery_id: str
    notification_id: str
    event_id: str
    event_type: str
    correlation_id: str | None
    subject: str | None
    severity: str
    language: str
    title: str
    body: str
    links: dict[str, str]


def webhook_signature(secret: str, timestamp: int, body: bytes) -> str:
    """`v1=<hex>` over "<timestamp>.<body>" with the endpoint's secret."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"{SIGNATURE_VERSION}={mac.hexdigest()}"


def verify_webhook(
    secret: str,
    *,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    now: float,
    window: int = REPLAY_WINDOW_SECONDS,
) -> str | None:
    """None when the request is authentic and fresh; otherwise why it is refused."""
    if not timestamp or not signature:
        return "missing X-Campus-Timestamp or X-Campus-Signature"
    try:
        ts = int(timestamp)
    except ValueError:
        return "timestamp is not an integer"
    if abs(now - ts) > window:
        return f"timestamp outside the {window} s replay window"
    expected = webhook_signature(secret, ts, body)
    # Several signatures may be sent while a secret is rotated: any one valid is enough.
    offered = [s.strip() for s in signature.split(",")]
    if not any(hmac.compare_digest(expected, s) for s in offered):
        return "signature does not match"
    return None


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: url-encoded base64 HMAC-SHA256 of "<ms>\\n<secret>" keyed by the secret."""
    mac = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return quote_plus(base64.b64encode(mac.digest()).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's 签名校验: base64 HMAC-SHA256 keyed by "<s>\\n<secret>" over an empty message."""
    mac = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _markdown(p: Payload) -> str:
    mark = "🔴 " if p.severity == "critical" else ""
    return f"**{mark}{p.title}**\n{p.body}"


def request_for(
    kind: str, url: str, secret: str | None, p: Payload, *, now: datetime
) -> HttpRequest:
    """The signed request of one delivery to an endpoint of `kind`."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if kind == "webhook":
        body = _json(
            {
                "delivery_id": p.delivery_id,
                "notification_id": p.notification_id,
                "event": {
                    "id": p.event_id,
                    "type": p.event_type,
                    "subject": p.subject,
                    "correlationid": p.correlation_id,
                },
                "severity": p.severity,
                "language": p.language,
                "title": p.title,
                "body": p.body,
                "links": p.links,
            }
        )
        ts = int(now.timestamp())
        headers |= {
            "X-Campus-Timestamp": str(ts),
            "X-Campus-Delivery-Id": p.delivery_id,
            "X-Campus-Event-Type": p.event_type,
        }
        if secret:
            headers["X-Campus-Signature"] = webhook_signature(secret, ts, body)
        return HttpRequest(url, headers, body)
    if kind == "wecom":
        body = _json({"msgtype": "markdown", "markdown": {"content": _markdown(p)}})
        return HttpRequest(url, headers, body)
    if kind == "dingtalk":
        body = _json({"msgtype": "markdown", "markdown": {"title": p.title, "text": _markdown(p)}})
        if secret:
            ms = int(now.timestamp() * 1000)
            sep = "&" if "?" in url else "?"
            url = f"{url}{sep}timestamp={ms}&sign={dingtalk_sign(secret, ms)}"
        return HttpRequest(url, headers, body)
    if kind == "feishu":
        message: dict[str, Any] = {"msg_type": "text", "content": {"text": f"{p.title}\n{p.body}"}}
        if secret:
            ts = int(now.timestamp())
            message = {"timestamp": str(ts), "sign": feishu_sign(secret, ts), **message}
        return HttpRequest(url, headers, _json(message))
    raise ValueError(f"unknown endpoint kind {kind!r}")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _DETAIL_MAX else text[:_DETAIL_MAX] + "…"


def interpret(kind: str, status: int, body: bytes) -> SendResult:
    """What an endpoint's HTTP answer means: sent, try again later, or never."""
    text = _short(body.decode("utf-8", "replace"))
    if status in (408, 425, 429) or status >= 500:
        return SendResult("temporary", f"HTTP {status}: {text}", status)
    if not 200 <= status < 300:
        return SendResult("permanent", f"HTTP {status}: {text}", status)
    if kind == "webhook":
        return SendResult("sent", f"HTTP {status}", status)
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return SendResult("temporary", f"HTTP {status}, not JSON: {text}", status)
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode", 0)))
    if code == 0:
        return SendResult("sent", f"HTTP {status}, code 0", status)
    message = answer.get("errmsg", answer.get("msg", answer.get("StatusMessage", "")))
    outcome = "temporary" if code in _TEMPORARY_CODES.get(kind, set()) else "permanent"
    return SendResult(outcome, f"{kind} code {code}: {_short(str(message))}", status)
