"""Use cases on the clock, one ticket each: SLA breach detection and escalation, auto-close.

`handlers/jobs.py` finds the tickets due and runs these, each in its own unit of work.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.maintenance.domain.sla import ClockName
from services.maintenance.domain.tickets import Ticket
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.handlers.filing import in_story
from services.maintenance.repository import dispatch as dispatch_repo
from services.maintenance.repository import tickets as repo
from services.maintenance.repository.common import ts
from shared.auth import Principal
from shared.logging import get_logger
from shared.store import DocumentStore
from shared.uow import UnitOfWork

log = get_logger(__name__)


async def _escalate_to(
    store: DocumentStore, ctx: MaintenanceContext, ticket: Ticket, clock: ClockName
) -> str:
    """Where a breach goes: a late contractor's escalation contact, else the campus rule."""
    assignment = ticket.assignment
    if clock == "contractor" and assignment is not None and assignment.contractor_id:
        contractor = await dispatch_repo.load_contractor(store, assignment.contractor_id)
        if contractor is not None and contractor.escalate_to:
            return contractor.escalate_to
    return ctx.policy.escalation_target(ticket.campus_id, ticket.category)


async def check_ticket(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, ticket: Ticket, *, now: datetime
) -> list[ClockName]:
    """Record every clock of the ticket past due, once, with its escalation event.

    One write: the ticket's new state, the breach record whose unique key (ticket, clock)
    forbids a second breach, and the `sla_breached` event. A racing checker loses on that key
    or on the ticket's version (the caller skips it; the next round decides). The event joins
    the order's story (its correlation id), as every step of it does.
    """
    ticket.refresh_sla(ctx.policy)
    overdue = ticket.overdue_clocks(now)
    for clock, due in overdue:
        target = await _escalate_to(uow.store, ctx, ticket, clock)
        ticket.record_breach(clock, due=due, at=now, escalate_to=target)
    if ticket.sla_next_check is not None and ticket.sla_next_check <= now and not overdue:
        # Only reachable if the policy changed under a stored due date: look again later.
        ticket.sla_next_check = now + timedelta(seconds=ctx.settings.sla_check_seconds)
    with in_story(ticket.correlation_id):
        repo.stage(uow, ticket)
    await uow.commit([repo.breach_record(ticket, clock) for clock, _ in overdue])
    for clock, due in overdue:
        log.warning("sla.breached", ticket_id=ticket.id, clock=clock, due_at=ts(due))
    return [clock for clock, _ in overdue]


async def auto_close_ticket(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, ticket: Ticket, *, now: datetime
) -> bool:
    """Close a resolved order whose requester did not answer within the configured days (in
    the order's story)."""
    if not ticket.auto_close(at=now, after=timedelta(days=ctx.settings.auto_close_days)):
        return False
    ticket.refresh_sla(ctx.policy)
    with in_story(ticket.correlation_id):
        repo.stage(uow, ticket)
    await uow.commit()
    log.info("ticket.auto_closed", ticket_id=ticket.id)
    return True


async def restamp_clocks(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, ticket: Ticket
) -> None:
    """Store an order's SLA moments afresh (no event: nothing happened to the order)."""
    ticket.refresh_sla(ctx.policy)
    repo.stage(uow, ticket)
    await uow.commit()
