"""What a meal served: portions per dish, and the kitchen waste weighed after it (光盘行动).

Portions and waste are kept per meal under the food-safety meal's id (`2026-11-30.lunch`), so
the meal need not be registered for samples first; the cost accounts (成本核算) read them
against the day's issues. Each dish's price is written with its portions: a later price change
does not rewrite what a past meal earned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from services.canteen.events import PortionData, PortionsRecorded, WasteRecorded
from shared.aggregate import Aggregate
from shared.errors import Invalid
from shared.types import EARLIEST, LATEST

MEAL_ID = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(breakfast|lunch|dinner|event\.[A-Za-z0-9_-]{1,40})$")
#: At most this many portions of one dish at one meal (a canteen of tens of thousands).
MAX_PORTIONS = 100_000


def meal_day(meal_id: str) -> date:
    """The day of a meal id (`2026-11-30.lunch`); Invalid naming the field otherwise."""
    m = MEAL_ID.match(meal_id)
    if m is None:
        raise Invalid(
            f"meal id {meal_id!r} is not a day and a meal like 2026-11-30.lunch", field="meal_id"
        )
    try:
        served_on = date.fromisoformat(m[1])
    except ValueError:
        raise Invalid(f"{m[1]} is not a date", field="meal_id") from None
    if not EARLIEST <= served_on <= LATEST:
        raise Invalid(f"{m[1]} is out of range", field="meal_id")
    return served_on


def meal_slot(meal_id: str) -> str:
    """breakfast, lunch, dinner, or `event.<code>`."""
    return meal_id.split(".", 1)[1]


def per_portion(amount: Decimal, portions: int, places: str = "0.01") -> Decimal | None:
    """`amount` per portion, rounded half up; None for no portions."""
    if portions <= 0:
        return None
    return (amount / portions).quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Portions:
    """Portions of one dish at one meal, and its price then."""

    dish_id: str
    portions: int
    price: Decimal | None


@dataclass
class Serving(Aggregate):
    """Portions and waste of one meal of one canteen."""

    canteen_id: str
    meal_id: str
    served_on: date
    portions: tuple[Portions, ...] = ()
    waste_grams: Decimal | None = None
    updated_at: datetime | None = None
    updated_by: str | None = None
    version: int | None = None

    @property
    def total(self) -> int:
        """Portions of every dish."""
        return sum(p.portions for p in self.portions)

    @classmethod
    def of(cls, existing: Serving | None, canteen_id: str, meal_id: str) -> Serving:
        """The meal's serving record, new if none was kept."""
        if existing is not None:
            return existing
        return cls(canteen_id, meal_id, meal_day(meal_id))

    def record_portions(self, portions: tuple[Portions, ...], *, at: datetime, by: str) -> bool:
        """Replace the portions per dish; False when unchanged."""
        if len({p.dish_id for p in portions}) != len(portions):
            raise Invalid("each dish appears once", field="portions")
        for p in portions:
            if not 0 <= p.portions <= MAX_PORTIONS:
                raise Invalid(
                    f"portions of {p.dish_id} must be 0..{MAX_PORTIONS}", field="portions"
                )
        ordered = tuple(sorted(portions, key=lambda p: p.dish_id))
        if ordered == self.portions:
            return False
        self.portions, self.updated_at, self.updated_by = ordered, at, by
        self.record(
            PortionsRecorded(
                canteen_id=self.canteen_id,
                meal_id=self.meal_id,
                day=self.served_on.isoformat(),
                portions=tuple(
                    PortionData(
                        dish_id=p.dish_id,
                        portions=p.portions,
                        price=str(p.price) if p.price is not None else None,
                    )
                    for p in ordered
                ),
                total=self.total,
            )
        )
        return True

    def record_waste(self, grams: Decimal, *, at: datetime, by: str) -> bool:
        """The kitchen waste of the meal, in grams; False when unchanged."""
        if grams == self.waste_grams:
            return False
        self.waste_grams, self.updated_at, self.updated_by = grams, at, by
        each = per_portion(grams, self.total)
        self.record(
            WasteRecorded(
                canteen_id=self.canteen_id,
                meal_id=self.meal_id,
                day=self.served_on.isoformat(),
                grams=str(grams),
                portions=self.total,
                grams_per_portion=str(each) if each is not None else None,
            )
        )
        return True
