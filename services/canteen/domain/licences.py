"""Licence and certificate warnings: supplier licences (索证) and staff health certificates.

A supplier's licences and a food handler's health certificate have expiry dates; an expired
one stops deliveries (`suppliers.qualification_problems`) or food handling (`staff.clearance`).
So the canteen's manager is told ahead: `lead_days` (30 by default) before the last valid day,
`canteen.licence.expiring.v1` once; the day after it, `canteen.licence.expired.v1` once. Each
notice has a natural key (holder, document, number, expiry, stage, canteen) kept in the store
with the event: a renewed document (a new number or date) is told afresh, a rerun tells nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from services.canteen.domain.staff import StaffMember
from services.canteen.domain.suppliers import Supplier
from services.canteen.events import LicenceExpired, LicenceExpiring
from shared.aggregate import Aggregate

#: Warn this many days before a licence's last valid day (configurable).
LEAD_DAYS = 30
HEALTH_CERTIFICATE = "health_certificate"


class Stage(StrEnum):
    """What a notice tells."""

    EXPIRING = "expiring"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Licence:
    """A dated document held by a supplier or a food handler, as one canteen sees it."""

    canteen_id: str
    holder_kind: str  # "supplier" or "staff"
    holder_id: str
    holder_name: str
    document_kind: str
    number: str
    expires_on: date

    def days_left(self, today: date) -> int:
        """Days until its last valid day: 0 on that day, negative once expired."""
        return (self.expires_on - today).days

    def stage(self, today: date, lead_days: int) -> Stage | None:
        """Expired after its last day; expiring within `lead_days` of it; else None."""
        left = self.days_left(today)
        if left < 0:
            return Stage.EXPIRED
        if left <= lead_days:
            return Stage.EXPIRING
        return None

    def notice_id(self, stage: Stage) -> str:
        """The natural key of the notice of `stage` about this document for this canteen."""
        return ":".join(
            (
                self.holder_kind,
                self.holder_id,
                self.document_kind,
                self.number,
                self.expires_on.isoformat(),
                stage.value,
                self.canteen_id,
            )
        )


def of_supplier(supplier: Supplier, canteen_id: str) -> list[Licence]:
    """The dated documents of a supplier serving `canteen_id` (undated ones never expire)."""
    return [
        Licence(
            canteen_id,
            "supplier",
            supplier.supplier_id,
            supplier.name,
            d.kind.value,
            d.number,
            d.expires_on,
        )
        for d in supplier.documents
        if d.expires_on is not None
    ]


def of_staff(member: StaffMember) -> list[Licence]:
    """A food handler's health certificate, if on file and the person is active."""
    cert = member.certificate
    if cert is None or not member.active:
        return []
    return [
        Licence(
            member.canteen_id,
            "staff",
            member.staff_id,
            member.name,
            HEALTH_CERTIFICATE,
            cert.number,
            cert.expires_on,
        )
    ]


@dataclass
class Notice(Aggregate):
    """A told warning; its id is the natural key, so it is written (and told) once."""

    notice_id: str
    licence: Licence
    stage: Stage
    told_on: date
    told_at: datetime

    @classmethod
    def tell(cls, licence: Licence, stage: Stage, *, today: date, at: datetime, lead_days: int):
        """The notice of `stage`, recording its event."""
        notice = cls(licence.notice_id(stage), licence, stage, today, at)
        common = {
            "notice_id": notice.notice_id,
            "canteen_id": licence.canteen_id,
            "holder_kind": licence.holder_kind,
            "holder_id": licence.holder_id,
            "holder_name": licence.holder_name,
            "document_kind": licence.document_kind,
            "number": licence.number,
            "expires_on": licence.expires_on.isoformat(),
        }
        if stage is Stage.EXPIRED:
            notice.record(LicenceExpired(**common))
        else:
            notice.record(
                LicenceExpiring(**common, days_left=licence.days_left(today), lead_days=lead_days)
            )
        return notice


def due(licences: list[Licence], *, today: date, lead_days: int) -> list[tuple[Licence, Stage]]:
    """Each licence with the stage it is in today (expiring or expired), soonest first.

    A licence that is already expired when first seen is told as expired only: a warning
    that it "will expire" would be false.
    """
    found = [(lic, lic.stage(today, lead_days)) for lic in licences]
    return sorted(
        ((lic, stage) for lic, stage in found if stage is not None),
        key=lambda pair: (pair[0].expires_on, pair[0].holder_id, pair[0].number),
    )
