"""Signing rules and wire formats of the endpoint kinds, quiet-hour arithmetic, the rules API."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, time
from urllib.parse import parse_qs, unquote_plus, urlsplit
from zoneinfo import ZoneInfo

from services.notifications.domain.directory import QuietHours
from services.notifications.domain.schedule import in_quiet, next_digest, quiet_end
from services.notifications.domain.signing import (
    Payload,
    interpret,
    request_for,
    verify_webhook,
    webhook_signature,
)
from shared.store import Query
from tests.unit.notifications.support import token

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
P = Payload(
    "n|webhook",
    "n",
    "e-1",
    "canteen.inspection.failed.v1",
    "c-1",
    None,
    "warning",
    "zh-CN",
    "卫生检查不合格",
    "生熟砧板混用",
    {"canteen_id": "south"},
)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_webhook_is_signed_over_timestamp_and_raw_body_and_verified_within_the_window():
    req = request_for("webhook", "https://hooks.example.edu.cn/x", "k" * 16, P, now=NOW)
    ts, sig = req.headers["X-Campus-Timestamp"], req.headers["X-Campus-Signature"]
    mac = hmac.new(b"k" * 16, f"{ts}.".encode() + req.body, hashlib.sha256).hexdigest()
    assert sig == f"v1={mac}" and int(ts) == int(NOW.timestamp())
    assert json.loads(req.body)["event"]["id"] == "e-1"
    now = NOW.timestamp()
    ok = {"timestamp": ts, "signature": sig, "now": now}
    assert verify_webhook("k" * 16, body=req.body, **ok) is None
    assert verify_webhook("k" * 16, body=req.body + b" ", **ok) == "signature does not match"
    assert verify_webhook("other-secret", body=req.body, **ok) == "signature does not match"
    late = {**ok, "now": now + 301}
    assert "replay window" in verify_webhook("k" * 16, body=req.body, **late)
    rotated = {**ok, "signature": f"v1=00, {sig}"}
    assert verify_webhook("k" * 16, body=req.body, **rotated) is None
    assert webhook_signature("k", 1, b"{}") != webhook_signature("k", 2, b"{}")


def test_dingtalk_signs_the_url_and_feishu_the_body_each_by_its_own_rule():
    ding = request_for(
        "dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=T", "SECabc", P, now=NOW
    )
    q = parse_qs(urlsplit(ding.url).query)
    ms = q["timestamp"][0]
    assert ms == str(int(NOW.timestamp() * 1000))
    expected = base64.b64encode(
        hmac.new(b"SECabc", f"{ms}\nSECabc".encode(), hashlib.sha256).digest()
    ).decode()
    assert q["sign"][0] == expected and unquote_plus(ding.url.split("sign=")[1]) == expected
    assert json.loads(ding.body)["msgtype"] == "markdown"
    feishu = json.loads(request_for("feishu", "https://open.feishu.cn/x", "fs", P, now=NOW).body)
    s = feishu["timestamp"]
    key = f"{s}\nfs".encode()
    assert feishu["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert feishu["msg_type"] == "text" and "卫生检查不合格" in feishu["content"]["text"]
    wecom = request_for(
        "wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K", None, P, now=NOW
    )
    assert "X-Campus-Signature" not in wecom.headers  # WeCom: the key in the URL is the secret


def test_answers_mean_sent_retry_or_never():
    assert interpret("wecom", 200, b'{"errcode":0,"errmsg":"ok"}').outcome == "sent"
    assert interpret("wecom", 200, b'{"errcode":45009,"errmsg":"freq"}').outcome == "temporary"
    assert interpret("wecom", 200, b'{"errcode":93000,"errmsg":"bad key"}').outcome == "permanent"
    assert interpret("dingtalk", 200, b'{"errcode":310000,"errmsg":"sign"}').outcome == "permanent"
    assert interpret("feishu", 200, b'{"code":0,"msg":"success"}').outcome == "sent"
    assert interpret("feishu", 200, b'{"code":11232,"msg":"frequency"}').outcome == "temporary"
    assert interpret("webhook", 204, b"").outcome == "sent"
    assert interpret("webhook", 503, b"down").outcome == "temporary"
    assert interpret("webhook", 429, b"").outcome == "temporary"
    assert interpret("webhook", 401, b"bad signature").outcome == "permanent"


def test_quiet_hours_span_midnight_and_end_in_campus_time():
    night = QuietHours(time(22), time(7))
    assert in_quiet(night, time(23, 30)) and in_quiet(night, time(6, 59))
    assert not in_quiet(night, time(7)) and not in_quiet(night, time(21, 59))
    at = datetime(2025, 3, 3, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai
    assert quiet_end(night, at, SHANGHAI) == datetime(2025, 3, 3, 23, 0, tzinfo=UTC)
    assert quiet_end(night, datetime(2025, 3, 3, 4, 0, tzinfo=UTC), SHANGHAI) is None
    assert next_digest(at, time(18), SHANGHAI) == datetime(2025, 3, 4, 10, 0, tzinfo=UTC)


ADMIN = token("u-admin-1", "logistics_admin")
RULE = {
    "events": ["canteen.temperature.*"],
    "scope": {"canteen": ["south"]},
    "recipients": [{"person": "u-chef"}, {"endpoints": "canteen"}],
    "channels": {"critical": ["in_app", "sms", "wecom"]},
    "escalate_after_minutes": 10,
    "escalate_to": [{"role": "logistics_admin"}],
}


async def test_rules_are_changed_by_administrators_only_and_each_change_is_an_event(client):
    r = await client.put("/routing-rules/south-cold-chain", json=RULE, headers=ADMIN)
    assert r.status_code == 201, r.text
    assert r.json()["origin"] == "api" and r.json()["updated_by"] == "u-admin-1"
    again = await client.put("/routing-rules/south-cold-chain", json=RULE, headers=ADMIN)
    assert again.status_code == 200
    manager = token("u-m", "canteen_manager", canteen=["south"])
    assert (await client.put("/routing-rules/x", json=RULE, headers=manager)).status_code == 403
    assert (await client.get("/routing-rules/south-cold-chain", headers=manager)).status_code == 200
    bad = [
        {**RULE, "recipients": [{"role": "dispatcher", "person": "u-x"}]},
        {**RULE, "escalate_to": []},
        {**RULE, "channels": {"info": ["email"]}},
        {**RULE, "events": ["Bad Type!"]},
        {**RULE, "surprise": 1},
    ]
    for body in bad:
        assert (await client.put("/routing-rules/y", json=body, headers=ADMIN)).status_code == 422
    query = Query({"routing_key": "notifications.rule.changed.v1"})
    changes = (await client.runtime.store.find("outbox", query)).items
    mine = [c for c in changes if c["envelope"]["subject"] == "south-cold-chain"]
    assert len(mine) == 1 and mine[0]["envelope"]["actor"] == "u-admin-1"
    assert (
        await client.delete("/routing-rules/south-cold-chain", headers=ADMIN)
    ).status_code == 204
    assert (await client.get("/routing-rules/south-cold-chain", headers=ADMIN)).status_code == 404


async def test_endpoints_never_show_their_secret_and_templates_that_do_not_compile_are_refused(
    client,
):
    body = {
        "kind": "dingtalk",
        "name": "维修群",
        "url": "https://oapi.dingtalk.com/robot/send?access_token=T",
        "secret": "SEC0123456789",
        "scopes": {"building": ["B03"]},
    }
    r = await client.put("/endpoints/ding-b03", json=body, headers=ADMIN)
    assert r.status_code == 201 and "SEC0123456789" not in r.text and r.json()["has_secret"]
    assert r.json()["url"] == "https://oapi.dingtalk.com/robot/send?…"
    kept = await client.put(
        "/endpoints/ding-b03", json={k: v for k, v in body.items() if k != "secret"}, headers=ADMIN
    )
    assert kept.json()["secret_fingerprint"] == r.json()["secret_fingerprint"]
    name = "/templates/canteen.inspection.failed.v1.zh-CN"
    broken = await client.put(name, json={"source": "{% block title %}{{ x"}, headers=ADMIN)
    assert broken.status_code == 422
    ok = await client.put(
        name,
        json={"source": "{% block title %}t{% endblock %}{% block body %}b{% endblock %}"},
        headers=ADMIN,
    )
    assert ok.status_code == 200 and ok.json()["origin"] == "override"
    assert (await client.delete(name, headers=ADMIN)).status_code == 204
    assert (await client.get(name, headers=ADMIN)).json()["origin"] == "file"
