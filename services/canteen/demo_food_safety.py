"""Demo data of the food-safety day (issue 10): food handlers and their certificates, the roster
and morning checks, the fridges and their readings, breakfast sampled and closed, lunch being
sampled, a daily kitchen inspection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from services.canteen.demo_http import CANTEEN, ok

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


async def food_safety(http: httpx.AsyncClient, auth: Callable[[str], dict], today: date) -> None:
    """Staff and their checks, devices and readings, samples, a daily kitchen inspection."""
    base, staff, manager = f"/canteens/{CANTEEN}", auth("canteen_staff"), auth("canteen_manager")
    for staff_id, body in _staff(today).items():
        ok(await http.put(f"{base}/staff/{staff_id}", json=body, headers=manager))
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
    ok(await http.put(f"{base}/rosters/{day}", json={"shifts": shifts}, headers=manager))
    checked = {
        c["staff_id"] for c in (await http.get(f"{base}/morning-checks", headers=staff)).json()
    }
    for staff_id, body in (
        ("st-wang", {"temperature_c": "36.5"}),
        ("st-li", {"temperature_c": "36.7", "symptoms": ["hand_wound"], "note": "左手割伤"}),
    ):
        if staff_id not in checked:
            body = {"staff_id": staff_id, **body}
            ok(await http.post(f"{base}/morning-checks", json=body, headers=staff))
    at = datetime.now(ZoneInfo("UTC")).replace(minute=0, second=0, microsecond=0).isoformat()
    for device_id, (name, kind, celsius) in DEVICES.items():
        body = {"name": name, "kind": kind, "location": "后厨 kitchen"}
        ok(await http.put(f"{base}/devices/{device_id}", json=body, headers=manager))
        reading = {"celsius": celsius, "at": at}
        ok(await http.post(f"{base}/devices/{device_id}/readings", json=reading, headers=staff))
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
        ok(await http.post(f"{base}/meals", json=_meal(today, kind, dishes), headers=staff), 409)
        meal = (await http.get(f"{base}/meals/{day}.{kind}", headers=staff)).json()
        done = (
            {d["dish_id"] for d in meal["dishes"] if d["sample"]}
            if meal["status"] == "open"
            else {d for d, _ in dishes}
        )
        for dish_id, _ in dishes if kind == "breakfast" else dishes[:2]:
            if dish_id not in done:
                path = f"{base}/meals/{day}.{kind}/samples/{dish_id}"
                ok(await http.put(path, json=SAMPLE, headers=staff))
    ok(await http.post(f"{base}/meals/{day}.breakfast/close", headers=staff))
    ok(await http.put("/checklists/daily-kitchen", json=CHECKLIST, headers=manager))
    if not (await http.get(f"{base}/inspections", headers=staff)).json():
        results = [
            {"item_id": "floor", "score": 15, "finding": "洗碗池边积水 water by the sinks"},
            {"item_id": "bins", "score": 20},
            {"item_id": "knives", "score": 30},
            {"item_id": "fridge-seal", "score": 10, "finding": "2号冰箱门封破损 seal torn"},
        ]
        body = {"template_id": "daily-kitchen", "results": results}
        ok(await http.post(f"{base}/inspections", json=body, headers=staff))
    ok(await http.post(f"{base}/food-safety/watch", headers=manager))
