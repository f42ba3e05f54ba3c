"""Suppliers and their documents on file (索证索票), and whether one may deliver on a day.

A supplier serves one or more canteens (`canteens`); that list says whose managers may change
its record (see `access.require_supplier_keeper`). Its licences have expiry dates: a supplier
whose business licence or food licence has lapsed, or who is suspended, is unqualified, and
every line it delivers is refused at receiving.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from services.canteen.events import SupplierDocumentData, SupplierUpdated
from shared.aggregate import Aggregate


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
#: The fields a PUT sets; a change to any of them is told in `canteen.supplier.updated.v1`.
EDITABLE = ("name", "contact", "documents", "suspended", "canteens")


@dataclass(frozen=True)
class SupplierDocument:
    """A licence or certificate; `expires_on` None means valid without limit (长期)."""

    kind: DocumentKind
    number: str
    expires_on: date | None = None

    def valid_on(self, day: date) -> bool:
        """True when the document has not expired on `day` (it is valid through its last day)."""
        return self.expires_on is None or self.expires_on >= day


@dataclass
class Supplier(Aggregate):
    """A food supplier, its documents and the canteens it serves."""

    supplier_id: str
    name: str
    documents: tuple[SupplierDocument, ...] = ()
    suspended: bool = False
    contact: str | None = None
    canteens: tuple[str, ...] = ()
    updated_at: datetime | None = None
    version: int | None = None

    @property
    def new(self) -> bool:
        """True when it was not read from the store: this use case creates it."""
        return self.version is None

    @classmethod
    def register(
        cls,
        supplier_id: str,
        *,
        name: str,
        contact: str | None,
        documents: tuple[SupplierDocument, ...],
        suspended: bool,
        canteens: tuple[str, ...],
        at: datetime,
    ) -> Supplier:
        """A new supplier; records `canteen.supplier.updated.v1` with `created`."""
        supplier = cls(
            supplier_id,
            name,
            documents,
            suspended,
            contact,
            tuple(sorted(set(canteens))),
            updated_at=at,
        )
        supplier._told(EDITABLE, created=True)
        return supplier

    def revise(
        self,
        *,
        name: str,
        contact: str | None,
        documents: tuple[SupplierDocument, ...],
        suspended: bool,
        canteens: tuple[str, ...],
        at: datetime,
    ) -> bool:
        """Replace the record; records what changed, nothing (and False) if nothing did."""
        values = {
            "name": name,
            "contact": contact,
            "documents": documents,
            "suspended": suspended,
            "canteens": tuple(sorted(set(canteens))),
        }
        changed = tuple(k for k in EDITABLE if getattr(self, k) != values[k])
        if not changed:
            return False
        for key in changed:
            setattr(self, key, values[key])
        self.updated_at = at
        self._told(changed, created=False)
        return True

    def _told(self, changed: tuple[str, ...], *, created: bool) -> None:
        self.record(
            SupplierUpdated(
                supplier_id=self.supplier_id,
                name=self.name,
                contact=self.contact,
                suspended=self.suspended,
                canteens=self.canteens,
                documents=tuple(
                    SupplierDocumentData(
                        kind=d.kind.value,
                        number=d.number,
                        expires_on=d.expires_on.isoformat() if d.expires_on else None,
                    )
                    for d in self.documents
                ),
                created=created,
                changed=changed,
            )
        )


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


def expiry_warnings(supplier: Supplier, on: date, lead_days: int) -> list[str]:
    """Documents still valid on `on` whose last day is within `lead_days`: renew them."""
    warnings = []
    for d in sorted(supplier.documents, key=lambda d: (d.expires_on or date.max, d.number)):
        if d.expires_on is not None and 0 <= (d.expires_on - on).days <= lead_days:
            left = (d.expires_on - on).days
            warnings.append(
                f"{d.kind.value} {d.number} expires on {d.expires_on.isoformat()} "
                f"(in {left} day{'s' if left != 1 else ''})"
            )
    return warnings


@dataclass(frozen=True)
class Standing:
    """A supplier as of one day: whether it may deliver, why not, and what expires soon."""

    supplier: Supplier
    on: date
    problems: tuple[str, ...]
    warnings: tuple[str, ...] = ()

    @property
    def qualified(self) -> bool:
        """True when nothing stands against the supplier on the day."""
        return not self.problems


def standing(supplier: Supplier, on: date, lead_days: int = 30) -> Standing:
    """The supplier's standing on `on`, with warnings `lead_days` ahead of an expiry."""
    return Standing(
        supplier,
        on,
        tuple(qualification_problems(supplier, on)),
        tuple(expiry_warnings(supplier, on, lead_days)),
    )
