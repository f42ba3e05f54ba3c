"""The service context: what a service's handlers take besides the unit of work and the caller.

Every handler is `async def verb(uow, ctx, who, /, ...)`. `ctx` is one frozen object per
service, built once in `main.build` from the settings and the clock; a service subclasses
`ServiceContext` to add its policies (an SLA calendar, a signing secret, a photo directory).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from shared.clock import Clock, local_day, utcnow
from shared.settings import ServiceSettings


@dataclass(frozen=True)
class ServiceContext:
    """Settings and clock of one service."""

    settings: ServiceSettings
    clock: Clock = utcnow

    def now(self) -> datetime:
        """The current time on the injected clock."""
        return self.clock()

    def today(self) -> date:
        """Today on the campus calendar (the settings' time zone)."""
        return local_day(self.clock(), self.settings.zone)
