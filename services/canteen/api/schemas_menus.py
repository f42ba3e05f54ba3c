"""Schemas of weekly menus and of the public notice (食堂公示)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path
from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id, In
from services.canteen.api.schemas_dishes import money
from services.canteen.domain.meals import MealKind
from services.canteen.domain.menus import Menu, MenuEntry, days_of
from services.canteen.handlers.menus import Notice
from shared.clock import iso
from shared.types import Day

Week = Annotated[str, Path(pattern=r"^\d{4}-W\d{2}$", description="ISO week, 2026-W49")]
MealName = Literal["breakfast", "lunch", "dinner"]


class EntryIn(In):
    """The dishes of one meal of the week."""

    day: Day
    meal: MealName
    dish_ids: list[Id] = Field(min_length=1, max_length=40)

    def to_entry(self) -> MenuEntry:
        """The domain entry."""
        return MenuEntry(self.day, MealKind(self.meal), tuple(self.dish_ids))


class MenuWrite(In):
    """The week's menu as PUT: every entry."""

    entries: list[EntryIn] = Field(default_factory=list, max_length=21)
    show_suppliers: bool = Field(default=False, description="show ingredients' suppliers")


class EntryRead(BaseModel):
    """One meal of the week."""

    day: str
    meal: str
    meal_id: str
    dish_ids: list[str]


class MenuRead(BaseModel):
    """A weekly menu."""

    canteen_id: str
    week: str
    status: str
    entries: list[EntryRead]
    show_suppliers: bool
    published_at: str | None
    published_by: str | None
    version: int

    @classmethod
    def of(cls, m: Menu) -> MenuRead:
        """The menu as the API shows it."""
        return cls(
            canteen_id=m.canteen_id,
            week=m.week,
            status=m.status,
            entries=[
                EntryRead(
                    day=e.day.isoformat(),
                    meal=e.meal.value,
                    meal_id=e.meal_id,
                    dish_ids=list(e.dish_ids),
                )
                for e in m.entries
            ],
            show_suppliers=m.show_suppliers,
            published_at=iso(m.published_at) if m.published_at else None,
            published_by=m.published_by,
            version=m.version or 0,
        )


class PublicDish(BaseModel):
    """A dish of the notice: names, price, allergens, and suppliers when the canteen shows them."""

    dish_id: str
    name_zh: str
    name_en: str
    category: str
    price: str
    everyday: bool
    allergens: list[str]
    suppliers: list[str] | None = None


class PublicMeal(BaseModel):
    """A meal of a day of the notice."""

    meal: str
    meal_id: str
    dishes: list[PublicDish]


class PublicDay(BaseModel):
    """A day of the notice."""

    day: str
    meals: list[PublicMeal]


class PublicMenu(BaseModel):
    """The published menu of a week, as anyone sees it."""

    canteen_id: str
    canteen_name: str
    week: str
    days: list[PublicDay]

    @classmethod
    def of(cls, n: Notice) -> PublicMenu:
        """The notice, day by day; a dish taken off the catalogue since is left out."""
        days = []
        for day in days_of(n.menu.week):
            meals = []
            for e in (e for e in n.menu.entries if e.day == day):
                shown = [n.dishes[d] for d in e.dish_ids if d in n.dishes]
                meals.append(
                    PublicMeal(
                        meal=e.meal.value,
                        meal_id=e.meal_id,
                        dishes=[
                            PublicDish(
                                dish_id=d.dish_id,
                                name_zh=d.name_zh,
                                name_en=d.name_en,
                                category=d.category,
                                price=money(d.price) or "0.00",
                                everyday=d.everyday,
                                allergens=[a.value for a in d.allergens],
                                suppliers=list(n.suppliers.get(d.dish_id, ()))
                                if n.menu.show_suppliers
                                else None,
                            )
                            for d in shown
                        ],
                    )
                )
            if meals:
                days.append(PublicDay(day=day.isoformat(), meals=meals))
        return cls(
            canteen_id=n.canteen.canteen_id,
            canteen_name=n.canteen.name,
            week=n.menu.week,
            days=days,
        )
