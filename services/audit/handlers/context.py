"""What every audit use case takes besides its unit of work and its caller."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from services.audit.metrics import ChainGauges
from services.audit.settings import AuditSettings
from shared.auth import system_principal
from shared.clock import Clock, utcnow
from shared.usecase import ServiceContext

#: Who acts for a consumed event or a background job: the audit service itself.
SYSTEM = system_principal("audit")


@dataclass(frozen=True)
class AuditContext(ServiceContext):
    """Settings and clock, the chain gauges' cache, and the one-archive-run-at-a-time lock."""

    settings: AuditSettings
    gauges: ChainGauges = field(default_factory=ChainGauges, compare=False)
    #: One archive run at a time per process (the retention loop and the endpoint share it).
    archive_lock: asyncio.Lock = field(default_factory=asyncio.Lock, compare=False, repr=False)

    @classmethod
    def from_settings(cls, settings: AuditSettings, clock: Clock = utcnow) -> AuditContext:
        """Built once, in the composition root (or by the command line)."""
        return cls(settings=settings, clock=clock)

    @property
    def archive_dir(self) -> Path:
        """Where archive files go."""
        return self.settings.resolved_archive_dir()
