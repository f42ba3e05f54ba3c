"""Canteen on a real broker: a delivery with a rejected line, and a fault, reach the exchange
(after the registrations of the canteen and the supplier, which are events too)."""

from __future__ import annotations

import json

import aio_pika
import httpx
import pytest

from services.canteen.main import build
from services.canteen.settings import CanteenSettings
from shared.auth import AuthSettings, mint_token
from tests.harness import drain, eventually, serve

pytestmark = pytest.mark.broker


def bearer(sub: str, role: str) -> dict[str, str]:
    scopes = {"campus": ["main"], "canteen": ["north"]}
    signed = mint_token(AuthSettings(), sub=sub, roles=[role], scopes=scopes)
    return {"Authorization": f"Bearer {signed}"}


LINE = {
    "category": "vegetable",
    "unit": "kg",
    "producer": "寿光蔬菜基地",
    "quality_certificate": "SG-JC-0305",
    "shelf_life_days": 5,
}


async def test_delivery_and_fault_events_on_the_broker(vhost_url, namespace, tmp_path):
    settings = CanteenSettings(amqp_url=vhost_url, namespace=namespace, data_dir=tmp_path)
    app = build(settings)
    admin = bearer("u-admin-1", "logistics_admin")
    staff = bearer("u-canteen-staff-1", "canteen_staff")
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as http:
        canteen = {"name": "北区食堂", "campus_id": "main", "building_id": "B03"}
        assert (await http.put("/canteens/north", json=canteen, headers=admin)).status_code == 201
        supplier = {
            "name": "绿源蔬菜配送",
            "documents": [
                {"kind": "business_licence", "number": "9137"},
                {"kind": "food_business_licence", "number": "JY1", "expires_on": "2099-01-01"},
            ],
        }
        assert (
            await http.put("/suppliers/sup-ly", json=supplier, headers=admin)
        ).status_code == 201
        today = app.runtime.context.today().isoformat()
        delivery = {
            "supplier_id": "sup-ly",
            "delivery_note_no": "LY-0001",
            "lines": [
                {
                    "line_no": 1,
                    "item": "青菜",
                    "quantity": "30",
                    "production_date": today,
                    "pesticide_inhibition_rate": "18.5",
                    **LINE,
                },
                {
                    "line_no": 2,
                    "item": "西红柿",
                    "quantity": "20",
                    "production_date": today,
                    "pesticide_inhibition_rate": "62.0",
                    **LINE,
                },
            ],
        }
        headers = {**staff, "X-Correlation-ID": "corr-canteen-1"}
        r = await http.post("/canteens/north/deliveries", json=delivery, headers=headers)
        assert r.status_code == 201, r.text
        delivery_id = r.json()["delivery_id"]
        fault = {"equipment_tag": "B03-K-STEAM-02", "description": "蒸饭车不加热"}
        r = await http.post("/canteens/north/equipment-faults", json=fault, headers=staff)
        assert r.status_code == 201
        fault_id = r.json()["fault_id"]

        seen: list[aio_pika.abc.AbstractIncomingMessage] = []

        async def probe() -> list[aio_pika.abc.AbstractIncomingMessage]:
            seen.extend(await drain(vhost_url, f"{namespace}.audit"))
            return seen

        await eventually(probe, lambda msgs: len(msgs) >= 5)

    by_type = {m.routing_key: m for m in seen}
    assert sorted(by_type) == [
        "canteen.canteen.updated.v1",
        "canteen.delivery.received.v1",
        "canteen.delivery.rejected.v1",
        "canteen.equipment.fault_reported.v1",
        "canteen.supplier.updated.v1",
    ]
    rejected_msg = by_type["canteen.delivery.rejected.v1"]
    rejected = json.loads(rejected_msg.body)
    assert rejected_msg.content_type == "application/cloudevents+json"
    assert rejected_msg.message_id == rejected["id"]
    assert rejected["specversion"] == "1.0" and rejected["source"] == "/campus-logistics/canteen"
    assert (
        rejected["correlationid"] == "corr-canteen-1" and rejected["actor"] == "u-canteen-staff-1"
    )
    assert rejected["subject"] == delivery_id
    assert rejected["data"]["line_no"] == 2 and rejected["data"]["canteen_id"] == "north"
    assert rejected["data"]["reason_codes"] == ["pesticide_positive"]
    received = json.loads(by_type["canteen.delivery.received.v1"].body)
    assert received["correlationid"] == "corr-canteen-1"
    assert [ln["item"] for ln in received["data"]["lines"]] == ["青菜"]
    fault_event = json.loads(by_type["canteen.equipment.fault_reported.v1"].body)
    assert fault_event["data"]["fault_id"] == fault_id
    assert fault_event["data"]["building_id"] == "B03"
