"""Reservations for future days and the asset's booking calendar that refuses overlaps.

Each asset has one calendar holding its active reservations and loans as day ranges
(inclusive). A new reservation or loan that overlaps any of them is refused with a `Conflict`
naming the other booking; an open loan occupies its asset until it is returned, even past its
due day. The calendar is one document written with a version check, so two people booking
the same days at the same moment cannot both succeed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from services.assets import events as ev
from shared.aggregate import Aggregate
from shared.errors import Conflict, Invalid


@dataclass(frozen=True)
class Booking:
    """A range of days an asset is promised: to a reservation or a loan."""

    kind: str  # "reservation" | "loan"
    id: str
    person_id: str
    starts_on: date
    ends_on: date

    def occupied_until(self, today: date) -> date:
        """A loan holds its asset until it comes back, even when overdue."""
        return max(self.ends_on, today) if self.kind == "loan" else self.ends_on


@dataclass
class Calendar:
    """The bookings of one asset."""

    asset_id: str
    bookings: list[Booking] = field(default_factory=list)
    version: int | None = None

    def conflict(self, starts_on: date, ends_on: date, today: date) -> Booking | None:
        """The first booking overlapping [starts_on, ends_on], or None."""
        for b in sorted(self.bookings, key=lambda b: (b.starts_on, b.id)):
            if starts_on <= b.occupied_until(today) and b.starts_on <= ends_on:
                return b
        return None

    def book(self, booking: Booking, *, tag: str, today: date) -> None:
        """Add a booking; Conflict naming the overlapping one (its id, kind, person, days)."""
        other = self.conflict(booking.starts_on, booking.ends_on, today)
        if other is not None:
            raise Conflict(
                f"asset {tag} is booked from {other.starts_on} to {other.ends_on} by "
                f"{other.person_id} ({other.kind} {other.id})",
                conflicting_kind=other.kind,
                conflicting_id=other.id,
                conflicting_person_id=other.person_id,
                conflicting_starts_on=other.starts_on.isoformat(),
                conflicting_ends_on=other.ends_on.isoformat(),
            )
        self.bookings = [b for b in self.bookings if b.kind == "loan" or b.ends_on >= today]
        self.bookings.append(booking)

    def release(self, booking_id: str) -> None:
        """Drop a booking (returned, cancelled, collected); unknown ids change nothing."""
        self.bookings = [b for b in self.bookings if b.id != booking_id]


class ReservationStatus(StrEnum):
    """A reservation's life: active until collected or cancelled."""

    ACTIVE = "active"
    COLLECTED = "collected"
    CANCELLED = "cancelled"


@dataclass
class Reservation(Aggregate):
    """Days an asset is promised to a person (预约)."""

    id: str
    asset_id: str
    tag: str
    building_id: str
    person_id: str
    starts_on: date
    ends_on: date
    purpose: str | None
    made_at: datetime
    made_by: str | None
    status: ReservationStatus = ReservationStatus.ACTIVE
    loan_id: str | None = None
    cancel_reason: str | None = None
    version: int | None = None

    @classmethod
    def make(
        cls, *, calendar: Calendar, today: date, max_days: int, **facts: object
    ) -> Reservation:
        """Reserve for future days; refused when another booking overlaps them."""
        r = cls(**facts)  # type: ignore[arg-type]
        if r.starts_on < today:
            raise Invalid("starts_on is in the past", field="starts_on")
        if r.ends_on < r.starts_on:
            raise Invalid("ends_on is before starts_on", field="ends_on")
        if (r.ends_on - r.starts_on).days + 1 > max_days:
            raise Invalid(f"a reservation is at most {max_days} days", field="ends_on")
        booking = Booking("reservation", r.id, r.person_id, r.starts_on, r.ends_on)
        calendar.book(booking, tag=r.tag, today=today)
        r.record(ev.ReservationMade(**r._facts()))
        return r

    def _facts(self) -> dict[str, str]:
        return {
            "reservation_id": self.id,
            "asset_id": self.asset_id,
            "tag": self.tag,
            "building_id": self.building_id,
            "person_id": self.person_id,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
        }

    def _require_active(self, action: str) -> None:
        if self.status is not ReservationStatus.ACTIVE:
            raise Conflict(f"cannot {action} reservation {self.id}: it is {self.status.value}")

    def cancel(self, *, calendar: Calendar, reason: str | None) -> None:
        """Give the days back."""
        self._require_active("cancel")
        self.status, self.cancel_reason = ReservationStatus.CANCELLED, reason
        calendar.release(self.id)
        self.record(ev.ReservationCancelled(**self._facts(), reason=reason))

    def collect(self, *, calendar: Calendar, loan_id: str, today: date) -> None:
        """The person came for it: the reservation's days pass to the loan it becomes."""
        self._require_active("collect")
        if today < self.starts_on:
            raise Conflict(f"reservation {self.id} starts on {self.starts_on}, not before")
        if today > self.ends_on:
            raise Conflict(f"reservation {self.id} ended on {self.ends_on}")
        self.status, self.loan_id = ReservationStatus.COLLECTED, loan_id
        calendar.release(self.id)
        self.record(ev.ReservationCollected(**self._facts(), loan_id=loan_id))
