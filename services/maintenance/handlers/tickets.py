"""Use cases of a work order: list and read; triage, assign, work, resolve, rate and close,
reopen; photos. (Opening one is `handlers/filing.py`.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from services.maintenance.domain import access
from services.maintenance.domain.ticket_rows import TicketRow
from services.maintenance.domain.tickets import Ticket
from services.maintenance.domain.vocabulary import Category, Priority, SlaState, Status
from services.maintenance.events import RequesterContactRead
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.handlers.dispatch import assignment_for
from services.maintenance.handlers.photos import read_photo, store_photos
from services.maintenance.repository import ticket_queries as queries
from services.maintenance.repository import tickets as repo
from services.maintenance.repository.common import Paged
from shared.auth import Principal
from shared.errors import Conflict, Invalid, NotFound
from shared.personal_data import record_read
from shared.uow import UnitOfWork

WORK_ACTIONS = ("start", "hold", "resume", "resolve")


@dataclass(frozen=True)
class PhotoFile:
    """A stored photo's bytes and their sniffed media type."""

    content_type: str
    data: bytes


def shown(who: Principal, ticket: Ticket) -> Ticket:
    """The ticket as this caller may see it: the contact only for staff."""
    return ticket if access.is_staff(who, ticket) else replace(ticket, contact=None)


def _shown_row(who: Principal, row: TicketRow) -> TicketRow:
    return row if access.is_staff(who, row) else replace(row, contact=None)


async def list_tickets(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    status: Sequence[Status] = (),
    sla: Sequence[SlaState] = (),
    filters: dict[str, str | None],
    sort: str,
    limit: int,
    cursor: str | None,
) -> Paged[TicketRow]:
    """Rows of the orders the caller sees: requesters their own, technicians their assignments,
    dispatchers their campus; `sla` keeps those at risk or breached now (one store filter)."""
    scope = access.list_scope(who)
    wanted: dict[str, Any] = {k: v for k, v in filters.items() if v is not None}
    if status:
        values = sorted({s.value for s in status})
        wanted["status"] = values[0] if len(values) == 1 else {"$in": values}
    wanted.update(queries.sla_filter(set(sla), ctx.now()))
    narrowed = access.narrow(wanted, scope)
    if narrowed is None:
        return Paged([])
    page = await queries.find_page(uow.store, narrowed, sort=sort, limit=limit, cursor=cursor)
    rows = [_shown_row(who, row) for row in page.items]
    await _log_contacts(uow, who, rows, "GET /tickets")
    return Paged(rows, page.next_cursor)


async def _visible(uow: UnitOfWork, who: Principal, ticket_id: str) -> Ticket:
    return access.require_visible(who, await repo.load(uow.store, ticket_id), ticket_id)


async def get_ticket(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, ticket_id: str
) -> Ticket:
    """A visible ticket with its history, or 404 (a contact shown to staff is logged)."""
    ticket = shown(who, await _visible(uow, who, ticket_id))
    await _log_contacts(uow, who, [ticket], "GET /tickets/{ticket_id}")
    return ticket


async def _log_contacts(
    uow: UnitOfWork, who: Principal, orders: Sequence[Ticket | TicketRow], route: str
) -> None:
    """Who read requesters' contact details (the access log); a requester's own is not."""
    subjects = [
        t.requester_id or f"ticket:{t.id}"
        for t in orders
        if t.contact is not None and t.requester_id != who.user_id
    ]
    await record_read(
        uow,
        RequesterContactRead,
        subject_kind="requester",
        subject_ids=subjects,
        fields={"contact"},
        route=route,
    )


async def _save(uow: UnitOfWork, ctx: MaintenanceContext, ticket: Ticket) -> Ticket:
    """Refresh the SLA clocks, stage the ticket and its events, commit."""
    ticket.refresh_sla(ctx.policy)
    repo.stage(uow, ticket)
    await uow.commit()
    return ticket


async def triage(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    ticket_id: str,
    *,
    priority: Priority | None,
    category: Category | None,
    note: str | None,
) -> Ticket:
    """A dispatcher confirms (or corrects) the trade and the priority."""
    access.require_dispatch_role(who)
    ticket = await _visible(uow, who, ticket_id)
    access.require_dispatcher(who, ticket.campus_id)
    ticket.triage(at=ctx.now(), by=who.user_id, priority=priority, category=category, note=note)
    return shown(who, await _save(uow, ctx, ticket))


async def assign(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    ticket_id: str,
    *,
    technician_id: str | None = None,
    team_id: str | None = None,
    contractor_id: str | None = None,
    reason: str | None = None,
) -> Ticket:
    """Assign or reassign: to whom the dispatcher names, or by warranty and rules."""
    access.require_dispatch_role(who)
    ticket = await _visible(uow, who, ticket_id)
    access.require_dispatcher(who, ticket.campus_id)
    assignment = await assignment_for(
        uow.store,
        ctx,
        ticket,
        technician_id=technician_id,
        team_id=team_id,
        contractor_id=contractor_id,
    )
    ticket.assign(assignment, at=ctx.now(), by=who.user_id, reason=reason)
    return shown(who, await _save(uow, ctx, ticket))


async def work(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    ticket_id: str,
    action: str,
    **fields: Any,
) -> Ticket:
    """The assignee (or a dispatcher on their behalf) starts, holds, resumes or resolves."""
    if action not in WORK_ACTIONS:
        raise ValueError(f"not a work action: {action}")
    access.require_work_role(who)
    ticket = await _visible(uow, who, ticket_id)
    access.require_worker(who, ticket)
    getattr(ticket, action)(at=ctx.now(), by=who.user_id, **fields)
    return shown(who, await _save(uow, ctx, ticket))


async def close_or_reopen(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    ticket: Ticket,
    *,
    by: str,
    rating: int | None = None,
    comment: str | None = None,
    reopen_reason: str | None = None,
) -> Ticket:
    """The requester closes with a rating, or reopens (the caller checked who they are)."""
    if reopen_reason is not None:
        ticket.reopen(at=ctx.now(), by=by, reason=reopen_reason)
    else:
        if rating is None:
            raise Invalid("a rating from 1 to 5 is needed to close", field="rating")
        ticket.close(at=ctx.now(), by=by, rating=rating, comment=comment)
    return await _save(uow, ctx, ticket)


async def requester_answer(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, ticket_id: str, **fields: Any
) -> Ticket:
    """Close or reopen as the signed-in requester."""
    ticket = await _visible(uow, who, ticket_id)
    access.require_requester(who, ticket)
    return shown(who, await close_or_reopen(uow, ctx, ticket, by=who.user_id, **fields))


async def add_photos(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    ticket_id: str,
    uploads: Sequence[bytes],
) -> Ticket:
    """Attach photos to an open ticket (the requester, the assignee or a dispatcher)."""
    ticket = await _visible(uow, who, ticket_id)
    access.require_photographer(who, ticket)
    if ticket.status is Status.CLOSED:
        raise Conflict(f"ticket {ticket_id} is closed")
    photos = await store_photos(
        ctx, uploads, already=len(ticket.photos), by=who.user_id, at=ctx.now()
    )
    ticket.add_photos(photos)
    repo.stage(uow, ticket)
    await uow.commit()
    return shown(who, ticket)


async def photo_of(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, ticket_id: str, photo_id: str
) -> PhotoFile:
    """One photo's bytes, if the principal may see its ticket."""
    ticket = await _visible(uow, who, ticket_id)
    photo = next((p for p in ticket.photos if p.id == photo_id), None)
    if photo is None:
        raise NotFound(f"no photo {photo_id} on ticket {ticket_id}")
    return PhotoFile(photo.content_type, await read_photo(ctx, photo))
