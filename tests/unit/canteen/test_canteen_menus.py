"""Weekly menus and the public notice (食堂公示): drafts stay private, published ones are public."""

from __future__ import annotations

import pytest

from tests.unit.canteen.food_support import NORTH_MANAGER, events
from tests.unit.canteen.menu_support import PORK, dishes, put_dish
from tests.unit.canteen.support import ADMIN, STAFF

WEEK = "2025-W10"  # 3 to 9 March 2025
MENU = {
    "entries": [
        {"day": "2025-03-03", "meal": "lunch", "dish_ids": ["mifan", "tudou-si", "hongshao-rou"]},
        {"day": "2025-03-03", "meal": "breakfast", "dish_ids": ["mifan"]},
        {"day": "2025-03-04", "meal": "dinner", "dish_ids": ["tudou-si"]},
    ],
    "show_suppliers": False,
}


async def save(client, body=MENU, week=WEEK, status=200):
    r = await client.put(f"/canteens/north/menus/{week}", json=body, headers=NORTH_MANAGER)
    assert r.status_code == status, r.text
    return r.json()


async def test_a_draft_is_not_public_until_published(client):
    await dishes(client)
    menu = await save(client)
    assert menu["status"] == "draft" and menu["version"] == 1
    assert [e["meal_id"] for e in menu["entries"]] == [
        "2025-03-03.breakfast",
        "2025-03-03.lunch",
        "2025-03-04.dinner",
    ]
    assert (await client.get(f"/public/canteens/north/menus/{WEEK}")).status_code == 404
    r = await client.post(f"/canteens/north/menus/{WEEK}/publish", headers=NORTH_MANAGER)
    assert r.status_code == 200 and r.json()["status"] == "published"
    assert r.json()["published_by"] == "u-canteen-manager-1"
    again = await client.post(f"/canteens/north/menus/{WEEK}/publish", headers=NORTH_MANAGER)
    assert again.json()["version"] == r.json()["version"]
    told = await events(client, "canteen.menu.published.v1")
    assert len(told) == 1 and told[0]["data"]["dishes"] == 3
    assert told[0]["data"]["entries"][1] == {
        "day": "2025-03-03",
        "meal": "lunch",
        "dish_ids": ["mifan", "tudou-si", "hongshao-rou"],
    }
    public = (await client.get(f"/public/canteens/north/menus/{WEEK}")).json()
    assert public["canteen_name"] == "north 食堂"
    assert [d["day"] for d in public["days"]] == ["2025-03-03", "2025-03-04"]
    lunch = public["days"][0]["meals"][1]
    assert lunch["meal_id"] == "2025-03-03.lunch"
    potato = lunch["dishes"][1]
    assert potato["name_zh"] == "酸辣土豆丝" and potato["price"] == "3.50"
    assert potato["allergens"] == ["soy"] and potato["suppliers"] is None


async def test_a_published_menu_saved_again_is_published_again(client):
    await dishes(client)
    await save(client)
    await client.post(f"/canteens/north/menus/{WEEK}/publish", headers=NORTH_MANAGER)
    changed = {**MENU, "entries": MENU["entries"][:1]}
    menu = await save(client, changed)
    assert menu["status"] == "published" and len(menu["entries"]) == 1
    assert len(await events(client, "canteen.menu.published.v1")) == 2
    assert len(await events(client, "canteen.menu.saved.v1")) == 2
    await save(client, changed)  # unchanged: nothing
    assert len(await events(client, "canteen.menu.saved.v1")) == 2
    public = (await client.get(f"/public/canteens/north/menus/{WEEK}")).json()
    assert [m["meal_id"] for d in public["days"] for m in d["meals"]] == ["2025-03-03.lunch"]


async def test_the_notice_names_suppliers_only_when_the_canteen_shows_them(client):
    await dishes(client)
    await client.put(
        "/suppliers/sup-wugu",
        json={"name": "五谷粮油 Wugu Grain", "canteens": ["north"]},
        headers=ADMIN,
    )
    await client.runtime.store.insert(
        "batches",
        {
            "_id": "b-rice-1",
            "canteen_id": "north",
            "item": "大米 rice",
            "unit": "kg",
            "on_hand": "50",
            "expires_on": "2025-09-01",
            "received_on": "2025-03-01",
            "category": "grain",
            "supplier_id": "sup-wugu",
            "delivery_id": "d1",
            "line_no": 1,
            "quantity_received": "50",
            "status": "in_stock",
            "expiry_warned_on": None,
        },
    )
    await save(client, {**MENU, "show_suppliers": True})
    await client.post(f"/canteens/north/menus/{WEEK}/publish", headers=NORTH_MANAGER)
    public = (await client.get(f"/public/canteens/north/menus/{WEEK}")).json()
    lunch = {d["dish_id"]: d for d in public["days"][0]["meals"][1]["dishes"]}
    assert lunch["mifan"]["suppliers"] == ["五谷粮油 Wugu Grain"]
    assert lunch["hongshao-rou"]["suppliers"] == []


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"day": "2025-03-10", "meal": "lunch", "dish_ids": ["mifan"]}, "not in week"),
        ({"day": "2025-03-03", "meal": "lunch", "dish_ids": ["nope"]}, "no active dish nope"),
        ({"day": "2025-03-03", "meal": "lunch", "dish_ids": ["mifan", "mifan"]}, "twice"),
    ],
)
async def test_a_wrong_entry_is_refused_naming_it(client, entry, says):
    await dishes(client)
    r = await client.put(
        f"/canteens/north/menus/{WEEK}", json={"entries": [entry]}, headers=NORTH_MANAGER
    )
    assert r.status_code == 422 and says in r.json()["detail"], r.text


async def test_an_inactive_dish_bad_weeks_and_staff_are_refused(client):
    await dishes(client)
    await put_dish(client, "hongshao-rou", {**PORK, "active": False}, status=200)
    r = await client.put(f"/canteens/north/menus/{WEEK}", json=MENU, headers=NORTH_MANAGER)
    assert r.status_code == 422 and "hongshao-rou" in r.json()["detail"]
    for week in ("2025-W54", "2025-10", "9999-W99", "9999-W52", "0000-W01"):
        r = await client.put(f"/canteens/north/menus/{week}", json=MENU, headers=NORTH_MANAGER)
        assert r.status_code == 422, (week, r.text)
        assert (await client.get(f"/public/canteens/north/menus/{week}")).status_code == 422
    assert (
        await client.put(f"/canteens/north/menus/{WEEK}", json=MENU, headers=STAFF)
    ).status_code == 403
    assert (await client.get("/public/canteens/nowhere/menus/2025-W10")).status_code == 404
