"""Create / Read schemas of the full stock count (半月全查) and of records retention."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id
from services.canteen.domain.counts import Counted, CountLine, StockCount
from services.canteen.domain.retention import Purge
from shared.api import Input
from shared.clock import iso
from shared.store import Paged
from shared.types import line

Counted_ = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=3)]


class CountLineIn(Input):
    """What was found of one batch; a difference from the books needs its reason."""

    batch_id: Id
    counted: Counted_
    reason: line(200) | None = None

    def to_line(self) -> CountLine:
        """The domain line."""
        return CountLine(self.batch_id, self.counted, self.reason)


class CountCreate(Input):
    """A full count: every batch in stock."""

    lines: list[CountLineIn] = Field(max_length=5000)


class CountedRead(BaseModel):
    """A batch as counted against the books."""

    batch_id: str
    item: str
    unit: str
    book: str
    counted: str
    difference: str
    reason: str | None

    @classmethod
    def of(cls, c: Counted) -> CountedRead:
        """One counted batch."""
        return cls(
            batch_id=c.batch_id,
            item=c.item,
            unit=c.unit,
            book=str(c.book),
            counted=str(c.counted),
            difference=str(c.difference),
            reason=c.reason,
        )


class CountRead(BaseModel):
    """A full count and its discrepancies."""

    count_id: str
    canteen_id: str
    counted_on: str
    counted_at: str
    counted_by: str
    lines: list[CountedRead]
    discrepancies: list[CountedRead]

    @classmethod
    def of(cls, c: StockCount) -> CountRead:
        """The count as the API shows it."""
        return cls(
            count_id=c.count_id,
            canteen_id=c.canteen_id,
            counted_on=c.counted_on.isoformat(),
            counted_at=iso(c.counted_at),
            counted_by=c.counted_by,
            lines=[CountedRead.of(x) for x in c.lines],
            discrepancies=[CountedRead.of(x) for x in c.discrepancies],
        )


class CountsPage(BaseModel):
    """Counts, newest first."""

    items: list[CountRead]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Paged[StockCount]) -> CountsPage:
        """One page of counts."""
        return cls(items=[CountRead.of(c) for c in page.items], next_cursor=page.next_cursor)


class PurgeRead(BaseModel):
    """A deleted purchase-inspection record."""

    delivery_id: str
    canteen_id: str
    kept_until: str
    purged_at: str
    purged_by: str

    @classmethod
    def of(cls, p: Purge) -> PurgeRead:
        """The purge as the API shows it."""
        return cls(
            delivery_id=p.delivery.delivery_id,
            canteen_id=p.delivery.canteen_id,
            kept_until=p.kept_until.isoformat(),
            purged_at=iso(p.purged_at),
            purged_by=p.purged_by,
        )
