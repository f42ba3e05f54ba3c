"""Dishes, allergens and price caps (最高限价): a price above the cap changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.canteen.domain.dishes import Allergen, Ingredient, derive_allergens
from tests.unit.canteen.food_support import NORTH_MANAGER, SOUTH_MANAGER, count, events
from tests.unit.canteen.menu_support import POTATO, dishes, put_cap, put_dish
from tests.unit.canteen.support import AUDITOR, STAFF


def test_allergens_are_derived_from_the_item_names_in_the_standards_order():
    recipe = (
        Ingredient("鸡蛋 eggs", Decimal("0.05"), "kg"),
        Ingredient("面粉 flour", Decimal("0.1"), "kg"),
        Ingredient("牛奶 milk", Decimal("0.1"), "L"),
        Ingredient("青菜", Decimal("0.1"), "kg"),
    )
    assert derive_allergens(recipe) == (Allergen.GLUTEN_CEREALS, Allergen.EGGS, Allergen.MILK)
    assert derive_allergens((Ingredient("土豆 potato", Decimal(1), "kg"),)) == ()


async def test_a_dish_with_derived_allergens_then_edited(client):
    await dishes(client)
    potato = (await client.get("/canteens/north/dishes/tudou-si", headers=STAFF)).json()
    assert potato["allergens"] == ["soy"] and potato["allergens_derived"] == ["soy"]
    assert potato["allergens_edited"] is False and potato["cap"] == "4.00"
    assert potato["price"] == "3.50" and potato["version"] == 1
    edited = await put_dish(client, "tudou-si", {**POTATO, "allergens": []}, status=200)
    assert edited["allergens"] == [] and edited["allergens_derived"] == ["soy"]
    assert edited["allergens_edited"] is True and edited["version"] == 2
    told = await events(client, "canteen.dish.updated.v1")
    assert told[-1]["data"]["changed"] == ["allergens", "allergens_edited"]
    # The same PUT again writes nothing.
    await put_dish(client, "tudou-si", {**POTATO, "allergens": []}, status=200)
    assert len(await events(client, "canteen.dish.updated.v1")) == len(told)
    listed = (await client.get("/canteens/north/dishes", headers=AUDITOR)).json()
    assert [d["dish_id"] for d in listed] == ["hongshao-rou", "mifan", "tudou-si"]
    pork = next(d for d in listed if d["dish_id"] == "hongshao-rou")
    assert pork["cap"] is None and pork["everyday"] is False


async def test_a_price_above_the_cap_is_refused_naming_it_and_changes_nothing(client):
    await dishes(client)
    before = await events(client)
    r = await client.put(
        "/canteens/north/dishes/tudou-si", json={**POTATO, "price": "4.50"}, headers=NORTH_MANAGER
    )
    assert r.status_code == 422
    problem = r.json()
    assert problem["code"] == "price_above_cap" and problem["type"] == "/problems/price_above_cap"
    assert "above the cap of ¥4.00" in problem["detail"] and problem["cap"] == "4.00"
    assert len(await events(client)) == len(before)
    potato = (await client.get("/canteens/north/dishes/tudou-si", headers=STAFF)).json()
    assert potato["price"] == "3.50"
    # A new everyday dish above the cap is not created either.
    r = await client.put(
        "/canteens/north/dishes/new-dish", json={**POTATO, "price": "9.00"}, headers=NORTH_MANAGER
    )
    assert r.status_code == 422 and await count(client, "dishes") == 3
    # Not an everyday dish: no cap applies.
    await put_dish(client, "tudou-si", {**POTATO, "price": "6.00", "everyday": False}, status=200)


async def test_every_price_change_is_in_the_history_and_told(client):
    await dishes(client)
    await put_dish(client, "tudou-si", {**POTATO, "price": "3.80"}, status=200)
    await put_dish(client, "tudou-si", {**POTATO, "price": "3.80", "name_en": "Potato"}, status=200)
    history = (await client.get("/canteens/north/dishes/tudou-si/prices", headers=STAFF)).json()
    assert [(p["price"], p["previous"]) for p in history] == [("3.80", "3.50"), ("3.50", None)]
    assert history[0]["by"] == "u-canteen-manager-1"
    told = [
        e["data"]
        for e in await events(client, "canteen.dish.price_changed.v1")
        if e["data"]["dish_id"] == "tudou-si"
    ]
    assert [(t["price"], t["previous"], t["cap"]) for t in told] == [
        ("3.50", None, "4.00"),
        ("3.80", "3.50", "4.00"),
    ]


async def test_caps_are_listed_told_and_kept_by_managers_of_the_canteen(client):
    await dishes(client)
    await put_cap(client, "staple", "1.50")  # unchanged: nothing told
    caps = (await client.get("/canteens/north/price-caps", headers=STAFF)).json()
    assert [(c["category"], c["cap"]) for c in caps] == [
        ("staple", "1.50"),
        ("vegetable_dish", "4.00"),
    ]
    assert len(await events(client, "canteen.price_cap.changed.v1")) == 2
    for headers in (STAFF, SOUTH_MANAGER):
        r = await client.put(
            "/canteens/north/price-caps/staple", json={"cap": "2.00"}, headers=headers
        )
        assert r.status_code == 403
        r = await client.put("/canteens/north/dishes/x", json=POTATO, headers=headers)
        assert r.status_code == 403


@pytest.mark.parametrize(
    "change",
    [
        {"price": "-1"},
        {"price": "1.234"},
        {"price": "1e9"},
        {"price": "NaN"},
        {"price": "Infinity"},
        {"allergens": ["celery"]},
        {"name_zh": "x" * 101},
        {"category": "has space"},
        {"ingredients": [{"item": "土豆", "quantity": "0", "unit": "kg"}]},
        {"colour": "red"},
    ],
)
async def test_bad_dishes_are_422(client, change):
    await dishes(client)
    r = await client.put(
        "/canteens/north/dishes/tudou-si", json={**POTATO, **change}, headers=NORTH_MANAGER
    )
    assert r.status_code == 422, r.text
