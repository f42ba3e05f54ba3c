"""Schemas of portions and waste per meal, and of the cost accounts (成本核算)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id, In
from services.canteen.api.schemas_dishes import money
from services.canteen.domain.costs import Accounts, Cost
from services.canteen.domain.servings import MAX_PORTIONS, Serving, per_portion
from shared.clock import iso

Grams = Annotated[Decimal, Field(ge=0, le=10_000_000, max_digits=12, decimal_places=1)]


class PortionIn(In):
    """Portions of one dish."""

    dish_id: Id
    portions: int = Field(ge=0, le=MAX_PORTIONS)


class PortionsWrite(In):
    """The portions served at a meal, per dish (replacing what was recorded)."""

    portions: list[PortionIn] = Field(max_length=100)


class WasteWrite(In):
    """Kitchen waste weighed after the meal (光盘行动)."""

    grams: Grams


class PortionRead(BaseModel):
    """Portions of a dish, and its price then."""

    dish_id: str
    portions: int
    price: str | None


class ServingRead(BaseModel):
    """What a meal served."""

    canteen_id: str
    meal_id: str
    day: str
    portions: list[PortionRead]
    total_portions: int
    waste_grams: str | None
    waste_grams_per_portion: str | None
    updated_at: str | None
    updated_by: str | None

    @classmethod
    def of(cls, s: Serving) -> ServingRead:
        """The record as the API shows it."""
        each = per_portion(s.waste_grams, s.total, "0.1") if s.waste_grams is not None else None
        return cls(
            canteen_id=s.canteen_id,
            meal_id=s.meal_id,
            day=s.served_on.isoformat(),
            portions=[
                PortionRead(dish_id=p.dish_id, portions=p.portions, price=money(p.price))
                for p in s.portions
            ],
            total_portions=s.total,
            waste_grams=str(s.waste_grams) if s.waste_grams is not None else None,
            waste_grams_per_portion=str(each) if each is not None else None,
            updated_at=iso(s.updated_at) if s.updated_at else None,
            updated_by=s.updated_by,
        )


class DishCostRead(BaseModel):
    """A dish in a period: its portions, what went into it, its price and margin."""

    dish_id: str
    name_zh: str | None
    portions: int
    cost: str
    cost_per_portion: str | None
    price: str | None = Field(description="revenue per portion in the period")
    margin: str = Field(description="revenue less its ingredient cost")


class CostRead(BaseModel):
    """The accounts of one period."""

    period: str
    ingredient_cost: str
    portions: int
    cost_per_portion: str | None
    revenue: str
    margin: str = Field(description="revenue less the ingredient cost")
    waste_grams: str
    waste_grams_per_portion: str | None
    dishes: list[DishCostRead]

    @classmethod
    def of(cls, c: Cost, names: dict[str, str]) -> CostRead:
        """One period."""
        return cls(
            period=c.period,
            ingredient_cost=money(c.ingredient_cost) or "0.00",
            portions=c.portions,
            cost_per_portion=money(c.cost_per_portion),
            revenue=money(c.revenue) or "0.00",
            margin=money(c.margin) or "0.00",
            waste_grams=str(c.waste_grams),
            waste_grams_per_portion=(
                str(c.waste_grams_per_portion) if c.waste_grams_per_portion is not None else None
            ),
            dishes=[
                DishCostRead(
                    dish_id=d.dish_id,
                    name_zh=names.get(d.dish_id),
                    portions=d.portions,
                    cost=money(d.cost) or "0.00",
                    cost_per_portion=money(d.cost_per_portion),
                    price=money(d.price),
                    margin=money(d.margin) or "0.00",
                )
                for d in sorted(c.dishes.values(), key=lambda d: d.dish_id)
            ],
        )


class CostsRead(BaseModel):
    """A canteen's accounts from..to: each day, each ISO week (clipped to the range), total."""

    canteen_id: str
    from_: str = Field(alias="from")
    to: str
    days: list[CostRead]
    weeks: list[CostRead]
    total: CostRead

    model_config = {"populate_by_name": True}

    @classmethod
    def of(cls, canteen_id: str, a: Accounts, names: dict[str, str]) -> CostsRead:
        """The accounts as the API shows them."""
        return cls(
            canteen_id=canteen_id,
            from_=a.first.isoformat(),
            to=a.last.isoformat(),
            days=[CostRead.of(c, names) for c in a.days],
            weeks=[CostRead.of(c, names) for c in a.weeks],
            total=CostRead.of(a.total, names),
        )
