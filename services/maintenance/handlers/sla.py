"""Background use cases on the clock: SLA breach detection and escalation, auto-close."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from services.maintenance.domain.sla import ClockName
from services.maintenance.domain.tickets import Ticket
from services.maintenance.handlers.context import Context
from services.maintenance.repository import dispatch as dispatch_repo
from services.maintenance.repository import tickets as repo
from services.maintenance.repository.common import RATES, TICKETS, ts
from shared.auth import Principal
from shared.logging import get_logger
from shared.store import Delete, DocumentStore, DuplicateKeyError, Query, VersionConflictError
from shared.uow import UnitOfWork

log = get_logger(__name__)
NewUow = Callable[[Principal | None], UnitOfWork]
SYSTEM = Principal(user_id="system:maintenance", name="maintenance", roles=frozenset(), scopes={})
_BATCH = 200
_MAX_ROUNDS = 50


async def _escalate_to(store: DocumentStore, ctx: Context, ticket: Ticket, clock: ClockName) -> str:
    """Where a breach goes: a late contractor's escalation contact, else the campus rule."""
    assignment = ticket.assignment
    if clock == "contractor" and assignment is not None and assignment.contractor_id:
        contractor = await dispatch_repo.load_contractor(store, assignment.contractor_id)
        if contractor is not None and contractor.escalate_to:
            return contractor.escalate_to
    return ctx.policy.escalation_target(ticket.campus_id, ticket.category)


async def check_sla(
    store: DocumentStore, new_uow: NewUow, ctx: Context, now: datetime
) -> list[tuple[str, str]]:
    """Record every clock past due once, with its escalation event; returns (ticket, clock).

    Each ticket commits alone: its new state, the breach record whose unique key (ticket,
    clock) forbids a second breach, and the `sla_breached` event, in one write.
    """
    breached: list[tuple[str, str]] = []
    for _ in range(_MAX_ROUNDS):
        page = await store.find(
            TICKETS,
            Query(
                {"sla_next_check": {"$lte": ts(now)}}, sort=[("sla_next_check", 1)], limit=_BATCH
            ),
        )
        for doc in page.items:
            breached += await _check_one(store, new_uow, ctx, repo.from_doc(doc), now)
        if len(page.items) < _BATCH:
            break
    return breached


async def _check_one(
    store: DocumentStore, new_uow: NewUow, ctx: Context, ticket: Ticket, now: datetime
) -> list[tuple[str, str]]:
    ticket.refresh_sla(ctx.policy)
    overdue = ticket.overdue_clocks(now)
    for clock, due in overdue:
        target = await _escalate_to(store, ctx, ticket, clock)
        ticket.record_breach(clock, due=due, at=now, escalate_to=target)
    if ticket.sla_next_check is not None and ticket.sla_next_check <= now and not overdue:
        # Only reachable if the policy changed under a stored due date: look again later.
        ticket.sla_next_check = now + timedelta(seconds=ctx.settings.sla_check_seconds)
    uow = new_uow(SYSTEM)
    repo.stage(uow, ticket)
    try:
        await uow.commit([repo.breach_record(ticket, clock) for clock, _ in overdue])
    except (DuplicateKeyError, VersionConflictError) as exc:
        # Another checker got there first, or the ticket just changed: the next round decides.
        log.info("sla.check_skipped", ticket_id=ticket.id, reason=type(exc).__name__)
        return []
    for clock, due in overdue:
        log.warning("sla.breached", ticket_id=ticket.id, clock=clock, due_at=ts(due))
    return [(ticket.id, clock) for clock, _ in overdue]


async def auto_close(
    store: DocumentStore, new_uow: NewUow, ctx: Context, now: datetime
) -> list[str]:
    """Close resolved orders whose requester did not answer within the configured days."""
    after = timedelta(days=ctx.settings.auto_close_days)
    closed: list[str] = []
    for _ in range(_MAX_ROUNDS):
        page = await store.find(
            TICKETS,
            Query(
                {"status": "resolved", "resolved_at": {"$lte": ts(now - after)}},
                sort=[("resolved_at", 1)],
                limit=_BATCH,
            ),
        )
        for doc in page.items:
            ticket = repo.from_doc(doc)
            if not ticket.auto_close(at=now, after=after):
                continue
            ticket.refresh_sla(ctx.policy)
            uow = new_uow(SYSTEM)
            repo.stage(uow, ticket)
            try:
                await uow.commit()
            except VersionConflictError:
                log.info("ticket.auto_close_skipped", ticket_id=ticket.id)
                continue
            log.info("ticket.auto_closed", ticket_id=ticket.id)
            closed.append(ticket.id)
        if len(page.items) < _BATCH:
            break
    await _purge_rate_counters(store, now)
    return closed


async def _purge_rate_counters(store: DocumentStore, now: datetime) -> None:
    """Drop rate counters whose window has passed (they can no longer refuse anyone)."""
    page = await store.find(RATES, Query({"expires_at": {"$lt": ts(now)}}, limit=1000))
    if page.items:
        await store.write([Delete(RATES, d["_id"], d["_v"]) for d in page.items])
