"""The canteen's food-safety day as the console shows it: the words for its codes, the canteen a
person works in, a dish's id from its name, who is still to be checked this morning.

The canteen service decides everything (what a violation is, who may handle food); these only
arrange what it answers for a tablet in the kitchen and the manager's today page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from services.console.domain.vocabulary import N_
from shared.auth import Principal

MEAL_KIND = {
    "breakfast": N_("Breakfast"),
    "lunch": N_("Lunch"),
    "dinner": N_("Dinner"),
    "event": N_("Event meal"),
}
VIOLATION = {
    "missing": N_("No sample kept"),
    "underweight": N_("Sample under the minimum weight"),
    "discarded_early": N_("Sample discarded too early"),
}
SYMPTOM = {
    "fever": N_("Fever"),
    "hand_wound": N_("Hand wound"),
    "diarrhoea": N_("Diarrhoea"),
    "vomiting": N_("Vomiting"),
    "skin_infection": N_("Skin infection"),
    "throat_infection": N_("Throat infection"),
}
#: What bars a person from food handling (the canteen's `reason_codes` / `codes`).
BARRIER = {
    "inactive": N_("No longer active in this canteen"),
    "no_certificate": N_("No health certificate on file"),
    "certificate_expired": N_("Health certificate expired"),
    "certificate_not_yet_valid": N_("Health certificate not yet valid"),
    "unknown": N_("Not registered"),
}
DEVICE_KIND = {
    "cold_room": N_("Cold room"),
    "fridge": N_("Fridge"),
    "freezer": N_("Freezer"),
    "hot_holding": N_("Hot holding"),
    "core_probe": N_("Core probe"),
}
DEVICE_STATE = {
    "ok": N_("In range"),
    "out_of_range": N_("Out of range"),
    "missing": N_("No recent reading"),
    "no_reading": N_("Not read yet"),
    "inactive": N_("Not in use"),
}
STATUS = {"ok": N_("All in order"), "attention": N_("Needs attention"), "critical": N_("Serious")}
REASON = {
    "sample_missing": N_("A dish was served without a sample"),
    "sample_violation": N_("A sample was too light or discarded too early"),
    "morning_check_failed_on_shift": N_("Someone on shift failed the morning check"),
    "morning_check_failed": N_("Someone failed the morning check"),
    "morning_check_missing": N_("A shift started with people unchecked"),
    "rostered_without_clearance": N_("Someone on the roster may not handle food"),
    "temperature_out_of_range": N_("A temperature is out of range"),
    "temperature_missing": N_("A device has no recent reading"),
    "corrective_action_overdue": N_("A corrective action is overdue"),
    "stock_count_overdue": N_("The store room's full count is overdue"),
    "stock_expiring": N_("Stock is expiring"),
    "licence_expired": N_("A licence or health certificate has expired"),
    "licence_expiring": N_("A licence or health certificate expires soon"),
}
DOCUMENT = {
    "health_certificate": N_("Health certificate"),
    "business_licence": N_("Business licence"),
    "food_business_licence": N_("Food business licence"),
    "food_production_licence": N_("Food production licence"),
    "test_report": N_("Test report"),
    "other": N_("Other document"),
}
STAGE = {"expiring": N_("Expires soon"), "expired": N_("Expired")}
CHECKLIST_KIND = {
    "daily_kitchen": N_("Daily kitchen check"),
    "weekly_kitchen": N_("Weekly kitchen check"),
    "store_room": N_("Store room check"),
    "dining_hall": N_("Dining hall check"),
}
#: The sections of the tablet's day, in order: (path segment, title).
SECTIONS = (
    ("samples", N_("Samples")),
    ("checks", N_("Morning checks")),
    ("temperatures", N_("Temperatures")),
    ("inspection", N_("Inspection")),
)


def canteens_of(principal: Principal) -> list[str]:
    """The canteens in the person's scope (none listed for a logistics administrator)."""
    return sorted(principal.scopes.get("canteen", ()))


def choose_canteen(principal: Principal, wanted: str | None, known: Iterable[str]) -> str | None:
    """The canteen to show: the one asked for if the person works there (or may see all),
    else their first; the canteen service still decides on every call."""
    own = canteens_of(principal)
    every = list(known)
    if wanted and (wanted in own or (not own and wanted in every)):
        return wanted
    if own:
        return own[0]
    return every[0] if every else None


def dish_id_for(name: str) -> str:
    """A dish's id from its name: the same dish keeps its id from day to day (and meal to meal)."""
    return "d-" + hashlib.sha1(name.strip().encode("utf-8")).hexdigest()[:12]


def dishes_from(text: str) -> list[dict[str, str]]:
    """One dish a line, blank lines and repeats dropped, each with its id."""
    seen: dict[str, dict[str, str]] = {}
    for raw in text.splitlines():
        name = raw.strip()
        if name and name not in seen:
            seen[name] = {"dish_id": dish_id_for(name), "name": name}
    return list(seen.values())


def morning_list(
    staff: list[Mapping[str, Any]],
    roster: Mapping[str, Any] | None,
    checks: list[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Each person to check this morning (the roster's, else every active food handler), with
    their check if done, the shifts they work, and whether they may handle food at all."""
    by_id = {s["staff_id"]: s for s in staff}
    done = {c["staff_id"]: c for c in checks}
    shifts: dict[str, list[str]] = {}
    if roster is not None:
        for shift in roster["shifts"]:
            for staff_id in shift["staff_ids"]:
                shifts.setdefault(staff_id, []).append(f"{shift['name']} {shift['starts_at']}")
        wanted = list(shifts)
    else:
        wanted = [s["staff_id"] for s in staff if s.get("active")]
    rows = []
    for staff_id in wanted:
        member = by_id.get(staff_id, {"staff_id": staff_id, "name": staff_id})
        rows.append(
            {
                "staff_id": staff_id,
                "name": member.get("name", staff_id),
                "cleared": member.get("cleared_today", False),
                "barriers": member.get("reason_codes", []),
                "shifts": shifts.get(staff_id, []),
                "check": done.get(staff_id),
            }
        )
    return rows
