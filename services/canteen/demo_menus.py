"""Demo data of issue 11 (from `demo_data.json`): the dishes and their price caps, this week's
menu published as the public notice, today's breakfast portions and waste, issues for lunch,
and the diners' ratings and a complaint through the public page."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from services.canteen.demo_http import CANTEEN, ok

DATA: dict[str, Any] = json.loads((Path(__file__).with_name("demo_data.json")).read_text())
BASE = f"/canteens/{CANTEEN}"


def week_of(day: date) -> str:
    """The ISO week of a day (`2026-W49`)."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def menu_of(today: date) -> dict[str, Any]:
    """This week's menu: the data's meals in turn, day by day."""
    monday = today - timedelta(days=today.weekday())
    menu = DATA["menu"]
    entries = [
        {"day": (monday + timedelta(days=i)).isoformat(), "meal": meal, "dish_ids": sets[i % 2]}
        for i in range(7)
        for meal, sets in (
            ("breakfast", menu["breakfast"]),
            ("lunch", menu["lunch"]),
            ("dinner", menu["dinner"]),
        )
    ]
    return {"entries": entries, "show_suppliers": menu["show_suppliers"]}


async def dishes(http: httpx.AsyncClient, auth: Callable[[str], dict]) -> None:
    """The price caps and the dishes (reference data: a rerun writes nothing)."""
    manager = auth("canteen_manager")
    for category, cap in DATA["caps"].items():
        ok(await http.put(f"{BASE}/price-caps/{category}", json={"cap": cap}, headers=manager))
    for dish_id, body in DATA["dishes"].items():
        ok(await http.put(f"{BASE}/dishes/{dish_id}", json=body, headers=manager))


async def menus_day(http: httpx.AsyncClient, auth: Callable[[str], dict], today: date) -> None:
    """The week's menu published; breakfast's portions and waste; potatoes issued for lunch;
    ten ratings and a complaint from the public page (their ids are the day's: a rerun adds
    none)."""
    manager, staff = auth("canteen_manager"), auth("canteen_staff")
    week = week_of(today)
    ok(await http.put(f"{BASE}/menus/{week}", json=menu_of(today), headers=manager))
    ok(await http.post(f"{BASE}/menus/{week}/publish", headers=manager))
    breakfast = f"{BASE}/meals/{today.isoformat()}.breakfast"
    portions = [{"dish_id": d, "portions": n} for d, n in DATA["breakfast_portions"].items()]
    ok(await http.put(f"{breakfast}/portions", json={"portions": portions}, headers=staff))
    waste = {"grams": DATA["breakfast_waste_grams"]}
    ok(await http.put(f"{breakfast}/waste", json=waste, headers=staff))
    issue = {
        "issue_no": "REQ-DEMO-0002",
        "item": "土豆 potatoes",
        "unit": "kg",
        "quantity": "12",
        "purpose": "午餐 土豆丝 lunch",
        "meal_id": f"{today.isoformat()}.lunch",
        "dish_id": "tudou-si",
    }
    if ok(await http.get(f"{BASE}/issues/REQ-DEMO-0002", headers=staff), 404).status_code == 404:
        ok(await http.post(f"{BASE}/issues", json=issue, headers=staff))
    public = f"/public/canteens/{CANTEEN}"
    meal_id = f"{today.isoformat()}.breakfast"
    for n, (stars, dish_id, comment) in enumerate(DATA["ratings"]):
        body = {
            "rating_id": f"demo-{today.isoformat()}-{n}",
            "meal_id": meal_id,
            "dish_id": dish_id,
            "stars": stars,
            "comment": comment,
        }
        ok(await http.post(f"{public}/ratings", json=body))
    complaint = {
        **DATA["complaint"],
        "complaint_id": f"demo-{today.isoformat()}-c1",
        "meal_id": meal_id,
    }
    ok(await http.post(f"{public}/complaints", json=complaint))
