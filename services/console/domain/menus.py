"""A canteen's dishes, weekly menus and diners' voice as the console arranges them: the words
for the canteen's codes, ISO weeks and their days, the menu editor's grid and what its form
means, a dish's recipe rows, and the satisfaction trend drawn as a small SVG.

The canteen service decides everything (caps, who may publish, the index); these only turn
its answers into a page and a page's form into its request body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from services.console.domain.canteen import MEAL_KIND
from services.console.domain.vocabulary import N_

#: The eight allergen classes of GB 7718-2025.
ALLERGEN = {
    "gluten_cereals": N_("Cereals with gluten"),
    "crustaceans": N_("Crustaceans"),
    "fish": N_("Fish"),
    "eggs": N_("Eggs"),
    "peanuts": N_("Peanuts"),
    "soy": N_("Soy"),
    "milk": N_("Milk"),
    "tree_nuts": N_("Tree nuts"),
}
#: The mark beside each allergen's name: one warning sign (in every system font; an emoji per
#: class would be a blank box on a phone or browser without an emoji font).
ALLERGEN_MARK = "⚠"
MEALS = ("breakfast", "lunch", "dinner")
MEAL = {m: MEAL_KIND[m] for m in MEALS}
COMPLAINT_CATEGORY = {
    "taste": N_("Taste"),
    "hygiene": N_("Hygiene"),
    "price": N_("Price"),
    "service": N_("Service"),
    "foreign_object": N_("Foreign object in the food"),
    "portion": N_("Portion size"),
    "other": N_("Something else"),
}
COMPLAINT_STATUS = {"open": N_("Waiting for an answer"), "answered": N_("Answered")}
MENU_STATUS = {"draft": N_("Draft, not public"), "published": N_("Published")}
WEEKDAY = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
WEEK_PATTERN = r"^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$"
_WEEK = re.compile(WEEK_PATTERN)


def week_of(day: date) -> str:
    """The ISO week of a day, as the canteen writes it ("2026-W49")."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def valid_week(text: str | None) -> str | None:
    """The week if it is one (a W53 only in a year that has it), else None."""
    if not text or not _WEEK.match(text):
        return None
    try:
        week_days(text)
    except ValueError:
        return None
    return text


def week_days(week: str) -> list[date]:
    """Monday to Sunday of an ISO week."""
    year, number = int(week[:4]), int(week[6:])
    monday = date.fromisocalendar(year, number, 1)
    return [monday + timedelta(days=n) for n in range(7)]


def weekday(day: date | str) -> str:
    """The message id of a day's weekday."""
    return WEEKDAY[(date.fromisoformat(day) if isinstance(day, str) else day).weekday()]


def shift_week(week: str, weeks: int) -> str:
    """The week `weeks` later (earlier when negative)."""
    return week_of(week_days(week)[0] + timedelta(weeks=weeks))


def meal_id(day: date | str, meal: str) -> str:
    """A meal's id as the food-safety meals have it: `2026-11-30.lunch`."""
    return f"{day if isinstance(day, str) else day.isoformat()}.{meal}"


def meal_parts(meal: str | None) -> tuple[str, str] | None:
    """The day and meal of a meal id (`2026-11-30.lunch`), or None when it is not one."""
    day, _, kind = (meal or "").partition(".")
    try:
        date.fromisoformat(day)
    except ValueError:
        return None
    return (day, kind) if kind in MEALS else None


def cell_name(day: date, meal: str) -> str:
    """The editor's form field of one day's meal."""
    return f"m-{day.isoformat()}-{meal}"


@dataclass(frozen=True)
class Cell:
    """One day's meal in the editor: its field and the dishes chosen."""

    day: date
    meal: str
    name: str
    chosen: tuple[str, ...]


def menu_grid(week: str, entries: Iterable[Mapping[str, Any]]) -> list[list[Cell]]:
    """Days × meals of the week with the dishes a menu (or a refused form) has chosen."""
    chosen = {(e["day"], e["meal"]): tuple(e["dish_ids"]) for e in entries}
    return [
        [Cell(d, m, cell_name(d, m), chosen.get((d.isoformat(), m), ())) for m in MEALS]
        for d in week_days(week)
    ]


@dataclass
class MenuForm:
    """What the editor's form asks for: entries, suppliers shown, and the refused cells."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    show_suppliers: bool = False
    errors: dict[str, str] = field(default_factory=dict)


def menu_from(form: Any, week: str, known: set[str]) -> MenuForm:
    """The menu a posted editor form describes; a dish the canteen does not have is refused
    at its cell (`form` is a multi-valued form: `getlist`)."""
    found = MenuForm(show_suppliers=form.get("show_suppliers") in ("on", "true"))
    for day in week_days(week):
        for meal in MEALS:
            name = cell_name(day, meal)
            picked = list(dict.fromkeys(v for v in form.getlist(name) if isinstance(v, str) and v))
            if any(p not in known for p in picked):
                found.errors[name] = N_("Choose dishes of this canteen only.")
            if picked:
                found.entries.append({"day": day.isoformat(), "meal": meal, "dish_ids": picked})
    return found


RECIPE_LIMIT = 30
_QUANTITY = re.compile(r"^[0-9]{1,6}(\.[0-9]{1,3})?$")
_ITEM = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")


@dataclass
class Recipe:
    """A dish's recipe lines from its form rows, and the rows refused (field -> reason)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def recipe_from(values: Mapping[str, str]) -> Recipe:
    """The ingredient lines of rows `ing-N-item|quantity|unit`; a blank row is skipped."""
    found = Recipe()
    for index in range(RECIPE_LIMIT):
        row = {k: values.get(f"ing-{index}-{k}", "").strip() for k in ("item", "quantity", "unit")}
        if not any(row.values()):
            continue
        found.rows.append({"index": index, **row})
        if not _ITEM.match(row["item"]):
            found.errors[f"ing-{index}-item"] = N_("The stock item, such as 大米 rice.")
        if not _QUANTITY.match(row["quantity"]) or Decimal(row["quantity"] or "0") <= 0:
            found.errors[f"ing-{index}-quantity"] = N_("A quantity per portion above 0.")
        if not row["unit"] or len(row["unit"]) > 20:
            found.errors[f"ing-{index}-unit"] = N_("A unit such as g, kg or piece.")
        found.lines.append({k: row[k] for k in ("item", "quantity", "unit")})
    return found


def recipe_rows(ingredients: Iterable[Mapping[str, Any]], blank: int = 2) -> list[dict]:
    """The form rows of a dish's recipe, and `blank` empty rows to add lines."""
    rows = [
        {"index": i, "item": g["item"], "quantity": str(g["quantity"]), "unit": g["unit"]}
        for i, g in enumerate(ingredients)
    ]
    return with_blank_rows(rows, blank)


def with_blank_rows(rows: list[dict], blank: int) -> list[dict]:
    """The rows and `blank` empty ones after them (indices after the last used)."""
    start = max((r["index"] for r in rows), default=-1) + 1
    empty = [{"index": start + n, "item": "", "quantity": "", "unit": ""} for n in range(blank)]
    return [*rows, *empty][:RECIPE_LIMIT]


def allergens_from(form: Any) -> list[str] | None:
    """The allergens set by hand, or None (the canteen derives them from the ingredients)."""
    if form.get("allergens_by_hand") not in ("on", "true"):
        return None
    return [a for a in ALLERGEN if a in form.getlist("allergens")]


def over_cap(dish: Mapping[str, Any]) -> bool:
    """True when an everyday dish costs more than its category's cap (a cap lowered later)."""
    cap, price = dish.get("cap"), dish.get("price")
    if not dish.get("everyday") or cap is None or price is None:
        return False
    try:
        return Decimal(str(price)) > Decimal(str(cap))
    except InvalidOperation:
        return False


@dataclass(frozen=True)
class Trend:
    """The satisfaction index as a polyline (0–100 drawn bottom to top) and its points."""

    width: int
    height: int
    points: str
    dots: list[tuple[float, float, str, Any]]


def trend(weeks: list[Mapping[str, Any]], *, width: int = 320, height: int = 120) -> Trend | None:
    """The weekly index drawn left (oldest) to right; None without two weeks with an index."""
    shown = [w for w in weeks if w.get("index") is not None]
    if len(shown) < 2:
        return None
    pad, step = 8, (width - 16) / (len(shown) - 1)
    dots = []
    for n, w in enumerate(shown):
        x = round(pad + n * step, 1)
        y = round(height - pad - (float(w["index"]) / 100) * (height - 2 * pad), 1)
        dots.append((x, y, w["week"], w["index"]))
    return Trend(width, height, " ".join(f"{x},{y}" for x, y, _w, _i in dots), dots)
