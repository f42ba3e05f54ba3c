"""Composition root of the audit service: `build(settings, clock=...)` is the only wiring."""

from __future__ import annotations

from fastapi import FastAPI

from services.audit.api import ROUTERS
from services.audit.handlers import AuditContext, jobs
from services.audit.metrics import register_gauges
from services.audit.repository import INDEXES
from services.audit.settings import AuditSettings
from services.audit.subscribers import BATCH
from shared.clock import Clock, utcnow
from shared.service import Runtime, ServiceSpec, build_service, every

DESCRIPTION = """\
审计 — every event on the campus bus, append-only and hash-chained (SHA-256, domain-separated),
searchable by subject, actor, type, time and correlation id, exportable as JSON Lines or CSV,
replayable to a subscriber's queue. Auditors and logistics administrators only; every query is
itself recorded in the chain.
"""

BACKGROUND = (
    every("audit_checkpoints", lambda s: s.checkpoint_poll_seconds, jobs.checkpoint),
    every("audit_retention", lambda s: s.archive_every_seconds, jobs.retention),
)


def build(
    settings: AuditSettings,
    *,
    clock: Clock = utcnow,
    topology: dict[str, tuple[str, ...]] | None = None,
) -> FastAPI:
    """The audit app; `topology` replaces the platform's subscription list (tests only)."""
    ctx = AuditContext.from_settings(settings, clock)
    spec = ServiceSpec(
        name="audit",
        title="Campus Logistics — audit",
        description=DESCRIPTION,
        routers=ROUTERS,
        indexes=INDEXES,
        batch=BATCH,
        context=ctx,
        background=BACKGROUND,
        on_start=[jobs.prepare],
        topology=topology,
    )
    app = build_service(spec, settings, clock=clock)
    runtime: Runtime = app.runtime  # type: ignore[attr-defined]
    register_gauges(runtime.metrics, ctx.gauges)
    return app
