"""The clock-driven jobs: find what is due, run its use case in a unit of work of its own.

`main.py` runs each with `shared.service.every`; tests and the benchmark call them with a `now`
of their choosing (through `Jobs`, which is `app.maintenance`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.maintenance.handlers import preventive, reports, sla
from services.maintenance.handlers.context import MaintenanceContext, ReportCache
from services.maintenance.repository import preventive as schedules
from services.maintenance.repository import qr as qr_repo
from services.maintenance.repository import ticket_queries as repo
from shared.auth import system_principal
from shared.logging import get_logger
from shared.service import Runtime
from shared.store import DuplicateKeyError, VersionConflictError

log = get_logger(__name__)
SYSTEM = system_principal("maintenance")
_BATCH = 200
_MAX_ROUNDS = 50


def _ctx(runtime: Runtime) -> MaintenanceContext:
    return runtime.context  # type: ignore[no-any-return]


async def check_sla(runtime: Runtime, now: datetime | None = None) -> list[tuple[str, str]]:
    """Record and escalate every newly breached clock (once each); (ticket, clock) pairs."""
    now = now or runtime.clock()
    breached: list[tuple[str, str]] = []
    for _ in range(_MAX_ROUNDS):
        due = await repo.due_for_sla_check(runtime.store, now, _BATCH)
        for ticket in due:
            try:
                clocks = await sla.check_ticket(
                    runtime.uow(SYSTEM), _ctx(runtime), SYSTEM, ticket, now=now
                )
            except (DuplicateKeyError, VersionConflictError) as exc:
                log.info("sla.check_skipped", ticket_id=ticket.id, reason=type(exc).__name__)
                continue
            breached += [(ticket.id, clock) for clock in clocks]
        if len(due) < _BATCH:
            break
    return breached


async def auto_close(runtime: Runtime, now: datetime | None = None) -> list[str]:
    """Close resolved orders left unanswered past the configured days; purge rate counters."""
    now = now or runtime.clock()
    ctx = _ctx(runtime)
    cutoff = now - timedelta(days=ctx.settings.auto_close_days)
    closed: list[str] = []
    for _ in range(_MAX_ROUNDS):
        due = await repo.resolved_before(runtime.store, cutoff, _BATCH)
        for ticket in due:
            try:
                if await sla.auto_close_ticket(runtime.uow(SYSTEM), ctx, SYSTEM, ticket, now=now):
                    closed.append(ticket.id)
            except VersionConflictError:
                log.info("ticket.auto_close_skipped", ticket_id=ticket.id)
        if len(due) < _BATCH:
            break
    await qr_repo.purge_rate_counters(runtime.store, now)
    return closed


async def generate_preventive(runtime: Runtime, now: datetime | None = None) -> list[str]:
    """Open preventive orders now within their lead time (once per occurrence)."""
    now = now or runtime.clock()
    ctx = _ctx(runtime)
    today = now.astimezone(ctx.policy.calendar.tz).date()
    opened: list[str] = []
    async for schedule in schedules.active_schedules(runtime.store):
        try:
            opened += await preventive.generate_schedule(
                runtime.uow(SYSTEM), ctx, SYSTEM, schedule, today=today
            )
        except (DuplicateKeyError, VersionConflictError) as exc:
            log.info("preventive.skipped", schedule_id=schedule.id, reason=type(exc).__name__)
    return opened


async def upgrade_stored_clocks(runtime: Runtime) -> int:
    """At start-up: open orders stored before `GET /tickets?sla=` existed get the moments it
    filters on (once: an order that has them is left alone); how many were upgraded."""
    upgraded = 0
    async for ticket in repo.open_without_sla_moments(runtime.store):
        try:
            await sla.restamp_clocks(runtime.uow(SYSTEM), _ctx(runtime), SYSTEM, ticket)
        except VersionConflictError:
            continue  # changed meanwhile: that write stored the moments already
        upgraded += 1
    if upgraded:
        log.info("sla.moments_upgraded", tickets=upgraded)
    return upgraded


async def refresh_reports(runtime: Runtime, now: datetime | None = None) -> ReportCache:
    """Recompute the cached report figures."""
    now = now or runtime.clock()
    return await reports.refresh_reports(runtime.uow(SYSTEM), _ctx(runtime), SYSTEM, now=now)


class Jobs:
    """The jobs bound to one runtime, each taking an optional `now` (tests, the benchmark)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def check_sla(self, now: datetime | None = None) -> list[tuple[str, str]]:
        """See `check_sla`."""
        return await check_sla(self.runtime, now)

    async def auto_close(self, now: datetime | None = None) -> list[str]:
        """See `auto_close`."""
        return await auto_close(self.runtime, now)

    async def generate_preventive(self, now: datetime | None = None) -> list[str]:
        """See `generate_preventive`."""
        return await generate_preventive(self.runtime, now)

    async def refresh_reports(self, now: datetime | None = None) -> ReportCache:
        """See `refresh_reports`."""
        return await refresh_reports(self.runtime, now)
