"""Loans (借还) and reservations (预约) of assets."""

from __future__ import annotations

from services.assets.events.base import registry
from shared.envelope import EventData

_LOAN = {
    "loan_id": "loan-6b1f0c2d9e83",
    "asset_id": "ast-3f9c1a7b2e40",
    "tag": "ZC-B01-0002",
    "building_id": "B01",
    "borrower_id": "u-teacher-1",
    "due_on": "2025-03-17",
}


class LoanFacts(EventData):
    """What every loan event says: which loan, which asset, who, until when."""

    loan_id: str
    asset_id: str
    tag: str
    building_id: str
    borrower_id: str
    due_on: str


@registry.register("assets.loan.offered.v1", example={**_LOAN, "reservation_id": None})
class LoanOffered(LoanFacts):
    """A manager lent an asset (借); it starts when the borrower acknowledges."""

    reservation_id: str | None = None


@registry.register("assets.loan.cancelled.v1", example={**_LOAN, "reason": "借用人未到 no-show"})
class LoanCancelled(LoanFacts):
    """A loan the borrower had not acknowledged was withdrawn."""

    reason: str | None = None


@registry.register("assets.loan.started.v1", example=_LOAN)
class LoanStarted(LoanFacts):
    """The borrower acknowledged the loan: the asset is on loan until it is returned."""


@registry.register(
    "assets.loan.returned.v1",
    example={**_LOAN, "condition": "damaged", "days_late": 2, "damage_id": "dmg-5a7e09b3c812"},
)
class LoanReturned(LoanFacts):
    """The asset came back (还); a damaged return also publishes assets.asset.damaged.v1."""

    condition: str
    days_late: int
    damage_id: str | None = None


@registry.register("assets.loan.overdue.v1", example={**_LOAN, "days_overdue": 8, "period": 2})
class LoanOverdue(LoanFacts):
    """A loan is past its due day: once per overdue period (`period` counts them from 1)."""

    days_overdue: int
    period: int


_RESERVATION = {
    "reservation_id": "rsv-0d6c2a9f41b7",
    "asset_id": "ast-3f9c1a7b2e40",
    "tag": "ZC-B01-0002",
    "building_id": "B01",
    "person_id": "u-teacher-1",
    "starts_on": "2025-04-07",
    "ends_on": "2025-04-09",
}


class ReservationFacts(EventData):
    """What every reservation event says."""

    reservation_id: str
    asset_id: str
    tag: str
    building_id: str
    person_id: str
    starts_on: str
    ends_on: str


@registry.register("assets.reservation.made.v1", example=_RESERVATION)
class ReservationMade(ReservationFacts):
    """An asset was reserved for future days (no other booking overlaps)."""


@registry.register("assets.reservation.cancelled.v1", example={**_RESERVATION, "reason": None})
class ReservationCancelled(ReservationFacts):
    """A reservation was cancelled before it was collected."""

    reason: str | None = None


@registry.register(
    "assets.reservation.collected.v1", example={**_RESERVATION, "loan_id": "loan-6b1f0c2d9e83"}
)
class ReservationCollected(ReservationFacts):
    """A reservation was collected: it became a loan (the borrower then acknowledges)."""

    loan_id: str
