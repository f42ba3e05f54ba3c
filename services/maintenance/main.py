"""Composition root: `build(settings, clock=...)` wires the maintenance service."""

from __future__ import annotations

from faststream_fastapi import FastStreamAPI

from services.maintenance.api import ROUTERS
from services.maintenance.api.forms import MAX_CSV_BYTES, form_limit
from services.maintenance.handlers import jobs
from services.maintenance.handlers.context import MaintenanceContext
from services.maintenance.metrics import ReportCollector
from services.maintenance.repository import INDEXES
from services.maintenance.settings import MaintenanceSettings
from services.maintenance.subscribers import SUBSCRIPTIONS
from shared.clock import Clock, utcnow
from shared.service import ServiceSpec, build_service, every

BACKGROUND = (
    every("sla_checks", lambda s: s.sla_check_seconds, jobs.check_sla),
    every("auto_close", lambda s: s.auto_close_check_seconds, jobs.auto_close),
    every("preventive", lambda s: s.preventive_check_seconds, jobs.generate_preventive),
    every("reports", lambda s: s.report_refresh_seconds, jobs.refresh_reports),
)


def build(
    settings: MaintenanceSettings,
    *,
    clock: Clock = utcnow,
    topology: dict[str, tuple[str, ...]] | None = None,
) -> FastStreamAPI:
    """The maintenance app; nothing connects until its lifespan starts."""
    ctx = MaintenanceContext.from_settings(settings, clock)
    photos = form_limit(settings)
    spec = ServiceSpec(
        name="maintenance",
        title="Campus Logistics — maintenance (修理)",
        description=(
            "Repair requests (报修) from web, phone and QR codes; work orders with SLA and "
            "escalation; dispatch and contractor warranty; patrols; preventive schedules."
        ),
        routers=ROUTERS,
        indexes=INDEXES,
        subscriptions=SUBSCRIPTIONS,
        context=ctx,
        background=BACKGROUND,
        on_start=[jobs.upgrade_stored_clocks],
        topology=topology,
        # Uploads are checked against their own caps in `api/forms.py`; the body limit of the
        # whole request must leave room for them.
        body_limits={
            r"^/tickets/[^/]+/photos$": photos,
            r"^/public/requests$": photos,
            r"^/locations/import$": MAX_CSV_BYTES + 64 * 1024,
        },
    )
    app = build_service(spec, settings, clock=clock)
    runtime = app.runtime  # type: ignore[attr-defined]
    runtime.metrics.registry.register(ReportCollector(ctx.reports))
    app.maintenance = jobs.Jobs(runtime)  # type: ignore[attr-defined]
    return app
