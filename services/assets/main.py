"""Composition root: `build(settings, clock=...)` wires the assets service."""

from __future__ import annotations

from faststream_fastapi import FastStreamAPI

from services.assets.api import ROUTERS
from services.assets.handlers import loans
from services.assets.handlers.context import SYSTEM, AssetsContext
from services.assets.handlers.figures import refresh_figures
from services.assets.metrics import FiguresCollector
from services.assets.repository import INDEXES
from services.assets.settings import AssetsSettings
from services.assets.subscribers import SUBSCRIPTIONS
from shared.clock import Clock, utcnow
from shared.logging import get_logger
from shared.service import Runtime, ServiceSpec, build_service, every
from shared.store import DuplicateKeyError, VersionConflictError

log = get_logger(__name__)


async def announce_overdue_loans(runtime: Runtime) -> int:
    """One pass of the overdue scan, a batch per unit of work until none is due; a batch that
    lost a race with a return (or another scanner) is left to the next pass."""
    total = 0
    while True:
        try:
            count = await loans.remind_overdue(runtime.uow(SYSTEM), runtime.context, SYSTEM)
        except (VersionConflictError, DuplicateKeyError) as exc:
            log.info("loan.overdue_scan_raced", error=str(exc))
            return total
        total += count
        if count == 0:
            return total


async def count_figures(runtime: Runtime) -> None:
    """One count of the dashboard figures (read only: nothing to commit)."""
    await refresh_figures(runtime.uow(SYSTEM), runtime.context, SYSTEM)


def build(
    settings: AssetsSettings,
    *,
    clock: Clock = utcnow,
    topology: dict[str, tuple[str, ...]] | None = None,
) -> FastStreamAPI:
    """The assets app: register, moves, custody, loans, reservations, stock-takes, imports,
    labels and disposal over HTTP; the overdue-loan scan and the dashboard figures in the
    background."""
    context = AssetsContext(settings=settings, clock=clock)
    spec = ServiceSpec(
        name="assets",
        title="Campus Logistics — assets (校产)",
        description=(
            "The fixed-asset register with tags, QR labels and GB/T 14885 categories; moves, "
            "custody to a person (责任到人), loans and reservations (借还), room-by-room "
            "stock-takes (清查), Excel/CSV import and export, two-step disposal (报废), damage "
            "and compensation at book value, doubled when deliberate (损坏公物加倍赔偿)."
        ),
        routers=ROUTERS,
        indexes=INDEXES,
        subscriptions=SUBSCRIPTIONS,
        consumes=False,
        context=context,
        background=(
            every("overdue_loans", lambda s: s.overdue_check_seconds, announce_overdue_loans),
            every("figures", lambda s: s.figures_refresh_seconds, count_figures),
        ),
        body_limits={r"^/imports$": settings.import_max_bytes + 64 * 1024},
        topology=topology,
    )
    app = build_service(spec, settings, clock=clock)
    app.runtime.metrics.registry.register(FiguresCollector(context.figures))  # type: ignore[attr-defined]
    return app
