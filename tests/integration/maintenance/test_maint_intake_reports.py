"""Consumed events open one order each; reports and Prometheus gauges show the figures."""

from __future__ import annotations

from datetime import timedelta

from services.maintenance.consumed import AssetDamaged, EquipmentFaultReported
from shared.store import Query
from tests.integration.maintenance.maint_support import FakeDelivery, auth, envelope_bytes


async def test_asset_damage_and_canteen_fault_open_one_order_each(maint):
    consumer = maint.app.runtime.consumer
    damaged = envelope_bytes(
        AssetDamaged(
            damage_id="D-1",
            asset_id="A-9",
            tag="DESK-0009",
            building_id="B01",
            room_id="B01-101",
            description="桌腿断了",
            deliberate=True,
        ),
        source="/campus-logistics/assets",
    )
    fault = envelope_bytes(
        EquipmentFaultReported(
            fault_id="F-7",
            canteen_id="north",
            building_id="E01",
            equipment_tag="OVEN-2",
            description="烤箱不加热",
        ),
        source="/campus-logistics/canteen",
    )
    for body in (damaged, damaged, fault, fault):
        delivery = FakeDelivery(body)
        await consumer.handle(delivery)
        assert delivery.settled == "ack"
    orders = (await maint.store.find("tickets", Query({}, sort=[("source_key", 1)]))).items
    assert [(o["channel"], o["source_key"]) for o in orders] == [
        ("asset", "asset-damage:D-1"),
        ("canteen", "canteen-fault:F-7"),
    ]
    asset, canteen = orders
    assert asset["room_id"] == "B01-101" and asset["asset_tag"] == "DESK-0009"
    assert "故意损坏" in asset["description"] and asset["location_verified"] is True
    assert canteen["campus_id"] == "east" and canteen["priority"] == "urgent"
    # The asset's place is remembered for later requests and QR codes.
    assert (await maint.store.get("assets", "DESK-0009"))["room_id"] == "B01-101"
    # An unknown building still gets an order on the default campus, marked unverified.
    unknown = envelope_bytes(
        AssetDamaged(
            damage_id="D-2", asset_id="A-1", tag="X-1", building_id="B77", description="坏了"
        )
    )
    await consumer.handle(FakeDelivery(unknown))
    doc = (await maint.store.find("tickets", Query({"source_key": "asset-damage:D-2"}))).items[0]
    assert doc["campus_id"] == "main" and doc["location_verified"] is False


async def _done(maint, tid, rating, *, tech="tech-1"):
    await maint.act(tid, "triage")
    await maint.act(tid, "assign", technician_id=tech)
    await maint.act(tid, "start", "technician", tech)
    await maint.act(tid, "resolve", "technician", tech)
    if rating:
        await maint.act(tid, "close", "requester", "stu-1", rating=rating)


async def test_reports_endpoint_and_gauges(maint):
    a = (await maint.file())["id"]
    b = (await maint.file())["id"]
    c = (await maint.file())["id"]
    await maint.file(location_id="B02-201", category="heating")
    await _done(maint, a, 5)
    await _done(maint, b, 2)
    await maint.act(c, "triage", priority="emergency")
    await maint.jobs.check_sla(maint.clock.now + timedelta(hours=2))
    r = await maint.http.get("/reports/summary?fresh=true", headers=auth("dispatcher"))
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["campus_id"] == "main"
    assert rep["open_by_status"] == {"opened": 1, "triaged": 1}
    assert rep["open_by_building"] == {"B01": 1, "B02": 1}
    assert rep["average_rating"] == 3.5 and rep["ratings"] == 2
    assert rep["sla_evaluated"] == 3 and rep["sla_met"] == 2  # c breached its response clock
    assert rep["repeat_failures"] == [{"location_id": "B01-301", "building_id": "B01", "orders": 3}]
    assert rep["mean_response_seconds"] > 0 and rep["mean_resolution_seconds"] > 0
    r = await maint.http.get("/reports/summary?campus_id=east", headers=auth("dispatcher"))
    assert r.status_code == 403
    assert (await maint.http.get("/reports/summary", headers=auth("requester"))).status_code == 403
    r = await maint.http.get("/reports/summary", headers=auth("auditor"))
    assert r.json()["campus_id"] == "*"
    metrics = (await maint.http.get("/metrics")).text
    assert 'campus_maintenance_open_orders_by_status{campus="main",status="opened"} 1.0' in metrics
    assert 'campus_maintenance_rating_average{campus="main"} 3.5' in metrics
    assert 'campus_maintenance_sla_compliance_ratio{campus="main"}' in metrics
    assert (
        'campus_maintenance_repeat_failures{building="B01",campus="main",location="B01-301"} 3.0'
        in metrics
    )
