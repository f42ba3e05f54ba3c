"""Helpers of the menu, cost and feedback tests (issue 11): dishes and caps of north."""

from __future__ import annotations

from tests.unit.canteen.food_support import NORTH_MANAGER, canteens
from tests.unit.canteen.support import ADMIN, STAFF

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


def line(no: int, item: str, qty: str, price: str, category: str, expires: str) -> dict:
    return {
        "line_no": no,
        "item": item,
        "category": category,
        "quantity": qty,
        "unit": "kg",
        "producer": "产地 producer",
        "production_date": "2025-03-01",
        "expires_on": expires,
        "quality_certificate": "QC-1",
        "unit_price": price,
    }


async def stocked(client) -> None:
    """The dishes, a qualified supplier, and its delivery: rice in two batches at two prices."""
    await dishes(client)
    docs = [
        {"kind": "business_licence", "number": "9137"},
        {"kind": "food_business_licence", "number": "JY1", "expires_on": "2026-01-01"},
    ]
    r = await client.put(
        "/suppliers/sup-wugu",
        json={"name": "五谷粮油 Wugu", "documents": docs, "canteens": ["north"]},
        headers=ADMIN,
    )
    assert r.status_code in (200, 201), r.text
    body = {
        "supplier_id": "sup-wugu",
        "delivery_note_no": "WG-1",
        "lines": [
            line(1, "大米 rice", "20", "5.00", "grain", "2025-04-01"),
            line(2, "大米 rice", "50", "5.40", "grain", "2025-05-01"),
            line(3, "土豆 potato", "40", "3.00", "vegetable", "2025-03-20")
            | {"pesticide_inhibition_rate": "10"},
            line(4, "五花肉 pork belly", "30", "28.00", "meat", "2025-03-08"),
            line(5, "酱油 soy sauce", "5", "12.00", "seasoning", "2026-03-01"),
        ],
    }
    r = await client.post("/canteens/north/deliveries", json=body, headers=STAFF)
    assert r.status_code == 201, r.text
    assert r.json()["accepted_lines"] == 5, r.text


async def issue(client, no: str, item: str, qty: str, **link) -> dict:
    body = {"issue_no": no, "item": item, "unit": "kg", "quantity": qty, **link}
    r = await client.post("/canteens/north/issues", json=body, headers=STAFF)
    assert r.status_code == 201, r.text
    return r.json()
