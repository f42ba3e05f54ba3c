"""What every maintenance use case takes besides its unit of work and its caller."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from services.maintenance.domain.reports import Report
from services.maintenance.domain.sla import SlaPolicy
from services.maintenance.settings import MaintenanceSettings
from shared.clock import Clock, utcnow
from shared.usecase import ServiceContext


@dataclass
class ReportCache:
    """The latest figures per campus (and `"*"` for all), read by HTTP and Prometheus."""

    reports: dict[str, Report] = field(default_factory=dict)
    computed_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class MaintenanceContext(ServiceContext):
    """Settings, clock, SLA policy (with its working calendar), photo directory, QR secret and
    the report cache; built once in `main.build`."""

    settings: MaintenanceSettings
    policy: SlaPolicy
    photo_dir: Path
    secret: bytes
    reports: ReportCache = field(default_factory=ReportCache)

    @classmethod
    def from_settings(
        cls, settings: MaintenanceSettings, clock: Clock = utcnow
    ) -> MaintenanceContext:
        """Build the context once, in the composition root."""
        return cls(
            settings=settings,
            clock=clock,
            policy=settings.sla_policy(),
            photo_dir=settings.resolved_photo_dir(),
            secret=settings.qr_secret.get_secret_value().encode(),
        )
