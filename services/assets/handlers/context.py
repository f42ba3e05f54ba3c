"""What every assets use case takes besides its unit of work and its caller."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from services.assets.domain.categories import Thresholds
from services.assets.domain.figures import FiguresCache
from services.assets.domain.valuation import to_fen
from services.assets.settings import AssetsSettings
from shared.auth import system_principal
from shared.usecase import ServiceContext

#: Who the service's own scans act as.
SYSTEM = system_principal("assets")


@dataclass(frozen=True)
class AssetsContext(ServiceContext):
    """Settings and clock (`now()`, `today()` on the campus calendar); built once in `main`."""

    settings: AssetsSettings
    #: The dashboard figures as last counted (refreshed by a loop, read by scrapes).
    figures: FiguresCache = field(default_factory=FiguresCache)

    def new_id(self, prefix: str) -> str:
        """A fresh id: `ast-…` assets, `dmg-…` damages, `loan-…`, `rsv-…`, `stk-…`, `imp-…`."""
        return f"{prefix}-{uuid.uuid4().hex[:12]}"

    @property
    def thresholds(self) -> Thresholds:
        """The capitalisation thresholds in fen."""
        s = self.settings
        return Thresholds(to_fen(s.capitalisation_threshold), to_fen(s.specialised_threshold))

    def asset_url(self, asset_id: str) -> str:
        """The console page a label's QR code leads to."""
        return f"{self.settings.console_url.rstrip('/')}/assets/{asset_id}"
