"""Prometheus gauges of the register, read from the figures a loop counts (never the store)."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from services.assets.domain.figures import FiguresCache


class FiguresCollector(Collector):
    """Nothing until the first count: an absent series, not a false zero."""

    def __init__(self, cache: FiguresCache) -> None:
        self._cache = cache

    def collect(self) -> Iterable[Metric]:
        """Assets by status, loans by state, each open campaign's progress."""
        figures = self._cache.figures
        if figures is None:
            return
        by_status = GaugeMetricFamily(
            "campus_assets_by_status", "Assets on the register by status.", labels=["status"]
        )
        for status, n in sorted(figures.assets.items()):
            by_status.add_metric([status], n)
        loans = GaugeMetricFamily(
            "campus_assets_loans",
            "Loans offered, open, and open past their due day (overdue).",
            labels=["state"],
        )
        for state, n in sorted(figures.loans.items()):
            loans.add_metric([state], n)
        labels = ["stocktake", "scope_id", "status"]
        expected = GaugeMetricFamily(
            "campus_assets_stocktake_expected",
            "Assets on the books when a campaign (清查) still in progress started.",
            labels=labels,
        )
        scanned = GaugeMetricFamily(
            "campus_assets_stocktake_scanned",
            "Tags a campaign still in progress has scanned so far.",
            labels=labels,
        )
        rooms = GaugeMetricFamily(
            "campus_assets_stocktake_rooms",
            "Rooms a campaign still in progress has read so far.",
            labels=labels,
        )
        for p in figures.stocktakes:
            key = [p.stocktake_id, p.scope_id, p.status]
            expected.add_metric(key, p.expected)
            scanned.add_metric(key, p.scanned)
            rooms.add_metric(key, p.rooms)
        yield from (by_status, loans, expected, scanned, rooms)
