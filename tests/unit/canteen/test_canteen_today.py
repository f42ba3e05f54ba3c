"""Today's food-safety status over HTTP and as Prometheus gauges; supplier licence warnings."""

from __future__ import annotations

from services.canteen.handlers.jobs import food_safety_watch, refresh_today
from tests.unit.canteen.food_support import NORTH_MANAGER, OPS, SOUTH_MANAGER, canteens, events
from tests.unit.canteen.support import ADMIN, SOUTH_STAFF, STAFF

SUPPLIER = {
    "name": "绿源蔬菜",
    "documents": [
        {"kind": "business_licence", "number": "9137"},
        {"kind": "food_business_licence", "number": "JY1", "expires_on": "2025-03-07"},
    ],
}


async def test_a_licence_four_days_from_expiry_is_a_warning_and_told_once(client):
    await canteens(client, "north", "south")
    r = await client.put("/suppliers/sup-ly", json=SUPPLIER, headers=NORTH_MANAGER)
    assert r.status_code == 201, r.text
    assert r.json()["problems"] == []
    assert r.json()["warnings"] == ["food_business_licence JY1 expires on 2025-03-07 (in 4 days)"]
    runtime = client.runtime
    assert await food_safety_watch(runtime.uow, runtime.context) == 1
    assert await food_safety_watch(runtime.uow, runtime.context) == 0
    [told] = await events(client, "canteen.licence.expiring.v1")
    assert told["data"]["holder_kind"] == "supplier" and told["data"]["days_left"] == 4
    assert told["data"]["canteen_id"] == "north" and told["actor"] == "system:canteen"
    licences = (await client.get("/canteens/north/licences", headers=STAFF)).json()
    assert [(x["number"], x["stage"]) for x in licences] == [("JY1", "expiring")]


async def test_south_s_manager_changing_north_s_supplier_changes_nothing(client):
    await canteens(client, "north", "south")
    assert (
        await client.put("/suppliers/sup-ly", json=SUPPLIER, headers=NORTH_MANAGER)
    ).status_code == 201
    stored = await client.runtime.store.get("suppliers", "sup-ly")
    before = await events(client)
    r = await client.put(
        "/suppliers/sup-ly", json={**SUPPLIER, "suspended": True}, headers=SOUTH_MANAGER
    )
    assert r.status_code == 403
    assert await client.runtime.store.get("suppliers", "sup-ly") == stored
    assert await events(client) == before
    r = await client.put(
        "/suppliers/sup-ly", json={**SUPPLIER, "contact": "王经理"}, headers=NORTH_MANAGER
    )
    assert r.status_code == 200
    last = (await events(client, "canteen.supplier.updated.v1"))[-1]
    assert last["subject"] == "sup-ly" and last["data"]["changed"] == ["contact"]


async def test_the_today_page_and_its_gauges(client, clock):
    await canteens(client, "north", "south")
    lunch = {
        "served_on": "2025-03-03",
        "kind": "lunch",
        "dishes": [{"dish_id": "a", "name": "红烧肉"}, {"dish_id": "b", "name": "青菜"}],
    }
    assert (
        await client.post("/canteens/north/meals", json=lunch, headers=STAFF)
    ).status_code == 201
    meal = "/canteens/north/meals/2025-03-03.lunch"
    await client.put(f"{meal}/samples/a", json={"grams": "150", "fridge": "1"}, headers=STAFF)
    assert (await client.post(f"{meal}/close", headers=STAFF)).status_code == 200
    fridge = {"name": "冷藏柜", "kind": "fridge"}
    await client.put("/canteens/north/devices/f1", json=fridge, headers=NORTH_MANAGER)
    await client.post("/canteens/north/devices/f1/readings", json={"celsius": "4"}, headers=STAFF)
    r = await client.get("/canteens/north/food-safety/today", headers=STAFF)
    assert r.status_code == 200, r.text
    today = r.json()
    assert today["day"] == "2025-03-03" and today["status"] == "critical"
    assert today["reasons"] == {"sample_missing": "critical"}
    assert [v["dish_id"] for v in today["samples"]["violations"]] == ["b"]
    assert today["samples"]["in_fridge"] == 1 and today["samples"]["may_discard"] == 0
    assert [d["state"] for d in today["temperatures"]["devices"]] == ["ok"]
    assert today["temperatures"]["readings_today"] == 1
    assert today["stock_count"] == {"last_counted_on": None, "due_on": None, "overdue": False}
    south = (await client.get("/canteens/south/food-safety/today", headers=OPS)).json()
    assert south["status"] == "ok" and south["reasons"] == {}
    assert (
        await client.get("/canteens/north/food-safety/today", headers=SOUTH_STAFF)
    ).status_code == 403
    assert (await client.get("/canteens/east/food-safety/today", headers=ADMIN)).status_code == 404
    runtime = client.runtime
    assert await refresh_today(runtime.uow, runtime.context) == 2
    metrics = (await client.get("/metrics")).text
    assert 'campus_canteen_food_safety_status{canteen="north"} 2.0' in metrics
    assert 'campus_canteen_food_safety_status{canteen="south"} 0.0' in metrics
    assert 'campus_canteen_sample_violations_today{canteen="north",kind="missing"} 1.0' in metrics
    assert 'campus_canteen_temperature_devices{canteen="north",state="ok"} 1.0' in metrics
    # The fridge falls silent: its gauge follows on the next refresh, not on the scrape.
    clock.advance(hours=5)
    assert 'state="missing"} 1.0' not in (await client.get("/metrics")).text
    await refresh_today(runtime.uow, runtime.context)
    assert (
        'campus_canteen_temperature_devices{canteen="north",state="missing"} 1.0'
        in (await client.get("/metrics")).text
    )


async def test_the_demo_tells_the_food_safety_day_once(client, clock):
    from datetime import UTC, datetime

    from services.canteen.demo import seed
    from tests.unit.canteen.support import MANAGER

    clock.now = datetime.now(UTC)
    tokens = {"logistics_admin": ADMIN, "canteen_manager": MANAGER, "canteen_staff": STAFF}
    await seed(client, lambda role: tokens[role]["Authorization"].removeprefix("Bearer "))
    first = await events(client)
    await seed(client, lambda role: tokens[role]["Authorization"].removeprefix("Bearer "))
    assert len(await events(client)) == len(first)
    types = [e["type"] for e in first]
    assert types.count("canteen.morning_check.failed.v1") == 1
    assert types.count("canteen.temperature.out_of_range.v1") == 1
    assert types.count("canteen.inspection.failed.v1") == 2
    held = {e["data"]["holder_id"] for e in first if e["type"] == "canteen.licence.expired.v1"}
    assert held == {"sup-laozhang", "st-zhang"}
    today = (await client.get("/canteens/north/food-safety/today", headers=STAFF)).json()
    assert today["status"] == "critical"
    assert {"morning_check_failed_on_shift", "temperature_out_of_range"} <= set(today["reasons"])
    assert [m["status"] for m in today["samples"]["meals"]] == ["closed", "open"]
