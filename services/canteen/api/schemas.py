"""Create / Update / Read schemas of the canteen API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from services.canteen.domain.receiving import Category, DocumentKind, Line

_ID = r"^[A-Za-z0-9._:-]+$"
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=_ID)]
Text = Annotated[str, Field(min_length=1, max_length=200)]
Quantity = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=3)]


class Strict(BaseModel):
    """Request bodies refuse unknown fields (a misspelt finding is not dropped) and trim text."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CanteenUpdate(Strict):
    """A canteen as PUT by a logistics administrator."""

    name: Text
    campus_id: Id
    building_id: Id
    min_remaining_shelf_life_days: int | None = Field(
        default=None, ge=0, le=3650, description="refuse lines with less shelf life left"
    )


class CanteenRead(BaseModel):
    """A registered canteen."""

    canteen_id: str
    name: str
    campus_id: str
    building_id: str
    min_remaining_shelf_life_days: int | None
    updated_at: str


class DocumentIn(Strict):
    """A supplier's licence or certificate; no `expires_on` means valid without limit (长期)."""

    kind: DocumentKind
    number: Annotated[str, Field(min_length=1, max_length=100)]
    expires_on: date | None = None


class SupplierUpdate(Strict):
    """A supplier as PUT: the whole record, created or replaced."""

    name: Text
    contact: Annotated[str, Field(max_length=200)] | None = None
    documents: list[DocumentIn] = Field(default_factory=list, max_length=30)
    suspended: bool = False


class SupplierRead(BaseModel):
    """A supplier, with whether it may deliver today and why not."""

    supplier_id: str
    name: str
    contact: str | None
    documents: list[dict[str, Any]]
    suspended: bool
    updated_at: str
    qualified_today: bool
    problems: list[str]


class LineIn(Strict):
    """One delivery line as the inspector records it at receiving (验收)."""

    line_no: int = Field(ge=1, le=500)
    item: Text
    category: Category
    quantity: Quantity
    unit: Annotated[str, Field(min_length=1, max_length=20)]
    producer: Annotated[str, Field(max_length=300)] | None = Field(
        default=None, description="producer name and address; missing = three-nos goods"
    )
    production_date: date | None = None
    quality_certificate: Annotated[str, Field(max_length=200)] | None = Field(
        default=None, description="certificate or test report number; missing = three-nos goods"
    )
    spoiled: bool = Field(default=False, description="inspector found it spoiled (腐烂变质)")
    shelf_life_days: int | None = Field(default=None, ge=0, le=3650)
    expires_on: date | None = None
    pesticide_inhibition_rate: Decimal | None = Field(
        default=None,
        ge=0,
        le=100,
        max_digits=5,
        decimal_places=2,
        description="农残速测 enzyme inhibition rate in %; required for vegetables and fruit",
    )

    def to_line(self) -> Line:
        """The domain line."""
        return Line(**self.model_dump())


class DeliveryCreate(Strict):
    """A delivery and its line-by-line inspection."""

    supplier_id: Id
    delivery_note_no: Id = Field(description="the supplier's delivery note (送货单) number")
    lines: list[LineIn] = Field(min_length=1, max_length=200)


class LineRead(BaseModel):
    """An inspected line and its verdict."""

    line_no: int
    item: str
    category: str
    quantity: str
    unit: str
    producer: str | None
    production_date: str | None
    quality_certificate: str | None
    spoiled: bool
    shelf_life_days: int | None
    expires_on: str | None
    pesticide_inhibition_rate: str | None
    status: str
    reason_codes: list[str]
    reasons: list[str]
    batch_id: str | None


class DeliveryRead(BaseModel):
    """A received delivery."""

    delivery_id: str
    canteen_id: str
    supplier_id: str
    supplier_name: str
    supplier_problems: list[str]
    delivery_note_no: str
    received_on: str
    received_at: str
    inspector_id: str | None
    lines: list[LineRead]
    accepted_lines: int
    rejected_lines: int


class DeliveriesPage(BaseModel):
    """Deliveries, newest first."""

    items: list[DeliveryRead]
    next_cursor: str | None


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
    status: str


class StockLine(BaseModel):
    """The balance of one item: usable stock and expired stock awaiting write-off."""

    item: str
    unit: str
    on_hand: str
    usable: str
    expired: str
    batches: list[BatchRead]


class IssueCreate(Strict):
    """A requisition (领料单) from the kitchen."""

    issue_no: Id
    item: Text
    unit: Annotated[str, Field(min_length=1, max_length=20)]
    quantity: Quantity
    purpose: Annotated[str, Field(max_length=200)] | None = None


class IssueRead(BaseModel):
    """An issued requisition and the batches it took, first expiring first."""

    issue_no: str
    canteen_id: str
    item: str
    unit: str
    quantity: str
    purpose: str | None
    takes: list[dict[str, str]]
    issued_by: str | None
    issued_at: str


class WriteOffCreate(Strict):
    """Goods taken off the books (报损)."""

    quantity: Quantity
    reason: Annotated[str, Field(min_length=1, max_length=500)]


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


class LedgerPage(BaseModel):
    """Ledger entries, newest first."""

    items: list[LedgerEntry]
    next_cursor: str | None


class FaultCreate(Strict):
    """Kitchen equipment out of order."""

    equipment_tag: Id
    description: Annotated[str, Field(min_length=1, max_length=2000)]


class FaultRead(BaseModel):
    """A reported equipment fault."""

    fault_id: str
    canteen_id: str
    building_id: str
    equipment_tag: str
    description: str
    reported_by: str | None
    reported_at: str


class ScanResult(BaseModel):
    """Batches the expiry scan warned about (each is warned once)."""

    warned: list[BatchRead]
