"""Prometheus gauges of the report figures, read from the cache the report loop refreshes."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from services.maintenance.domain.reports import ALL_CAMPUSES
from services.maintenance.handlers.context import ReportCache


class ReportCollector(Collector):
    """Scrapes never touch the store: they read the last computed figures per campus."""

    def __init__(self, cache_of: ReportCache) -> None:
        self._cache = cache_of

    def collect(self) -> Iterable[Metric]:
        """One family per figure, labelled by campus (the platform total is left out)."""
        reports = {c: r for c, r in self._cache.reports.items() if c != ALL_CAMPUSES}
        by_status = GaugeMetricFamily(
            "campus_maintenance_open_orders_by_status",
            "Open work orders by status.",
            labels=["campus", "status"],
        )
        by_category = GaugeMetricFamily(
            "campus_maintenance_open_orders_by_category",
            "Open work orders by trade.",
            labels=["campus", "category"],
        )
        by_building = GaugeMetricFamily(
            "campus_maintenance_open_orders_by_building",
            "Open work orders by building.",
            labels=["campus", "building"],
        )
        respond = GaugeMetricFamily(
            "campus_maintenance_mean_time_to_respond_seconds",
            "Mean time from filing to first assignment (report window).",
            labels=["campus"],
        )
        resolve = GaugeMetricFamily(
            "campus_maintenance_mean_time_to_resolve_seconds",
            "Mean time from filing to resolution (report window).",
            labels=["campus"],
        )
        compliance = GaugeMetricFamily(
            "campus_maintenance_sla_compliance_ratio",
            "Share of finished or breached orders without any SLA breach.",
            labels=["campus"],
        )
        rating = GaugeMetricFamily(
            "campus_maintenance_rating_average",
            "Average requester rating (1-5).",
            labels=["campus"],
        )
        repeats = GaugeMetricFamily(
            "campus_maintenance_repeat_failures",
            "Orders at a location with repeated failures (report window).",
            labels=["campus", "building", "location"],
        )
        late = GaugeMetricFamily(
            "campus_maintenance_contractor_late_orders",
            "Orders a contractor answered late (report window).",
            labels=["campus", "contractor"],
        )
        for campus, r in sorted(reports.items()):
            for status, n in r.open_by_status.items():
                by_status.add_metric([campus, status], n)
            for category, n in r.open_by_category.items():
                by_category.add_metric([campus, category], n)
            for building, n in r.open_by_building.items():
                by_building.add_metric([campus, building], n)
            if r.mean_response_seconds is not None:
                respond.add_metric([campus], r.mean_response_seconds)
            if r.mean_resolution_seconds is not None:
                resolve.add_metric([campus], r.mean_resolution_seconds)
            if r.sla_compliance is not None:
                compliance.add_metric([campus], r.sla_compliance)
            if r.average_rating is not None:
                rating.add_metric([campus], r.average_rating)
            for item in r.repeat_failures:
                repeats.add_metric(
                    [campus, item["building_id"], item["location_id"]], item["orders"]
                )
            for contractor, figures in r.contractors.items():
                late.add_metric([campus, contractor], figures["late"])
        yield from (
            by_status,
            by_category,
            by_building,
            respond,
            resolve,
            compliance,
            rating,
            repeats,
            late,
        )
