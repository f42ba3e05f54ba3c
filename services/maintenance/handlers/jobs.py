"""The service's clock-driven jobs, callable directly (tests) or from background loops."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from services.maintenance.handlers import preventive, reports, sla
from services.maintenance.handlers.context import Context
from services.maintenance.handlers.reports import ReportCache

if TYPE_CHECKING:
    from shared.service import Runtime


class Jobs:
    """SLA checks, auto-close, preventive generation and report refresh for one runtime."""

    def __init__(self, runtime: Runtime, ctx: Context) -> None:
        self.runtime = runtime
        self.ctx = ctx
        self.reports = ReportCache()

    def _now(self, now: datetime | None) -> datetime:
        return now if now is not None else self.runtime.clock()

    async def check_sla(self, now: datetime | None = None) -> list[tuple[str, str]]:
        """Record and escalate every newly breached clock (once each)."""
        return await sla.check_sla(self.runtime.store, self.runtime.uow, self.ctx, self._now(now))

    async def auto_close(self, now: datetime | None = None) -> list[str]:
        """Close resolved orders left unanswered past the configured days."""
        return await sla.auto_close(self.runtime.store, self.runtime.uow, self.ctx, self._now(now))

    async def generate_preventive(self, now: datetime | None = None) -> list[str]:
        """Open preventive orders now within their lead time (once per occurrence)."""
        return await preventive.generate_preventive(
            self.runtime.store, self.runtime.uow, self.ctx, self._now(now)
        )

    async def refresh_reports(self, now: datetime | None = None) -> ReportCache:
        """Recompute the cached report figures."""
        return await reports.refresh_reports(
            self.runtime.store, self.ctx, self.reports, self._now(now)
        )
