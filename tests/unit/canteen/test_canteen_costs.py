"""Cost accounts (成本核算) and portions and waste per meal (光盘行动), against hand figures."""

from __future__ import annotations

from tests.unit.canteen.food_support import NORTH_MANAGER, events
from tests.unit.canteen.menu_support import issue, stocked
from tests.unit.canteen.support import AUDITOR, STAFF

LUNCH = "/canteens/north/meals/2025-03-03.lunch"


async def monday_lunch(client) -> None:
    """Issues for Monday's lunch, its portions and its waste."""
    await stocked(client)
    rice = await issue(
        client, "REQ-1", "大米 rice", "30", meal_id="2025-03-03.lunch", dish_id="mifan"
    )
    # FEFO: 20 kg at 5.00 from the batch expiring first, 10 kg at 5.40 from the next.
    assert [(t["quantity"], t["unit_price"]) for t in rice["takes"]] == [
        ("20", "5.00"),
        ("10", "5.40"),
    ]
    assert rice["cost"] == "154.00"
    await issue(
        client, "REQ-2", "土豆 potato", "20", meal_id="2025-03-03.lunch", dish_id="tudou-si"
    )
    await issue(
        client,
        "REQ-3",
        "五花肉 pork belly",
        "15",
        meal_id="2025-03-03.lunch",
        dish_id="hongshao-rou",
    )
    await issue(client, "REQ-4", "酱油 soy sauce", "1", meal_id="2025-03-03.lunch")
    body = {
        "portions": [
            {"dish_id": "mifan", "portions": 200},
            {"dish_id": "tudou-si", "portions": 100},
            {"dish_id": "hongshao-rou", "portions": 100},
        ]
    }
    r = await client.put(f"{LUNCH}/portions", json=body, headers=STAFF)
    assert r.status_code == 200 and r.json()["total_portions"] == 400, r.text
    r = await client.put(f"{LUNCH}/waste", json={"grams": "9000"}, headers=STAFF)
    assert r.status_code == 200 and r.json()["waste_grams_per_portion"] == "22.5", r.text


async def test_cost_per_portion_of_a_day_equals_the_hand_computed_figure(client):
    await monday_lunch(client)
    r = await client.get(
        "/canteens/north/costs",
        params={"from": "2025-03-03", "to": "2025-03-04"},
        headers=NORTH_MANAGER,
    )
    assert r.status_code == 200, r.text
    accounts = r.json()
    assert accounts["from"] == "2025-03-03" and accounts["to"] == "2025-03-04"
    monday, tuesday = accounts["days"]
    # 154.00 rice + 20 × 3.00 potato + 15 × 28.00 pork + 1 × 12.00 soy sauce = 646.00
    assert monday["ingredient_cost"] == "646.00"
    assert monday["portions"] == 400
    assert monday["cost_per_portion"] == "1.62"  # 646 / 400 = 1.615, half up
    # 200 × 1.00 + 100 × 3.50 + 100 × 12.00 = 1750.00
    assert monday["revenue"] == "1750.00" and monday["margin"] == "1104.00"
    assert monday["waste_grams"] == "9000" and monday["waste_grams_per_portion"] == "22.5"
    pork = next(d for d in monday["dishes"] if d["dish_id"] == "hongshao-rou")
    assert pork == {
        "dish_id": "hongshao-rou",
        "name_zh": "红烧肉",
        "portions": 100,
        "cost": "420.00",
        "cost_per_portion": "4.20",
        "price": "12.00",
        "margin": "780.00",
    }
    rice = next(d for d in monday["dishes"] if d["dish_id"] == "mifan")
    assert rice["cost_per_portion"] == "0.77"  # 154 / 200
    assert tuesday["portions"] == 0 and tuesday["cost_per_portion"] is None
    assert [w["period"] for w in accounts["weeks"]] == ["2025-W10"]
    assert accounts["weeks"][0]["ingredient_cost"] == accounts["total"]["ingredient_cost"]
    assert accounts["total"]["margin"] == "1104.00"


async def test_portions_and_waste_are_events_and_a_repeat_changes_nothing(client):
    await monday_lunch(client)
    told = await events(client, "canteen.meal.portions_recorded.v1")
    assert len(told) == 1 and told[0]["data"]["total"] == 400
    assert told[0]["data"]["portions"][0] == {
        "dish_id": "hongshao-rou",
        "portions": 100,
        "price": "12.00",
    }
    waste = await events(client, "canteen.meal.waste_recorded.v1")
    assert [w["data"]["grams_per_portion"] for w in waste] == ["22.50"]
    await client.put(f"{LUNCH}/waste", json={"grams": "9000"}, headers=STAFF)
    assert len(await events(client, "canteen.meal.waste_recorded.v1")) == 1
    issued = await events(client, "canteen.stock.issued.v1")
    assert (
        issued[0]["data"]["meal_id"] == "2025-03-03.lunch" and issued[0]["data"]["cost"] == "154.00"
    )
    got = (await client.get(f"{LUNCH}/serving", headers=AUDITOR)).json()
    assert got["waste_grams"] == "9000" and got["total_portions"] == 400


async def test_bad_portions_waste_and_ranges_are_4xx_and_change_nothing(client):
    await stocked(client)
    before = len(await events(client))
    bad = [
        (f"{LUNCH}/portions", {"portions": [{"dish_id": "nope", "portions": 1}]}),
        (f"{LUNCH}/portions", {"portions": [{"dish_id": "mifan", "portions": -1}]}),
        (f"{LUNCH}/portions", {"portions": [{"dish_id": "mifan", "portions": 1}] * 2}),
        ("/canteens/north/meals/2025-02-30.lunch/portions", {"portions": []}),
        ("/canteens/north/meals/2025-03-03.brunch/portions", {"portions": []}),
        ("/canteens/north/meals/2025-03-09.lunch/portions", {"portions": []}),  # not yet served
        (f"{LUNCH}/waste", {"grams": "-5"}),
        (f"{LUNCH}/waste", {"grams": "1e20"}),
        (f"{LUNCH}/waste", {"grams": "NaN"}),
    ]
    for url, body in bad:
        r = await client.put(url, json=body, headers=STAFF)
        assert r.status_code == 422, (url, body, r.text)
    r = await client.post(
        "/canteens/north/issues",
        json={
            "issue_no": "X",
            "item": "大米 rice",
            "unit": "kg",
            "quantity": "1",
            "dish_id": "mifan",
        },
        headers=STAFF,
    )
    assert r.status_code == 422 and r.json()["field"] == "meal_id", r.text
    assert len(await events(client)) == before
    for params in (
        {"from": "2025-03-04", "to": "2025-03-03"},
        {"from": "2024-01-01", "to": "2025-03-03"},
        {"from": "9999-01-01", "to": "9999-01-02"},
        {},
    ):
        r = await client.get("/canteens/north/costs", params=params, headers=NORTH_MANAGER)
        assert r.status_code == 422, (params, r.text)
    r = await client.get(
        "/canteens/north/costs", params={"from": "2025-03-03", "to": "2025-03-03"}, headers=STAFF
    )
    assert r.status_code == 403
