"""Schemas of receiving inspection (验收): delivery lines, their verdicts, deliveries."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id, In, Quantity, Unit, plain, read_of
from services.canteen.domain.receiving import Category, Delivery, Line, Verdict
from services.canteen.domain.retention import kept_until
from shared.store import Paged
from shared.types import Day, line


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
