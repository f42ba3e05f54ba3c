"""Issues to the kitchen (出库 / 领用): a requisition takes stock first expiring first out.

The kitchen asks for so much of an item in a unit; the issue takes it from the batches that
expire first, never more than they hold, and never from expired batches (see `stock.allocate`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from services.canteen.domain.stock import Batch, MovementKind, Take, allocate
from services.canteen.events import IssuedPart, StockIssued
from shared.aggregate import Aggregate
from shared.errors import Invalid


def issue_id_of(canteen_id: str, issue_no: str) -> str:
    """A requisition number is unique within its canteen."""
    return f"{canteen_id}|{issue_no}"


@dataclass
class Issue(Aggregate):
    """A requisition (领料单) issued to the kitchen, and the batches it took."""

    canteen_id: str
    issue_no: str
    item: str
    unit: str
    quantity: Decimal
    purpose: str | None
    takes: tuple[Take, ...]
    issued_by: str | None
    issued_at: datetime
    #: The meal (and dish) it was issued for, and the day it is costed on: the meal's, else
    #: the campus day it was issued (成本核算).
    meal_id: str | None = None
    dish_id: str | None = None
    served_on: date | None = None
    version: int | None = None
    #: The batches after their takes (staged with the issue; not part of its document).
    taken_from: tuple[Batch, ...] = field(default=(), repr=False, compare=False)

    @property
    def issue_id(self) -> str:
        """The stored id: canteen and requisition number."""
        return issue_id_of(self.canteen_id, self.issue_no)

    @property
    def cost(self) -> Decimal:
        """What the issue cost at its batches' unit prices."""
        return sum((t.cost for t in self.takes), Decimal(0))

    @classmethod
    def make(
        cls,
        batches: list[Batch],
        *,
        canteen_id: str,
        issue_no: str,
        item: str,
        unit: str,
        quantity: Decimal,
        purpose: str | None,
        today: date,
        at: datetime,
        by: str | None,
        meal_id: str | None = None,
        dish_id: str | None = None,
        served_on: date | None = None,
    ) -> Issue:
        """Issue from `batches` (the canteen's stock of the item, any unit), FEFO.

        A unit the item is not stocked in is refused naming the units it is stocked in: 10 斤
        asked of rice kept in kg is a wrong requisition, not a shortage.
        """
        stocked = sorted({b.unit for b in batches if b.on_hand > 0})
        if stocked and unit not in stocked:
            raise Invalid(
                f"{item} is stocked in {', '.join(stocked)}, not {unit}",
                field="unit",
                stocked_units=stocked,
            )
        in_unit = [b for b in batches if b.unit == unit]
        takes = allocate(in_unit, quantity, today=today)
        by_id = {b.batch_id: b for b in in_unit}
        for t in takes:
            by_id[t.batch_id].take(
                t.quantity, kind=MovementKind.ISSUE, ref=issue_no, reason=purpose, at=at, by=by
            )
        issue = cls(
            canteen_id=canteen_id,
            issue_no=issue_no,
            item=item,
            unit=unit,
            quantity=quantity,
            purpose=purpose,
            takes=tuple(takes),
            issued_by=by,
            issued_at=at,
            meal_id=meal_id,
            dish_id=dish_id,
            served_on=served_on or today,
            taken_from=tuple(by_id[t.batch_id] for t in takes),
        )
        issue.record(
            StockIssued(
                canteen_id=canteen_id,
                issue_no=issue_no,
                item=item,
                unit=unit,
                quantity=str(quantity),
                parts=tuple(
                    IssuedPart(
                        batch_id=t.batch_id,
                        quantity=str(t.quantity),
                        expires_on=t.expires_on.isoformat(),
                        unit_price=str(t.unit_price) if t.unit_price is not None else None,
                    )
                    for t in takes
                ),
                meal_id=meal_id,
                dish_id=dish_id,
                cost=f"{issue.cost:.2f}",
            )
        )
        return issue
