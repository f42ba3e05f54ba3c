"""Create / Read schemas of food handlers, rosters, morning checks (晨检) and licences."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from services.canteen.api.schemas import Id
from services.canteen.domain.licences import Licence, Stage
from services.canteen.domain.morning_checks import MorningCheck, Symptom
from services.canteen.domain.roster import Roster, Shift
from services.canteen.domain.staff import HealthCertificate, Position, StaffMember, barriers
from shared.api import Input
from shared.clock import iso
from shared.types import Day, line

BodyCelsius = Annotated[Decimal, Field(ge=34, le=43, max_digits=4, decimal_places=1)]


class CertificateIn(Input):
    """A health certificate (健康证明): yearly."""

    number: line(50)
    issued_on: Day
    expires_on: Day

    def to_certificate(self) -> HealthCertificate:
        """The domain certificate."""
        return HealthCertificate(self.number, self.issued_on, self.expires_on)


class StaffUpdate(Input):
    """A food handler as PUT by a manager: the whole record."""

    name: line(100)
    position: Position
    active: bool = True
    certificate: CertificateIn | None = None


class CertificateRead(BaseModel):
    """A health certificate on file."""

    number: str
    issued_on: str
    expires_on: str


class StaffRead(BaseModel):
    """A food handler, and whether they may handle food today (before the morning check)."""

    staff_id: str
    canteen_id: str
    name: str
    position: str
    active: bool
    certificate: CertificateRead | None
    cleared_today: bool
    reasons: list[str]
    reason_codes: list[str]
    updated_at: str

    @classmethod
    def of(cls, m: StaffMember, today: date) -> StaffRead:
        """The food handler as the API shows them."""
        c = m.certificate
        found = barriers(m, today)
        return cls(
            staff_id=m.staff_id,
            canteen_id=m.canteen_id,
            name=m.name,
            position=m.position.value,
            active=m.active,
            certificate=CertificateRead(
                number=c.number,
                issued_on=c.issued_on.isoformat(),
                expires_on=c.expires_on.isoformat(),
            )
            if c
            else None,
            cleared_today=not found,
            reasons=[reason for _, reason in found],
            reason_codes=[code for code, _ in found],
            updated_at=iso(m.updated_at),
        )


class ShiftIn(Input):
    """A shift: when it starts (campus time) and who works it."""

    shift_id: Id
    name: line(50)
    starts_at: time = Field(description="campus time, HH:MM")
    staff_ids: list[Id] = Field(default_factory=list, max_length=200)

    def to_shift(self) -> Shift:
        """The domain shift."""
        start = self.starts_at.replace(tzinfo=None, microsecond=0)
        return Shift(self.shift_id, self.name, start, tuple(dict.fromkeys(self.staff_ids)))


class RosterUpdate(Input):
    """A day's roster: every shift."""

    shifts: list[ShiftIn] = Field(max_length=20)


class ShiftRead(BaseModel):
    """A shift of the roster."""

    shift_id: str
    name: str
    starts_at: str
    staff_ids: list[str]
    missing_told: bool


class RosterRead(BaseModel):
    """A canteen's roster of one day."""

    canteen_id: str
    day: str
    shifts: list[ShiftRead]
    updated_at: str
    updated_by: str

    @classmethod
    def of(cls, r: Roster) -> RosterRead:
        """The roster as the API shows it."""
        return cls(
            canteen_id=r.canteen_id,
            day=r.day.isoformat(),
            shifts=[
                ShiftRead(
                    shift_id=s.shift_id,
                    name=s.name,
                    starts_at=s.starts_at.strftime("%H:%M"),
                    staff_ids=list(s.staff_ids),
                    missing_told=s.missing_told,
                )
                for s in r.shifts
            ],
            updated_at=iso(r.updated_at),
            updated_by=r.updated_by,
        )


class CheckCreate(Input):
    """A morning check: body temperature and what was found."""

    staff_id: Id
    temperature_c: BodyCelsius
    symptoms: list[Symptom] = Field(default_factory=list, max_length=len(Symptom))
    note: line(300) | None = None


class CheckRead(BaseModel):
    """A morning check and its verdict."""

    staff_id: str
    staff_name: str
    day: str
    temperature_c: str
    symptoms: list[str]
    reasons: list[str]
    passed: bool
    note: str | None
    checked_by: str
    checked_at: str

    @classmethod
    def of(cls, c: MorningCheck) -> CheckRead:
        """The check as the API shows it."""
        return cls(
            staff_id=c.staff_id,
            staff_name=c.staff_name,
            day=c.day.isoformat(),
            temperature_c=str(c.temperature_c),
            symptoms=[s.value for s in c.symptoms],
            reasons=list(c.reasons),
            passed=c.passed,
            note=c.note,
            checked_by=c.checked_by,
            checked_at=iso(c.checked_at),
        )


class LicenceRead(BaseModel):
    """A dated licence or certificate a canteen depends on."""

    holder_kind: str
    holder_id: str
    holder_name: str
    document_kind: str
    number: str
    expires_on: str
    days_left: int
    stage: str | None = Field(description="expiring, expired, or null when far from expiry")

    @classmethod
    def of(cls, lic: Licence, stage: Stage | None, today: date) -> LicenceRead:
        """The licence and where it stands today."""
        return cls(
            holder_kind=lic.holder_kind,
            holder_id=lic.holder_id,
            holder_name=lic.holder_name,
            document_kind=lic.document_kind,
            number=lic.number,
            expires_on=lic.expires_on.isoformat(),
            days_left=lic.days_left(today),
            stage=stage.value if stage else None,
        )
