"""The whole service on a real broker and a real SMTP server: an event in, an e-mail out."""

from __future__ import annotations

import json

import aio_pika
import httpx
import pytest

from services.notifications.demo import people, seed
from services.notifications.main import build
from services.notifications.settings import NotificationsSettings
from shared.auth import AuthSettings, mint_token
from shared.clock import utcnow
from shared.envelope import Envelope, new_event_id
from shared.outbox import amqp_message
from tests.harness import drain, eventually, serve
from tests.integration.notifications.smtp_support import Mailbox, smtp_server

pytestmark = pytest.mark.broker


def token(sub: str, role: str) -> str:
    scopes = {"campus": ["main"], "building": ["B01", "B02", "B03"], "canteen": ["north"]}
    return mint_token(AuthSettings(), sub=sub, roles=[role], scopes=scopes)


def event(event_type: str, data: dict, correlation_id: str) -> Envelope:
    """An event as its publisher would send it (a test never imports another service)."""
    return Envelope(
        id=new_event_id(),
        source="/campus-logistics/canteen",
        type=event_type,
        time=utcnow(),
        correlationid=correlation_id,
        data=data,
    )


async def test_stock_expiring_reaches_the_canteen_manager_by_email(vhost_url, namespace, tmp_path):
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        settings = NotificationsSettings(
            amqp_url=vhost_url,
            namespace=namespace,
            data_dir=tmp_path,
            smtp_port=port,
            email_poll_seconds=0.05,
        )
        app = build(settings)
        expiring = event(
            "canteen.stock.expiring.v1",
            {
                "canteen_id": "north",
                "item": "鲜牛奶",
                "batch_id": "B-77",
                "expires_on": "2025-03-05",
            },
            "corr-milk-1",
        )
        async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
            await seed(http, lambda role: token(f"u-{role}", role))
            conn = await aio_pika.connect(vhost_url)
            try:
                channel = await conn.channel(publisher_confirms=True)
                exchange = await channel.get_exchange(f"{namespace}.events", ensure=False)
                await exchange.publish(
                    amqp_message(expiring.to_json()), routing_key=expiring.type, mandatory=True
                )
            finally:
                await conn.close()
            await eventually(lambda: _count(mailbox), lambda n: n >= 1)
            manager = {"Authorization": f"Bearer {token('u-canteen-manager-1', 'canteen_manager')}"}
            [note] = (await http.get("/notifications/me", headers=manager)).json()["items"]
            log = await eventually(
                lambda: http.get(
                    f"/notifications/{note['notification_id']}/deliveries", headers=manager
                ),
                lambda r: any(d["status"] == "sent" for d in r.json()),
            )
            seen: list = []

            async def announced():
                seen.extend(await drain(vhost_url, f"{namespace}.audit"))
                return [json.loads(m.body) for m in seen if m.routing_key.endswith("delivered.v1")]

            found = await eventually(announced, lambda found: len(found) >= 2)

    [got] = mailbox.received
    address = people()["u-canteen-manager-1"]["email"]
    assert got.rcpt_tos == (address,)
    assert got.message["Subject"] == "库存临期：鲜牛奶"
    assert (
        "批次 B-77 的 鲜牛奶 将于 2025-03-05 到期" in got.message.get_body(("plain",)).get_content()
    )
    email = next(d for d in log.json() if d["channel"] == "email")
    assert (email["attempts"], email["address"]) == (1, address)
    assert sorted(e["data"]["channel"] for e in found) == ["email", "in_app"]
    assert {e["causationid"] for e in found} == {expiring.id}
    assert {e["correlationid"] for e in found} == {"corr-milk-1"}


async def _count(mailbox: Mailbox) -> int:
    return len(mailbox.received)
