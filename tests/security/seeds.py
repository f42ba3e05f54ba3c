"""The objects each service's matrix run starts with, made through its own API as an admin.

Each seed returns the path values naming them, so a route with an id is called on an object
that exists and lies in the in-scope caller's canteen, building or campus (`calls.IN_SCOPE`).
"""

from __future__ import annotations

from typing import Any

import httpx

from shared.auth import Role
from tests.security.calls import IN_SCOPE, token_header

ADMIN = token_header(Role.LOGISTICS_ADMIN, {})
#: The requester the matrix's own requester token names (`u-matrix-requester`).
REQUESTER = token_header(Role.REQUESTER, IN_SCOPE)
LOCATIONS_CSV = (
    "campus_id,campus_name,building_id,building_name,floor,room_id,room_name\n"
    "main,主校区,B01,一号教学楼,1,B01-101,101教室\n"
    "east,东校区,B99,东区楼,1,B99-101,东区教室\n"
)


async def _ok(answer: httpx.Response) -> dict[str, Any]:
    assert answer.status_code < 300, f"seeding failed: {answer.request.url} {answer.text}"
    return answer.json() if answer.content else {}


async def seed_canteen(http: httpx.AsyncClient) -> dict[str, str]:
    """Canteens north and south; in north a rice batch issued to a lunch, a dish under a cap,
    the published menu of that week and a complaint with a contact (issue 11's objects)."""
    await _ok(
        await http.put(
            "/canteens/north",
            json={"name": "北区食堂", "campus_id": "main", "building_id": "C01"},
            headers=ADMIN,
        )
    )
    await _ok(
        await http.put(
            "/canteens/south",
            json={"name": "南区食堂", "campus_id": "east", "building_id": "C02"},
            headers=ADMIN,
        )
    )
    return await _seed_menus(http)


#: Monday's lunch of ISO week 2025-W10, which the seeded rice went into.
MEAL_ID, WEEK = "2025-03-03.lunch", "2025-W10"
RICE = "大米 rice"


async def _seed_menus(http: httpx.AsyncClient) -> dict[str, str]:
    """Issue 11's objects in north: batch, dish, cap, menu week, complaint."""
    documents = [
        {"kind": "business_licence", "number": "9137"},
        {"kind": "food_business_licence", "number": "JY1", "expires_on": "2099-01-01"},
    ]
    supplier = {"name": "五谷粮油", "documents": documents, "canteens": ["north"]}
    await _ok(await http.put("/suppliers/sup-wugu", json=supplier, headers=ADMIN))
    rice = {
        "line_no": 1,
        "item": RICE,
        "category": "grain",
        "quantity": "20",
        "unit": "kg",
        "producer": "产地",
        "production_date": "2025-03-01",
        "expires_on": "2099-01-01",
        "quality_certificate": "QC-1",
        "unit_price": "5.00",
    }
    delivery = {"supplier_id": "sup-wugu", "delivery_note_no": "WG-1", "lines": [rice]}
    await _ok(await http.post("/canteens/north/deliveries", json=delivery, headers=ADMIN))
    stock = await _ok(await http.get("/canteens/north/stock", headers=ADMIN))
    batch_id = next(s for s in stock if s["item"] == RICE)["batches"][0]["batch_id"]
    taken = {"issue_no": "REQ-1", "item": RICE, "unit": "kg", "quantity": "5", "meal_id": MEAL_ID}
    await _ok(await http.post("/canteens/north/issues", json=taken, headers=ADMIN))
    cap = {"cap": "1.50"}
    await _ok(await http.put("/canteens/north/price-caps/staple", json=cap, headers=ADMIN))
    dish = {
        "name_zh": "米饭",
        "name_en": "Steamed rice",
        "category": "staple",
        "ingredients": [{"item": RICE, "quantity": "0.150", "unit": "kg"}],
        "price": "1.00",
        "everyday": True,
    }
    await _ok(await http.put("/canteens/north/dishes/mifan", json=dish, headers=ADMIN))
    menu = {"entries": [{"day": "2025-03-03", "meal": "lunch", "dish_ids": ["mifan"]}]}
    await _ok(await http.put(f"/canteens/north/menus/{WEEK}", json=menu, headers=ADMIN))
    await _ok(await http.post(f"/canteens/north/menus/{WEEK}/publish", headers=ADMIN))
    complaint = {
        "complaint_id": "cmp-1",
        "category": "taste",
        "text": "米饭夹生",
        "meal_id": MEAL_ID,
        "dish_id": "mifan",
        "contact": "13800000000",
    }
    await _ok(await http.post("/canteens/north/complaints", json=complaint, headers=REQUESTER))
    return {
        "batch_id": batch_id,
        "meal_id": MEAL_ID,
        "week": WEEK,
        "dish_id": "mifan",
        "category": "staple",
        "complaint_id": "cmp-1",
    }


async def seed_assets(http: httpx.AsyncClient) -> dict[str, str]:
    """An asset in building B01."""
    body = {
        "tag": "B01-0001",
        "name": "投影仪",
        "category_code": "2010000",
        "building_id": "B01",
        "purchase_date": "2025-01-02",
        "purchase_value": 3000,
    }
    asset = await _ok(await http.post("/assets", json=body, headers=ADMIN))
    return {"asset_id": asset["asset_id"], "tag": asset["tag"]}


async def seed_maintenance(http: httpx.AsyncClient) -> dict[str, str]:
    """Locations of campus main / B01, and a ticket the matrix's requester filed there."""
    await _ok(
        await http.post(
            "/locations/import",
            content=LOCATIONS_CSV.encode(),
            headers={**ADMIN, "content-type": "text/csv"},
        )
    )
    body = {"location_id": "B01-101", "category": "plumbing", "description": "水管漏水"}
    ticket = await _ok(await http.post("/tickets", json=body, headers=REQUESTER))
    return {"ticket_id": ticket["id"], "location_id": "B01-101"}


async def seed_nothing(http: httpx.AsyncClient) -> dict[str, str]:
    """No objects needed: the routes' rules do not depend on one."""
    return {}


SEEDS = {
    "canteen": seed_canteen,
    "assets": seed_assets,
    "maintenance": seed_maintenance,
    "notifications": seed_nothing,
    "audit": seed_nothing,
}
