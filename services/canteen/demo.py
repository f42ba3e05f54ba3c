"""Demo data: 北区食堂 (north canteen, building B03), its suppliers, a morning's deliveries, its
food-safety day (`demo_food_safety.py`), and its dishes, the week's menu, portions and the
diners' ratings (`demo_menus.py`, data in `demo_data.json`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx

from services.canteen.demo_food_safety import food_safety
from services.canteen.demo_http import CANTEEN, auth_of, campus_today, ok
from services.canteen.demo_menus import dishes, menus_day


def _suppliers(today: date) -> dict[str, dict[str, Any]]:
    return {
        "sup-lvyuan": {
            "name": "绿源蔬菜配送有限公司 Lvyuan Vegetables",
            "contact": "王经理 0531-8888 1234",
            "documents": [
                {"kind": "business_licence", "number": "91370100MA3C5LY01X"},
                {
                    "kind": "food_business_licence",
                    "number": "JY13701000012345",
                    "expires_on": (today + timedelta(days=420)).isoformat(),
                },
            ],
        },
        "sup-huamei": {
            "name": "华美粮油贸易公司 Huamei Grain & Oil",
            "contact": "李女士 0531-8666 5678",
            "documents": [
                {"kind": "business_licence", "number": "91370100MA3D7HM02Y"},
                {
                    "kind": "food_business_licence",
                    "number": "JY13701000067890",
                    "expires_on": (today + timedelta(days=180)).isoformat(),
                },
            ],
        },
        "sup-laozhang": {
            "name": "老张冻品 Lao Zhang Frozen Foods",
            "contact": "张先生 139 0000 0000",
            "documents": [
                {"kind": "business_licence", "number": "92370100MA3E9LZ03Z"},
                {
                    "kind": "food_business_licence",
                    "number": "JY13701000099999",
                    "expires_on": (today - timedelta(days=12)).isoformat(),
                },
            ],
        },
    }


def _line(no: int, item: str, category: str, qty: str, unit: str, **kw: Any) -> dict[str, Any]:
    return {"line_no": no, "item": item, "category": category, "quantity": qty, "unit": unit, **kw}


def _deliveries(today: date) -> list[dict[str, Any]]:
    def made(days_ago: int) -> str:
        return (today - timedelta(days=days_ago)).isoformat()

    farm = {"producer": "寿光蔬菜基地 Shouguang, Shandong", "quality_certificate": "SG-JC-0305"}
    return [
        {
            "supplier_id": "sup-lvyuan",
            "delivery_note_no": "LY-DEMO-0001",
            "lines": [
                _line(
                    1,
                    "青菜 bok choy",
                    "vegetable",
                    "30",
                    "kg",
                    production_date=made(1),
                    shelf_life_days=3,
                    pesticide_inhibition_rate="18.5",
                    **farm,
                    unit_price="4.20",
                ),
                # 农残速测 62 %: positive, the line goes back on the truck.
                _line(
                    2,
                    "西红柿 tomatoes",
                    "vegetable",
                    "20",
                    "kg",
                    production_date=made(1),
                    shelf_life_days=7,
                    pesticide_inhibition_rate="62.0",
                    **farm,
                    unit_price="5.00",
                ),
                _line(
                    3,
                    "土豆 potatoes",
                    "vegetable",
                    "50",
                    "kg",
                    production_date=made(3),
                    shelf_life_days=30,
                    pesticide_inhibition_rate="12.0",
                    **farm,
                    unit_price="2.60",
                ),
            ],
        },
        {
            "supplier_id": "sup-huamei",
            "delivery_note_no": "HM-DEMO-0001",
            "lines": [
                _line(
                    1,
                    "大米 rice",
                    "grain",
                    "200",
                    "kg",
                    producer="五常市稻花香米业",
                    production_date=made(20),
                    shelf_life_days=365,
                    quality_certificate="WC-2024-118",
                    unit_price="5.20",
                ),
                _line(
                    2,
                    "花生油 peanut oil",
                    "oil",
                    "40",
                    "L",
                    producer="鲁花集团 莱阳",
                    production_date=made(60),
                    shelf_life_days=540,
                    quality_certificate="LH-5S-2291",
                    unit_price="18.00",
                ),
                _line(
                    3,
                    "纯牛奶 milk",
                    "dairy",
                    "48",
                    "box",
                    producer="伊利 呼和浩特",
                    production_date=made(5),
                    shelf_life_days=7,
                    quality_certificate="YL-B-7781",
                    unit_price="3.50",
                ),
            ],
        },
    ]


async def seed(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """The whole demo: the reference data, then the morning."""
    await seed_reference(http, token_for)
    await seed_day(http, token_for)


async def seed_reference(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Register the canteen, its suppliers, dishes and price caps (no alert comes of these)."""

    def auth(role: str) -> dict[str, str]:
        return auth_of(token_for, role)

    today = campus_today()
    canteen = {
        "name": "北区食堂 North Canteen",
        "campus_id": "main",
        "building_id": "B03",
        "min_remaining_shelf_life_days": 2,
    }
    ok(await http.put(f"/canteens/{CANTEEN}", json=canteen, headers=auth("logistics_admin")))
    for supplier_id, body in _suppliers(today).items():
        # Expiry dates move with the day the demo runs; a rerun on the same day writes nothing.
        # The logistics office registers them for the north canteen (an admin may change any
        # supplier, also one stored before suppliers named the canteens they serve).
        body = {**body, "canteens": [CANTEEN]}
        ok(await http.put(f"/suppliers/{supplier_id}", json=body, headers=auth("logistics_admin")))
    await dishes(http, auth)


async def seed_day(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Receive two deliveries (a line refused), issue rice, scan expiry, report a fault, and the
    food-safety day (staff, samples, morning checks, temperatures, an inspection)."""

    def auth(role: str) -> dict[str, str]:
        return auth_of(token_for, role)

    today = campus_today()
    staff = auth("canteen_staff")
    listed = ok(await http.get(f"/canteens/{CANTEEN}/deliveries?limit=200", headers=staff))
    received = {(d["supplier_id"], d["delivery_note_no"]) for d in listed.json()["items"]}
    for delivery in _deliveries(today):
        if (delivery["supplier_id"], delivery["delivery_note_no"]) not in received:
            ok(await http.post(f"/canteens/{CANTEEN}/deliveries", json=delivery, headers=staff))

    issue = {
        "issue_no": "REQ-DEMO-0001",
        "item": "大米 rice",
        "unit": "kg",
        "quantity": "25",
        "purpose": "午餐 lunch",
        "meal_id": f"{today.isoformat()}.lunch",
        "dish_id": "mifan",
    }
    found = ok(await http.get(f"/canteens/{CANTEEN}/issues/REQ-DEMO-0001", headers=staff), 404)
    if found.status_code == 404:
        ok(await http.post(f"/canteens/{CANTEEN}/issues", json=issue, headers=staff))

    # The milk has two days left: the scan warns the canteen manager once.
    ok(await http.post(f"/canteens/{CANTEEN}/expiry-scan", headers=auth("canteen_manager")))

    faults = ok(await http.get(f"/canteens/{CANTEEN}/equipment-faults", headers=staff))
    if not any(f["equipment_tag"] == "B03-K-STEAM-02" for f in faults.json()):
        fault = {"equipment_tag": "B03-K-STEAM-02", "description": "蒸饭车不加热，温控器无显示"}
        ok(await http.post(f"/canteens/{CANTEEN}/equipment-faults", json=fault, headers=staff))

    await food_safety(http, auth, today)
    await menus_day(http, auth, today)
