"""Weekly menus (周菜谱) per canteen and the public notice (食堂公示) they become.

A menu is one ISO week of one canteen (`2026-W49`): for each day and meal (breakfast, lunch,
dinner) the dishes of the catalogue served. It is a draft until the manager publishes it; a
published menu saved again is published again (the notice never shows a draft). Each entry's
meal id is the food-safety meal's (`2026-11-30.lunch`), so samples, portions, waste, issues and
ratings of that meal meet the menu without a mapping. Whether the ingredients' suppliers are
shown is the canteen's choice (食品安全法 第55条 asks for the sources to be published).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.canteen.domain.meals import MealKind, meal_id_of
from services.canteen.events import MenuEntryData, MenuPublished, MenuSaved
from shared.aggregate import Aggregate
from shared.errors import Invalid
from shared.types import EARLIEST, LATEST

#: The meals a weekly menu plans (event meals are registered one by one, not planned).
MENU_MEALS = (MealKind.BREAKFAST, MealKind.LUNCH, MealKind.DINNER)
WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")
MAX_DISHES_PER_MEAL = 40


def week_start(week: str) -> date:
    """The Monday of an ISO week `YYYY-Www`; Invalid for anything else."""
    m = WEEK_PATTERN.match(week)
    if m is None:
        raise Invalid(f"week {week!r} is not an ISO week like 2026-W49", field="week")
    if not EARLIEST.year <= int(m[1]) < LATEST.year:
        raise Invalid(f"week {week} is out of range", field="week")
    try:
        return date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError:
        raise Invalid(f"{week} has no such week", field="week") from None


def week_of(day: date) -> str:
    """The ISO week a day falls in."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def days_of(week: str) -> tuple[date, ...]:
    """Monday to Sunday of a week."""
    monday = week_start(week)
    return tuple(monday + timedelta(days=i) for i in range(7))


@dataclass(frozen=True)
class MenuEntry:
    """The dishes of one meal of the week."""

    day: date
    meal: MealKind
    dish_ids: tuple[str, ...]

    @property
    def meal_id(self) -> str:
        """The food-safety meal this entry plans."""
        return meal_id_of(self.day, self.meal, None)


def check_entries(
    week: str, entries: tuple[MenuEntry, ...], known_dishes: set[str]
) -> tuple[MenuEntry, ...]:
    """The entries in day and meal order; Invalid naming the first wrong one."""
    days = set(days_of(week))
    seen: set[tuple[date, MealKind]] = set()
    for e in entries:
        if e.day not in days:
            raise Invalid(f"{e.day.isoformat()} is not in week {week}", field="entries")
        if e.meal not in MENU_MEALS:
            raise Invalid("a weekly menu plans breakfast, lunch and dinner", field="entries")
        if (e.day, e.meal) in seen:
            raise Invalid(f"{e.meal_id} appears twice in the menu", field="entries")
        seen.add((e.day, e.meal))
        if not e.dish_ids or len(e.dish_ids) > MAX_DISHES_PER_MEAL:
            raise Invalid(f"{e.meal_id} needs 1 to {MAX_DISHES_PER_MEAL} dishes", field="entries")
        if len(set(e.dish_ids)) != len(e.dish_ids):
            raise Invalid(f"a dish appears twice in {e.meal_id}", field="entries")
        unknown = sorted(set(e.dish_ids) - known_dishes)
        if unknown:
            raise Invalid(
                f"{e.meal_id}: no active dish {', '.join(unknown)} in the catalogue",
                field="entries",
            )
    order = {k: i for i, k in enumerate(MENU_MEALS)}
    return tuple(sorted(entries, key=lambda e: (e.day, order[e.meal])))


@dataclass
class Menu(Aggregate):
    """A canteen's weekly menu."""

    canteen_id: str
    week: str
    entries: tuple[MenuEntry, ...]
    show_suppliers: bool
    saved_at: datetime
    saved_by: str
    published_at: datetime | None = None
    published_by: str | None = None
    version: int | None = None

    @property
    def published(self) -> bool:
        """True once published (and while it stays so)."""
        return self.published_at is not None

    @property
    def status(self) -> str:
        """draft or published."""
        return "published" if self.published else "draft"

    @property
    def next_version(self) -> int:
        """The version the store gives this menu when the staged write commits."""
        return (self.version or 0) + 1

    def dish_ids(self) -> set[str]:
        """Every dish the week serves."""
        return {d for e in self.entries for d in e.dish_ids}

    @classmethod
    def save(
        cls,
        existing: Menu | None,
        canteen_id: str,
        week: str,
        *,
        entries: tuple[MenuEntry, ...],
        show_suppliers: bool,
        known_dishes: set[str],
        at: datetime,
        by: str,
    ) -> Menu | None:
        """Create or replace the week's menu; None when nothing changed."""
        entries = check_entries(week, entries, known_dishes)
        if existing is not None:
            if existing.entries == entries and existing.show_suppliers == show_suppliers:
                return None
            menu = existing
            menu.entries, menu.show_suppliers = entries, show_suppliers
            menu.saved_at, menu.saved_by = at, by
        else:
            menu = cls(canteen_id, week, entries, show_suppliers, at, by)
        menu.record(
            MenuSaved(
                canteen_id=canteen_id,
                week=week,
                status=menu.status,
                entries=menu._entry_data(),
                show_suppliers=show_suppliers,
                version=menu.next_version,
            )
        )
        if menu.published:
            menu._told_published(at, by)
        return menu

    def publish(self, *, at: datetime, by: str) -> bool:
        """Publish the notice; False when it already is."""
        if self.published:
            return False
        if not self.entries:
            raise Invalid("an empty menu cannot be published", field="entries")
        self._told_published(at, by)
        return True

    def _told_published(self, at: datetime, by: str) -> None:
        self.published_at, self.published_by = at, by
        self.record(
            MenuPublished(
                canteen_id=self.canteen_id,
                week=self.week,
                entries=self._entry_data(),
                show_suppliers=self.show_suppliers,
                dishes=len(self.dish_ids()),
                version=self.next_version,
            )
        )

    def _entry_data(self) -> tuple[MenuEntryData, ...]:
        return tuple(
            MenuEntryData(day=e.day.isoformat(), meal=e.meal.value, dish_ids=e.dish_ids)
            for e in self.entries
        )
