"""Loans (借还制度): lent with a due day, started by the borrower's acknowledgement, returned
with a condition check; a damaged return starts the damage flow (compensation at book value,
doubled when deliberate) with the borrower as the person responsible.

offered → open (acknowledge) → returned; offered → cancelled. An open loan is overdue from the
day after its due day; overdue periods are `period_days` long, numbered from 1, and each is
announced once (`assets.loan.overdue.v1`): the period last announced is stored on the loan and
the announcement is keyed by (loan, period) in the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from services.assets import events as ev
from services.assets.domain.assets import Asset
from services.assets.domain.reservations import Booking, Calendar
from shared.aggregate import Aggregate
from shared.errors import Conflict, Invalid


class LoanStatus(StrEnum):
    """A loan's life."""

    OFFERED = "offered"
    OPEN = "open"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class Condition(StrEnum):
    """What the check at return found."""

    GOOD = "good"
    DAMAGED = "damaged"


@dataclass
class Loan(Aggregate):
    """One asset lent to one person until a due day."""

    id: str
    asset_id: str
    tag: str
    building_id: str
    borrower_id: str
    due_on: date
    offered_on: date
    offered_at: datetime
    offered_by: str | None
    purpose: str | None = None
    reservation_id: str | None = None
    status: LoanStatus = LoanStatus.OFFERED
    started_at: datetime | None = None
    returned_at: datetime | None = None
    returned_by: str | None = None
    condition: Condition | None = None
    return_note: str | None = None
    damage_id: str | None = None
    #: The last overdue period announced (0: none yet).
    overdue_period: int = 0
    cancel_reason: str | None = None
    version: int | None = None

    @classmethod
    def offer(cls, *, asset: Asset, calendar: Calendar, max_days: int, **facts: object) -> Loan:
        """Lend an asset in use until a due day; refused when a booking overlaps the days."""
        loan = cls(asset_id=asset.id, tag=asset.tag, building_id=asset.building_id, **facts)  # type: ignore[arg-type]
        asset.require("lend")
        if loan.due_on < loan.offered_on:
            raise Invalid("due_on is in the past", field="due_on")
        if (loan.due_on - loan.offered_on).days > max_days:
            raise Invalid(f"a loan is at most {max_days} days", field="due_on")
        booking = Booking("loan", loan.id, loan.borrower_id, loan.offered_on, loan.due_on)
        calendar.book(booking, tag=asset.tag, today=loan.offered_on)
        loan.record(ev.LoanOffered(**loan._facts(), reservation_id=loan.reservation_id))
        return loan

    def _facts(self) -> dict[str, str]:
        return {
            "loan_id": self.id,
            "asset_id": self.asset_id,
            "tag": self.tag,
            "building_id": self.building_id,
            "borrower_id": self.borrower_id,
            "due_on": self.due_on.isoformat(),
        }

    def _require(self, status: LoanStatus, action: str) -> None:
        if self.status is not status:
            raise Conflict(
                f"cannot {action} loan {self.id}: it is {self.status.value}",
                loan_status=self.status.value,
            )

    def acknowledge(self, asset: Asset, *, at: datetime) -> None:
        """The borrower signs: the asset is on loan from now."""
        self._require(LoanStatus.OFFERED, "acknowledge")
        asset.lend()
        self.status, self.started_at = LoanStatus.OPEN, at
        self.record(ev.LoanStarted(**self._facts()))

    def cancel(self, calendar: Calendar, *, reason: str | None) -> None:
        """Withdraw a loan the borrower has not acknowledged."""
        self._require(LoanStatus.OFFERED, "cancel")
        self.status, self.cancel_reason = LoanStatus.CANCELLED, reason
        calendar.release(self.id)
        self.record(ev.LoanCancelled(**self._facts(), reason=reason))

    def take_back(
        self,
        asset: Asset,
        calendar: Calendar,
        *,
        condition: Condition,
        note: str | None,
        damage_id: str | None,
        today: date,
        at: datetime,
        by: str | None,
    ) -> int:
        """Returned; the days late (0 when on time). The caller reports a damage itself."""
        self._require(LoanStatus.OPEN, "return")
        if (condition is Condition.DAMAGED) != (damage_id is not None):
            raise ValueError("a damaged return names its damage report, a good one none")
        asset.take_back()
        late = max(0, (today - self.due_on).days)
        self.status, self.returned_at, self.returned_by = LoanStatus.RETURNED, at, by
        self.condition, self.return_note, self.damage_id = condition, note, damage_id
        calendar.release(self.id)
        self.record(
            ev.LoanReturned(
                **self._facts(), condition=condition.value, days_late=late, damage_id=damage_id
            )
        )
        return late

    def overdue_period_on(self, today: date, period_days: int) -> int:
        """Which overdue period `today` falls in (0: not overdue)."""
        if self.status is not LoanStatus.OPEN or today <= self.due_on:
            return 0
        # Day 1 … period_days overdue is period 1, the next period_days days period 2, …
        return ((today - self.due_on).days - 1) // period_days + 1

    def next_reminder_on(self, period_days: int) -> date | None:
        """The first day of the next period to announce (None when the loan is not open)."""
        if self.status is not LoanStatus.OPEN:
            return None
        return self.due_on + timedelta(days=1 + self.overdue_period * period_days)

    def remind(self, *, today: date, period_days: int) -> bool:
        """Announce the current overdue period once; False when it was announced already."""
        period = self.overdue_period_on(today, period_days)
        if period <= self.overdue_period:
            return False
        self.overdue_period = period
        self.record(
            ev.LoanOverdue(**self._facts(), days_overdue=(today - self.due_on).days, period=period)
        )
        return True
