"""Composition root of the canteen service: `build(settings, clock=...)` wires it."""

from __future__ import annotations

from faststream_fastapi import FastStreamAPI

from services.canteen.api import ROUTERS
from services.canteen.handlers.context import CanteenContext
from services.canteen.handlers.jobs import (
    daily_expiry_scan,
    food_safety_watch,
    refresh_today,
    weekly_satisfaction,
)
from services.canteen.metrics import SatisfactionCollector, TodayCollector
from services.canteen.repository import INDEXES
from services.canteen.settings import CanteenSettings
from services.canteen.subscribers import SUBSCRIPTIONS
from shared.clock import Clock, utcnow
from shared.service import ServiceSpec, build_service, every

#: The daily expiry scan (once per campus day, and after a restart); the food-safety watch
#: (missing checks and readings, licences, overdue counts: each told once); the gauges' figures.
BACKGROUND = (
    every(
        "expiry_scan",
        lambda s: s.expiry_scan_interval_seconds,
        lambda runtime: daily_expiry_scan(runtime.uow, runtime.context),
    ),
    every(
        "food_safety_watch",
        lambda s: s.watch_interval_seconds,
        lambda runtime: food_safety_watch(runtime.uow, runtime.context),
    ),
    every(
        "today_gauges",
        lambda s: s.today_refresh_seconds,
        lambda runtime: refresh_today(runtime.uow, runtime.context),
    ),
    every(
        "weekly_satisfaction",
        lambda s: s.satisfaction_interval_seconds,
        lambda runtime: weekly_satisfaction(runtime.uow, runtime.context),
    ),
)


def build(
    settings: CanteenSettings,
    *,
    clock: Clock = utcnow,
    topology: dict[str, tuple[str, ...]] | None = None,
) -> FastStreamAPI:
    """The canteen app: receiving, stock, food safety and equipment faults over HTTP."""
    context = CanteenContext.from_settings(settings, clock)
    spec = ServiceSpec(
        name="canteen",
        title="Campus Logistics — canteen (食堂)",
        description=(
            "Suppliers and their licences, receiving inspection line by line (验收), the stock "
            "ledger (台帐) with batches, expiry and the half-monthly count (半月全查), food "
            "samples (留样), food handlers' certificates and morning checks (健康证, 晨检), "
            "hygiene inspections (卫生检查), temperature logs, and equipment faults."
        ),
        routers=ROUTERS,
        indexes=INDEXES,
        subscriptions=SUBSCRIPTIONS,
        consumes=False,
        context=context,
        background=BACKGROUND,
        topology=topology,
    )
    app = build_service(spec, settings, clock=clock)
    registry = app.runtime.metrics.registry  # type: ignore[attr-defined]
    registry.register(TodayCollector(context.today_cache))
    registry.register(SatisfactionCollector(context.satisfaction_cache))
    return app
