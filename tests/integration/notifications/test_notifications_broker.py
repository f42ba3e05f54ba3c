"""Notifications on a real broker: a published ticket event reaches the dispatcher exactly once."""

from __future__ import annotations

import json
import re

import aio_pika
import httpx
import pytest

from services.notifications.demo import seed
from services.notifications.main import build
from services.notifications.settings import NotificationsSettings
from shared.auth import AuthSettings, mint_token
from shared.envelope import EventData, EventRegistry, make_envelope
from shared.outbox import amqp_message
from tests.harness import drain, eventually, serve

pytestmark = pytest.mark.broker

# The publisher's side of the contract, declared here: a test never imports another service.
registry = EventRegistry()


@registry.register("maintenance.ticket.opened.v1")
class TicketOpened(EventData):
    ticket_id: str
    campus_id: str
    building_id: str
    category: str
    priority: str
    channel: str
    description: str
    room_id: str | None = None
    requester_id: str | None = None


def token(sub: str, role: str) -> str:
    scopes = {"campus": ["main"], "building": ["B01", "B02", "B03"], "canteen": ["north"]}
    return mint_token(AuthSettings(), sub=sub, roles=[role], scopes=scopes)


def bearer(sub: str, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(sub, role)}"}


async def consumed_count(http: httpx.AsyncClient) -> int:
    """Opened events the consumer has settled, processed or found duplicate."""
    text = (await http.get("/metrics")).text
    pattern = (
        r'campus_events_consumed_total\{consumer="notifications",outcome="(processed|duplicate)",'
        r'type="maintenance\.ticket\.opened\.v1"\} ([0-9.]+)'
    )
    return int(sum(float(m.group(2)) for m in re.finditer(pattern, text)))


async def test_ticket_opened_three_times_gives_the_dispatcher_one_notification(
    vhost_url, namespace, tmp_path
):
    settings = NotificationsSettings(
        amqp_url=vhost_url, namespace=namespace, data_dir=tmp_path, delivery_limit=3
    )
    app = build(settings)
    event = make_envelope(
        TicketOpened(
            ticket_id="T-20250303-0001",
            campus_id="main",
            building_id="B03",
            category="plumbing",
            priority="high",
            channel="web",
            description="北区食堂后厨下水道堵塞",
            room_id="B03-K1",
            requester_id="u-canteen-staff-1",
        ),
        source="/campus-logistics/maintenance",
        subject="T-20250303-0001",
        correlation_id="corr-notify-1",
        causation_id=None,
        actor="u-canteen-staff-1",
    )
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        await seed(http, lambda role: token(f"u-{role}", role))
        conn = await aio_pika.connect(vhost_url)
        try:
            channel = await conn.channel(publisher_confirms=True)
            exchange = await channel.get_exchange(f"{namespace}.events", ensure=False)
            for _ in range(3):
                await exchange.publish(
                    amqp_message(event.to_json()), routing_key=event.type, mandatory=True
                )
        finally:
            await conn.close()
        await eventually(lambda: consumed_count(http), lambda n: n == 3)

        mine = await http.get("/notifications/me", headers=bearer("u-dispatcher-1", "dispatcher"))
        assert mine.status_code == 200
        [note] = mine.json()["items"]
        assert note["source_event_id"] == event.id
        assert note["correlation_id"] == "corr-notify-1"
        assert note["title"]["zh-CN"] == "新报修：B03 B03-K1（水）"
        assert note["links"] == {"ticket_id": "T-20250303-0001", "building_id": "B03"}
        by_correlation = await http.get(
            "/notifications",
            params={"correlation_id": "corr-notify-1"},
            headers=bearer("u-auditor-1", "auditor"),
        )
        # The building's only dispatcher, and the requester (told it was registered);
        # technicians are not told.
        assert sorted(n["recipient_id"] for n in by_correlation.json()["items"]) == [
            "u-canteen-staff-1",
            "u-dispatcher-1",
        ]
        tech = await http.get("/notifications/me", headers=bearer("u-tech-1", "technician"))
        assert tech.json()["items"] == []

        # The delivered event went out through the outbox, caused by the ticket event.
        def delivered(msgs):
            return [
                json.loads(m.body)
                for m in msgs
                if m.routing_key == "notifications.notification.delivered.v1"
            ]

        seen: list = []

        async def probe():
            seen.extend(await drain(vhost_url, f"{namespace}.audit"))
            return delivered(seen)

        found = await eventually(probe, lambda found: len(found) >= 2)
        [out] = [e for e in found if e["data"]["recipient_id"] == "u-dispatcher-1"]
    assert out["type"] == "notifications.notification.delivered.v1"
    assert out["source"] == "/campus-logistics/notifications"
    assert out["correlationid"] == "corr-notify-1" and out["causationid"] == event.id
    assert out["data"] == {
        "notification_id": note["notification_id"],
        "recipient_id": "u-dispatcher-1",
        "channel": "in_app",
        "source_event_id": event.id,
        "source_event_type": "maintenance.ticket.opened.v1",
    }
    assert len(delivered(seen)) == 2
