"""Dishes of a canteen and the price caps of everyday dishes (大众菜 最高限价).

A dish has a recipe (stock items and quantities per portion), allergens of the eight classes of
GB 7718-2025 — derived from its ingredients and editable — a price, and whether it is an
everyday dish. Public-benefit canteens cap the price of everyday dishes per category: a price
above the cap is refused naming the cap; every price change is recorded (the price history) and
told as `canteen.dish.price_changed.v1`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from services.canteen.events import (
    DishPriceChanged,
    DishUpdated,
    IngredientData,
    PriceCapChanged,
)
from shared.aggregate import Aggregate
from shared.errors import Invalid


class Allergen(StrEnum):
    """The eight allergen classes of GB 7718-2025 (预包装食品标签通则, 致敏物质)."""

    GLUTEN_CEREALS = "gluten_cereals"
    CRUSTACEANS = "crustaceans"
    FISH = "fish"
    EGGS = "eggs"
    PEANUTS = "peanuts"
    SOY = "soy"
    MILK = "milk"
    TREE_NUTS = "tree_nuts"


#: Words in a stock item's name that make it carry an allergen (zh-CN and English). A rule of
#: thumb for the derivation only: the manager edits the list when the recipe says otherwise.
ALLERGEN_WORDS: dict[Allergen, tuple[str, ...]] = {
    Allergen.GLUTEN_CEREALS: (
        "面",
        "小麦",
        "大麦",
        "燕麦",
        "馒头",
        "饺",
        "包子",
        "wheat",
        "flour",
        "noodle",
        "barley",
        "oat",
        "bread",
        "dumpling",
    ),
    Allergen.CRUSTACEANS: ("虾", "蟹", "shrimp", "prawn", "crab", "lobster"),
    Allergen.FISH: ("鱼", "fish", "salmon", "cod", "tuna"),
    Allergen.EGGS: ("蛋", "egg"),
    Allergen.PEANUTS: ("花生", "peanut"),
    Allergen.SOY: ("大豆", "黄豆", "豆腐", "豆浆", "酱油", "腐竹", "soy", "tofu"),
    Allergen.MILK: ("奶", "乳", "milk", "cheese", "butter", "cream", "yogurt"),
    Allergen.TREE_NUTS: (
        "核桃",
        "杏仁",
        "腰果",
        "榛子",
        "开心果",
        "walnut",
        "almond",
        "cashew",
        "hazelnut",
        "pistachio",
    ),
}


def allergens_of_item(item: str) -> frozenset[Allergen]:
    """The allergens a stock item's name says it carries."""
    name = item.lower()
    return frozenset(a for a, words in ALLERGEN_WORDS.items() if any(w in name for w in words))


@dataclass(frozen=True)
class Ingredient:
    """So much of a stock item per portion (the unit is the one it is stocked in)."""

    item: str
    quantity: Decimal
    unit: str


def derive_allergens(ingredients: tuple[Ingredient, ...]) -> tuple[Allergen, ...]:
    """The allergens of a recipe: those of each ingredient, in the standard's order."""
    found: set[Allergen] = set()
    for i in ingredients:
        found |= allergens_of_item(i.item)
    return tuple(a for a in Allergen if a in found)


class PriceAboveCap(Invalid):
    """An everyday dish priced above its category's cap (最高限价)."""

    code = "price_above_cap"


def check_cap(dish_id: str, category: str, price: Decimal, cap: Decimal | None) -> None:
    """Refuse an everyday dish's price above the cap of its category, naming the cap."""
    if cap is not None and price > cap:
        raise PriceAboveCap(
            f"price ¥{price:.2f} of {dish_id} is above the cap of ¥{cap:.2f} for everyday "
            f"{category} dishes",
            field="price",
            cap=f"{cap:.2f}",
        )


@dataclass
class PriceCap(Aggregate):
    """The cap on everyday dishes of one category in one canteen."""

    canteen_id: str
    category: str
    cap: Decimal
    updated_at: datetime
    updated_by: str
    version: int | None = None

    @classmethod
    def set(
        cls,
        existing: PriceCap | None,
        canteen_id: str,
        category: str,
        cap: Decimal,
        *,
        at: datetime,
        by: str,
    ) -> PriceCap | None:
        """The cap set (or changed); None when it already was this cap."""
        if existing is not None and existing.cap == cap:
            return None
        previous = existing.cap if existing is not None else None
        version = existing.version if existing is not None else None
        new = cls(canteen_id, category, cap, at, by, version)
        new.record(
            PriceCapChanged(
                canteen_id=canteen_id,
                category=category,
                cap=f"{cap:.2f}",
                previous=f"{previous:.2f}" if previous is not None else None,
            )
        )
        return new


@dataclass(frozen=True)
class PriceChange:
    """One line of a dish's price history."""

    price: Decimal
    previous: Decimal | None
    at: datetime
    by: str


#: The fields a PUT replaces, in the order `changed` names them.
EDITABLE = (
    "name_zh",
    "name_en",
    "category",
    "ingredients",
    "allergens",
    "price",
    "everyday",
    "active",
)


@dataclass
class Dish(Aggregate):
    """A dish of a canteen's catalogue: its recipe, allergens and price."""

    canteen_id: str
    dish_id: str
    name_zh: str
    name_en: str
    category: str
    ingredients: tuple[Ingredient, ...]
    allergens: tuple[Allergen, ...]
    allergens_edited: bool
    price: Decimal
    everyday: bool
    active: bool
    updated_at: datetime
    updated_by: str
    prices: list[PriceChange] = field(default_factory=list)
    version: int | None = None

    @property
    def allergens_derived(self) -> tuple[Allergen, ...]:
        """What the recipe alone says."""
        return derive_allergens(self.ingredients)

    @classmethod
    def put(
        cls,
        existing: Dish | None,
        canteen_id: str,
        dish_id: str,
        *,
        name_zh: str,
        name_en: str,
        category: str,
        ingredients: tuple[Ingredient, ...],
        allergens: tuple[Allergen, ...] | None,
        price: Decimal,
        everyday: bool,
        active: bool,
        cap: Decimal | None,
        at: datetime,
        by: str,
    ) -> Dish | None:
        """Create or replace the dish; None when nothing changed. `allergens` None: derived.

        `cap` is the cap of the dish's category; an everyday dish above it is refused.
        """
        if len({i.item for i in ingredients}) != len(ingredients):
            raise Invalid("each stock item appears once in a recipe", field="ingredients")
        if everyday:
            check_cap(dish_id, category, price, cap)
        edited = allergens is not None
        chosen = (
            tuple(a for a in Allergen if a in set(allergens))
            if allergens is not None
            else derive_allergens(ingredients)
        )
        values = {
            "name_zh": name_zh,
            "name_en": name_en,
            "category": category,
            "ingredients": ingredients,
            "allergens": chosen,
            "price": price,
            "everyday": everyday,
            "active": active,
        }
        if existing is None:
            dish = cls(
                canteen_id, dish_id, allergens_edited=edited, updated_at=at, updated_by=by, **values
            )  # type: ignore[arg-type]
            changed, previous = EDITABLE, None
        else:
            changed = tuple(k for k in EDITABLE if getattr(existing, k) != values[k])
            if existing.allergens_edited != edited:
                changed = (*changed, "allergens_edited")
            if not changed:
                return None
            dish, previous = existing, existing.price
            for key, value in values.items():
                setattr(dish, key, value)
            dish.allergens_edited, dish.updated_at, dish.updated_by = edited, at, by
        dish._told(changed, created=existing is None)
        if existing is None or previous != price:
            dish.prices.append(PriceChange(price, previous, at, by))
            dish.record(
                DishPriceChanged(
                    canteen_id=canteen_id,
                    dish_id=dish_id,
                    name_zh=name_zh,
                    category=category,
                    price=f"{price:.2f}",
                    previous=f"{previous:.2f}" if previous is not None else None,
                    everyday=everyday,
                    cap=f"{cap:.2f}" if cap is not None and everyday else None,
                )
            )
        return dish

    def _told(self, changed: tuple[str, ...], *, created: bool) -> None:
        self.record(
            DishUpdated(
                canteen_id=self.canteen_id,
                dish_id=self.dish_id,
                name_zh=self.name_zh,
                name_en=self.name_en,
                category=self.category,
                price=f"{self.price:.2f}",
                everyday=self.everyday,
                allergens=tuple(a.value for a in self.allergens),
                allergens_edited=self.allergens_edited,
                ingredients=tuple(
                    IngredientData(item=i.item, quantity=str(i.quantity), unit=i.unit)
                    for i in self.ingredients
                ),
                active=self.active,
                created=created,
                changed=changed,
            )
        )
