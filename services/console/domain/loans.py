"""Loans and reservations as the console shows them: the words for their codes, a refusal of
overlapping days in plain words, how late a loan is, what a card offers.

The assets service decides everything (who may lend, whether days overlap, what a damage
costs); these only arrange its answers for a person on a phone or at a desk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.console.domain.vocabulary import N_
from shared.auth import Principal, Role

LOAN_STATUS = {
    "offered": N_("Waiting for the borrower's signature"),
    "open": N_("On loan"),
    "returned": N_("Returned"),
    "cancelled": N_("Withdrawn"),
}
RESERVATION_STATUS = {
    "active": N_("Reserved"),
    "collected": N_("Collected"),
    "cancelled": N_("Cancelled"),
}
CONDITION = {"good": N_("In good condition"), "damaged": N_("Damaged")}
MANAGERS = (Role.ASSET_MANAGER, Role.LOGISTICS_ADMIN)
READERS = (*MANAGERS, Role.AUDITOR)


def manages(principal: Principal) -> bool:
    """Whether the person may lend, take back and hand over (in their buildings)."""
    return principal.has_role(*MANAGERS)


def reads_register(principal: Principal) -> bool:
    """Whether the person may see the loans and reservations of buildings."""
    return principal.has_role(*READERS)


def days_overdue(loan: Mapping[str, Any], today: date) -> int:
    """Days past the due day of an open loan (0 when on time or no longer open)."""
    if loan.get("status") != "open":
        return 0
    return max(0, (today - date.fromisoformat(loan["due_on"])).days)


def overdue_first(loans: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """Loans with the most overdue first, the others in the service's order (newest first)."""
    return sorted(loans, key=lambda loan: -days_overdue(loan, today))


def collectable(reservation: Mapping[str, Any], today: date) -> bool:
    """An active reservation can be handed over from its first day through its last."""
    if reservation.get("status") != "active":
        return False
    starts, ends = (date.fromisoformat(reservation[k]) for k in ("starts_on", "ends_on"))
    return starts <= today <= ends


@dataclass(frozen=True)
class Overlap:
    """The booking that holds the days asked for (from a 409 problem of the assets service)."""

    kind: str
    booking_id: str
    person_id: str
    starts_on: str
    ends_on: str

    @classmethod
    def of(cls, problem: Mapping[str, Any]) -> Overlap | None:
        """The other booking a refusal names, or None when the refusal is about something else."""
        if not problem.get("conflicting_id"):
            return None
        return cls(
            kind=str(problem.get("conflicting_kind", "")),
            booking_id=str(problem["conflicting_id"]),
            person_id=str(problem.get("conflicting_person_id", "")),
            starts_on=str(problem.get("conflicting_starts_on", "")),
            ends_on=str(problem.get("conflicting_ends_on", "")),
        )

    def message(self) -> str:
        """The message id saying which booking holds the days (`words` fills it)."""
        if self.kind == "loan":
            return N_(
                "These days overlap loan %(id)s: %(person)s has it from %(start)s, due back on "
                "%(end)s (until it is returned). Choose other days."
            )
        return N_(
            "These days overlap reservation %(id)s of %(person)s, from %(start)s to %(end)s. "
            "Choose other days."
        )

    def words(self, people: Mapping[str, str]) -> dict[str, str]:
        """The message's parameters, the person by name where the console knows them."""
        return {
            "id": self.booking_id,
            "person": people.get(self.person_id, self.person_id),
            "start": self.starts_on,
            "end": self.ends_on,
        }
