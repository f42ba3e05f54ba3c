"""Composition root of the canteen service."""

from __future__ import annotations

import asyncio

from faststream_fastapi import FastStreamAPI

from services.canteen import handlers
from services.canteen.api import router
from services.canteen.handlers import stock
from services.canteen.repository import INDEXES
from services.canteen.settings import CanteenSettings
from services.canteen.subscribers import SUBSCRIPTIONS
from shared.clock import Clock, utcnow
from shared.logging import get_logger
from shared.service import Runtime, ServiceSpec, build_service

log = get_logger(__name__)


async def expiry_scan_loop(runtime: Runtime) -> None:
    """The daily expiry scan: wakes every interval, scans once per campus day."""
    settings = runtime.settings
    assert isinstance(settings, CanteenSettings)
    while True:
        today = handlers.local_day(runtime.clock(), settings.timezone)
        warned = await stock.daily_expiry_scan(
            runtime.uow, today=today, warning_days=settings.expiry_warning_days
        )
        if warned is not None:
            log.info("stock.daily_scan", today=today.isoformat(), warned=warned)
        await asyncio.sleep(settings.expiry_scan_interval_seconds)


def build(settings: CanteenSettings, *, clock: Clock = utcnow) -> FastStreamAPI:
    """The canteen app: receiving, stock ledger and equipment faults over HTTP."""
    spec = ServiceSpec(
        name="canteen",
        title="Campus Logistics — canteen (食堂)",
        description=(
            "Suppliers and their licences, receiving inspection line by line (验收), the stock "
            "ledger (台帐) with batches and expiry, issues first-expiring-first-out, and "
            "equipment faults for maintenance."
        ),
        routers=[router],
        indexes=INDEXES,
        subscriptions=SUBSCRIPTIONS,
        consumes=False,
        background=[expiry_scan_loop],
    )
    return build_service(spec, settings, clock=clock)
