"""Schemas of the dish catalogue and price caps (最高限价)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id, In, Quantity, Unit
from services.canteen.domain.dishes import Allergen, Dish, Ingredient, PriceCap
from shared.clock import iso
from shared.types import line

Money = Annotated[Decimal, Field(ge=0, le=100000, max_digits=8, decimal_places=2)]


def money(value: Decimal | None) -> str | None:
    """Yuan with two decimals, as the API writes money."""
    return f"{value:.2f}" if value is not None else None


class IngredientIn(In):
    """So much of a stock item per portion."""

    item: line(200)
    quantity: Quantity
    unit: Unit

    def to_ingredient(self) -> Ingredient:
        """The domain ingredient."""
        return Ingredient(self.item, self.quantity, self.unit)


class DishWrite(In):
    """A dish as PUT by a canteen manager: the whole record."""

    name_zh: line(100)
    name_en: line(100, min_length=0) = ""
    category: Id
    ingredients: list[IngredientIn] = Field(default_factory=list, max_length=40)
    allergens: list[Allergen] | None = Field(
        default=None, max_length=8, description="null: derived from the ingredients"
    )
    price: Money
    everyday: bool = Field(default=False, description="an everyday dish (大众菜) under the cap")
    active: bool = True


class IngredientRead(BaseModel):
    """An ingredient of the recipe."""

    item: str
    quantity: str
    unit: str


class DishRead(BaseModel):
    """A dish with its allergens (as shown, and as derived) and the cap that applies."""

    dish_id: str
    canteen_id: str
    name_zh: str
    name_en: str
    category: str
    ingredients: list[IngredientRead]
    allergens: list[str]
    allergens_derived: list[str]
    allergens_edited: bool
    price: str
    everyday: bool
    cap: str | None = Field(description="the cap of its category when it is an everyday dish")
    active: bool
    version: int
    updated_at: str
    updated_by: str

    @classmethod
    def of(cls, d: Dish, caps: dict[str, Decimal]) -> DishRead:
        """The dish as the API shows it."""
        return cls(
            dish_id=d.dish_id,
            canteen_id=d.canteen_id,
            name_zh=d.name_zh,
            name_en=d.name_en,
            category=d.category,
            ingredients=[
                IngredientRead(item=i.item, quantity=str(i.quantity), unit=i.unit)
                for i in d.ingredients
            ],
            allergens=[a.value for a in d.allergens],
            allergens_derived=[a.value for a in d.allergens_derived],
            allergens_edited=d.allergens_edited,
            price=money(d.price) or "0.00",
            everyday=d.everyday,
            cap=money(caps.get(d.category)) if d.everyday else None,
            active=d.active,
            version=d.version or 0,
            updated_at=iso(d.updated_at),
            updated_by=d.updated_by,
        )


class PriceRead(BaseModel):
    """One line of the price history."""

    price: str
    previous: str | None
    at: str
    by: str


class CapWrite(In):
    """The cap of everyday dishes of one category."""

    cap: Money


class CapRead(BaseModel):
    """A price cap."""

    category: str
    cap: str
    updated_at: str
    updated_by: str

    @classmethod
    def of(cls, c: PriceCap) -> CapRead:
        """The cap as the API shows it."""
        return cls(
            category=c.category,
            cap=money(c.cap) or "0.00",
            updated_at=iso(c.updated_at),
            updated_by=c.updated_by,
        )
