"""Issue 13 acceptance on real parts: RabbitMQ, an aiosmtpd server process, and the example
webhook receiver (examples/webhook_receiver.py) as its own process, on free loopback ports."""

from __future__ import annotations

import asyncio
import contextlib
import json
import mailbox
import subprocess
import sys
import time
from collections.abc import Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path

import aio_pika
import httpx
import pytest

from services.notifications.domain.signing import webhook_signature
from services.notifications.main import build
from services.notifications.settings import NotificationsSettings
from shared.auth import AuthSettings, mint_token
from shared.envelope import EventData, EventRegistry, make_envelope
from shared.outbox import amqp_message
from tests.harness import drain, eventually, free_port, serve

pytestmark = pytest.mark.broker
ROOT = Path(__file__).resolve().parents[3]
SECRET = "s3cret-campus-webhook"
ROBOT_KEY = "robot-key-south"
registry = EventRegistry()


# The publisher's side, as issue 10 spells it (a test never imports another service).
@registry.register("canteen.inspection.failed.v1")
class InspectionFailed(EventData):
    canteen_id: str
    inspection_id: str
    place: str
    item: str
    finding: str
    equipment: bool


@registry.register("canteen.stock.expiring.v1")
class StockExpiring(EventData):
    canteen_id: str
    item: str
    batch_id: str
    expires_on: str


def bearer(sub: str, role: str, **scopes: list[str]) -> dict[str, str]:
    token = mint_token(AuthSettings(), sub=sub, roles=[role], scopes=scopes)
    return {"Authorization": f"Bearer {token}"}


ADMIN = bearer("u-admin-1", "logistics_admin")


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


@contextlib.contextmanager
def process(args: list[str], port: int) -> Iterator[subprocess.Popen]:
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, proc)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def smtp_process(port: int, maildir: Path):
    return process(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Mailbox",
            str(maildir),
        ],
        port,
    )


def receiver_process(port: int, log: Path):
    return process(
        [
            sys.executable,
            str(ROOT / "examples" / "webhook_receiver.py"),
            "--port",
            str(port),
            "--secret",
            SECRET,
            "--log",
            str(log),
            "--wecom-key",
            ROBOT_KEY,
        ],
        port,
    )


def received(log: Path) -> list[dict]:
    return [json.loads(x) for x in log.read_text().splitlines()] if log.exists() else []


def mails(maildir: Path) -> list:
    box = mailbox.Maildir(maildir, factory=None, create=True)
    return [BytesParser(policy=policy.default).parsebytes(m.as_bytes()) for m in box]


def settings(vhost_url, namespace, tmp_path, smtp_port) -> NotificationsSettings:
    return NotificationsSettings(
        amqp_url=vhost_url,
        namespace=namespace,
        data_dir=tmp_path,
        delivery_limit=3,
        smtp_port=smtp_port,
        email_poll_seconds=0.1,
        webhook_poll_seconds=0.1,
        webhook_backoff_seconds=0.4,
        webhook_backoff_max_seconds=1.0,
        webhook_max_attempts=4,
        webhook_timeout_seconds=2,
        webhook_claim_seconds=5,
        reroute_poll_seconds=0.2,
    )


async def publish(vhost_url, namespace, event, times: int = 1) -> None:
    conn = await aio_pika.connect(vhost_url)
    try:
        channel = await conn.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(f"{namespace}.events", ensure=False)
        for _ in range(times):
            await exchange.publish(
                amqp_message(event.to_json()), routing_key=event.type, mandatory=True
            )
    finally:
        await conn.close()


def envelope(data: EventData):
    return make_envelope(
        data,
        source="/campus-logistics/canteen",
        subject=None,
        correlation_id=None,
        causation_id=None,
        actor="u-canteen-staff-1",
    )


async def put_people(http: httpx.AsyncClient) -> None:
    for user_id, canteen, lang in (("u-south", "south", "en"), ("u-north", "north", "zh-CN")):
        body = {
            "name": f"{canteen} 经理",
            "roles": ["canteen_manager"],
            "scopes": {"canteen": [canteen]},
            "email": f"{user_id}@example.edu.cn",
            "channels": ["in_app", "email"],
            "language": lang,
        }
        assert (await http.put(f"/people/{user_id}", json=body, headers=ADMIN)).status_code == 201


async def put_endpoint(http, endpoint_id: str, body: dict) -> None:
    r = await http.put(f"/endpoints/{endpoint_id}", json=body, headers=ADMIN)
    assert r.status_code == 201, r.text


async def test_inspection_failed_three_times_reaches_south_once_on_each_channel(
    vhost_url, namespace, tmp_path
):
    smtp_port, hook_port = free_port(), free_port()
    maildir, log = tmp_path / "maildir", tmp_path / "received.jsonl"
    app = build(settings(vhost_url, namespace, tmp_path, smtp_port))
    with smtp_process(smtp_port, maildir), receiver_process(hook_port, log):
        async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
            await put_people(http)
            await put_endpoint(
                http,
                "wecom-south",
                {
                    "kind": "wecom",
                    "name": "南区食堂后厨群",
                    "scopes": {"canteen": ["south"]},
                    "url": f"http://127.0.0.1:{hook_port}/cgi-bin/webhook/send?key={ROBOT_KEY}",
                },
            )
            event = envelope(
                InspectionFailed(
                    canteen_id="south",
                    inspection_id="I-1",
                    place="后厨",
                    item="砧板生熟分开",
                    finding="生熟砧板混用",
                    equipment=False,
                )
            )
            await publish(vhost_url, namespace, event, times=3)
            await eventually(
                lambda: _async(lambda: (mails(maildir), received(log))),
                lambda got: len(got[0]) >= 1 and len(got[1]) >= 1,
                timeout=30,
            )
            await _settle(http)
            south = (
                await http.get("/notifications/me", headers=bearer("u-south", "canteen_manager"))
            ).json()
            north = (
                await http.get("/notifications/me", headers=bearer("u-north", "canteen_manager"))
            ).json()
            [note] = south["items"]
            assert north["items"] == []
            everyone = await http.get(
                "/notifications",
                params={"source_event_id": event.id},
                headers=bearer("u-aud", "auditor"),
            )
            assert sorted(n["recipient_id"] for n in everyone.json()["items"]) == [
                "endpoint:wecom-south",
                "u-south",
            ]
            lines = (
                await http.get(
                    f"/notifications/{note['notification_id']}/deliveries",
                    headers=bearer("u-south", "canteen_manager"),
                )
            ).json()
            assert {(d["channel"], d["status"]) for d in lines} == {
                ("in_app", "delivered"),
                ("email", "sent"),
            }
            metrics = (await http.get("/metrics")).text
    [mail] = mails(maildir)
    assert mail["To"].addresses[0].addr_spec == "u-south@example.edu.cn"
    assert mail["Subject"] == "Hygiene inspection failed: 砧板生熟分开"
    assert "生熟砧板混用" in mail.get_body(("plain",)).get_content()
    [robot] = received(log)
    assert robot["kind"] == "wecom" and robot["message"]["msgtype"] == "markdown"
    assert "砧板生熟分开" in robot["message"]["markdown"]["content"]
    assert 'campus_notifications_delivered_total{channel="wecom"} 1.0' in metrics
    assert 'campus_notifications_delivered_total{channel="email"} 1.0' in metrics
    assert 'campus_notifications_delivery_latency_seconds_count{channel="in_app"} 1.0' in metrics


async def _async(fn):
    return fn()


async def _settle(http) -> None:
    """Wait until no outbound line is pending or being sent."""

    async def busy():
        for status in ("pending", "sending"):
            page = await http.get("/deliveries", params={"status": status}, headers=ADMIN)
            if page.json()["items"]:
                return True
        return False

    await eventually(busy, lambda b: not b, timeout=30)


async def test_signed_webhook_retries_while_the_receiver_is_down_and_fails_once_past_budget(
    vhost_url, namespace, tmp_path
):
    hook_port, dead_port = free_port(), free_port()
    log = tmp_path / "received.jsonl"
    app = build(settings(vhost_url, namespace, tmp_path, free_port()))
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        await put_people(http)
        for endpoint_id, port in (("security", hook_port), ("gone", dead_port)):
            await put_endpoint(
                http,
                endpoint_id,
                {
                    "kind": "webhook",
                    "name": endpoint_id,
                    "secret": SECRET,
                    "scopes": {"canteen": ["south"]},
                    "url": f"http://127.0.0.1:{port}/hook",
                },
            )
        event = envelope(
            InspectionFailed(
                canteen_id="south",
                inspection_id="I-2",
                place="库房",
                item="防鼠设施",
                finding="挡鼠板缺失",
                equipment=False,
            )
        )
        await publish(vhost_url, namespace, event)

        async def line(endpoint_id):
            page = await http.get(
                "/deliveries", params={"recipient_id": f"endpoint:{endpoint_id}"}, headers=ADMIN
            )
            return page.json()["items"]

        # The receiver is down: the line is retried with backoff.
        retried = await eventually(
            lambda: line("security"), lambda ls: ls and ls[0]["attempts"] >= 2, timeout=30
        )
        assert retried[0]["status"] in ("pending", "sending")
        with receiver_process(hook_port, log):
            await eventually(
                lambda: line("security"), lambda ls: ls[0]["status"] == "sent", timeout=30
            )
            # A tampered body and an old timestamp are refused by the receiver.
            body = b'{"title": "forged"}'
            now = int(time.time())
            async with httpx.AsyncClient() as plain:
                tampered = await plain.post(
                    f"http://127.0.0.1:{hook_port}/hook",
                    content=body + b" ",
                    headers={
                        "X-Campus-Timestamp": str(now),
                        "X-Campus-Signature": webhook_signature(SECRET, now, body),
                    },
                )
                old = await plain.post(
                    f"http://127.0.0.1:{hook_port}/hook",
                    content=body,
                    headers={
                        "X-Campus-Timestamp": str(now - 600),
                        "X-Campus-Signature": webhook_signature(SECRET, now - 600, body),
                    },
                )
                fresh = await plain.post(
                    f"http://127.0.0.1:{hook_port}/hook",
                    content=body,
                    headers={
                        "X-Campus-Timestamp": str(now),
                        "X-Campus-Signature": webhook_signature(SECRET, now, body),
                        "X-Campus-Delivery-Id": "manual-1",
                    },
                )
        assert (
            tampered.status_code == 401 and tampered.json()["error"] == "signature does not match"
        )
        assert old.status_code == 401 and "replay window" in old.json()["error"]
        assert fresh.status_code == 200
        [failed] = await eventually(
            lambda: line("gone"), lambda ls: ls[0]["status"] == "failed", timeout=30
        )
        assert failed["attempts"] == 4 and "gave up after 4 attempts" in failed["detail"]
        seen = await drain(vhost_url, f"{namespace}.audit")
    accepted = [
        r for r in received(log) if r.get("kind") == "webhook" and r["delivery_id"] != "manual-1"
    ]
    assert len(accepted) == 1
    message = accepted[0]["message"]
    assert message["event"]["id"] == event.id and message["severity"] == "warning"
    failures = [
        json.loads(m.body) for m in seen if m.routing_key == "notifications.notification.failed.v1"
    ]
    assert [(f["data"]["recipient_id"], f["data"]["channel"]) for f in failures] == [
        ("endpoint:gone", "webhook")
    ]


async def test_an_event_nobody_receives_is_delivered_once_the_directory_gains_someone(
    vhost_url, namespace, tmp_path
):
    app = build(settings(vhost_url, namespace, tmp_path, free_port()))
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        event = envelope(
            StockExpiring(canteen_id="east", item="牛奶", batch_id="B-7", expires_on="2025-03-05")
        )
        await publish(vhost_url, namespace, event)

        async def incident():
            page = await http.get("/incidents", params={"state": "undeliverable"}, headers=ADMIN)
            return page.json()["items"]

        [waiting] = await eventually(incident, lambda items: len(items) == 1, timeout=30)
        assert "canteen_manager of canteen east" in waiting["reason"]
        body = {"name": "钱经理", "roles": ["canteen_manager"], "scopes": {"canteen": ["east"]}}
        assert (await http.put("/people/u-east", json=body, headers=ADMIN)).status_code == 201
        me = bearer("u-east", "canteen_manager")

        async def inbox():
            return (await http.get("/notifications/me", headers=me)).json()["items"]

        [note] = await eventually(inbox, lambda items: len(items) == 1, timeout=30)
        assert note["source_event_id"] == event.id and note["title"]["zh-CN"] == "库存临期：牛奶"
        # Another directory change routes again, and adds nothing.
        other = {"name": "周主任", "roles": ["logistics_admin"]}
        await http.put("/people/u-admin-1", json=other, headers=ADMIN)
        await eventually(incident, lambda items: items == [], timeout=10)
        await asyncio.sleep(0.5)
        assert len(await inbox()) == 1
        admin_inbox = (await http.get("/notifications/me", headers=ADMIN)).json()["items"]
        assert admin_inbox == []
