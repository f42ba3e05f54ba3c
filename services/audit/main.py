"""Composition root of the audit service."""

from __future__ import annotations

from fastapi import FastAPI

from services.audit.api import ROUTERS
from services.audit.loops import checkpoint_loop, prepare_chain, retention_loop
from services.audit.repository import INDEXES
from services.audit.settings import AuditSettings
from services.audit.subscribers import FALLBACK, SUBSCRIPTIONS
from shared.clock import Clock, utcnow
from shared.service import ServiceSpec, build_service

DESCRIPTION = """\
审计 — every event on the campus bus, append-only and hash-chained (SHA-256, domain-separated),
searchable by subject, actor, type, time and correlation id, exportable as JSON Lines or CSV,
replayable to a subscriber's queue. Auditors and logistics administrators only; every query is
itself recorded in the chain.
"""


def build(
    settings: AuditSettings,
    *,
    clock: Clock = utcnow,
    topology: dict[str, tuple[str, ...]] | None = None,
) -> FastAPI:
    """The audit app; `topology` replaces the platform's subscription list (tests only)."""
    spec = ServiceSpec(
        name="audit",
        title="Campus Logistics — audit",
        description=DESCRIPTION,
        routers=ROUTERS,
        indexes=INDEXES,
        subscriptions=SUBSCRIPTIONS,
        fallback=FALLBACK,
        background=[checkpoint_loop, retention_loop],
        on_start=[prepare_chain],
        serial_consumer=True,
        topology=topology,
    )
    return build_service(spec, settings, clock=clock)
