"""Report figures: computed from the store by a background loop, served from a cache."""

from __future__ import annotations

from datetime import datetime, timedelta

from services.maintenance.domain import access
from services.maintenance.domain.reports import Report, summarize_by_campus
from services.maintenance.handlers.context import MaintenanceContext, ReportCache
from services.maintenance.repository import ticket_queries as repo
from shared.auth import Principal
from shared.uow import UnitOfWork


async def refresh_reports(
    uow: UnitOfWork, ctx: MaintenanceContext, who: Principal, /, *, now: datetime
) -> ReportCache:
    """Recompute the cached figures over open orders of any age and the window's orders."""
    window = ctx.settings.report_window_days
    rows = [row async for row in repo.report_rows(uow.store, now - timedelta(days=window))]
    ctx.reports.reports = summarize_by_campus(
        rows, now=now, window_days=window, repeat_threshold=ctx.settings.repeat_failure_threshold
    )
    ctx.reports.computed_at = now
    return ctx.reports


async def summary(
    uow: UnitOfWork,
    ctx: MaintenanceContext,
    who: Principal,
    /,
    *,
    campus_id: str | None,
    fresh: bool = False,
) -> Report:
    """Figures of one campus (dispatchers: theirs), or of all for global roles."""
    campus = access.report_campus(who, campus_id)
    cache = ctx.reports
    if fresh or cache.computed_at is None:
        cache = await refresh_reports(uow, ctx, who, now=ctx.now())
    assert cache.computed_at is not None
    return cache.reports.get(campus) or Report(
        campus_id=campus,
        generated_at=cache.computed_at,
        window_days=ctx.settings.report_window_days,
    )
