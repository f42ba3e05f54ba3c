"""Create / Update inputs of the canteen API (extra fields refused) and Read outputs."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from services.canteen.domain.canteens import Canteen
from services.canteen.domain.equipment import Fault
from services.canteen.domain.suppliers import DocumentKind, Standing, SupplierDocument
from shared.api import ID_PATTERN
from shared.clock import iso
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
