"""Receiving inspection (验收 / 进货查验): the line-by-line verdict on a delivery.

Every delivery is checked line by line before it enters the store room. A line is refused for
three-nos goods (三无: no producer name and address, no production date, or no quality
certificate), spoiled goods (腐烂变质), expired goods or goods whose remaining shelf life is
below the canteen's minimum (临期), a positive pesticide-residue rapid test (农残速测: enzyme
inhibition rate of 50 % or more), or a supplier whose licences (索证) are missing or expired
(`suppliers.qualification_problems`). The accepted lines become stock batches (`stock.Batch`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from services.canteen.domain.stock import Batch
from services.canteen.domain.suppliers import Supplier, qualification_problems
from services.canteen.events import DeliveryReceived, DeliveryRejected, ReceivedLine
from shared.aggregate import Aggregate
from shared.errors import Invalid

#: A rapid-test inhibition rate at or above this is positive (GB/T 5009.199).
PESTICIDE_POSITIVE_PERCENT = Decimal(50)


class Category(StrEnum):
    """Kinds of goods; vegetables and fruit need a pesticide rapid test at receiving."""

    VEGETABLE = "vegetable"
    FRUIT = "fruit"
    MEAT = "meat"
    AQUATIC = "aquatic"
    EGG = "egg"
    DAIRY = "dairy"
    GRAIN = "grain"
    OIL = "oil"
    SEASONING = "seasoning"
    DRY_GOODS = "dry_goods"
    FROZEN = "frozen"
    OTHER = "other"


PESTICIDE_TESTED = frozenset({Category.VEGETABLE, Category.FRUIT})


@dataclass(frozen=True)
class Line:
    """One delivery line as the inspector recorded it."""

    line_no: int
    item: str
    category: Category
    quantity: Decimal
    unit: str
    producer: str | None
    production_date: date | None
    quality_certificate: str | None
    spoiled: bool = False
    shelf_life_days: int | None = None
    expires_on: date | None = None
    pesticide_inhibition_rate: Decimal | None = None
    #: Yuan per unit, from the delivery note or invoice (成本核算 costs the issues by it).
    unit_price: Decimal | None = None

    def expiry(self) -> date | None:
        """The printed expiry, else production date plus shelf life; None when unknown."""
        if self.expires_on is not None:
            return self.expires_on
        if self.production_date is not None and self.shelf_life_days is not None:
            return self.production_date + timedelta(days=self.shelf_life_days)
        return None


@dataclass(frozen=True)
class Reason:
    """Why a line was refused: a stable code and a readable text."""

    code: str
    text: str


def inspect_line(
    line: Line, *, received_on: date, min_remaining_days: int, supplier_problems: list[str]
) -> list[Reason]:
    """Every reason to refuse the line; an empty list accepts it."""
    reasons: list[Reason] = []
    if supplier_problems:
        reasons.append(
            Reason("supplier_unqualified", "unqualified supplier: " + "; ".join(supplier_problems))
        )
    if not line.producer:
        reasons.append(Reason("no_producer", "three-nos goods (三无): no producer name/address"))
    if line.production_date is None:
        reasons.append(Reason("no_production_date", "three-nos goods (三无): no production date"))
    if not line.quality_certificate:
        reasons.append(
            Reason("no_quality_certificate", "three-nos goods (三无): no quality certificate")
        )
    if line.spoiled:
        reasons.append(Reason("spoiled", "spoiled (腐烂变质)"))
    expiry = line.expiry()
    if expiry is not None and expiry < received_on:
        reasons.append(Reason("expired", f"expired on {expiry.isoformat()}"))
    elif expiry is not None and (expiry - received_on).days < min_remaining_days:
        left = (expiry - received_on).days
        reasons.append(
            Reason(
                "near_expiry",
                f"{left} day(s) of shelf life left, the minimum is {min_remaining_days}",
            )
        )
    rate = line.pesticide_inhibition_rate
    if rate is not None and rate >= PESTICIDE_POSITIVE_PERCENT:
        reasons.append(
            Reason(
                "pesticide_positive",
                f"pesticide residue rapid test positive: inhibition {rate} % >= 50 %",
            )
        )
    return reasons


def entry_problems(line: Line, *, received_on: date) -> list[str]:
    """Gaps in what the inspector recorded (not findings about the goods): refused as input."""
    problems: list[str] = []
    if line.production_date is not None and line.production_date > received_on:
        problems.append(f"line {line.line_no}: production_date is after the receiving day")
    if line.category in PESTICIDE_TESTED and line.pesticide_inhibition_rate is None:
        problems.append(
            f"line {line.line_no}: pesticide rapid test result required for {line.category}"
        )
    if line.production_date is not None and line.expiry() is None:
        problems.append(f"line {line.line_no}: give expires_on or shelf_life_days")
    if line.production_date is not None and line.expires_on is not None:
        if line.expires_on < line.production_date:
            problems.append(f"line {line.line_no}: expires_on is before production_date")
    return problems


@dataclass(frozen=True)
class Verdict:
    """The outcome of one line."""

    line: Line
    reasons: tuple[Reason, ...]
    batch_id: str | None

    @property
    def accepted(self) -> bool:
        """True when nothing was found against the line."""
        return not self.reasons


def batch_id_of(delivery_id: str, line_no: int) -> str:
    """The stock batch an accepted line becomes."""
    return f"{delivery_id}-{line_no}"


@dataclass
class Delivery(Aggregate):
    """A delivery as inspected: each line's verdict, and the batches accepted lines became."""

    delivery_id: str
    canteen_id: str
    supplier_id: str
    supplier_name: str
    #: Why the supplier was unqualified on the day (every line is then refused).
    supplier_problems: tuple[str, ...]
    delivery_note_no: str
    received_on: date
    received_at: datetime
    inspector_id: str | None
    verdicts: tuple[Verdict, ...]
    version: int | None = None
    #: New batches of the accepted lines (staged with the delivery; not part of its document).
    batches: tuple[Batch, ...] = field(default=(), repr=False, compare=False)

    @property
    def accepted_lines(self) -> int:
        """How many lines entered the store room."""
        return sum(1 for v in self.verdicts if v.accepted)

    @property
    def rejected_lines(self) -> int:
        """How many lines went back on the truck."""
        return len(self.verdicts) - self.accepted_lines

    @classmethod
    def receive(
        cls,
        *,
        delivery_id: str,
        canteen_id: str,
        supplier: Supplier,
        delivery_note_no: str,
        received_on: date,
        lines: list[Line],
        min_remaining_days: int,
        at: datetime,
        by: str | None,
    ) -> Delivery:
        """Inspect every line: accepted lines become batches, each refused line is an event."""
        if not lines:
            raise Invalid("a delivery has at least one line", field="lines")
        if len({line.line_no for line in lines}) != len(lines):
            raise Invalid("line numbers must be unique within a delivery", field="lines")
        gaps = [p for line in lines for p in entry_problems(line, received_on=received_on)]
        if gaps:
            raise Invalid("the inspection record is incomplete", problems=gaps)
        problems = qualification_problems(supplier, received_on)
        verdicts: list[Verdict] = []
        for line in lines:
            reasons = inspect_line(
                line,
                received_on=received_on,
                min_remaining_days=min_remaining_days,
                supplier_problems=problems,
            )
            batch = None if reasons else batch_id_of(delivery_id, line.line_no)
            verdicts.append(Verdict(line, tuple(reasons), batch))
        delivery = cls(
            delivery_id=delivery_id,
            canteen_id=canteen_id,
            supplier_id=supplier.supplier_id,
            supplier_name=supplier.name,
            supplier_problems=tuple(problems),
            delivery_note_no=delivery_note_no,
            received_on=received_on,
            received_at=at,
            inspector_id=by,
            verdicts=tuple(verdicts),
        )
        delivery.batches = tuple(delivery._enter(v) for v in verdicts if v.accepted)
        delivery._tell()
        return delivery

    def _enter(self, verdict: Verdict) -> Batch:
        """The batch an accepted line becomes, with its receipt (入库) on the ledger."""
        line = verdict.line
        assert verdict.batch_id is not None  # accepted lines only
        batch = Batch(
            batch_id=verdict.batch_id,
            canteen_id=self.canteen_id,
            item=line.item,
            unit=line.unit,
            on_hand=line.quantity,
            expires_on=_known(line.expiry()),
            received_on=self.received_on,
            category=line.category.value,
            supplier_id=self.supplier_id,
            delivery_id=self.delivery_id,
            line_no=line.line_no,
            quantity_received=line.quantity,
            unit_price=line.unit_price,
        )
        batch.receive(at=self.received_at, by=self.inspector_id)
        return batch

    def _tell(self) -> None:
        """One `received` event for the accepted lines, then one `rejected` per refused line."""
        accepted = [v for v in self.verdicts if v.accepted]
        if accepted:
            self.record(
                DeliveryReceived(
                    delivery_id=self.delivery_id,
                    canteen_id=self.canteen_id,
                    supplier_id=self.supplier_id,
                    delivery_note_no=self.delivery_note_no,
                    received_on=self.received_on.isoformat(),
                    lines=tuple(
                        ReceivedLine(
                            line_no=v.line.line_no,
                            item=v.line.item,
                            category=v.line.category.value,
                            quantity=str(v.line.quantity),
                            unit=v.line.unit,
                            batch_id=v.batch_id or "",
                            expires_on=_known(v.line.expiry()).isoformat(),
                        )
                        for v in accepted
                    ),
                )
            )
        for v in self.verdicts:
            if not v.accepted:
                self.record(
                    DeliveryRejected(
                        delivery_id=self.delivery_id,
                        canteen_id=self.canteen_id,
                        supplier_id=self.supplier_id,
                        line_no=v.line.line_no,
                        item=v.line.item,
                        quantity=str(v.line.quantity),
                        unit=v.line.unit,
                        reason="; ".join(r.text for r in v.reasons),
                        reason_codes=tuple(r.code for r in v.reasons),
                    )
                )


def _known(day: date | None) -> date:
    # An accepted line has a production date, and entry_problems then demands a known expiry.
    if day is None:
        raise ValueError("an accepted line must have a known expiry date")
    return day
