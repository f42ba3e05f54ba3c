"""Five services as real processes, talking only through RabbitMQ."""

from __future__ import annotations

import asyncio
import signal

import httpx
import pytest

from campusctl.platform import SERVICES
from tests.e2e.conftest import bearer
from tests.harness import eventually

pytestmark = [pytest.mark.broker, pytest.mark.slow]


async def file_request(http: httpx.AsyncClient, platform, correlation_id: str) -> dict:
    r = await http.post(
        platform.url("maintenance") + "/tickets",
        json={
            "location_id": "B01-101",
            "category": "electrical",
            "description": "101阶梯教室 投影仪电源插座没电 (no power at the projector socket)",
        },
        headers={**bearer("requester"), "X-Correlation-ID": correlation_id},
    )
    assert r.status_code == 201, r.text
    return r.json()


async def audit_story(http, platform, correlation_id: str) -> list[dict]:
    r = await http.get(
        platform.url("audit") + f"/audit/correlations/{correlation_id}", headers=bearer("auditor")
    )
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def notifications_of(http, platform, **filters) -> list[dict]:
    r = await http.get(
        platform.url("notifications") + "/notifications",
        params={**filters, "limit": 200},
        headers=bearer("logistics_admin"),
    )
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def test_repair_request_reaches_audit_and_the_dispatcher(platform):
    async with httpx.AsyncClient(timeout=10) as http:
        # The demo's morning at the repair desk happened, although the canteen's and the
        # assets' demo events opened orders in maintenance before its own seed ran.
        mine = await http.get(platform.url("maintenance") + "/tickets", headers=bearer("requester"))
        assert any("水龙头" in t["description"] for t in mine.json()["items"]), mine.text
        ticket = await file_request(http, platform, "corr-e2e-lamp-1")
        story = await eventually(
            lambda: audit_story(http, platform, "corr-e2e-lamp-1"),
            lambda items: any(i["event"]["type"] == "maintenance.ticket.opened.v1" for i in items),
            timeout=30,
        )
        opened = next(
            i["event"] for i in story if i["event"]["type"] == "maintenance.ticket.opened.v1"
        )
        assert opened["data"]["ticket_id"] == ticket["id"]
        assert opened["actor"] == "u-student-1"
        notes = await eventually(
            lambda: notifications_of(http, platform, correlation_id="corr-e2e-lamp-1"),
            lambda items: any(n["recipient_id"] == "u-dispatcher-1" for n in items),
            timeout=30,
        )
        mine = [n for n in notes if n["recipient_id"] == "u-dispatcher-1"]
        assert len(mine) == 1 and mine[0]["source_event_id"] == opened["id"]
        # Audit tells the causal story: the request, then the notification it caused, once each.
        story = await eventually(
            lambda: http.get(
                platform.url("audit") + "/audit/correlations/corr-e2e-lamp-1",
                headers=bearer("auditor"),
            ),
            lambda r: any(
                i["event"]["type"] == "notifications.notification.delivered.v1"
                for i in r.json()["items"]
            ),
            timeout=30,
        )
        items, links = story.json()["items"], story.json()["links"]
        ids = [i["event"]["id"] for i in items]
        assert len(ids) == len(set(ids))
        assert items[0]["event"]["type"] == "maintenance.ticket.opened.v1"
        delivered = [
            link for link in links if link["type"] == "notifications.notification.delivered.v1"
        ]
        assert delivered and all(link["caused_by"] == opened["id"] for link in delivered)
        assert all(link["caused_by_seq"] == items[0]["seq"] for link in delivered)
        inbox = await http.get(
            platform.url("notifications") + "/notifications/me", headers=bearer("dispatcher")
        )
        assert any(n["source_event_id"] == opened["id"] for n in inbox.json()["items"])

        # Canteen and assets published real events (the demo's delivery, the demo's assets),
        # and audit recorded them.
        for event_type in ("canteen.delivery.received.v1", "assets.asset.registered.v1"):
            records = await eventually(
                lambda t=event_type: http.get(
                    platform.url("audit") + "/audit/records",
                    params={"type": t},
                    headers=bearer("auditor"),
                ),
                lambda r: r.status_code == 200 and len(r.json()["items"]) > 0,
                timeout=30,
            )
            assert records.json()["items"][0]["event"]["type"] == event_type


async def test_notifications_killed_mid_stream_delivers_each_exactly_once(platform):
    """SIGKILL the notifications process while tickets are being filed; restart it."""
    total = 24
    tickets = []
    async with httpx.AsyncClient(timeout=10) as http:
        for i in range(total):
            if i == 8:
                platform.procs["notifications"].send_signal(signal.SIGKILL)
                platform.procs["notifications"].wait()
            if i == 16:
                platform.start_one(next(s for s in SERVICES if s.name == "notifications"))
            tickets.append(await file_request(http, platform, f"corr-kill-{i}"))
            await asyncio.sleep(0.05)
        await platform.wait_ready(timeout=60)
        for i in range(total):
            notes = await eventually(
                lambda i=i: notifications_of(http, platform, correlation_id=f"corr-kill-{i}"),
                lambda items: any(n["recipient_id"] == "u-dispatcher-1" for n in items),
                timeout=60,
            )
            opened = [
                n
                for n in notes
                if n["recipient_id"] == "u-dispatcher-1"
                and n["event_type"] == "maintenance.ticket.opened.v1"
            ]
            assert len(opened) == 1, f"ticket {i}: {len(opened)} notifications"
