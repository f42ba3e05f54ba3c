"""What every use case needs besides its unit of work: settings, SLA policy, clock, photo dir;
and who may see and do what (requester: own; technician: assignments; dispatcher: campus)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from services.maintenance.domain.sla import SlaPolicy
from services.maintenance.domain.tickets import Ticket
from services.maintenance.settings import MaintenanceSettings
from shared.auth import GLOBAL_SCOPE_ROLES, Principal, Role
from shared.clock import Clock
from shared.errors import Forbidden, NotFound


@dataclass(frozen=True)
class Context:
    """Service-wide dependencies of the handlers (the store comes with each unit of work)."""

    settings: MaintenanceSettings
    policy: SlaPolicy
    clock: Clock
    photo_dir: Path
    secret: bytes

    @classmethod
    def from_settings(cls, settings: MaintenanceSettings, clock: Clock) -> Context:
        """Build the context once, in the composition root."""
        return cls(
            settings=settings,
            policy=settings.sla_policy(),
            clock=clock,
            photo_dir=settings.resolved_photo_dir(),
            secret=settings.qr_secret.get_secret_value().encode(),
        )

    def now(self) -> datetime:
        """The current time on the injected clock."""
        return self.clock()


def is_global(principal: Principal) -> bool:
    """Logistics administrators, auditors and ops see every campus."""
    return principal.has_role(*GLOBAL_SCOPE_ROLES)


def dispatches(principal: Principal, campus_id: str) -> bool:
    """True when the principal dispatches (or administers) this campus."""
    if principal.has_role(Role.LOGISTICS_ADMIN):
        return True
    return principal.has_role(Role.DISPATCHER) and principal.in_scope("campus", campus_id)


def can_see(principal: Principal, ticket: Ticket | dict[str, Any]) -> bool:
    """Requester: own requests; technician: own assignments; dispatcher: their campus."""
    if isinstance(ticket, Ticket):
        campus, requester = ticket.campus_id, ticket.requester_id
        assignee = ticket.assignment.assignee_id if ticket.assignment else None
    else:
        campus, requester = ticket["campus_id"], ticket.get("requester_id")
        assignee = ticket.get("assignee_id")
    if is_global(principal):
        return True
    if principal.has_role(Role.DISPATCHER) and principal.in_scope("campus", campus):
        return True
    if principal.has_role(Role.TECHNICIAN) and assignee == principal.user_id:
        return True
    return principal.has_role(Role.REQUESTER) and requester == principal.user_id


def require_visible(principal: Principal, ticket: Ticket | None, ticket_id: str) -> Ticket:
    """The ticket if the principal may see it; 404 otherwise (existence is not revealed)."""
    if ticket is None or not can_see(principal, ticket):
        raise NotFound(f"no ticket {ticket_id}")
    return ticket


def require_dispatcher(principal: Principal, campus_id: str) -> None:
    """403 unless the principal dispatches this campus."""
    if not dispatches(principal, campus_id):
        raise Forbidden(f"only a dispatcher of campus {campus_id} may do this")


def require_worker(principal: Principal, ticket: Ticket) -> None:
    """403 unless the principal carries the order or dispatches its campus."""
    assignee = ticket.assignment.assignee_id if ticket.assignment else None
    if assignee == principal.user_id and principal.has_role(Role.TECHNICIAN):
        return
    if dispatches(principal, ticket.campus_id):
        return
    raise Forbidden("only the assignee or a dispatcher of the campus may do this")


def require_requester(principal: Principal, ticket: Ticket) -> None:
    """403 unless the principal filed the request."""
    if ticket.requester_id is None or ticket.requester_id != principal.user_id:
        raise Forbidden("only the requester may rate, close or reopen a request")


def list_scope(principal: Principal) -> dict[str, Any]:
    """The store filter limiting a list to what the principal may see (broadest role wins)."""
    if is_global(principal):
        return {}
    if principal.has_role(Role.DISPATCHER):
        campuses = sorted(principal.scopes.get("campus", frozenset()))
        if len(campuses) == 1:
            return {"campus_id": campuses[0]}
        return {"campus_id": {"$in": campuses}}
    if principal.has_role(Role.TECHNICIAN):
        return {"assignee_id": principal.user_id}
    if principal.has_role(Role.REQUESTER):
        return {"requester_id": principal.user_id}
    raise Forbidden("no role that may list work orders")
