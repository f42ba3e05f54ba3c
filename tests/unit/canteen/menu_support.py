"""Helpers of the menu, cost and feedback tests (issue 11): dishes and caps of north."""

from __future__ import annotations

from tests.unit.canteen.food_support import NORTH_MANAGER, canteens

RICE = {
    "name_zh": "米饭",
    "name_en": "Steamed rice",
    "category": "staple",
    "ingredients": [{"item": "大米 rice", "quantity": "0.150", "unit": "kg"}],
    "price": "1.00",
    "everyday": True,
}
POTATO = {
    "name_zh": "酸辣土豆丝",
    "name_en": "Hot and sour potato",
    "category": "vegetable_dish",
    "ingredients": [
        {"item": "土豆 potato", "quantity": "0.200", "unit": "kg"},
        {"item": "酱油 soy sauce", "quantity": "0.010", "unit": "kg"},
    ],
    "price": "3.50",
    "everyday": True,
}
PORK = {
    "name_zh": "红烧肉",
    "name_en": "Red-braised pork",
    "category": "meat_dish",
    "ingredients": [{"item": "五花肉 pork belly", "quantity": "0.150", "unit": "kg"}],
    "price": "12.00",
}


async def put_dish(client, dish_id: str, body: dict, headers=NORTH_MANAGER, status: int = 201):
    r = await client.put(f"/canteens/north/dishes/{dish_id}", json=body, headers=headers)
    assert r.status_code == status, r.text
    return r.json()


async def put_cap(client, category: str, cap: str, canteen: str = "north") -> dict:
    r = await client.put(
        f"/canteens/{canteen}/price-caps/{category}", json={"cap": cap}, headers=NORTH_MANAGER
    )
    assert r.status_code == 200, r.text
    return r.json()


async def dishes(client) -> None:
    """North with caps on staples and vegetable dishes, and rice, potato and pork."""
    await canteens(client)
    await put_cap(client, "staple", "1.50")
    await put_cap(client, "vegetable_dish", "4.00")
    await put_dish(client, "mifan", RICE)
    await put_dish(client, "tudou-si", POTATO)
    await put_dish(client, "hongshao-rou", PORK)
