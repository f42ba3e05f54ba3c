"""Tracing both ways and recalls (召回): a recalled rice batch names Monday's lunch and stops."""

from __future__ import annotations

from tests.unit.canteen.food_support import NORTH_MANAGER, events
from tests.unit.canteen.menu_support import issue, stocked
from tests.unit.canteen.support import AUDITOR, STAFF

MENU = {
    "entries": [
        {"day": "2025-03-03", "meal": "lunch", "dish_ids": ["mifan", "tudou-si", "hongshao-rou"]}
    ]
}


async def rice_batches(client) -> list[str]:
    stock = (await client.get("/canteens/north/stock", headers=STAFF)).json()
    rice = next(s for s in stock if s["item"] == "大米 rice")
    return [b["batch_id"] for b in rice["batches"]]


async def test_recall_of_a_rice_batch_lists_mondays_lunch_and_stops_its_issues(client):
    await stocked(client)
    r = await client.put("/canteens/north/menus/2025-W10", json=MENU, headers=NORTH_MANAGER)
    assert r.status_code == 200, r.text
    first, second = await rice_batches(client)
    # Monday's lunch: rice issued for the meal (no dish named), pork for its dish.
    await issue(client, "REQ-1", "大米 rice", "15", meal_id="2025-03-03.lunch")
    await issue(
        client,
        "REQ-2",
        "五花肉 pork belly",
        "10",
        meal_id="2025-03-03.lunch",
        dish_id="hongshao-rou",
    )
    trace = (
        await client.get("/canteens/north/meals/2025-03-03.lunch/trace", headers=AUDITOR)
    ).json()
    assert [
        (i["batch_id"], i["item"], i["quantity"], i["dish_id"]) for i in trace["ingredients"]
    ] == [
        (first, "大米 rice", "15", None),
        (trace["ingredients"][1]["batch_id"], "五花肉 pork belly", "10", "hongshao-rou"),
    ]
    before = (await client.get(f"/canteens/north/batches/{first}/trace", headers=STAFF)).json()
    assert before["recalled"] is False
    assert [(m["meal_id"], [d["dish_id"] for d in m["dishes"]]) for m in before["meals"]] == [
        ("2025-03-03.lunch", ["mifan"])  # the menu's dish whose recipe uses rice
    ]
    r = await client.post(
        "/canteens/north/recalls",
        json={"batch_id": first, "reason": "supplier notice: aflatoxin above limit"},
        headers=NORTH_MANAGER,
    )
    assert r.status_code == 201, r.text
    recall = r.json()
    assert recall["batches"] == [first] and recall["item"] == "大米 rice"
    assert recall["meals"] == [
        {
            "meal_id": "2025-03-03.lunch",
            "day": "2025-03-03",
            "meal": "lunch",
            "quantity": "15",
            "dishes": [{"dish_id": "mifan", "name_zh": "米饭"}],
        }
    ]
    told = await events(client, "canteen.batch.recalled.v1")
    assert len(told) == 1
    assert told[0]["data"]["meals"][0]["dish_ids"] == ["mifan"]
    assert told[0]["data"]["batches"][0]["on_hand"] == "5"
    # The recalled batch is not issued again: the rest comes from the second batch ...
    fine = await issue(client, "REQ-3", "大米 rice", "10", meal_id="2025-03-03.dinner")
    assert [t["batch_id"] for t in fine["takes"]] == [second]
    # ... and a quantity only the recalled batch would cover is refused naming it.
    r = await client.post(
        "/canteens/north/issues",
        json={"issue_no": "REQ-4", "item": "大米 rice", "unit": "kg", "quantity": "45"},
        headers=STAFF,
    )
    assert r.status_code == 409 and r.json()["code"] == "batch_recalled", r.text
    assert first in r.json()["detail"] and r.json()["batch_ids"] == [first]
    after = (await client.get(f"/canteens/north/batches/{first}/trace", headers=STAFF)).json()
    assert after["recalled"] is True and after["recalled_by"] == recall["recall_id"]
    listed = (await client.get("/canteens/north/recalls", headers=AUDITOR)).json()
    assert [x["recall_id"] for x in listed] == [recall["recall_id"]]
    # Recalling it again stops nothing new.
    r = await client.post(
        "/canteens/north/recalls",
        json={"batch_id": first, "reason": "again"},
        headers=NORTH_MANAGER,
    )
    assert r.status_code == 409 and len(await events(client, "canteen.batch.recalled.v1")) == 1


async def test_recall_of_a_suppliers_product_stops_every_batch_of_it(client):
    await stocked(client)
    both = await rice_batches(client)
    # The first batch is used up by this issue; the recall still names it.
    await issue(client, "REQ-1", "大米 rice", "25", meal_id="2025-03-03.lunch", dish_id="mifan")
    r = await client.post(
        "/canteens/north/recalls",
        json={"supplier_id": "sup-wugu", "item": "大米 rice", "reason": "recall notice"},
        headers=NORTH_MANAGER,
    )
    assert r.status_code == 201, r.text
    assert sorted(r.json()["batches"]) == sorted(both)
    assert r.json()["meals"][0]["quantity"] == "25"  # 20 from the first batch, 5 from the next
    r = await client.post(
        "/canteens/north/issues",
        json={"issue_no": "REQ-2", "item": "大米 rice", "unit": "kg", "quantity": "1"},
        headers=STAFF,
    )
    assert r.status_code == 409 and r.json()["code"] == "batch_recalled"


async def test_bad_recalls_are_refused_and_change_nothing(client):
    await stocked(client)
    first, _ = await rice_batches(client)
    bad = [
        ({"reason": "no batch named"}, 422),
        ({"batch_id": first, "supplier_id": "sup-wugu", "item": "大米 rice", "reason": "x"}, 422),
        ({"batch_id": "nope", "reason": "x"}, 404),
        ({"supplier_id": "sup-wugu", "item": "鸡蛋", "reason": "x"}, 404),
        ({"batch_id": first, "reason": "x" * 501}, 422),
    ]
    for body, status in bad:
        r = await client.post("/canteens/north/recalls", json=body, headers=NORTH_MANAGER)
        assert r.status_code == status, (body, r.text)
    r = await client.post(
        "/canteens/north/recalls", json={"batch_id": first, "reason": "x"}, headers=STAFF
    )
    assert r.status_code == 403
    assert await events(client, "canteen.batch.recalled.v1") == []
