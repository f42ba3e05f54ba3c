"""Maintenance on the real broker: the whole life from a QR code to a rated close, a patrol
failure delivered twice, and other services' events opening one order each."""

from __future__ import annotations

import json

import aio_pika
import httpx
import pytest

from services.maintenance.consumed import AssetDamaged, EquipmentFaultReported, InspectionFailed
from services.maintenance.main import build
from services.maintenance.subscribers import CONSUMED_TYPES
from shared.store import Query
from tests.harness import drain, eventually, serve
from tests.integration.maintenance.maint_support import (
    LOCATIONS_CSV,
    auth,
    envelope_bytes,
    settings_for,
)

pytestmark = pytest.mark.broker
TOPOLOGY = {"maintenance": CONSUMED_TYPES, "sink": ("maintenance.#",)}


def _settings(vhost_url: str, namespace: str, tmp_path):
    return settings_for(
        tmp_path,
        amqp_url=vhost_url,
        namespace=namespace,
        delivery_limit=3,
        relay_lease_seconds=2.0,
        relay_idle_seconds=0.05,
    )


async def _publish(url: str, namespace: str, body: bytes) -> None:
    envelope = json.loads(body)
    conn = await aio_pika.connect(url)
    try:
        channel = await conn.channel()
        exchange = await channel.get_exchange(f"{namespace}.events", ensure=False)
        await exchange.publish(
            aio_pika.Message(
                body, message_id=envelope["id"], content_type="application/cloudevents+json"
            ),
            routing_key=envelope["type"],
        )
    finally:
        await conn.close()


async def _import(http: httpx.AsyncClient) -> None:
    r = await http.post(
        "/locations/import",
        content=LOCATIONS_CSV.encode(),
        headers={**auth("logistics_admin"), "content-type": "text/csv"},
    )
    assert r.status_code == 200, r.text


async def test_whole_life_from_qr_code_to_rated_close(vhost_url, namespace, tmp_path):
    app = build(_settings(vhost_url, namespace, tmp_path), topology=TOPOLOGY)
    d, tech = auth("dispatcher", "disp-1"), auth("technician", "tech-7")
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        await _import(http)
        r = await http.post("/qr-codes", json={"location_id": "B02-201"}, headers=d)
        token = r.json()["token"]
        r = await http.post(
            "/public/requests",
            data={
                "token": token,
                "category": "plumbing",
                "description": "卫生间漏水",
                "contact_name": "陈同学",
                "contact_phone": "13700000000",
            },
            headers={"X-Correlation-ID": "qr-life-1"},
        )
        assert r.status_code == 201, r.text
        tid, key = r.json()["ticket_id"], r.json()["follow_up_key"]
        story = r.json()["correlation_id"]
        assert story == "qr-life-1"
        # Each later step names the order's story, as the console does.
        d, tech = {**d, "X-Correlation-Id": story}, {**tech, "X-Correlation-Id": story}
        steps = [
            ("triage", d, {"priority": "urgent"}),
            ("assign", d, {"technician_id": "tech-7"}),
            ("start", tech, {}),
            ("hold", tech, {"reason": "parts"}),
            ("resume", tech, {}),
            ("resolve", tech, {"note": "换了角阀"}),
        ]
        for action, who, body in steps:
            r = await http.post(f"/tickets/{tid}/{action}", json=body, headers=who)
            assert r.status_code == 200, (action, r.text)
        r = await http.post(
            f"/public/requests/{tid}/close",
            json={"rating": 5, "comment": "很及时"},
            headers={"X-Follow-Up-Key": key, "X-Correlation-Id": story},
        )
        assert r.status_code == 200 and r.json()["status"] == "closed"
        store = app.runtime.store
        await eventually(lambda: store.count("outbox", {"status": "pending"}), lambda n: n == 0)
    drained = await drain(vhost_url, f"{namespace}.sink")
    # The places and the sticker are configuration, told first (issue 14), then the order's life.
    setup = [json.loads(m.body) for m in drained[:2]]
    assert [b["type"] for b in setup] == [
        "maintenance.locations.imported.v1",
        "maintenance.qr_code.issued.v1",
    ]
    assert [b["actor"] for b in setup] == ["u-logistics_admin", "disp-1"]
    messages = drained[2:]
    bodies = [json.loads(m.body) for m in messages]
    assert [b["type"] for b in bodies] == [
        f"maintenance.ticket.{t}.v1"
        for t in (
            "opened",
            "triaged",
            "assigned",
            "started",
            "put_on_hold",
            "resumed",
            "resolved",
            "closed",
        )
    ]
    assert all(b["subject"] == tid and b["data"]["ticket_id"] == tid for b in bodies)
    assert all(m.message_id == b["id"] for m, b in zip(messages, bodies, strict=True))
    assert {b["correlationid"] for b in bodies} == {"qr-life-1"}  # one story, through the bus
    assert bodies[0]["data"]["channel"] == "qr" and bodies[0]["actor"] == "anonymous:qr"
    # The opened event alone carries the contact (for whoever tells the requester later).
    assert bodies[0]["data"]["contact"] == {"name": "陈同学", "phone": "13700000000", "email": None}
    assert "13700000000" not in json.dumps(bodies[1:])
    assert [b["actor"] for b in bodies[1:3]] == ["disp-1", "disp-1"]
    assert bodies[-1]["data"]["rating"] == 5 and bodies[-1]["actor"] == f"follow-up:{tid}"
    times = [b["time"] for b in bodies]
    assert times == sorted(times)


async def test_events_delivered_twice_open_one_order_each(vhost_url, namespace, tmp_path):
    app = build(_settings(vhost_url, namespace, tmp_path), topology=TOPOLOGY)
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        await _import(http)
        route = {
            "name": "地沟管道",
            "campus_id": "main",
            "checkpoints": [
                {"id": "ditch-1", "name": "1号地沟", "location_id": "B01", "category": "plumbing"}
            ],
        }
        r = await http.put("/patrol-routes/ditch", json=route, headers=auth("dispatcher"))
        assert r.status_code == 200
        r = await http.post(
            "/patrol-routes/ditch/runs",
            json={
                "results": [{"checkpoint_id": "ditch-1", "passed": False, "finding": "管道渗水"}]
            },
            headers=auth("technician", "patrol-1"),
        )
        assert r.status_code == 201
        store = app.runtime.store

        async def patrol_orders() -> list[dict]:
            return (await store.find("tickets", Query({"channel": "patrol"}))).items

        await eventually(patrol_orders, lambda items: len(items) == 1)
        failed = (
            await store.find(
                "outbox", Query({"routing_key": "maintenance.inspection.checkpoint_failed.v1"})
            )
        ).items[0]
        # The same message again, as a redelivery would bring it.
        await _publish(vhost_url, namespace, json.dumps(failed["envelope"]).encode())
        damaged = envelope_bytes(
            AssetDamaged(
                damage_id="D-9",
                asset_id="A-9",
                tag="CHAIR-9",
                building_id="B02",
                description="椅子坏了",
                deliberate=False,
            ),
            source="/campus-logistics/assets",
        )
        fault = envelope_bytes(
            EquipmentFaultReported(
                fault_id="F-9",
                canteen_id="north",
                building_id="E01",
                equipment_tag="FRIDGE-1",
                description="冷藏柜温度高",
            ),
            source="/campus-logistics/canteen",
        )
        inspected = envelope_bytes(
            InspectionFailed(
                inspection_id="insp-9",
                action_id="insp-9-seal",
                canteen_id="north",
                building_id="E01",
                item_id="seal",
                item="冰箱门封完好",
                finding="门封破损",
                equipment=True,
                equipment_tag="FRIDGE-2",
            ),
            source="/campus-logistics/canteen",
        )
        for body in (damaged, damaged, fault, fault, inspected, inspected):
            await _publish(vhost_url, namespace, body)

        async def processed() -> int:
            return await store.count("processed")

        await eventually(processed, lambda n: n == 4)

        async def duplicates() -> list[str]:
            text = (await http.get("/metrics")).text
            return sorted(
                line.split('type="')[1].split('"')[0]
                for line in text.splitlines()
                if line.startswith("campus_events_consumed_total")
                and 'outcome="duplicate"' in line
                and line.endswith(" 1.0")
            )

        sent = [
            AssetDamaged.event_type,
            EquipmentFaultReported.event_type,
            InspectionFailed.event_type,
            failed["routing_key"],
        ]
        assert await eventually(duplicates, lambda types: len(types) == 4) == sorted(sent)
        orders = (await store.find("tickets", Query({}, sort=[("source_key", 1)]))).items
        assert [o["source_key"] for o in orders] == [
            "asset-damage:D-9",
            "canteen-fault:F-9",
            "canteen-inspection:insp-9-seal",
            f"patrol:{r.json()['id']}:ditch-1",
        ]
        assert len(await patrol_orders()) == 1
