"""Inputs and outputs of loans and reservations (the register's are in `schemas.py`)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.assets.api.record_schemas import DamageRead
from services.assets.api.schemas import Id, Reason
from services.assets.domain.damages import Damage
from services.assets.domain.loans import Condition, Loan
from services.assets.domain.reservations import Reservation
from shared.api import Input
from shared.clock import iso
from shared.types import Day


class LoanCreate(Input):
    """Lend an asset (借): to whom, until when."""

    asset_id: Id
    borrower_id: Id
    due_on: Day
    purpose: Reason | None = None


class ReturnCreate(Input):
    """The condition check at return (还)."""

    condition: Condition
    note: Reason | None = Field(default=None, description="what was found; needed when damaged")
    deliberate: bool = Field(default=False, description="deliberate damage is paid double")


class CancelCreate(Input):
    """Why a loan or reservation is withdrawn."""

    reason: Reason | None = None


class LoanRead(BaseModel):
    """A loan."""

    loan_id: str
    asset_id: str
    tag: str
    building_id: str
    borrower_id: str
    due_on: str
    status: str
    overdue: bool
    offered_at: str
    offered_by: str | None
    purpose: str | None
    reservation_id: str | None
    started_at: str | None
    returned_at: str | None
    condition: str | None
    damage_id: str | None
    overdue_periods_announced: int

    @classmethod
    def of(cls, loan: Loan, *, today) -> LoanRead:
        """A loan as the API shows it (overdue as of `today`)."""
        return cls(
            loan_id=loan.id,
            asset_id=loan.asset_id,
            tag=loan.tag,
            building_id=loan.building_id,
            borrower_id=loan.borrower_id,
            due_on=loan.due_on.isoformat(),
            status=loan.status.value,
            overdue=loan.overdue_period_on(today, 1) > 0,
            offered_at=iso(loan.offered_at),
            offered_by=loan.offered_by,
            purpose=loan.purpose,
            reservation_id=loan.reservation_id,
            started_at=iso(loan.started_at) if loan.started_at else None,
            returned_at=iso(loan.returned_at) if loan.returned_at else None,
            condition=loan.condition.value if loan.condition else None,
            damage_id=loan.damage_id,
            overdue_periods_announced=loan.overdue_period,
        )


class LoansPage(BaseModel):
    """Loans, newest first."""

    items: list[LoanRead]
    next_cursor: str | None


class ReturnRead(BaseModel):
    """A returned loan, and the damage report when it came back damaged."""

    loan: LoanRead
    damage: DamageRead | None

    @classmethod
    def of(cls, loan: Loan, damage: Damage | None, *, today) -> ReturnRead:
        """The outcome of a return."""
        return cls(
            loan=LoanRead.of(loan, today=today),
            damage=DamageRead.of(damage) if damage else None,
        )


class ReservationCreate(Input):
    """Reserve an asset for days (inclusive); for someone else only as their manager."""

    asset_id: Id
    starts_on: Day
    ends_on: Day
    person_id: Id | None = Field(default=None, description="defaults to the caller")
    purpose: Reason | None = None


class ReservationRead(BaseModel):
    """A reservation."""

    reservation_id: str
    asset_id: str
    tag: str
    building_id: str
    person_id: str
    starts_on: str
    ends_on: str
    purpose: str | None
    status: str
    loan_id: str | None
    made_at: str
    made_by: str | None

    @classmethod
    def of(cls, r: Reservation) -> ReservationRead:
        """A reservation as the API shows it."""
        return cls(
            reservation_id=r.id,
            asset_id=r.asset_id,
            tag=r.tag,
            building_id=r.building_id,
            person_id=r.person_id,
            starts_on=r.starts_on.isoformat(),
            ends_on=r.ends_on.isoformat(),
            purpose=r.purpose,
            status=r.status.value,
            loan_id=r.loan_id,
            made_at=iso(r.made_at),
            made_by=r.made_by,
        )


class ReservationsPage(BaseModel):
    """Reservations by first day."""

    items: list[ReservationRead]
    next_cursor: str | None


class CollectedRead(BaseModel):
    """A collected reservation and the loan it became."""

    reservation: ReservationRead
    loan: LoanRead
