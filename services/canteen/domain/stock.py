"""The stock ledger (台帐): batches with expiry, issue first-expiring-first-out, write-offs, scan.

The balance never goes negative: an issue takes whole or partial batches, the one expiring
first first (FEFO), and is refused when the unexpired stock does not cover it. Expired stock is
never issued to the kitchen; it leaves the books by a write-off (报损). Every movement of a batch
is a line of the ledger (入库 receipt, 出库 issue, 报损 write-off), kept with the batch it moved
until the repository writes it; the ledger is never rewritten (inspection records and vouchers
are kept at least 6 months past shelf life: 食品安全法 2021 第50条, 第53条).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from services.canteen.events import StockExpiring, StockWrittenOff
from shared.aggregate import Aggregate
from shared.errors import Conflict, Invalid


class MovementKind(StrEnum):
    """Kinds of ledger lines."""

    RECEIPT = "receipt"  # 入库
    ISSUE = "issue"  # 出库 / 领用
    WRITE_OFF = "write_off"  # 报损
    COUNT_LOSS = "count_loss"  # 盘亏: the count found less than the books
    COUNT_GAIN = "count_gain"  # 盘盈: the count found more


@dataclass(frozen=True)
class Movement:
    """One line of the ledger: so much into or out of one batch, and the balance after."""

    kind: MovementKind
    canteen_id: str
    item: str
    unit: str
    batch_id: str
    quantity: Decimal
    balance_after: Decimal
    ref: str
    reason: str | None
    actor: str | None
    at: datetime
    entry_id: str | None = None


@dataclass
class Batch(Aggregate):
    """Goods of one accepted delivery line, as they stand in the store room."""

    batch_id: str
    canteen_id: str
    item: str
    unit: str
    on_hand: Decimal
    expires_on: date
    received_on: date
    category: str
    supplier_id: str
    delivery_id: str
    line_no: int
    quantity_received: Decimal
    expiry_warned_on: date | None = None
    #: Yuan per unit as delivered (the cost of what is issued from it), when the line said.
    unit_price: Decimal | None = None
    #: The recall that stopped it (食品安全法 第63条): never issued again.
    recalled_by: str | None = None
    version: int | None = None
    #: Ledger lines of this use case, not yet written (the repository inserts and clears them).
    movements: list[Movement] = field(default_factory=list, repr=False, compare=False)

    def usable_on(self, day: date) -> bool:
        """True when it has stock and has not expired on `day`."""
        return self.on_hand > 0 and self.expires_on >= day

    def _move(
        self,
        kind: MovementKind,
        quantity: Decimal,
        *,
        ref: str,
        reason: str | None,
        at: datetime,
        by: str | None,
    ) -> None:
        self.movements.append(
            Movement(
                kind=kind,
                canteen_id=self.canteen_id,
                item=self.item,
                unit=self.unit,
                batch_id=self.batch_id,
                quantity=quantity,
                balance_after=self.on_hand,
                ref=ref,
                reason=reason,
                actor=by,
                at=at,
            )
        )

    def receive(self, *, at: datetime, by: str | None) -> None:
        """The receipt (入库) that brought the batch into the store room."""
        self._move(
            MovementKind.RECEIPT, self.on_hand, ref=self.delivery_id, reason=None, at=at, by=by
        )

    def take(
        self,
        quantity: Decimal,
        *,
        kind: MovementKind,
        ref: str,
        reason: str | None,
        at: datetime,
        by: str | None,
    ) -> None:
        """`quantity` leaves the batch; never below zero."""
        if quantity <= 0:
            raise Invalid("a quantity leaving stock must be positive", field="quantity")
        if quantity > self.on_hand:
            raise Conflict(
                f"batch {self.batch_id} holds {self.on_hand} {self.unit}, not {quantity}",
                on_hand=str(self.on_hand),
            )
        self.on_hand -= quantity
        self._move(kind, quantity, ref=ref, reason=reason, at=at, by=by)

    def recount(
        self, counted: Decimal, *, ref: str, reason: str, at: datetime, by: str | None
    ) -> Decimal:
        """Set the balance to what a count found, as a ledger line; returns the difference."""
        if counted < 0:
            raise Invalid("a counted quantity is not negative", field="counted")
        difference = counted - self.on_hand
        if difference:
            kind = MovementKind.COUNT_GAIN if difference > 0 else MovementKind.COUNT_LOSS
            self.on_hand = counted
            self._move(kind, abs(difference), ref=ref, reason=reason, at=at, by=by)
        return difference

    def write_off(self, quantity: Decimal, *, reason: str, at: datetime, by: str | None) -> None:
        """Goods off the books (报损): never more than the batch holds."""
        self.take(
            quantity, kind=MovementKind.WRITE_OFF, ref=self.batch_id, reason=reason, at=at, by=by
        )
        self.record(
            StockWrittenOff(
                canteen_id=self.canteen_id,
                batch_id=self.batch_id,
                item=self.item,
                unit=self.unit,
                quantity=str(quantity),
                reason=reason,
            )
        )

    def warn(self, *, today: date) -> None:
        """Mark the batch warned (so it is told once) and record the event."""
        self.expiry_warned_on = today
        self.record(
            StockExpiring(
                canteen_id=self.canteen_id,
                item=self.item,
                batch_id=self.batch_id,
                expires_on=self.expires_on.isoformat(),
                quantity_on_hand=str(self.on_hand),
                unit=self.unit,
                expired=self.expires_on < today,
            )
        )


@dataclass(frozen=True)
class Take:
    """Part of an issue: so much from one batch."""

    batch_id: str
    quantity: Decimal
    expires_on: date
    unit_price: Decimal | None = None

    @property
    def cost(self) -> Decimal:
        """What the part cost (no price known: zero)."""
        return self.quantity * self.unit_price if self.unit_price is not None else Decimal(0)


class BatchIsRecalled(Conflict):
    """The stock asked for is of a recalled batch."""

    code = "batch_recalled"


def allocate(batches: list[Batch], quantity: Decimal, *, today: date) -> list[Take]:
    """Which batches an issue of `quantity` takes, first expiring first; Conflict if short.

    A recalled batch is never taken: when only recalled stock would cover the issue it is
    refused naming the recall (409 `batch_recalled`).
    """
    if quantity <= 0:
        raise Invalid("an issue needs a positive quantity", field="quantity")
    recalled = [b for b in batches if b.recalled_by is not None and b.on_hand > 0]
    usable = sorted(
        (b for b in batches if b.usable_on(today) and b.recalled_by is None),
        key=lambda b: (b.expires_on, b.received_on, b.batch_id),
    )
    available = sum((b.on_hand for b in usable), Decimal(0))
    if available < quantity:
        expired = sum(
            (b.on_hand for b in batches if b.on_hand > 0 and not b.usable_on(today)), Decimal(0)
        )
        detail = f"; {expired} more is expired and must be written off" if expired else ""
        if recalled:
            names = ", ".join(f"{b.batch_id} ({b.recalled_by})" for b in recalled)
            raise BatchIsRecalled(
                f"batch {names} is recalled and not issued: {quantity} requested, "
                f"{available} available otherwise",
                batch_ids=[b.batch_id for b in recalled],
                available=str(available),
            )
        raise Conflict(
            f"insufficient stock: {quantity} requested, {available} available{detail}",
            requested=str(quantity),
            available=str(available),
        )
    takes: list[Take] = []
    left = quantity
    for batch in usable:
        if left <= 0:
            break
        part = min(batch.on_hand, left)
        takes.append(Take(batch.batch_id, part, batch.expires_on, batch.unit_price))
        left -= part
    return takes


def expiring(batches: list[Batch], *, today: date, warning_days: int) -> list[Batch]:
    """Batches with stock that expire within `warning_days` of today and were not yet warned."""
    horizon = today + timedelta(days=warning_days)
    return sorted(
        (
            b
            for b in batches
            if b.on_hand > 0 and b.expiry_warned_on is None and b.expires_on <= horizon
        ),
        key=lambda b: (b.expires_on, b.batch_id),
    )


def warn_expiring(batches: list[Batch], *, today: date, warning_days: int) -> list[Batch]:
    """Warn once about each batch now within the window (临期); returns the warned batches."""
    due = expiring(batches, today=today, warning_days=warning_days)
    for batch in due:
        batch.warn(today=today)
    return due


@dataclass(frozen=True)
class Balance:
    """The balance of one item in one unit: usable stock, and expired stock awaiting write-off."""

    item: str
    unit: str
    on_hand: Decimal
    usable: Decimal
    batches: tuple[Batch, ...]

    @property
    def expired(self) -> Decimal:
        """Stock past its expiry, still on the books until written off."""
        return self.on_hand - self.usable


def balances(batches: list[Batch], *, today: date) -> list[Balance]:
    """Balances per item and unit (台帐), batches first expiring first."""
    grouped: dict[tuple[str, str], list[Batch]] = {}
    for batch in sorted(batches, key=lambda b: (b.item, b.unit, b.expires_on, b.batch_id)):
        grouped.setdefault((batch.item, batch.unit), []).append(batch)
    return [
        Balance(
            item=item,
            unit=unit,
            on_hand=sum((b.on_hand for b in group), Decimal(0)),
            usable=sum((b.on_hand for b in group if b.expires_on >= today), Decimal(0)),
            batches=tuple(group),
        )
        for (item, unit), group in grouped.items()
    ]
