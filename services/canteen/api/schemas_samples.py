"""Create / Read schemas of meals and their samples (留样)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id
from services.canteen.domain.meals import Dish, Meal, MealKind
from services.canteen.domain.samples import Sample, SamplePolicy, Violation
from shared.api import Input
from shared.clock import iso
from shared.types import Day, Moment, line

Grams = Annotated[Decimal, Field(gt=0, le=5000, max_digits=6, decimal_places=1)]


class DishIn(Input):
    """A dish served at a meal; `dish_id` is the id a dish catalogue will know it by."""

    dish_id: Id
    name: line(100)

    def to_dish(self) -> Dish:
        """The domain dish."""
        return Dish(self.dish_id, self.name)


class MealCreate(Input):
    """A served meal and its dishes."""

    served_on: Day
    kind: MealKind
    event_code: Id | None = Field(default=None, description="an event meal's code (its id)")
    name: line(100) | None = Field(default=None, description="an event meal's name")
    dishes: list[DishIn] = Field(min_length=1, max_length=40)

    def to_dishes(self) -> tuple[Dish, ...]:
        """The domain dishes."""
        return tuple(d.to_dish() for d in self.dishes)


class DishesUpdate(Input):
    """The dishes of an open meal, replaced."""

    dishes: list[DishIn] = Field(min_length=1, max_length=40)


class SampleIn(Input):
    """A dish's sample as labelled in the sample fridge."""

    grams: Grams
    fridge: line(100) = Field(description="the sample fridge (留样冰箱)")
    taken_at: Moment | None = Field(default=None, description="default: now")
    taken_by: Id | None = Field(default=None, description="the food handler; default: you")


class SampleRead(BaseModel):
    """A sample on record."""

    grams: str
    fridge: str
    taken_by: str
    taken_at: str
    recorded_by: str
    keep_until: str
    underweight: bool
    discarded_at: str | None
    discarded_by: str | None

    @classmethod
    def of(cls, s: Sample, policy: SamplePolicy) -> SampleRead:
        """The sample, and when it may leave the fridge."""
        return cls(
            grams=str(s.grams),
            fridge=s.fridge,
            taken_by=s.taken_by,
            taken_at=iso(s.taken_at),
            recorded_by=s.recorded_by,
            keep_until=iso(s.keep_until(policy.min_hours)),
            underweight=s.grams < policy.min_grams,
            discarded_at=iso(s.discarded_at) if s.discarded_at else None,
            discarded_by=s.discarded_by,
        )


class DishRead(BaseModel):
    """A dish and its sample, if taken."""

    dish_id: str
    name: str
    sample: SampleRead | None


class MealRead(BaseModel):
    """A meal, its dishes and their samples."""

    meal_id: str
    canteen_id: str
    served_on: str
    kind: str
    name: str | None
    status: str
    dishes: list[DishRead]
    sampled: int
    opened_at: str
    opened_by: str
    closed_at: str | None
    closed_by: str | None

    @classmethod
    def of(cls, m: Meal, policy: SamplePolicy) -> MealRead:
        """The meal as the API shows it."""
        return cls(
            meal_id=m.meal_id,
            canteen_id=m.canteen_id,
            served_on=m.served_on.isoformat(),
            kind=m.kind.value,
            name=m.name,
            status="closed" if m.closed else "open",
            dishes=[
                DishRead(
                    dish_id=d.dish_id,
                    name=d.name,
                    sample=SampleRead.of(m.samples[d.dish_id], policy)
                    if d.dish_id in m.samples
                    else None,
                )
                for d in m.dishes
            ],
            sampled=len(m.samples),
            opened_at=iso(m.opened_at),
            opened_by=m.opened_by,
            closed_at=iso(m.closed_at) if m.closed_at else None,
            closed_by=m.closed_by,
        )


class ViolationRead(BaseModel):
    """A sample violation: missing, underweight or discarded early."""

    violation_id: str
    meal_id: str
    dish_id: str
    dish_name: str
    kind: str
    detail: str
    grams: str | None
    hours_kept: str | None
    raised_at: str | None

    @classmethod
    def of(cls, v: Violation) -> ViolationRead:
        """The violation as the API shows it."""
        return cls(
            violation_id=v.violation_id,
            meal_id=v.meal_id,
            dish_id=v.dish_id,
            dish_name=v.dish_name,
            kind=v.kind.value,
            detail=v.detail,
            grams=str(v.grams) if v.grams is not None else None,
            hours_kept=str(v.hours_kept) if v.hours_kept is not None else None,
            raised_at=iso(v.raised_at) if v.raised_at else None,
        )


class DiscardRead(BaseModel):
    """The meal after a discard, and the violation if the sample went too early."""

    meal: MealRead
    violation: ViolationRead | None


class FridgeSampleRead(BaseModel):
    """A sample still in the fridge, and whether it may go."""

    meal_id: str
    served_on: str
    meal_kind: str
    dish_id: str
    dish_name: str
    grams: str
    fridge: str
    taken_at: str
    keep_until: str
    may_discard: bool

    @classmethod
    def of(cls, m: Meal, s: Sample, policy: SamplePolicy, now: datetime) -> FridgeSampleRead:
        """One sample in the fridge."""
        until = s.keep_until(policy.min_hours)
        return cls(
            meal_id=m.meal_id,
            served_on=m.served_on.isoformat(),
            meal_kind=m.kind.value,
            dish_id=s.dish_id,
            dish_name=m.dish(s.dish_id).name,
            grams=str(s.grams),
            fridge=s.fridge,
            taken_at=iso(s.taken_at),
            keep_until=iso(until),
            may_discard=now >= until,
        )
