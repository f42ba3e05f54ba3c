"""Schemas of tracing and recalls (召回)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id, In
from services.canteen.domain.recalls import Recall, TakeLink, TracedMeal
from services.canteen.handlers.recalls import BatchTrace
from shared.clock import iso
from shared.types import line


class RecallWrite(In):
    """A recall of one batch, or of a supplier's product (every batch of its item)."""

    batch_id: Id | None = None
    supplier_id: Id | None = None
    item: line(200) | None = None
    reason: line(500)


class TracedDishRead(BaseModel):
    """A dish served with the batch."""

    dish_id: str
    name_zh: str | None


class TracedMealRead(BaseModel):
    """A meal served with the batch."""

    meal_id: str
    day: str
    meal: str
    quantity: str = Field(description="how much of the batch (or batches) went into it")
    dishes: list[TracedDishRead]

    @classmethod
    def of(cls, m: TracedMeal) -> TracedMealRead:
        """The meal as the API shows it."""
        return cls(
            meal_id=m.meal_id,
            day=m.served_on.isoformat(),
            meal=m.meal,
            quantity=m.quantity,
            dishes=[TracedDishRead(dish_id=d.dish_id, name_zh=d.name_zh) for d in m.dishes],
        )


class RecallRead(BaseModel):
    """A recall: the batches it stopped and the meals served with them."""

    recall_id: str
    canteen_id: str
    reason: str
    supplier_id: str | None
    item: str | None
    batches: list[str]
    meals: list[TracedMealRead]
    at: str
    by: str

    @classmethod
    def of(cls, r: Recall) -> RecallRead:
        """The recall as the API shows it."""
        return cls(
            recall_id=r.recall_id,
            canteen_id=r.canteen_id,
            reason=r.reason,
            supplier_id=r.supplier_id,
            item=r.item,
            batches=list(r.batch_ids),
            meals=[TracedMealRead.of(m) for m in r.meals],
            at=iso(r.at),
            by=r.by,
        )


class BatchTraceRead(BaseModel):
    """Where a batch went."""

    batch_id: str
    item: str
    supplier_id: str
    recalled: bool
    recalled_by: str | None
    meals: list[TracedMealRead]

    @classmethod
    def of(cls, t: BatchTrace) -> BatchTraceRead:
        """The trace as the API shows it."""
        return cls(
            batch_id=t.batch.batch_id,
            item=t.batch.item,
            supplier_id=t.batch.supplier_id,
            recalled=t.batch.recalled_by is not None,
            recalled_by=t.batch.recalled_by,
            meals=[TracedMealRead.of(m) for m in t.meals],
        )


class IngredientTraceRead(BaseModel):
    """A batch part issued for the meal."""

    batch_id: str
    item: str
    supplier_id: str
    quantity: str
    unit: str
    dish_id: str | None


class MealTraceRead(BaseModel):
    """What went into a meal."""

    meal_id: str
    ingredients: list[IngredientTraceRead]

    @classmethod
    def of(cls, meal_id: str, links: list[TakeLink]) -> MealTraceRead:
        """The trace as the API shows it."""
        return cls(
            meal_id=meal_id,
            ingredients=[
                IngredientTraceRead(
                    batch_id=k.batch_id,
                    item=k.item,
                    supplier_id=k.supplier_id,
                    quantity=k.quantity,
                    unit=k.unit,
                    dish_id=k.dish_id,
                )
                for k in links
            ],
        )
