"""Composition root: `build(settings, clock=...)` wires the assets service."""

from __future__ import annotations

from faststream_fastapi import FastStreamAPI

from services.assets.api import ROUTERS
from services.assets.handlers.context import AssetsContext
from services.assets.repository import INDEXES
from services.assets.settings import AssetsSettings
from services.assets.subscribers import SUBSCRIPTIONS
from shared.clock import Clock, utcnow
from shared.service import ServiceSpec, build_service


def build(
    settings: AssetsSettings,
    *,
    clock: Clock = utcnow,
    topology: dict[str, tuple[str, ...]] | None = None,
) -> FastStreamAPI:
    """The assets app: the register, custody and damage over HTTP; nothing connects yet."""
    spec = ServiceSpec(
        name="assets",
        title="Campus Logistics — assets (校产)",
        description=(
            "The fixed-asset register with tags and GB/T 14885 categories, custody to a person "
            "with acknowledgement (责任到人), damage reports and compensation at book value, "
            "doubled when deliberate (损坏公物加倍赔偿)."
        ),
        routers=ROUTERS,
        indexes=INDEXES,
        subscriptions=SUBSCRIPTIONS,
        consumes=False,
        context=AssetsContext(settings=settings, clock=clock),
        topology=topology,
    )
    return build_service(spec, settings, clock=clock)
