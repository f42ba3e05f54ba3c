"""Cost accounts (成本核算): ingredients issued against portions served, per day and week.

- ingredient cost of a period: every issue costed on a day of it (the day of the meal it was
  issued for, else the campus day it was issued), each batch part at its unit price;
- portions: those recorded per meal; revenue: portions × the dish's price recorded with them;
- cost per portion = ingredient cost / portions; margin = revenue − ingredient cost (yuan);
- per dish: the issues named for the dish against its portions (issues for a meal but no dish
  count in the totals only); a dish's `price` is its revenue per portion in the period;
- waste: grams weighed per meal, and grams per portion (光盘行动).

Money is rounded half up to fen only when shown; sums are exact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from services.canteen.domain.menus import week_of
from services.canteen.domain.servings import Serving, per_portion
from shared.errors import Invalid

#: The longest range one request accounts for.
MAX_DAYS = 400
ZERO = Decimal(0)


@dataclass(frozen=True)
class CostLine:
    """So much ingredient cost on a day, for a dish when the issue named one."""

    day: date
    dish_id: str | None
    cost: Decimal


@dataclass
class DishCost:
    """One dish in a period."""

    dish_id: str
    portions: int = 0
    cost: Decimal = ZERO
    revenue: Decimal = ZERO

    @property
    def cost_per_portion(self) -> Decimal | None:
        """Its ingredient cost per portion."""
        return per_portion(self.cost, self.portions)

    @property
    def price(self) -> Decimal | None:
        """Revenue per portion (the price it was sold at)."""
        return per_portion(self.revenue, self.portions)

    @property
    def margin(self) -> Decimal:
        """Revenue less its ingredients."""
        return self.revenue - self.cost


@dataclass
class Cost:
    """The accounts of one period: a day, a week, or the whole range."""

    period: str
    ingredient_cost: Decimal = ZERO
    portions: int = 0
    revenue: Decimal = ZERO
    waste_grams: Decimal = ZERO
    dishes: dict[str, DishCost] = field(default_factory=dict)

    @property
    def cost_per_portion(self) -> Decimal | None:
        """Ingredient cost per portion served."""
        return per_portion(self.ingredient_cost, self.portions)

    @property
    def margin(self) -> Decimal:
        """Revenue less the ingredient cost."""
        return self.revenue - self.ingredient_cost

    @property
    def waste_grams_per_portion(self) -> Decimal | None:
        """Kitchen waste per portion served."""
        return per_portion(self.waste_grams, self.portions, "0.1")

    def dish(self, dish_id: str) -> DishCost:
        """The dish's line, created at first use."""
        return self.dishes.setdefault(dish_id, DishCost(dish_id))

    def add_cost(self, line: CostLine) -> None:
        """Count one costed issue part."""
        self.ingredient_cost += line.cost
        if line.dish_id is not None:
            self.dish(line.dish_id).cost += line.cost

    def add_serving(self, s: Serving) -> None:
        """Count one meal's portions, revenue and waste."""
        for p in s.portions:
            earned = p.price * p.portions if p.price is not None else ZERO
            self.portions += p.portions
            self.revenue += earned
            d = self.dish(p.dish_id)
            d.portions += p.portions
            d.revenue += earned
        self.waste_grams += s.waste_grams or ZERO


@dataclass(frozen=True)
class Accounts:
    """The range, day by day, week by week, and in total."""

    first: date
    last: date
    days: tuple[Cost, ...]
    weeks: tuple[Cost, ...]
    total: Cost


def check_range(first: date, last: date) -> None:
    """A range of at most `MAX_DAYS` days, first before last."""
    if last < first:
        raise Invalid("`to` is before `from`", field="to")
    if (last - first).days >= MAX_DAYS:
        raise Invalid(f"at most {MAX_DAYS} days at once", field="to")


def account(
    first: date, last: date, lines: Iterable[CostLine], servings: Iterable[Serving]
) -> Accounts:
    """The accounts of `first`..`last` from costed issue parts and meals' servings."""
    check_range(first, last)
    days: dict[date, Cost] = {}
    week_by_day: dict[date, str] = {}
    d = first
    while d <= last:
        days[d] = Cost(d.isoformat())
        week_by_day[d] = week_of(d)
        d += timedelta(days=1)
    weeks = {w: Cost(w) for w in dict.fromkeys(week_by_day.values())}
    total = Cost(f"{first.isoformat()}/{last.isoformat()}")
    # Summed per day and dish first: a year holds tens of thousands of batch parts.
    summed: dict[tuple[date, str | None], Decimal] = {}
    for line in lines:
        if line.day in days:
            key = (line.day, line.dish_id)
            summed[key] = summed.get(key, ZERO) + line.cost
    for (day, dish_id), cost in summed.items():
        line = CostLine(day, dish_id, cost)
        for c in (days[day], weeks[week_by_day[day]], total):
            c.add_cost(line)
    for s in servings:
        if s.served_on in days:
            for c in (days[s.served_on], weeks[week_by_day[s.served_on]], total):
                c.add_serving(s)
    return Accounts(first, last, tuple(days.values()), tuple(weeks.values()), total)
