"""Composition root of the canteen service: `build(settings, clock=...)` wires it."""

from __future__ import annotations

from faststream_fastapi import FastStreamAPI

from services.canteen.api import ROUTERS
from services.canteen.handlers.context import CanteenContext
from services.canteen.handlers.jobs import daily_expiry_scan
from services.canteen.repository import INDEXES
from services.canteen.settings import CanteenSettings
from services.canteen.subscribers import SUBSCRIPTIONS
from shared.clock import Clock, utcnow
from shared.service import ServiceSpec, build_service, every

#: The daily expiry scan: wakes every interval, scans once per campus day (and after a restart).
BACKGROUND = (
    every(
        "expiry_scan",
        lambda s: s.expiry_scan_interval_seconds,
        lambda runtime: daily_expiry_scan(runtime.uow, runtime.context),
    ),
)


def build(
    settings: CanteenSettings,
    *,
    clock: Clock = utcnow,
    topology: dict[str, tuple[str, ...]] | None = None,
) -> FastStreamAPI:
    """The canteen app: receiving, stock ledger and equipment faults over HTTP."""
    spec = ServiceSpec(
        name="canteen",
        title="Campus Logistics — canteen (食堂)",
        description=(
            "Suppliers and their licences, receiving inspection line by line (验收), the stock "
            "ledger (台帐) with batches and expiry, issues first-expiring-first-out, and "
            "equipment faults for maintenance."
        ),
        routers=ROUTERS,
        indexes=INDEXES,
        subscriptions=SUBSCRIPTIONS,
        consumes=False,
        context=CanteenContext.from_settings(settings, clock),
        background=BACKGROUND,
        topology=topology,
    )
    return build_service(spec, settings, clock=clock)
