"""Temperature logs: one event per excursion, one per silence, readings from a gateway."""

from __future__ import annotations

from tests.unit.canteen.food_support import (
    GATEWAY,
    NORTH_MANAGER,
    SOUTH_GATEWAY,
    canteens,
    count,
    events,
    watch,
)
from tests.unit.canteen.support import STAFF


async def devices(client) -> None:
    await canteens(client)
    fridge = {"name": "2号冷藏柜", "kind": "fridge", "location": "后厨"}
    freezer = {"name": "1号冷冻柜", "kind": "freezer", "interval_minutes": 60}
    probe = {"name": "中心温度计", "kind": "core_probe"}
    for device_id, body in (("fridge-2", fridge), ("freezer-1", freezer), ("probe", probe)):
        r = await client.put(
            f"/canteens/north/devices/{device_id}", json=body, headers=NORTH_MANAGER
        )
        assert r.status_code == 201, r.text
    listed = (await client.get("/canteens/north/devices", headers=STAFF)).json()
    ranges = {d["device_id"]: (d["min_c"], d["max_c"], d["interval_minutes"]) for d in listed}
    assert ranges == {
        "fridge-2": ("0", "8", 240),
        "freezer-1": (None, "-12", 60),
        "probe": ("70", None, None),
    }


async def read(client, device: str, celsius: str, headers=STAFF, **kw) -> dict:
    r = await client.post(
        f"/canteens/north/devices/{device}/readings",
        json={"celsius": celsius, **kw},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return r.json()[0]


async def test_a_fridge_at_11_degrees_raises_one_out_of_range_event(client, clock):
    await devices(client)
    assert (await read(client, "fridge-2", "4.0"))["in_range"] is True
    clock.advance(minutes=30)
    assert (await read(client, "fridge-2", "11"))["in_range"] is False
    clock.advance(minutes=30)
    await read(client, "fridge-2", "11.5")  # the same excursion
    [alert] = await events(client, "canteen.temperature.out_of_range.v1")
    assert alert["data"]["celsius"] == "11" and alert["data"]["max_c"] == "8"
    assert alert["data"]["device_name"] == "2号冷藏柜" and alert["data"]["canteen_id"] == "north"
    assert (
        alert["data"]["source"] == "manual" and alert["data"]["recorded_by"] == "u-canteen-staff-1"
    )
    today = (await client.get("/canteens/north/food-safety/today", headers=STAFF)).json()
    assert today["temperatures"]["out_of_range_today"] == 2
    assert today["reasons"]["temperature_out_of_range"] == "critical"
    clock.advance(minutes=30)
    await read(client, "fridge-2", "5")
    clock.advance(minutes=30)
    await read(client, "fridge-2", "9")  # a new excursion
    assert len(await events(client, "canteen.temperature.out_of_range.v1")) == 2
    # A core probe's readings are separate dishes: each one under 70 ℃ is told.
    await read(client, "probe", "65", item="红烧肉")
    clock.advance(minutes=1)
    await read(client, "probe", "68", item="鸡块")
    probe = [
        e
        for e in await events(client, "canteen.temperature.out_of_range.v1")
        if e["data"]["device_id"] == "probe"
    ]
    assert [e["data"]["item"] for e in probe] == ["红烧肉", "鸡块"]


async def test_a_freezer_silent_past_its_interval_raises_one_missing_event(client, clock):
    await devices(client)
    await read(client, "freezer-1", "-18")
    clock.advance(minutes=59)
    assert (await watch(client))["silent_devices"] == 0
    clock.advance(minutes=2)
    assert (await watch(client))["silent_devices"] == 1
    assert (await watch(client))["silent_devices"] == 0
    missing = await events(client, "canteen.temperature.missing.v1")
    assert [e["data"]["device_id"] for e in missing] == ["freezer-1"]
    assert missing[0]["data"]["interval_minutes"] == 60
    assert missing[0]["data"]["last_reading_at"] == "2025-03-03T00:30:00.000000Z"
    # The fridge (4 h) and the probe (no interval) are not yet silent; a new silence is told anew.
    await read(client, "freezer-1", "-17")
    clock.advance(minutes=61)
    assert (await watch(client))["silent_devices"] == 1
    assert len(await events(client, "canteen.temperature.missing.v1")) == 2


async def test_a_gateway_posts_batches_and_a_retry_stores_nothing_twice(client, clock):
    await devices(client)
    batch = {
        "readings": [
            {"device_id": "fridge-2", "celsius": "3.5", "at": "2025-03-03T00:20:00Z"},
            {"device_id": "fridge-2", "celsius": "3.9", "at": "2025-03-03T00:25:00Z"},
            {"device_id": "freezer-1", "celsius": "-19", "at": "2025-03-03T00:25:00Z"},
        ]
    }
    r = await client.post("/canteens/north/readings", json=batch, headers=GATEWAY)
    assert r.status_code == 201 and len(r.json()) == 3
    assert {x["source"] for x in r.json()} == {"sensor"}
    r = await client.post("/canteens/north/readings", json=batch, headers=GATEWAY)
    assert r.status_code == 201 and r.json() == []
    recorded = await events(client, "canteen.temperature.recorded.v1")
    assert len(recorded) == 1 and recorded[0]["actor"] == "gw-north-sensors"
    assert await count(client, "readings") == 3
    page = (await client.get("/canteens/north/devices/fridge-2/readings", headers=STAFF)).json()
    assert [x["celsius"] for x in page["items"]] == ["3.9", "3.5"]
    r = await client.post("/canteens/north/readings", json=batch, headers=SOUTH_GATEWAY)
    assert r.status_code == 403


async def test_bad_readings_are_refused_and_write_nothing(client):
    await devices(client)
    before = await events(client)
    bad = [
        ("/canteens/north/devices/fridge-2/readings", {"celsius": "1e9"}),
        ("/canteens/north/devices/fridge-2/readings", {"celsius": "nan"}),
        ("/canteens/north/devices/nope/readings", {"celsius": "4"}),
        (
            "/canteens/north/devices/fridge-2/readings",
            {"celsius": "4", "at": "9999-01-01T00:00:00Z"},
        ),
        (
            "/canteens/north/devices/fridge-2/readings",
            {"celsius": "4", "at": "2025-03-04T00:00:00Z"},
        ),
        (
            "/canteens/north/readings",
            {
                "readings": [
                    {"device_id": "fridge-2", "celsius": "4"},
                    {"device_id": "ghost", "celsius": "4"},
                ]
            },
        ),
    ]
    for path, body in bad:
        r = await client.post(path, json=body, headers=STAFF)
        assert r.status_code == 422, (path, body, r.text)
    r = await client.put(
        "/canteens/north/devices/fridge-9",
        json={"name": "x", "kind": "fridge", "min_c": "9", "max_c": "2"},
        headers=NORTH_MANAGER,
    )
    assert r.status_code == 422
    r = await client.put(
        "/canteens/north/devices/fridge-9", json={"name": "x", "kind": "fridge"}, headers=STAFF
    )
    assert r.status_code == 403
    assert await events(client) == before and await count(client, "readings") == 0
