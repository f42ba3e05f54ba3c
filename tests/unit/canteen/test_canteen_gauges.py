"""The food-safety dashboard's activity gauges move with what the canteen records today."""

from __future__ import annotations

import re

from services.canteen.handlers.jobs import refresh_today
from tests.unit.canteen.food_support import NORTH_MANAGER, canteens
from tests.unit.canteen.support import STAFF
from tests.unit.canteen.test_canteen_inspections import DAILY, scores


async def gauges(client) -> dict[str, float]:
    """The canteen's activity gauges after a refresh, by `name{labels}`."""
    await refresh_today(client.runtime.uow, client.runtime.context)
    text = (await client.get("/metrics")).text
    found = re.findall(
        r"^(campus_canteen_(?:samples|inspections|temperature_readings)_\w+\{[^}]*\}) (\S+)$",
        text,
        re.M,
    )
    return {name: float(value) for name, value in found}


def key(name: str, state_label: str, state: str, canteen: str = "north") -> str:
    return f'campus_canteen_{name}{{canteen="{canteen}",{state_label}="{state}"}}'


async def test_samples_inspections_and_readings_are_counted_per_canteen(client, clock):
    await canteens(client, "north", "south")
    before = await gauges(client)
    assert before[key("samples_today", "state", "dishes")] == 0
    assert before[key("inspections_today", "result", "failed", "south")] == 0

    lunch = {
        "served_on": "2025-03-03",
        "kind": "lunch",
        "dishes": [{"dish_id": "a", "name": "红烧肉"}, {"dish_id": "b", "name": "青菜"}],
    }
    assert (
        await client.post("/canteens/north/meals", json=lunch, headers=STAFF)
    ).status_code == 201
    meal = "/canteens/north/meals/2025-03-03.lunch"
    r = await client.put(f"{meal}/samples/a", json={"grams": "150", "fridge": "1"}, headers=STAFF)
    assert r.status_code in (200, 201), r.text
    assert (await client.put("/checklists/daily", json=DAILY, headers=NORTH_MANAGER)).is_success
    for body in (scores(40, 30, 30), scores(40, 25, 0, {"bins": "没盖", "fridge-seal": "破损"})):
        r = await client.post("/canteens/north/inspections", json=body, headers=STAFF)
        assert r.status_code == 201, r.text
    fridge = {"name": "冷藏柜", "kind": "fridge"}
    await client.put("/canteens/north/devices/f1", json=fridge, headers=NORTH_MANAGER)
    for celsius in ("4", "11", "5"):
        clock.advance(minutes=10)  # one reading per device and moment: a repeat is the same reading
        r = await client.post(
            "/canteens/north/devices/f1/readings", json={"celsius": celsius}, headers=STAFF
        )
        assert r.is_success, r.text

    now = await gauges(client)
    assert now[key("samples_today", "state", "dishes")] == 2
    assert now[key("samples_today", "state", "taken")] == 1
    assert now[key("samples_kept", "state", "in_fridge")] == 1
    assert now[key("samples_kept", "state", "may_discard")] == 0
    assert now[key("inspections_today", "result", "passed")] == 1
    assert now[key("inspections_today", "result", "failed")] == 1
    assert now[key("temperature_readings_today", "verdict", "in_range")] == 2
    assert now[key("temperature_readings_today", "verdict", "out_of_range")] == 1
    # The other canteen recorded nothing.
    assert now[key("inspections_today", "result", "passed", "south")] == 0
    assert now[key("temperature_readings_today", "verdict", "out_of_range", "south")] == 0

    # Two days on: the sample has been kept its 48 hours; today's activity starts again at 0.
    clock.advance(days=2)
    later = await gauges(client)
    assert later[key("samples_kept", "state", "in_fridge")] == 1
    assert later[key("samples_kept", "state", "may_discard")] == 1
    assert later[key("samples_today", "state", "dishes")] == 0
    assert later[key("inspections_today", "result", "passed")] == 0
    assert later[key("temperature_readings_today", "verdict", "out_of_range")] == 0
