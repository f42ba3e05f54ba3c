"""The stock ledger (台帐): batches with expiry, issue first-expiring-first-out, write-offs, scan.

The balance never goes negative: an issue takes whole or partial batches, the one expiring
first first (FEFO), and is refused when the unexpired stock does not cover it. Expired stock is
never issued to the kitchen; it leaves the books by a write-off (报损).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from services.canteen.events import IssuedPart, StockExpiring, StockIssued, StockWrittenOff
from shared.errors import Conflict, Invalid


@dataclass(frozen=True)
class Batch:
    """Goods of one accepted delivery line, as they stand in the store room."""

    batch_id: str
    canteen_id: str
    item: str
    unit: str
    on_hand: Decimal
    expires_on: date
    received_on: date
    expiry_warned_on: date | None = None

    def usable_on(self, day: date) -> bool:
        """True when it has stock and has not expired on `day`."""
        return self.on_hand > 0 and self.expires_on >= day


@dataclass(frozen=True)
class Take:
    """Part of an issue: so much from one batch."""

    batch_id: str
    quantity: Decimal
    expires_on: date


def allocate(batches: list[Batch], quantity: Decimal, *, today: date) -> list[Take]:
    """Which batches an issue of `quantity` takes, first expiring first; Conflict if short."""
    if quantity <= 0:
        raise Invalid("an issue needs a positive quantity")
    usable = sorted(
        (b for b in batches if b.usable_on(today)),
        key=lambda b: (b.expires_on, b.received_on, b.batch_id),
    )
    available = sum((b.on_hand for b in usable), Decimal(0))
    if available < quantity:
        expired = sum(
            (b.on_hand for b in batches if b.on_hand > 0 and not b.usable_on(today)), Decimal(0)
        )
        detail = f"; {expired} more is expired and must be written off" if expired else ""
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
        takes.append(Take(batch.batch_id, part, batch.expires_on))
        left -= part
    return takes


def issue(
    batches: list[Batch], *, issue_no: str, quantity: Decimal, today: date
) -> tuple[list[tuple[Batch, Take]], StockIssued]:
    """An issue to the kitchen: each batch after its take, and the recorded event.

    `batches` are one canteen's batches of one item and unit.
    """
    takes = allocate(batches, quantity, today=today)
    by_id = {b.batch_id: b for b in batches}
    after = [(apply_take(by_id[t.batch_id], t.quantity), t) for t in takes]
    first = batches[0]
    event = StockIssued(
        canteen_id=first.canteen_id,
        issue_no=issue_no,
        item=first.item,
        unit=first.unit,
        quantity=str(quantity),
        parts=tuple(
            IssuedPart(
                batch_id=t.batch_id, quantity=str(t.quantity), expires_on=t.expires_on.isoformat()
            )
            for t in takes
        ),
    )
    return after, event


def write_off(batch: Batch, quantity: Decimal, *, reason: str) -> tuple[Batch, StockWrittenOff]:
    """Goods off the books (报损): never more than the batch holds."""
    after = apply_take(batch, quantity)
    event = StockWrittenOff(
        canteen_id=batch.canteen_id,
        batch_id=batch.batch_id,
        item=batch.item,
        unit=batch.unit,
        quantity=str(quantity),
        reason=reason,
    )
    return after, event


def apply_take(batch: Batch, quantity: Decimal) -> Batch:
    """The batch after `quantity` left it; never below zero."""
    if quantity <= 0:
        raise Invalid("a quantity leaving stock must be positive")
    if quantity > batch.on_hand:
        raise Conflict(
            f"batch {batch.batch_id} holds {batch.on_hand} {batch.unit}, not {quantity}",
            on_hand=str(batch.on_hand),
        )
    return replace(batch, on_hand=batch.on_hand - quantity)


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


def warn(batch: Batch, *, today: date) -> tuple[Batch, StockExpiring]:
    """Mark a batch warned (so it is told once) and record the event."""
    event = StockExpiring(
        canteen_id=batch.canteen_id,
        item=batch.item,
        batch_id=batch.batch_id,
        expires_on=batch.expires_on.isoformat(),
        quantity_on_hand=str(batch.on_hand),
        unit=batch.unit,
        expired=batch.expires_on < today,
    )
    return replace(batch, expiry_warned_on=today), event
