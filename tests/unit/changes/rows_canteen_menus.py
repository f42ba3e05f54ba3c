"""The canteen's mutating routes of issue 11's kitchen side: dishes and price caps, the week's
menu and its publication, portions and waste per meal, and a recall (on the demo's north
canteen; the meal and the rice batch are those the earlier rows made)."""

from __future__ import annotations

from tests.unit.changes.rows_canteen_safety import MEAL
from tests.unit.changes.rows_canteen_stock import BASE
from tests.unit.changes.table import Row, State, today

#: A dish of the rows' own (the demo's catalogue is left as the demo made it).
DISH = {
    "name_zh": "番茄炒蛋",
    "name_en": "Tomato and egg",
    "category": "vegetable_dish",
    "ingredients": [{"item": "鸡蛋 egg", "quantity": "0.100", "unit": "kg"}],
    "price": "3.00",
    "everyday": True,
}


def week(state: State) -> str:
    """This ISO week, as the menu routes name it (2026-W49)."""
    year, number, _ = today().isocalendar()
    return f"{year}-W{number:02d}"


def _menu(state: State) -> dict:
    entry = {"day": state["today"], "meal": "lunch", "dish_ids": ["changes-fanqie"]}
    return {"entries": [entry], "show_suppliers": True}


ROWS: tuple[Row, ...] = (
    Row(
        "PUT",
        "/canteens/{canteen_id}/price-caps/{category}",
        "canteen_manager",
        path=f"{BASE}/price-caps/changes-category",
        json={"cap": "6.00"},
    ),
    Row(
        "PUT",
        "/canteens/{canteen_id}/dishes/{dish_id}",
        "canteen_manager",
        path=f"{BASE}/dishes/changes-fanqie",
        json=DISH,
    ),
    # A price change of the same dish: recorded, told as canteen.dish.price_changed.v1.
    Row(
        "PUT",
        "/canteens/{canteen_id}/dishes/{dish_id}",
        "canteen_manager",
        path=f"{BASE}/dishes/changes-fanqie",
        json={**DISH, "price": "3.50"},
    ),
    Row(
        "PUT",
        "/canteens/{canteen_id}/menus/{week}",
        "canteen_manager",
        path=lambda s: f"{BASE}/menus/{week(s)}",
        json=_menu,
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/menus/{week}/publish",
        "canteen_manager",
        path=lambda s: f"{BASE}/menus/{week(s)}/publish",
    ),
    Row(
        "PUT",
        "/canteens/{canteen_id}/meals/{meal_id}/portions",
        "canteen_staff",
        path=f"{MEAL}/portions",
        json={"portions": [{"dish_id": "changes-fanqie", "portions": 120}]},
    ),
    Row(
        "PUT",
        "/canteens/{canteen_id}/meals/{meal_id}/waste",
        "canteen_staff",
        path=f"{MEAL}/waste",
        json={"grams": "2400"},
    ),
    Row(
        "POST",
        "/canteens/{canteen_id}/recalls",
        "canteen_manager",
        path=f"{BASE}/recalls",
        json={"batch_id": "{batch_id}", "reason": "供应商通报 supplier's notice"},
    ),
)
