"""Who may see and do what in maintenance. Pure: built on `shared.access`, called by handlers.

A requester sees and rates their own requests; a technician sees and works their assignments;
a dispatcher (scope `campus`) sees and dispatches their campus; logistics administrators act
everywhere, auditors and ops see everything. A ticket the caller may not see is a 404 (its
existence is not revealed); a role or scope the caller lacks for a thing it sees is a 403.
"""

from __future__ import annotations

from typing import Any

from services.maintenance.domain.qr import QrClaim, QrCode, check_follow_up_key
from services.maintenance.domain.reports import ALL_CAMPUSES
from services.maintenance.domain.ticket_rows import TicketRow
from services.maintenance.domain.tickets import Ticket
from shared.access import is_global, require_role, scope_filter, scope_values
from shared.auth import Principal, Role
from shared.errors import Forbidden, Invalid, NotFound

#: Who files requests (web for all of them; phone calls and priorities: dispatchers only).
FILERS = (Role.REQUESTER, Role.DISPATCHER, Role.TECHNICIAN, Role.LOGISTICS_ADMIN)
DISPATCHERS = (Role.DISPATCHER, Role.LOGISTICS_ADMIN)
#: Who works orders and walks patrols.
WORKERS = (Role.TECHNICIAN, Role.DISPATCHER, Role.LOGISTICS_ADMIN)
REPORT_READERS = (Role.DISPATCHER, Role.LOGISTICS_ADMIN, Role.AUDITOR, Role.OPS)
#: A work order, whole or as a list row: the rules read its campus, requester and assignee.
Order = Ticket | TicketRow


def require_filer(who: Principal) -> None:
    """403 unless the principal may file requests at all."""
    require_role(who, *FILERS)


def require_dispatch_role(who: Principal) -> None:
    """403 unless the principal is a dispatcher or a logistics administrator (any campus)."""
    require_role(who, *DISPATCHERS)


def require_work_role(who: Principal) -> None:
    """403 unless the principal may work orders or walk patrols (any campus)."""
    require_role(who, *WORKERS)


def dispatches(who: Principal, campus_id: str) -> bool:
    """True when the principal dispatches (or administers) this campus."""
    if who.has_role(Role.LOGISTICS_ADMIN):
        return True
    return who.has_role(Role.DISPATCHER) and who.in_scope("campus", campus_id)


def require_dispatcher(who: Principal, campus_id: str) -> None:
    """403 unless the principal dispatches this campus."""
    if not dispatches(who, campus_id):
        raise Forbidden(f"only a dispatcher of campus {campus_id} may do this")


def can_see(who: Principal, ticket: Order) -> bool:
    """Requester: own requests; technician: own assignments; dispatcher: their campus."""
    if is_global(who):
        return True
    if who.has_role(Role.DISPATCHER) and who.in_scope("campus", ticket.campus_id):
        return True
    if who.has_role(Role.TECHNICIAN) and ticket.assignee_id == who.user_id:
        return True
    return who.has_role(Role.REQUESTER) and ticket.requester_id == who.user_id


def require_visible(who: Principal, ticket: Ticket | None, ticket_id: str) -> Ticket:
    """The ticket if the principal may see it; 404 otherwise (existence is not revealed)."""
    if ticket is None or not can_see(who, ticket):
        raise NotFound(f"no ticket {ticket_id}")
    return ticket


def is_staff(who: Principal, ticket: Order) -> bool:
    """Staff (dispatcher of the campus, assignee, global roles) see contact details."""
    return (
        is_global(who)
        or dispatches(who, ticket.campus_id)
        or (who.has_role(Role.TECHNICIAN) and ticket.assignee_id == who.user_id)
    )


def require_worker(who: Principal, ticket: Ticket) -> None:
    """403 unless the principal carries the order or dispatches its campus."""
    if ticket.assignee_id == who.user_id and who.has_role(Role.TECHNICIAN):
        return
    if dispatches(who, ticket.campus_id):
        return
    raise Forbidden("only the assignee or a dispatcher of the campus may do this")


def require_photographer(who: Principal, ticket: Ticket) -> None:
    """403 unless the principal filed the request, carries it, or dispatches its campus.

    Auditors and ops see every order but change none, so seeing is not enough to attach.
    """
    if ticket.requester_id is not None and ticket.requester_id == who.user_id:
        return
    require_worker(who, ticket)


def require_requester(who: Principal, ticket: Ticket) -> None:
    """403 unless the principal filed the request."""
    if ticket.requester_id is None or ticket.requester_id != who.user_id:
        raise Forbidden("only the requester may rate, close or reopen a request")


def list_scope(who: Principal) -> dict[str, Any]:
    """The store filter limiting a list to what the principal may see (broadest role wins)."""
    if is_global(who):
        return {}
    if who.has_role(Role.DISPATCHER):
        return scope_filter(who, "campus", "campus_id")
    if who.has_role(Role.TECHNICIAN):
        return {"assignee_id": who.user_id}
    if who.has_role(Role.REQUESTER):
        return {"requester_id": who.user_id}
    raise Forbidden("no role that may list work orders")


def narrow(wanted: dict[str, Any], scope: dict[str, Any]) -> dict[str, Any] | None:
    """The caller's filter limited to its scope; None when the two cannot overlap."""
    merged = dict(wanted)
    for name, allowed in scope.items():
        given = merged.get(name)
        if given is None:
            merged[name] = allowed
        elif isinstance(allowed, dict):
            if given not in allowed["$in"]:
                return None
        elif given != allowed:
            return None
    return merged


def require_patroller(who: Principal, campus_id: str) -> None:
    """403 unless a technician, or a dispatcher of the campus (patrols and device incidents)."""
    if not (who.has_role(Role.TECHNICIAN) or dispatches(who, campus_id)):
        raise Forbidden("only technicians and the campus's dispatchers record patrols")


def report_campus(who: Principal, campus_id: str | None) -> str:
    """The campus a report is about: the one named (in scope), the caller's only campus, or
    every campus for global roles."""
    require_role(who, *REPORT_READERS)
    if campus_id is not None:
        if not who.in_scope("campus", campus_id):
            raise Forbidden(f"campus {campus_id} is not in your scope")
        return campus_id
    campuses = scope_values(who, "campus")
    if campuses is None:
        return ALL_CAMPUSES
    if len(campuses) != 1:
        raise Invalid("name the campus_id to report on", field="campus_id")
    return campuses[0]


def require_usable_code(code: QrCode | None, claim: QrClaim) -> QrCode:
    """The code a verified token names, if it still accepts requests; 403 otherwise."""
    if code is None or not code.names(claim):
        raise Forbidden("this QR code is not valid")
    if code.revoked_at is not None:
        raise Forbidden("this QR code has been withdrawn; please report by phone or web")
    return code


def require_follow_up(secret: bytes, ticket: Ticket | None, ticket_id: str, key: str) -> Ticket:
    """The ticket a follow-up key opens; 404 for a wrong key (existence is not revealed)."""
    if ticket is None or not check_follow_up_key(secret, ticket_id, key):
        raise NotFound(f"no request {ticket_id}")
    return ticket
