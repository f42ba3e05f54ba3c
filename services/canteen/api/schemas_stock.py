"""Schemas of the stock ledger (台帐): batches, balances, issues, write-offs, the ledger."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id, In, Quantity, Unit, read_of
from services.canteen.domain.issues import Issue
from services.canteen.domain.stock import Balance, Batch, Movement
from shared.store import Paged
from shared.types import line


class BatchRead(BaseModel):
    """A stock batch."""

    batch_id: str
    canteen_id: str
    item: str
    unit: str
    category: str
    supplier_id: str
    delivery_id: str
    quantity_received: str
    on_hand: str
    expires_on: str
    received_on: str
    expiry_warned_on: str | None
    unit_price: str | None
    recalled_by: str | None
    status: str

    @classmethod
    def of(cls, b: Batch) -> BatchRead:
        """The batch as it stands."""
        return read_of(cls, b, status="in_stock" if b.on_hand > 0 else "empty")


class StockLine(BaseModel):
    """The balance of one item: usable stock and expired stock awaiting write-off."""

    item: str
    unit: str
    on_hand: str
    usable: str
    expired: str
    batches: list[BatchRead]

    @classmethod
    def of(cls, b: Balance) -> StockLine:
        """One item's balance."""
        return read_of(cls, b, batches=[BatchRead.of(x) for x in b.batches])


class IssueCreate(In):
    """A requisition (领料单) from the kitchen."""

    issue_no: Id
    item: line(200)
    unit: Unit
    quantity: Quantity
    purpose: line(200, min_length=0) | None = None
    meal_id: line(64) | None = Field(
        default=None, description="the meal it is for (2026-11-30.lunch)"
    )
    dish_id: Id | None = Field(default=None, description="the dish of the catalogue it is for")


class TakeRead(BaseModel):
    """The part of an issue taken from one batch."""

    batch_id: str
    quantity: str
    expires_on: str
    unit_price: str | None


class IssueRead(BaseModel):
    """An issued requisition and the batches it took, first expiring first."""

    issue_no: str
    canteen_id: str
    item: str
    unit: str
    quantity: str
    purpose: str | None
    takes: list[TakeRead]
    issued_by: str | None
    issued_at: str
    meal_id: str | None
    dish_id: str | None
    cost: str = Field(description="at the batches' unit prices (unknown prices count zero)")

    @classmethod
    def of(cls, i: Issue) -> IssueRead:
        """The requisition and what it took."""
        return read_of(cls, i, takes=[read_of(TakeRead, t) for t in i.takes], cost=f"{i.cost:.2f}")


class WriteOffCreate(In):
    """Goods taken off the books (报损)."""

    quantity: Quantity
    reason: line(500)


class LedgerEntry(BaseModel):
    """One stock movement."""

    entry_id: str
    canteen_id: str
    item: str
    unit: str
    batch_id: str
    kind: str
    quantity: str
    balance_after: str
    ref: str
    reason: str | None
    actor: str | None
    at: str

    @classmethod
    def of(cls, m: Movement) -> LedgerEntry:
        """A line of the ledger."""
        return read_of(cls, m)


class LedgerPage(BaseModel):
    """Ledger entries, newest first."""

    items: list[LedgerEntry]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Paged[Movement]) -> LedgerPage:
        """One page of the ledger."""
        return cls(items=[LedgerEntry.of(m) for m in page.items], next_cursor=page.next_cursor)


class ScanResult(BaseModel):
    """Batches the expiry scan warned about (each is warned once)."""

    warned: list[BatchRead]

    @classmethod
    def of(cls, batches: list[Batch]) -> ScanResult:
        """The warned batches."""
        return cls(warned=[BatchRead.of(b) for b in batches])
