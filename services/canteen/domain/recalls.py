"""Recalls (召回, 食品安全法 第63条): stop a batch, or a supplier's product, and name the meals.

A recall marks each batch it names (a batch, or every batch of a supplier's item in the
canteen) so that no issue takes from it again (`stock.allocate` refuses with
`batch_recalled`), and lists the meals served with it from the issues linked to meals — the
dishes named by the issues, else the dishes of the meal's menu whose recipe uses the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from services.canteen.domain.stock import Batch
from services.canteen.events import BatchRecalled, RecalledBatchData, RecalledMealData
from shared.aggregate import Aggregate
from shared.errors import Conflict


@dataclass(frozen=True)
class TracedDish:
    """A dish served with a batch."""

    dish_id: str
    name_zh: str | None


@dataclass(frozen=True)
class TracedMeal:
    """A meal served with a batch: how much of it went in, and into which dishes."""

    meal_id: str
    served_on: date
    meal: str
    quantity: str
    dishes: tuple[TracedDish, ...]


@dataclass
class Recall(Aggregate):
    """A recall of batches in one canteen."""

    recall_id: str
    canteen_id: str
    reason: str
    supplier_id: str | None
    item: str | None
    batch_ids: tuple[str, ...]
    meals: tuple[TracedMeal, ...]
    at: datetime
    by: str
    #: The batches it stopped (staged with it; not part of its document).
    stopped: tuple[Batch, ...] = ()
    version: int | None = None

    @classmethod
    def make(
        cls,
        recall_id: str,
        canteen_id: str,
        canteen_name: str,
        *,
        reason: str,
        supplier_id: str | None,
        item: str | None,
        batches: list[Batch],
        meals: tuple[TracedMeal, ...],
        at: datetime,
        by: str,
    ) -> Recall:
        """Stop every batch not recalled yet; Conflict when there is none to stop."""
        fresh = [b for b in batches if b.recalled_by is None]
        if not fresh:
            told = ", ".join(sorted({b.recalled_by or "" for b in batches}))
            raise Conflict(f"already recalled by {told}" if batches else "no batch to recall")
        for b in fresh:
            b.recalled_by = recall_id
        recall = cls(
            recall_id,
            canteen_id,
            reason,
            supplier_id,
            item,
            tuple(b.batch_id for b in fresh),
            meals,
            at,
            by,
            tuple(fresh),
        )
        recall.record(
            BatchRecalled(
                recall_id=recall_id,
                canteen_id=canteen_id,
                canteen_name=canteen_name,
                reason=reason,
                supplier_id=supplier_id,
                item=item,
                batches=tuple(
                    RecalledBatchData(
                        batch_id=b.batch_id,
                        item=b.item,
                        supplier_id=b.supplier_id,
                        on_hand=str(b.on_hand),
                        unit=b.unit,
                    )
                    for b in fresh
                ),
                meals=tuple(
                    RecalledMealData(
                        meal_id=m.meal_id,
                        day=m.served_on.isoformat(),
                        meal=m.meal,
                        dish_ids=tuple(d.dish_id for d in m.dishes),
                    )
                    for m in meals
                ),
            )
        )
        return recall


@dataclass(frozen=True)
class TakeLink:
    """So much of a batch issued, for a meal (and a dish) when the issue named them."""

    batch_id: str
    item: str
    supplier_id: str
    quantity: str
    unit: str
    meal_id: str | None
    dish_id: str | None


def meals_served_with(
    links: list[TakeLink],
    *,
    dish_names: dict[str, str],
    menu_dishes: dict[str, tuple[str, ...]],
    meal_day: dict[str, date],
) -> tuple[TracedMeal, ...]:
    """The meals the links went to, in meal order, with the quantity and the dishes: those the
    issues named, else `menu_dishes` of the meal (the menu's dishes using the item)."""
    by_meal: dict[str, list[TakeLink]] = {}
    for link in links:
        if link.meal_id is not None:
            by_meal.setdefault(link.meal_id, []).append(link)
    traced = []
    for meal_id in sorted(by_meal):
        parts = by_meal[meal_id]
        named = sorted({p.dish_id for p in parts if p.dish_id is not None})
        dish_ids = named or list(menu_dishes.get(meal_id, ()))
        total = sum(Decimal(p.quantity) for p in parts)
        traced.append(
            TracedMeal(
                meal_id=meal_id,
                served_on=meal_day[meal_id],
                meal=meal_id.split(".", 1)[1],
                quantity=str(total),
                dishes=tuple(TracedDish(d, dish_names.get(d)) for d in dish_ids),
            )
        )
    return tuple(traced)
