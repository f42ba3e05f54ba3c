"""The half-monthly full count of a store room (半月全查), reconciled with the books per batch.

The seeds count the kitchen store room in full at least every half month, checking production
dates, shelf lives and certificates and removing what has expired (seed 004: "对厨房储物室的
食品至少半个月进行一次全查"); the books must equal what is on the shelves (账实相符). A count
lists every batch in stock with what was found; each difference becomes a ledger line (盘亏 a
loss, 盘盈 a gain) with its reason, and the discrepancies are told in `canteen.stock.counted.v1`.
A store room not counted within the interval (15 days) is told once per due date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from services.canteen.domain.stock import Batch
from services.canteen.events import DiscrepancyData, StockCounted, StockCountOverdue
from shared.aggregate import Aggregate
from shared.errors import Invalid

#: A store room is counted in full at least this often (seed 004: 至少半个月一次全查).
INTERVAL_DAYS = 15


@dataclass(frozen=True)
class CountLine:
    """What was found of one batch."""

    batch_id: str
    counted: Decimal
    reason: str | None = None


@dataclass(frozen=True)
class Counted:
    """One batch as counted against its book quantity."""

    batch_id: str
    item: str
    unit: str
    book: Decimal
    counted: Decimal
    reason: str | None

    @property
    def difference(self) -> Decimal:
        """Counted minus book: negative is a loss (盘亏)."""
        return self.counted - self.book


def reconcile(
    in_stock: list[Batch], known: dict[str, Batch], lines: list[CountLine]
) -> list[Counted]:
    """Match the lines to the books: every batch in stock counted once, each difference explained.

    `known` holds the canteen's batches the lines name (an empty batch found to hold goods is
    counted too); a batch of another canteen or none at all is refused.
    """
    seen: set[str] = set()
    for line in lines:
        if line.batch_id in seen:
            raise Invalid(f"batch {line.batch_id} is counted twice", field="lines")
        seen.add(line.batch_id)
    unknown = sorted(b for b in seen if b not in known)
    if unknown:
        raise Invalid(f"no batch {', '.join(unknown[:10])} in this canteen", field="lines")
    uncounted = sorted(b.batch_id for b in in_stock if b.batch_id not in seen)
    if uncounted:
        raise Invalid(
            f"a full count lists every batch in stock; {len(uncounted)} uncounted: "
            + ", ".join(uncounted[:10]),
            field="lines",
            uncounted=uncounted[:100],
        )
    counted = []
    for line in lines:
        batch = known[line.batch_id]
        c = Counted(
            batch.batch_id, batch.item, batch.unit, batch.on_hand, line.counted, line.reason
        )
        if c.difference and not c.reason:
            raise Invalid(
                f"batch {c.batch_id} ({c.item}) differs from the books by {c.difference} "
                f"{c.unit}: give the reason",
                field="lines",
            )
        counted.append(c)
    return counted


@dataclass
class StockCount(Aggregate):
    """A full count of one canteen's store room."""

    count_id: str
    canteen_id: str
    counted_on: date
    counted_at: datetime
    counted_by: str
    lines: tuple[Counted, ...]
    version: int | None = None
    #: The batches the count adjusted, with their ledger lines (staged with the count).
    adjusted: tuple[Batch, ...] = field(default=(), repr=False, compare=False)

    @property
    def discrepancies(self) -> tuple[Counted, ...]:
        """Batches whose count differed from the books."""
        return tuple(c for c in self.lines if c.difference)

    @classmethod
    def take(
        cls,
        count_id: str,
        canteen_id: str,
        *,
        in_stock: list[Batch],
        known: dict[str, Batch],
        lines: list[CountLine],
        today: date,
        at: datetime,
        by: str,
    ) -> StockCount:
        """Reconcile and adjust: each difference is a ledger line with its reason."""
        counted = reconcile(in_stock, known, lines)
        count = cls(count_id, canteen_id, today, at, by, tuple(counted))
        adjusted = []
        for c in count.discrepancies:
            batch = known[c.batch_id]
            batch.recount(c.counted, ref=count_id, reason=c.reason or "", at=at, by=by)
            adjusted.append(batch)
        count.adjusted = tuple(adjusted)
        count.record(
            StockCounted(
                count_id=count_id,
                canteen_id=canteen_id,
                counted_on=today.isoformat(),
                batches_counted=len(counted),
                discrepancies=tuple(
                    DiscrepancyData(
                        batch_id=c.batch_id,
                        item=c.item,
                        unit=c.unit,
                        book=str(c.book),
                        counted=str(c.counted),
                        difference=str(c.difference),
                        reason=c.reason or "",
                    )
                    for c in count.discrepancies
                ),
            )
        )
        return count


@dataclass
class CountStatus(Aggregate):
    """When a canteen's store room was last counted, and which due date was told overdue."""

    canteen_id: str
    tracking_since: date
    last_counted_on: date | None = None
    last_count_id: str | None = None
    overdue_told_for: date | None = None
    version: int | None = None

    def due_on(self, interval_days: int = INTERVAL_DAYS) -> date:
        """The last day the next count is due: the last count (or the tracking start) + interval."""
        return (self.last_counted_on or self.tracking_since) + timedelta(days=interval_days)

    def overdue(self, today: date, interval_days: int = INTERVAL_DAYS) -> bool:
        """Past the due day without a count."""
        return today > self.due_on(interval_days)

    def counted(self, count: StockCount) -> None:
        """A count was taken: the next is due an interval later."""
        self.last_counted_on, self.last_count_id = count.counted_on, count.count_id

    def tell_if_overdue(self, *, today: date, interval_days: int, canteen_name: str) -> bool:
        """Told once per due date passed without a count; True if told now."""
        due = self.due_on(interval_days)
        if not self.overdue(today, interval_days) or self.overdue_told_for == due:
            return False
        self.overdue_told_for = due
        self.record(
            StockCountOverdue(
                canteen_id=self.canteen_id,
                canteen_name=canteen_name,
                last_counted_on=self.last_counted_on.isoformat() if self.last_counted_on else None,
                due_on=due.isoformat(),
                interval_days=interval_days,
            )
        )
        return True
