"""Create / Update inputs of the canteen API (extra fields refused) and Read outputs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from services.canteen.domain.canteens import Canteen
from services.canteen.domain.equipment import Fault
from services.canteen.domain.issues import Issue
from services.canteen.domain.receiving import Category, Delivery, Line, Verdict
from services.canteen.domain.retention import kept_until
from services.canteen.domain.stock import Balance, Batch, Movement
from services.canteen.domain.suppliers import DocumentKind, Standing, SupplierDocument
from shared.api import ID_PATTERN
from shared.clock import iso
from shared.store import Paged
from shared.types import Day, line, text

Id = Annotated[str, Field(min_length=1, max_length=64, pattern=ID_PATTERN)]
Quantity = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=3)]
Unit = line(20)
R = TypeVar("R", bound=BaseModel)


def plain(value: Any) -> Any:
    """A domain value as the API writes it: decimals and days as strings, times in UTC."""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


def read_of(model: type[R], obj: object, **given: Any) -> R:
    """A Read model from the same-named attributes of a domain object, and `given` others."""
    fields = {k: plain(getattr(obj, k)) for k in model.model_fields if k not in given}
    return model(**fields, **given)


class In(BaseModel):
    """Request bodies refuse unknown fields (a misspelt finding is not dropped) and trim text."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CanteenUpdate(In):
    """A canteen as PUT by a logistics administrator."""

    name: line(200)
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

    @classmethod
    def of(cls, c: Canteen) -> CanteenRead:
        """The canteen as the API shows it."""
        return read_of(cls, c)


class DocumentIn(In):
    """A supplier's licence or certificate; no `expires_on` means valid without limit (长期)."""

    kind: DocumentKind
    number: line(100)
    expires_on: Day | None = None

    def to_document(self) -> SupplierDocument:
        """The domain document."""
        return SupplierDocument(self.kind, self.number, self.expires_on)


class SupplierUpdate(In):
    """A supplier as PUT: the whole record, created or replaced."""

    name: line(200)
    contact: line(200, min_length=0) | None = None
    documents: list[DocumentIn] = Field(default_factory=list, max_length=30)
    suspended: bool = False
    canteens: list[Id] | None = Field(
        default=None,
        max_length=100,
        description="canteens it serves; omitted: unchanged (a new one: the manager's own)",
    )


class DocumentRead(BaseModel):
    """A document on file."""

    kind: str
    number: str
    expires_on: str | None


class SupplierRead(BaseModel):
    """A supplier, with whether it may deliver today and why not."""

    supplier_id: str
    name: str
    contact: str | None
    documents: list[DocumentRead]
    suspended: bool
    canteens: list[str]
    updated_at: str
    qualified_today: bool
    problems: list[str]
    warnings: list[str] = Field(description="licences expiring within the warning days")

    @classmethod
    def of(cls, standing: Standing) -> SupplierRead:
        """The supplier and its standing today."""
        return read_of(
            cls,
            standing.supplier,
            documents=[read_of(DocumentRead, d) for d in standing.supplier.documents],
            qualified_today=standing.qualified,
            problems=list(standing.problems),
            warnings=list(standing.warnings),
        )


class LineIn(In):
    """One delivery line as the inspector records it at receiving (验收)."""

    line_no: int = Field(ge=1, le=500)
    item: line(200)
    category: Category
    quantity: Quantity
    unit: Unit
    producer: line(300, min_length=0) | None = Field(
        default=None, description="producer name and address; missing = three-nos goods"
    )
    production_date: Day | None = None
    quality_certificate: line(200, min_length=0) | None = Field(
        default=None, description="certificate or test report number; missing = three-nos goods"
    )
    spoiled: bool = Field(default=False, description="inspector found it spoiled (腐烂变质)")
    shelf_life_days: int | None = Field(default=None, ge=0, le=3650)
    expires_on: Day | None = None
    pesticide_inhibition_rate: Decimal | None = Field(
        default=None,
        ge=0,
        le=100,
        max_digits=5,
        decimal_places=2,
        description="农残速测 enzyme inhibition rate in %; required for vegetables and fruit",
    )
    unit_price: Decimal | None = Field(
        default=None,
        ge=0,
        le=100000,
        max_digits=10,
        decimal_places=4,
        description="yuan per unit (送货单 / invoice); costs the issues (成本核算)",
    )

    def to_line(self) -> Line:
        """The domain line."""
        return Line(**self.model_dump())


class DeliveryCreate(In):
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
    unit_price: str | None = None
    status: str
    reason_codes: list[str]
    reasons: list[str]
    batch_id: str | None

    @classmethod
    def of(cls, v: Verdict) -> LineRead:
        """A line and what the inspection found."""
        return read_of(
            cls,
            v.line,
            expires_on=plain(v.line.expiry()),
            status="accepted" if v.accepted else "rejected",
            reason_codes=[r.code for r in v.reasons],
            reasons=[r.text for r in v.reasons],
            batch_id=v.batch_id,
        )


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
    kept_until: str = Field(
        description="the record may be deleted from this day (食品安全法 第50条)"
    )

    @classmethod
    def of(cls, d: Delivery) -> DeliveryRead:
        """The delivery and its inspection record."""
        return read_of(
            cls, d, lines=[LineRead.of(v) for v in d.verdicts], kept_until=kept_until(d).isoformat()
        )


class DeliveriesPage(BaseModel):
    """Deliveries, newest first."""

    items: list[DeliveryRead]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Paged[Delivery]) -> DeliveriesPage:
        """One page of deliveries."""
        return cls(items=[DeliveryRead.of(d) for d in page.items], next_cursor=page.next_cursor)


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


class FaultCreate(In):
    """Kitchen equipment out of order."""

    equipment_tag: Id
    description: text(2000)


class FaultRead(BaseModel):
    """A reported equipment fault."""

    fault_id: str
    canteen_id: str
    building_id: str
    equipment_tag: str
    description: str
    reported_by: str | None
    reported_at: str

    @classmethod
    def of(cls, f: Fault) -> FaultRead:
        """The fault as reported."""
        return read_of(cls, f)


class ScanResult(BaseModel):
    """Batches the expiry scan warned about (each is warned once)."""

    warned: list[BatchRead]

    @classmethod
    def of(cls, batches: list[Batch]) -> ScanResult:
        """The warned batches."""
        return cls(warned=[BatchRead.of(b) for b in batches])
