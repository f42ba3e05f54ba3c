"""Composition root: `build(settings, clock=...)` wires the maintenance service."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from faststream_fastapi import FastStreamAPI

from services.maintenance.api import ROUTERS
from services.maintenance.handlers.context import Context
from services.maintenance.handlers.jobs import Jobs
from services.maintenance.metrics import ReportCollector
from services.maintenance.repository import INDEXES
from services.maintenance.settings import MaintenanceSettings
from services.maintenance.subscribers import subscriptions
from shared.clock import Clock, utcnow
from shared.logging import get_logger
from shared.service import Runtime, ServiceSpec, build_service

log = get_logger(__name__)


def _every(
    name: str,
    seconds: Callable[[MaintenanceSettings], float],
    job: Callable[[Jobs], Awaitable[object]],
) -> Callable[[Runtime], Awaitable[None]]:
    """A background loop running one job, then sleeping, until cancelled."""

    async def loop(runtime: Runtime) -> None:
        jobs: Jobs = runtime.state["jobs"]
        while True:
            await job(jobs)
            await asyncio.sleep(seconds(jobs.ctx.settings))

    loop.__name__ = name
    return loop


BACKGROUND = (
    _every("sla_checks", lambda s: s.sla_check_seconds, lambda j: j.check_sla()),
    _every("auto_close", lambda s: s.auto_close_check_seconds, lambda j: j.auto_close()),
    _every("preventive", lambda s: s.preventive_check_seconds, lambda j: j.generate_preventive()),
    _every("reports", lambda s: s.report_refresh_seconds, lambda j: j.refresh_reports()),
)


def build(
    settings: MaintenanceSettings,
    *,
    clock: Clock = utcnow,
    topology: dict[str, tuple[str, ...]] | None = None,
) -> FastStreamAPI:
    """The maintenance app; nothing connects until its lifespan starts."""
    ctx = Context.from_settings(settings, clock)
    spec = ServiceSpec(
        name="maintenance",
        title="Campus Logistics — maintenance (修理)",
        description=(
            "Repair requests (报修) from web, phone and QR codes; work orders with SLA and "
            "escalation; dispatch and contractor warranty; patrols; preventive schedules."
        ),
        routers=ROUTERS,
        indexes=INDEXES,
        subscriptions=subscriptions(ctx),
        context=ctx,
        background=BACKGROUND,
        topology=topology,
    )
    app = build_service(spec, settings, clock=clock)
    runtime: Runtime = app.runtime  # type: ignore[attr-defined]
    jobs = Jobs(runtime, ctx)
    runtime.state["ctx"] = ctx
    runtime.state["jobs"] = jobs
    runtime.metrics.registry.register(ReportCollector(jobs.reports))
    app.maintenance = jobs  # type: ignore[attr-defined]
    return app
