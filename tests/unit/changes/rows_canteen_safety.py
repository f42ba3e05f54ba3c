"""The canteen's mutating routes of food safety: meals and their samples, inspections,
temperatures and the watch (on the demo's north canteen)."""

from __future__ import annotations

from datetime import date

from services.canteen.demo_food_safety import CHECKLIST
from tests.unit.changes.rows_canteen_stock import BASE
from tests.unit.changes.table import Row, today


def _meal(kind: str, served_on: date | None = None) -> dict:
    return {
        "served_on": (served_on or today()).isoformat(),
        "kind": kind,
        "dishes": [{"dish_id": "mantou", "name": "馒头"}],
    }


MEAL = "/canteens/north/meals/{meal_id}"

ROWS: tuple[Row, ...] = (
    Row(
        "POST",
        "/canteens/{canteen_id}/meals",
        "canteen_staff",
        path=f"{BASE}/meals",
        json=lambda s: _meal("breakfast"),
        keep={"meal_id": "meal_id"},
    ),
    Row(
        "PUT",
        "/canteens/{canteen_id}/meals/{meal_id}/dishes",
        "canteen_staff",
        path=f"{MEAL}/dishes",
        json={"dishes": [{"dish_id": "mantou", "name": "馒头"}, {"dish_id": "zhou", "name": "粥"}]},
    ),
    Row(
        "PUT",
        "/canteens/{canteen_id}/meals/{meal_id}/samples/{dish_id}",
        "canteen_staff",
        path=f"{MEAL}/samples/mantou",
        json={"grams": "150", "fridge": "留样冰箱1"},
    ),
    Row(
        "PUT",
        "/canteens/{canteen_id}/meals/{meal_id}/samples/{dish_id}",
        "canteen_staff",
        path=f"{MEAL}/samples/zhou",
        json={"grams": "150", "fridge": "留样冰箱1"},
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/meals/{meal_id}/close",
        "canteen_staff",
        path=f"{MEAL}/close",
    ),
    # Discarded before its 48 hours: a violation, told as an event like any discard.
    Row(
        "POST",
        "/canteens/{canteen_id}/meals/{meal_id}/samples/{dish_id}/discard",
        "canteen_manager",
        path=f"{MEAL}/samples/mantou/discard",
    ),
    Row(
        "PUT",
        "/checklists/{template_id}",
        "canteen_manager",
        path="/checklists/changes-daily",
        json={**CHECKLIST, "canteens": ["north"]},
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/inspections",
        "canteen_manager",
        path=f"{BASE}/inspections",
        json={
            "template_id": "changes-daily",
            "results": [
                {"item_id": "floor", "score": 20},
                {"item_id": "bins", "score": 20},
                {"item_id": "knives", "score": 10, "finding": "生熟刀具混放"},
                {"item_id": "fridge-seal", "score": 30},
            ],
        },
        keep={"inspection_id": "inspection_id"},
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/corrective-actions/{action_id}/close",
        "canteen_manager",
        path=lambda s: f"{BASE}/corrective-actions/{s['inspection_id']}-knives/close",
        json={"evidence": "已分开存放并拍照"},
    ),
    Row(
        "PUT",
        "/canteens/{canteen_id}/devices/{device_id}",
        "canteen_manager",
        path=f"{BASE}/devices/changes-fridge",
        json={"name": "冷藏柜3", "kind": "fridge", "location": "后厨"},
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/devices/{device_id}/readings",
        "canteen_staff",
        path=f"{BASE}/devices/changes-fridge/readings",
        json={"celsius": "3.5"},
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/readings",
        "canteen_staff",
        path=f"{BASE}/readings",
        json={"readings": [{"device_id": "changes-fridge", "celsius": "4.0"}]},
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/food-safety/watch",
        "canteen_manager",
        path=f"{BASE}/food-safety/watch",
    ),
)
