"""Receiving inspection (验收 / 进货查验): supplier qualification and the line-by-line verdict.

Every delivery is checked line by line before it enters the store room. A line is refused for
three-nos goods (三无: no producer name and address, no production date, or no quality
certificate), spoiled goods (腐烂变质), expired goods or goods whose remaining shelf life is
below the canteen's minimum (临期), a positive pesticide-residue rapid test (农残速测: enzyme
inhibition rate of 50 % or more), or a supplier whose licences (索证) are missing or expired.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from services.canteen.events import DeliveryReceived, DeliveryRejected, ReceivedLine
from shared.envelope import EventData
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


class DocumentKind(StrEnum):
    """Supplier documents kept on file (索证索票)."""

    BUSINESS_LICENCE = "business_licence"  # 营业执照
    FOOD_BUSINESS_LICENCE = "food_business_licence"  # 食品经营许可证
    FOOD_PRODUCTION_LICENCE = "food_production_licence"  # 食品生产许可证
    TEST_REPORT = "test_report"  # 检验报告
    OTHER = "other"


FOOD_LICENCES = frozenset(
    {DocumentKind.FOOD_BUSINESS_LICENCE, DocumentKind.FOOD_PRODUCTION_LICENCE}
)


@dataclass(frozen=True)
class SupplierDocument:
    """A licence or certificate; `expires_on` None means valid without limit (长期)."""

    kind: DocumentKind
    number: str
    expires_on: date | None = None

    def valid_on(self, day: date) -> bool:
        """True when the document has not expired on `day` (it is valid through its last day)."""
        return self.expires_on is None or self.expires_on >= day


@dataclass(frozen=True)
class Supplier:
    """A food supplier and its documents."""

    supplier_id: str
    name: str
    documents: tuple[SupplierDocument, ...] = ()
    suspended: bool = False


def qualification_problems(supplier: Supplier, on: date) -> list[str]:
    """Why a supplier may not deliver on `on`; empty when qualified.

    A qualified supplier holds a business licence and a food production or business licence,
    each valid on the day, and is not suspended.
    """
    problems: list[str] = []
    if supplier.suspended:
        problems.append("supplier is suspended")
    licences = [d for d in supplier.documents if d.kind == DocumentKind.BUSINESS_LICENCE]
    food = [d for d in supplier.documents if d.kind in FOOD_LICENCES]
    for label, docs in (("business licence", licences), ("food licence", food)):
        if not docs:
            problems.append(f"no {label} on file")
        elif not any(d.valid_on(on) for d in docs):
            last = max(d.expires_on for d in docs if d.expires_on is not None)
            problems.append(f"{label} expired on {last.isoformat()}")
    return problems


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


@dataclass(frozen=True)
class Receipt:
    """The outcome of a whole delivery, and the events it records."""

    verdicts: tuple[Verdict, ...]
    events: tuple[EventData, ...]


def batch_id_of(delivery_id: str, line_no: int) -> str:
    """The stock batch an accepted line becomes."""
    return f"{delivery_id}-{line_no}"


def receive(
    *,
    delivery_id: str,
    canteen_id: str,
    supplier: Supplier,
    delivery_note_no: str,
    received_on: date,
    lines: list[Line],
    min_remaining_days: int,
) -> Receipt:
    """Inspect every line: accepted lines become batches, each refused line is an event."""
    if not lines:
        raise Invalid("a delivery has at least one line")
    if len({line.line_no for line in lines}) != len(lines):
        raise Invalid("line numbers must be unique within a delivery")
    gaps = [problem for line in lines for problem in entry_problems(line, received_on=received_on)]
    if gaps:
        raise Invalid("the inspection record is incomplete", problems=gaps)
    problems = qualification_problems(supplier, received_on)
    verdicts: list[Verdict] = []
    events: list[EventData] = []
    for line in lines:
        reasons = inspect_line(
            line,
            received_on=received_on,
            min_remaining_days=min_remaining_days,
            supplier_problems=problems,
        )
        batch = None if reasons else batch_id_of(delivery_id, line.line_no)
        verdicts.append(Verdict(line, tuple(reasons), batch))
        if reasons:
            events.append(
                DeliveryRejected(
                    delivery_id=delivery_id,
                    canteen_id=canteen_id,
                    supplier_id=supplier.supplier_id,
                    line_no=line.line_no,
                    item=line.item,
                    quantity=str(line.quantity),
                    unit=line.unit,
                    reason="; ".join(r.text for r in reasons),
                    reason_codes=tuple(r.code for r in reasons),
                )
            )
    accepted = [v for v in verdicts if v.accepted]
    if accepted:
        received = DeliveryReceived(
            delivery_id=delivery_id,
            canteen_id=canteen_id,
            supplier_id=supplier.supplier_id,
            delivery_note_no=delivery_note_no,
            received_on=received_on.isoformat(),
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
        events.insert(0, received)
    return Receipt(tuple(verdicts), tuple(events))


def _known(day: date | None) -> date:
    # An accepted line has a production date, and entry_problems then demands a known expiry.
    if day is None:
        raise ValueError("an accepted line must have a known expiry date")
    return day
