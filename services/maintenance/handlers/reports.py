"""Report figures: computed from the store by a background loop, served from a cache."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from services.maintenance.domain.reports import Report, summarize_by_campus
from services.maintenance.domain.vocabulary import OPEN_STATUSES
from services.maintenance.handlers.context import Context
from services.maintenance.repository import tickets as repo
from services.maintenance.repository.common import ts
from shared.store import DocumentStore


@dataclass
class ReportCache:
    """The latest figures per campus (and `"*"` for all), read by HTTP and Prometheus."""

    reports: dict[str, Report] = field(default_factory=dict)
    computed_at: datetime | None = None


async def compute_reports(store: DocumentStore, ctx: Context, now: datetime) -> dict[str, Report]:
    """Figures over open orders of any age and orders opened within the report window."""
    since = now - timedelta(days=ctx.settings.report_window_days)
    rows = {}
    async for doc in repo.scan(store, {"created_at": {"$gte": ts(since)}}):
        rows[doc["_id"]] = repo.report_row(doc)
    async for doc in repo.scan(
        store,
        {"status": {"$in": [s.value for s in OPEN_STATUSES]}, "created_at": {"$lt": ts(since)}},
    ):
        rows[doc["_id"]] = repo.report_row(doc)
    return summarize_by_campus(
        rows.values(),
        now=now,
        window_days=ctx.settings.report_window_days,
        repeat_threshold=ctx.settings.repeat_failure_threshold,
    )


async def refresh_reports(
    store: DocumentStore, ctx: Context, cache: ReportCache, now: datetime
) -> ReportCache:
    """Recompute the cached figures."""
    cache.reports = await compute_reports(store, ctx, now)
    cache.computed_at = now
    return cache
