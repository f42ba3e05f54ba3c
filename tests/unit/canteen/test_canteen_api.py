"""The canteen HTTP API on a memory store: state, outbox events, permissions, validation."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from services.canteen.demo import seed
from services.canteen.handlers.jobs import daily_expiry_scan
from shared.clock import FrozenClock
from shared.store import Query
from tests.unit.canteen.support import ADMIN, AUDITOR, MANAGER, SOUTH_STAFF, STAFF, token

VEG = {"producer": "寿光基地", "quality_certificate": "JC-1", "production_date": "2025-03-02"}


def veg(no: int, item: str, rate: str, **kw) -> dict:
    return {
        "line_no": no,
        "item": item,
        "category": "vegetable",
        "quantity": "20",
        "unit": "kg",
        "shelf_life_days": 5,
        "pesticide_inhibition_rate": rate,
        **VEG,
        **kw,
    }


def rice(no: int, qty: str, made: str, note: str = "HM-1") -> dict:
    return {
        "supplier_id": "sup-hm",
        "delivery_note_no": note,
        "lines": [
            {
                "line_no": no,
                "item": "大米",
                "category": "grain",
                "quantity": qty,
                "unit": "kg",
                "producer": "五常米业",
                "production_date": made,
                "shelf_life_days": 30,
                "quality_certificate": "WC-1",
            }
        ],
    }


async def setup(client) -> list[dict]:
    """A canteen and two qualified suppliers; returns the events that told of them."""
    canteen = {"name": "北区食堂", "campus_id": "main", "building_id": "B03"}
    assert (await client.put("/canteens/north", json=canteen, headers=ADMIN)).status_code == 201
    docs = [
        {"kind": "business_licence", "number": "9137"},
        {"kind": "food_business_licence", "number": "JY1", "expires_on": "2026-01-01"},
    ]
    for sid in ("sup-ly", "sup-hm"):
        r = await client.put(
            f"/suppliers/{sid}", json={"name": sid, "documents": docs}, headers=MANAGER
        )
        assert r.status_code == 201, r.text
    return await outbox(client)


async def outbox(client) -> list[dict]:
    page = await client.runtime.store.find("outbox", Query({}, [("order", 1)]))
    return [entry["envelope"] for entry in page.items]


async def test_delivery_with_a_rejected_line(client):
    before = await setup(client)
    body = {
        "supplier_id": "sup-ly",
        "delivery_note_no": "LY-0001",
        "lines": [
            veg(1, "青菜", "18.5"),
            veg(2, "西红柿", "62.0"),
            veg(3, "土豆", "10", spoiled=True),
        ],
    }
    r = await client.post("/canteens/north/deliveries", json=body, headers=STAFF)
    assert r.status_code == 201, r.text
    delivery = r.json()
    assert [ln["status"] for ln in delivery["lines"]] == ["accepted", "rejected", "rejected"]
    assert delivery["lines"][1]["reason_codes"] == ["pesticide_positive"]
    assert delivery["inspector_id"] == "u-canteen-staff-1"
    events = (await outbox(client))[len(before) :]
    assert [e["type"] for e in events] == [
        "canteen.delivery.received.v1",
        "canteen.delivery.rejected.v1",
        "canteen.delivery.rejected.v1",
    ]
    received = events[0]
    assert (
        received["subject"] == delivery["delivery_id"] and received["actor"] == "u-canteen-staff-1"
    )
    assert [ln["item"] for ln in received["data"]["lines"]] == ["青菜"]
    assert events[2]["data"]["reason_codes"] == ["spoiled"] and events[2]["data"]["line_no"] == 3
    stock = (await client.get("/canteens/north/stock", headers=STAFF)).json()
    assert [(s["item"], s["usable"]) for s in stock] == [("青菜", "20")]
    ledger = (await client.get("/canteens/north/ledger", headers=AUDITOR)).json()["items"]
    assert [(e["kind"], e["quantity"], e["ref"]) for e in ledger] == [
        ("receipt", "20", delivery["delivery_id"])
    ]
    again = await client.post("/canteens/north/deliveries", json=body, headers=STAFF)
    assert again.status_code == 409 and "already received" in again.json()["detail"]


async def test_receiving_refuses_bad_input_without_writing(client):
    before = await setup(client)
    base = {"supplier_id": "sup-ly", "delivery_note_no": "LY-9"}
    no_test = {**base, "lines": [veg(1, "青菜", "1", pesticide_inhibition_rate=None)]}
    r = await client.post("/canteens/north/deliveries", json=no_test, headers=STAFF)
    assert r.status_code == 422 and "pesticide" in r.json()["problems"][0]
    bad_rate = {**base, "lines": [veg(1, "青菜", "101")]}
    r = await client.post("/canteens/north/deliveries", json=bad_rate, headers=STAFF)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "lines.0.pesticide_inhibition_rate"
    typo = {**base, "lines": [veg(1, "青菜", "1", spoilt=True)]}
    assert (
        await client.post("/canteens/north/deliveries", json=typo, headers=STAFF)
    ).status_code == 422
    unknown = {**base, "supplier_id": "sup-nobody", "lines": [veg(1, "青菜", "1")]}
    r = await client.post("/canteens/north/deliveries", json=unknown, headers=STAFF)
    assert r.status_code == 422 and r.json()["field"] == "supplier_id"
    r = await client.post("/canteens/north/deliveries", json={**base, "lines": []}, headers=STAFF)
    assert r.status_code == 422
    assert await outbox(client) == before
    assert await client.runtime.store.count("deliveries") == 0


async def test_canteen_scope_and_roles(client):
    await setup(client)
    body = {"supplier_id": "sup-ly", "delivery_note_no": "LY-2", "lines": [veg(1, "青菜", "1")]}
    r = await client.post("/canteens/north/deliveries", json=body, headers=SOUTH_STAFF)
    assert r.status_code == 403 and "scope" in r.json()["detail"]
    tech = token("u-tech-1", "technician")
    assert (
        await client.post("/canteens/north/deliveries", json=body, headers=tech)
    ).status_code == 403
    assert (await client.put("/suppliers/x", json={"name": "x"}, headers=STAFF)).status_code == 403
    canteen = {"name": "x", "campus_id": "main", "building_id": "B01"}
    assert (await client.put("/canteens/x", json=canteen, headers=MANAGER)).status_code == 403
    assert (await client.get("/canteens/north/stock", headers=AUDITOR)).status_code == 200


async def test_issue_first_expiring_first_out_never_negative(client):
    await setup(client)
    await client.post(
        "/canteens/north/deliveries", json=rice(1, "100", "2025-03-01"), headers=STAFF
    )
    await client.post(
        "/canteens/north/deliveries", json=rice(1, "10", "2025-02-20", note="HM-2"), headers=STAFF
    )
    req = {"issue_no": "REQ-1", "item": "大米", "unit": "kg", "quantity": "25", "purpose": "午餐"}
    r = await client.post("/canteens/north/issues", json=req, headers=STAFF)
    assert r.status_code == 201, r.text
    takes = r.json()["takes"]
    assert [(t["expires_on"], t["quantity"]) for t in takes] == [
        ("2025-03-22", "10"),
        ("2025-03-31", "15"),
    ]
    assert (await client.post("/canteens/north/issues", json=req, headers=STAFF)).status_code == 409
    too_much = {**req, "issue_no": "REQ-2", "quantity": "85.5"}
    r = await client.post("/canteens/north/issues", json=too_much, headers=STAFF)
    assert r.status_code == 409 and r.json()["available"] == "85"
    [line] = (await client.get("/canteens/north/stock", headers=STAFF)).json()
    assert line["on_hand"] == "85" and len(line["batches"]) == 1
    [issued] = [e for e in await outbox(client) if e["type"] == "canteen.stock.issued.v1"]
    assert issued["subject"] == "north|REQ-1" and issued["data"]["quantity"] == "25"
    kinds = [
        e["kind"]
        for e in (await client.get("/canteens/north/ledger", headers=STAFF)).json()["items"]
    ]
    assert sorted(kinds) == ["issue", "issue", "receipt", "receipt"]


async def test_write_off_by_manager_only(client):
    await setup(client)
    r = await client.post(
        "/canteens/north/deliveries", json=rice(1, "10", "2025-03-01"), headers=STAFF
    )
    batch_id = r.json()["lines"][0]["batch_id"]
    body = {"quantity": "2", "reason": "受潮 damp"}
    path = f"/canteens/north/batches/{batch_id}/write-offs"
    assert (await client.post(path, json=body, headers=STAFF)).status_code == 403
    r = await client.post(path, json=body, headers=MANAGER)
    assert r.status_code == 200 and r.json()["on_hand"] == "8"
    r = await client.post(path, json={"quantity": "9", "reason": "x"}, headers=MANAGER)
    assert r.status_code == 409
    [gone] = [e for e in await outbox(client) if e["type"] == "canteen.stock.written_off.v1"]
    assert gone["data"]["quantity"] == "2" and gone["data"]["reason"] == "受潮 damp"
    assert gone["actor"] == "u-canteen-manager-1"


async def test_expiry_scan_warns_once_per_batch(client, clock: FrozenClock):
    await setup(client)
    await client.post("/canteens/north/deliveries", json=rice(1, "10", "2025-03-01"), headers=STAFF)
    r = await client.post("/canteens/north/expiry-scan", headers=MANAGER)
    assert r.json()["warned"] == []
    clock.advance(days=26)  # 29 March: the rice expires on the 31st
    r = await client.post("/canteens/north/expiry-scan", headers=MANAGER)
    assert [b["expiry_warned_on"] for b in r.json()["warned"]] == ["2025-03-29"]
    again = await client.post("/canteens/north/expiry-scan", headers=MANAGER)
    assert again.json()["warned"] == []
    expiring = [e for e in await outbox(client) if e["type"] == "canteen.stock.expiring.v1"]
    assert len(expiring) == 1
    assert expiring[0]["data"]["expires_on"] == "2025-03-31" and not expiring[0]["data"]["expired"]


async def test_daily_scan_runs_once_per_campus_day(client, clock: FrozenClock):
    await setup(client)
    runtime = client.runtime
    assert await daily_expiry_scan(runtime.uow, runtime.context) == 0
    assert await daily_expiry_scan(runtime.uow, runtime.context) is None


async def test_equipment_fault_is_published_with_the_canteens_building(client):
    before = await setup(client)
    body = {"equipment_tag": "B03-K-STEAM-02", "description": "蒸饭车不加热"}
    r = await client.post("/canteens/north/equipment-faults", json=body, headers=STAFF)
    assert r.status_code == 201
    [event] = (await outbox(client))[len(before) :]
    assert event["type"] == "canteen.equipment.fault_reported.v1"
    assert event["data"] == {
        "fault_id": r.json()["fault_id"],
        "canteen_id": "north",
        "campus_id": "main",
        "building_id": "B03",
        "equipment_tag": "B03-K-STEAM-02",
        "description": "蒸饭车不加热",
    }
    r = await client.post("/canteens/east/equipment-faults", json=body, headers=ADMIN)
    assert r.status_code == 404


async def test_demo_seed_is_idempotent(client, clock: FrozenClock):
    clock.now = datetime.now(UTC)
    tokens = {
        "logistics_admin": ADMIN,
        "canteen_manager": MANAGER,
        "canteen_staff": STAFF,
    }

    def token_for(role: str) -> str:
        return tokens[role]["Authorization"].removeprefix("Bearer ")

    await seed(client, token_for)
    first = await outbox(client)
    types = sorted(e["type"] for e in first)
    assert types.count("canteen.delivery.rejected.v1") == 1
    expiring = {e["data"]["item"] for e in first if e["type"] == "canteen.stock.expiring.v1"}
    assert expiring == {"青菜 bok choy", "纯牛奶 milk"}
    assert "canteen.equipment.fault_reported.v1" in types
    await seed(client, token_for)
    assert len(await outbox(client)) == len(first)
    suppliers = (await client.get("/suppliers", headers=AUDITOR)).json()
    assert {s["supplier_id"]: s["qualified_today"] for s in suppliers} == {
        "sup-huamei": True,
        "sup-laozhang": False,
        "sup-lvyuan": True,
    }
    # Issue 11: the week's menu is public with prices and allergens; the feedback counted once.
    assert types.count("canteen.feedback.received.v1") == 11
    assert types.count("canteen.menu.published.v1") == 1
    year, week, _ = clock.now.astimezone(ZoneInfo("Asia/Shanghai")).isocalendar()
    public = (await client.get(f"/public/canteens/north/menus/{year}-W{week:02d}")).json()
    assert len(public["days"]) == 7
    dishes = {d["dish_id"]: d for day in public["days"] for m in day["meals"] for d in m["dishes"]}
    assert dishes["baozi"]["allergens"] == ["gluten_cereals"] and dishes["baozi"]["price"] == "1.50"
    assert dishes["tudou-si"]["allergens"] == ["peanuts"]
    assert "华美粮油贸易公司 Huamei Grain & Oil" in dishes["mifan"]["suppliers"]
