"""Demo data: 北区食堂 (north canteen, building B03), its suppliers, a morning's deliveries, and
its food-safety day: food handlers and their certificates, the roster and morning checks, the
fridges and their readings, breakfast sampled and closed, lunch being sampled, an inspection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

CANTEEN = "north"
SAMPLE = {"fridge": "留样冰箱 sample fridge", "grams": "150"}
DEVICES = {  # device id -> (name, kind, reading)
    "north-fridge-1": ("1号冷藏柜 fridge 1", "fridge", "4.0"),
    "north-fridge-2": ("2号冷藏柜 fridge 2", "fridge", "11.0"),  # too warm: an alert
    "north-freezer-1": ("1号冷冻柜 freezer 1", "freezer", "-18.0"),
    "north-hot-1": ("保温台 hot holding", "hot_holding", "65.0"),
}
CHECKLIST = {
    "name": "厨房每日检查 daily kitchen",
    "kind": "daily_kitchen",
    "place": "后厨 kitchen",
    "pass_mark": 80,
    "due_days": 1,
    "items": [
        {"item_id": "floor", "text": "地面清洁无积水 floor clean and dry", "points": 20},
        {"item_id": "bins", "text": "垃圾桶加盖 bins covered", "points": 20},
        {"item_id": "knives", "text": "生熟刀具分开 raw and cooked knives apart", "points": 30},
        {
            "item_id": "fridge-seal",
            "text": "冰箱门封完好 fridge seals intact",
            "points": 30,
            "equipment": True,
            "equipment_tag": "B03-K-FRIDGE-02",
        },
    ],
}


def _today() -> date:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


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
                ),
            ],
        },
    ]


def _staff(today: date) -> dict[str, dict[str, Any]]:
    def cert(number: str, expires_in: int) -> dict[str, str]:
        expires = today + timedelta(days=expires_in)
        issued = expires - timedelta(days=364)
        return {
            "number": number,
            "issued_on": issued.isoformat(),
            "expires_on": expires.isoformat(),
        }

    return {
        "st-wang": {"name": "王师傅 Wang", "position": "cook", "certificate": cert("JK-0001", 200)},
        "st-li": {"name": "李阿姨 Li", "position": "helper", "certificate": cert("JK-0002", 20)},
        "st-zhang": {
            "name": "张师傅 Zhang",
            "position": "cook",
            "certificate": cert("JK-0003", -5),
        },
    }


def _meal(today: date, kind: str, dishes: list[tuple[str, str]]) -> dict[str, Any]:
    listed = [{"dish_id": d, "name": n} for d, n in dishes]
    return {"served_on": today.isoformat(), "kind": kind, "dishes": listed}


async def _food_safety(http: httpx.AsyncClient, auth: Callable[[str], dict], today: date) -> None:
    """Staff and their checks, devices and readings, samples, a daily kitchen inspection."""
    base, staff, manager = f"/canteens/{CANTEEN}", auth("canteen_staff"), auth("canteen_manager")
    for staff_id, body in _staff(today).items():
        _ok(await http.put(f"{base}/staff/{staff_id}", json=body, headers=manager))
    shifts = [
        {
            "shift_id": "early",
            "name": "早班 early",
            "starts_at": "05:30",
            "staff_ids": ["st-wang", "st-li"],
        },
        {"shift_id": "lunch", "name": "午班 lunch", "starts_at": "10:00", "staff_ids": ["st-wang"]},
    ]
    day = today.isoformat()
    _ok(await http.put(f"{base}/rosters/{day}", json={"shifts": shifts}, headers=manager))
    checked = {
        c["staff_id"] for c in (await http.get(f"{base}/morning-checks", headers=staff)).json()
    }
    for staff_id, body in (
        ("st-wang", {"temperature_c": "36.5"}),
        ("st-li", {"temperature_c": "36.7", "symptoms": ["hand_wound"], "note": "左手割伤"}),
    ):
        if staff_id not in checked:
            body = {"staff_id": staff_id, **body}
            _ok(await http.post(f"{base}/morning-checks", json=body, headers=staff))
    at = datetime.now(ZoneInfo("UTC")).replace(minute=0, second=0, microsecond=0).isoformat()
    for device_id, (name, kind, celsius) in DEVICES.items():
        body = {"name": name, "kind": kind, "location": "后厨 kitchen"}
        _ok(await http.put(f"{base}/devices/{device_id}", json=body, headers=manager))
        reading = {"celsius": celsius, "at": at}
        _ok(await http.post(f"{base}/devices/{device_id}/readings", json=reading, headers=staff))
    meals = [
        ("breakfast", [("baozi", "包子 steamed buns"), ("zhou", "小米粥 millet porridge")]),
        (
            "lunch",
            [
                ("hongshao-rou", "红烧肉 braised pork"),
                ("baicai", "清炒白菜 cabbage"),
                ("tudou-si", "土豆丝 shredded potato"),
                ("zicai-tang", "紫菜汤 seaweed soup"),
            ],
        ),
    ]
    for kind, dishes in meals:
        _ok(await http.post(f"{base}/meals", json=_meal(today, kind, dishes), headers=staff), 409)
        meal = (await http.get(f"{base}/meals/{day}.{kind}", headers=staff)).json()
        done = (
            {d["dish_id"] for d in meal["dishes"] if d["sample"]}
            if meal["status"] == "open"
            else {d for d, _ in dishes}
        )
        for dish_id, _ in dishes if kind == "breakfast" else dishes[:2]:
            if dish_id not in done:
                path = f"{base}/meals/{day}.{kind}/samples/{dish_id}"
                _ok(await http.put(path, json=SAMPLE, headers=staff))
    _ok(await http.post(f"{base}/meals/{day}.breakfast/close", headers=staff))
    _ok(await http.put("/checklists/daily-kitchen", json=CHECKLIST, headers=manager))
    if not (await http.get(f"{base}/inspections", headers=staff)).json():
        results = [
            {"item_id": "floor", "score": 15, "finding": "洗碗池边积水 water by the sinks"},
            {"item_id": "bins", "score": 20},
            {"item_id": "knives", "score": 30},
            {"item_id": "fridge-seal", "score": 10, "finding": "2号冰箱门封破损 seal torn"},
        ]
        body = {"template_id": "daily-kitchen", "results": results}
        _ok(await http.post(f"{base}/inspections", json=body, headers=staff))
    _ok(await http.post(f"{base}/food-safety/watch", headers=manager))


def _ok(response: httpx.Response, *also: int) -> httpx.Response:
    if response.status_code not in (200, 201, *also):
        raise RuntimeError(f"{response.request.method} {response.request.url}: {response.text}")
    return response


def _auth(token_for: Callable[[str], str], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(role)}"}


async def seed(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """The whole demo: the reference data, then the morning."""
    await seed_reference(http, token_for)
    await seed_day(http, token_for)


async def seed_reference(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Register the canteen and its suppliers (no alert comes of these)."""

    def auth(role: str) -> dict[str, str]:
        return _auth(token_for, role)

    today = _today()
    canteen = {
        "name": "北区食堂 North Canteen",
        "campus_id": "main",
        "building_id": "B03",
        "min_remaining_shelf_life_days": 2,
    }
    _ok(await http.put(f"/canteens/{CANTEEN}", json=canteen, headers=auth("logistics_admin")))
    for supplier_id, body in _suppliers(today).items():
        # Expiry dates move with the day the demo runs; a rerun on the same day writes nothing.
        # The logistics office registers them for the north canteen (an admin may change any
        # supplier, also one stored before suppliers named the canteens they serve).
        body = {**body, "canteens": [CANTEEN]}
        _ok(await http.put(f"/suppliers/{supplier_id}", json=body, headers=auth("logistics_admin")))


async def seed_day(http: httpx.AsyncClient, token_for: Callable[[str], str]) -> None:
    """Receive two deliveries (a line refused), issue rice, scan expiry, report a fault, and the
    food-safety day (staff, samples, morning checks, temperatures, an inspection)."""

    def auth(role: str) -> dict[str, str]:
        return _auth(token_for, role)

    today = _today()
    staff = auth("canteen_staff")
    listed = _ok(await http.get(f"/canteens/{CANTEEN}/deliveries?limit=200", headers=staff))
    received = {(d["supplier_id"], d["delivery_note_no"]) for d in listed.json()["items"]}
    for delivery in _deliveries(today):
        if (delivery["supplier_id"], delivery["delivery_note_no"]) not in received:
            _ok(await http.post(f"/canteens/{CANTEEN}/deliveries", json=delivery, headers=staff))

    issue = {
        "issue_no": "REQ-DEMO-0001",
        "item": "大米 rice",
        "unit": "kg",
        "quantity": "25",
        "purpose": "午餐 lunch",
    }
    found = _ok(await http.get(f"/canteens/{CANTEEN}/issues/REQ-DEMO-0001", headers=staff), 404)
    if found.status_code == 404:
        _ok(await http.post(f"/canteens/{CANTEEN}/issues", json=issue, headers=staff))

    # The milk has two days left: the scan warns the canteen manager once.
    _ok(await http.post(f"/canteens/{CANTEEN}/expiry-scan", headers=auth("canteen_manager")))

    faults = _ok(await http.get(f"/canteens/{CANTEEN}/equipment-faults", headers=staff))
    if not any(f["equipment_tag"] == "B03-K-STEAM-02" for f in faults.json()):
        fault = {"equipment_tag": "B03-K-STEAM-02", "description": "蒸饭车不加热，温控器无显示"}
        _ok(await http.post(f"/canteens/{CANTEEN}/equipment-faults", json=fault, headers=staff))

    await _food_safety(http, auth, today)
