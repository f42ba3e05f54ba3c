"""Prometheus gauges of today's food safety per canteen, read from the cache a loop refreshes."""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from services.canteen.domain.licences import Stage
from services.canteen.domain.samples import ViolationKind
from services.canteen.domain.today import LEVELS
from services.canteen.handlers.context import TodayCache

DEVICE_STATES = ("ok", "out_of_range", "missing", "no_reading", "inactive")


class TodayCollector(Collector):
    """Scrapes never touch the store: they read each canteen's last computed summary."""

    def __init__(self, cache: TodayCache) -> None:
        self._cache = cache

    def collect(self) -> Iterable[Metric]:
        """One family per figure, labelled by canteen."""
        status = GaugeMetricFamily(
            "campus_canteen_food_safety_status",
            "Today's food-safety status: 0 ok, 1 attention, 2 critical.",
            labels=["canteen"],
        )
        violations = GaugeMetricFamily(
            "campus_canteen_sample_violations_today",
            "Sample (留样) violations raised today, by kind.",
            labels=["canteen", "kind"],
        )
        checks = GaugeMetricFamily(
            "campus_canteen_morning_checks_today",
            "Food handlers on today's roster by morning-check state (晨检).",
            labels=["canteen", "state"],
        )
        actions = GaugeMetricFamily(
            "campus_canteen_corrective_actions_open",
            "Open corrective actions of hygiene inspections, and how many are overdue.",
            labels=["canteen", "state"],
        )
        devices = GaugeMetricFamily(
            "campus_canteen_temperature_devices",
            "Temperature-logged devices by state.",
            labels=["canteen", "state"],
        )
        expiring = GaugeMetricFamily(
            "campus_canteen_stock_expiring_batches",
            "Batches in stock expiring within the warning window (expired ones included).",
            labels=["canteen"],
        )
        licences = GaugeMetricFamily(
            "campus_canteen_licences",
            "Supplier licences and health certificates expiring soon or expired.",
            labels=["canteen", "stage"],
        )
        overdue = GaugeMetricFamily(
            "campus_canteen_stock_count_overdue",
            "1 when the store room's full count (半月全查) is overdue.",
            labels=["canteen"],
        )
        for canteen, t in sorted(self._cache.by_canteen.items()):
            status.add_metric([canteen], LEVELS[t.status])
            for kind in ViolationKind:
                n = sum(1 for v in t.violations if v.kind is kind)
                violations.add_metric([canteen, kind.value], n)
            c = t.checks
            checks.add_metric([canteen, "passed"], c.passed)
            checks.add_metric([canteen, "failed"], len(c.failed))
            checks.add_metric([canteen, "unchecked"], len(c.unchecked))
            checks.add_metric([canteen, "barred"], len(c.barred))
            actions.add_metric([canteen, "open"], len(t.open_actions))
            actions.add_metric([canteen, "overdue"], len(t.overdue_actions))
            states = list(t.device_states().values())
            for state in DEVICE_STATES:
                devices.add_metric([canteen, state], states.count(state))
            expiring.add_metric([canteen], len(t.expiring))
            for stage in Stage:
                licences.add_metric(
                    [canteen, stage.value], sum(1 for _, s in t.licences if s is stage)
                )
            overdue.add_metric([canteen], int(t.count_overdue()))
        yield from (status, violations, checks, actions, devices, expiring, licences, overdue)
        yield from _activity(self._cache)


def _activity(cache: TodayCache) -> Iterable[Metric]:
    """What was done today: samples taken and kept, inspections, temperature readings."""
    samples = GaugeMetricFamily(
        "campus_canteen_samples_today",
        "Dishes served today and the samples (留样) taken of them.",
        labels=["canteen", "state"],
    )
    fridge = GaugeMetricFamily(
        "campus_canteen_samples_kept",
        "Samples in the sample fridge, and how many have been kept long enough to discard.",
        labels=["canteen", "state"],
    )
    inspections = GaugeMetricFamily(
        "campus_canteen_inspections_today",
        "Hygiene inspections (卫生检查) recorded today, by result against their pass mark.",
        labels=["canteen", "result"],
    )
    readings = GaugeMetricFamily(
        "campus_canteen_temperature_readings_today",
        "Temperature readings logged today, by verdict.",
        labels=["canteen", "verdict"],
    )
    for canteen, t in sorted(cache.by_canteen.items()):
        samples.add_metric([canteen, "dishes"], sum(len(m.dishes) for m in t.meals))
        samples.add_metric([canteen, "taken"], sum(len(m.samples) for m in t.meals))
        fridge.add_metric([canteen, "in_fridge"], t.in_fridge)
        fridge.add_metric([canteen, "may_discard"], t.may_discard)
        passed = sum(1 for i in t.inspections if i.passed)
        inspections.add_metric([canteen, "passed"], passed)
        inspections.add_metric([canteen, "failed"], len(t.inspections) - passed)
        readings.add_metric([canteen, "in_range"], t.readings_today - t.out_of_range_today)
        readings.add_metric([canteen, "out_of_range"], t.out_of_range_today)
    yield from (samples, fridge, inspections, readings)
